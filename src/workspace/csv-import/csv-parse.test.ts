// Scenario: an office admin uploads CSV files exported from Excel and other systems, in every
// shape they come in, and gets either the right cells or a clear Norwegian error.
import { describe, expect, it } from 'vitest';
import { mapColumns, readFields } from './columns.ts';
import { decodeCsvBytes, parseCsv } from './csv-parse.ts';

function table(input: string | Uint8Array) {
  const result = parseCsv(input);
  if (!result.ok) throw new Error(`unexpected parse error: ${result.error.message}`);
  return result.table;
}

describe('parseCsv', () => {
  it('reads a semicolon file from Norwegian Excel with decimal commas intact', () => {
    const t = table('navn;timer\nOla;7,5\nKari;8\n');
    expect(t.delimiter).toBe(';');
    expect(t.header).toEqual(['navn', 'timer']);
    expect(t.records).toEqual([
      { row: 2, fields: ['Ola', '7,5'] },
      { row: 3, fields: ['Kari', '8'] },
    ]);
  });

  it('detects a comma file from the header line and keeps quoted decimal commas', () => {
    const t = table('navn,timer\r\nOla,"7,5"\r\n');
    expect(t.delimiter).toBe(',');
    expect(t.records).toEqual([{ row: 2, fields: ['Ola', '7,5'] }]);
  });

  it('prefers the delimiter that occurs most in the header, ignoring quoted text', () => {
    expect(table('"a;b;c",d,e\n1,2,3').delimiter).toBe(',');
    expect(table('"a,b,c";d;e\n1;2;3').delimiter).toBe(';');
  });

  it('handles quotes, doubled quotes, delimiters and line breaks inside quoted fields', () => {
    const t = table(
      'navn;beskrivelse\n"Nordvik ""Bygg"" AS";"Graving; drenering\nog tilbakefylling"\nNeste;x\n',
    );
    expect(t.records[0].fields).toEqual(['Nordvik "Bygg" AS', 'Graving; drenering\nog tilbakefylling']);
    // The record after a two-line field starts on line 4 of the file.
    expect(t.records[1]).toEqual({ row: 4, fields: ['Neste', 'x'] });
  });

  it('strips a UTF-8 byte order mark from text and from bytes', () => {
    expect(table('\uFEFFnavn;aktiv\nÅse;ja').header).toEqual(['navn', 'aktiv']);
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('navn\nØrsta')]);
    const t = table(bytes);
    expect(t.header).toEqual(['navn']);
    expect(t.records[0].fields).toEqual(['Ørsta']);
  });

  it('skips blank lines but keeps row numbers as the user sees them', () => {
    const t = table('navn\n\nOla\n\r\nKari');
    expect(t.records).toEqual([
      { row: 3, fields: ['Ola'] },
      { row: 5, fields: ['Kari'] },
    ]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(table('a;b;c\n;;\n1;;').records.map((r) => r.fields)).toEqual([
      ['', '', ''],
      ['1', '', ''],
    ]);
  });

  it('refuses Latin-1 bytes with a Norwegian hint on which line and how to fix it', () => {
    // "navn\nØrsta" saved as Latin-1: Ø is the single byte 0xD8.
    const latin1 = new Uint8Array([0x6e, 0x61, 0x76, 0x6e, 0x0a, 0xd8, 0x72, 0x73, 0x74, 0x61]);
    const result = parseCsv(latin1);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.row).toBe(2);
    expect(result.error.message).toContain('ikke gyldig UTF-8');
    expect(decodeCsvBytes(latin1).ok).toBe(false);
  });

  it('refuses text that already holds replacement characters from a wrong decoding', () => {
    const result = parseCsv('navn\n\uFFFDrsta');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.row).toBe(2);
  });

  it('reports an unterminated quoted field with its row', () => {
    const result = parseCsv('navn;tekst\nOla;"ikke avsluttet\nKari;x');
    expect(result).toEqual({
      ok: false,
      error: { row: 2, message: expect.stringContaining('ikke avsluttet') },
    });
  });

  it('reports text after a closing quote', () => {
    const result = parseCsv('navn\n"Ola"x');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.row).toBe(2);
  });

  it('says the file is empty when there is no header', () => {
    const result = parseCsv('\n\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('tom');
  });

  // Its speed is measured by `npm run bench` (the 100k-hour import), not timed here.
  it('reads 100k rows with quoted delimiters, the last one as intact as the first', () => {
    const line = '1;1001;ORD;GM-01;01.02.2026;7,5;;;"Graving, grøft";ja;nei\n';
    const text = `ansatt;prosjekt;timetype;maskin;dato;timer;start;slutt;beskrivelse;fakturerbar;godkjent\n${line.repeat(100_000)}`;
    const t = table(text);
    expect(t.records).toHaveLength(100_000);
    const last = t.records[99_999];
    expect(last?.fields).toEqual(t.records[0]?.fields);
    expect(last?.fields[8]).toBe('Graving, grøft');
    expect(last?.row).toBe(100_001);
  });
});

describe('mapColumns', () => {
  it('accepts Norwegian and English headers in any case, with hyphens or spaces', () => {
    const result = mapColumns('customers', [
      'Kundenummer',
      'name',
      'Org nr',
      'E-post',
      'invoiceEmail',
      'Betalingsfrist',
    ]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const fields = readFields(result.mapping, [
      ' 10001 ',
      'Nordvik Bygg AS',
      '923456783',
      'post@nordvik.no',
      '',
      '30',
    ]);
    expect(fields).toMatchObject({
      number: '10001',
      name: 'Nordvik Bygg AS',
      orgNumber: '923456783',
      paymentTermsDays: '30',
      phone: '',
    });
    expect(result.mapping.headerOf.email).toBe('E-post');
  });

  it('reports unknown, repeated and missing required columns', () => {
    const result = mapColumns('customers', ['navn', 'Navn', 'fødselsdato']);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const messages = result.errors.map((e) => e.message).join('\n');
    expect(messages).toContain('Ukjent kolonne «fødselsdato»');
    expect(messages).toContain('«Navn» er det samme som «navn»');
    expect(messages).toContain('«kundenummer» mangler');
  });

  it('needs either "timer" or both "start" and "slutt" for hours', () => {
    expect(mapColumns('hours', ['ansatt', 'prosjekt', 'timetype', 'dato', 'start']).ok).toBe(false);
    expect(mapColumns('hours', ['ansatt', 'prosjekt', 'timetype', 'dato', 'start', 'slutt']).ok).toBe(true);
    expect(mapColumns('hours', ['ansatt', 'prosjekt', 'timetype', 'dato', 'timer']).ok).toBe(true);
  });
});
