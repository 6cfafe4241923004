// Scenario: 24SO publishes no TimeService WSDL, so the one the sandbox serves (and the client's
// TimeService types are generated from) is ours. Without a vendor file to check against, it is
// checked against the vendor's documented types as API-NOTES §5.4 records them: the same
// properties, in the documented order, with the documented types.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { wsdlPath } from './registry.ts';
import { loadServiceSchema } from './schema.ts';

// The notes beside the project when present, else our verbatim excerpt of §5.4 (checked below).
const SHARED_NOTES = new URL('../../../shared/24so/API-NOTES.md', import.meta.url);
const EXCERPT = readFileSync(new URL('./wsdl/time-service-notes.md', import.meta.url), 'utf8');
const EXCERPT_BODY = EXCERPT.slice(EXCERPT.indexOf('### 5.4'));
const NOTES = existsSync(SHARED_NOTES) ? readFileSync(SHARED_NOTES, 'utf8') : EXCERPT_BODY;
const schema = loadServiceSchema(wsdlPath('timeService.wsdl'));

/** The paragraph of the notes that starts with the given text. */
function paragraph(start: string): string {
  const at = NOTES.indexOf(start);
  if (at < 0) throw new Error(`API-NOTES has no "${start}"`);
  return NOTES.slice(at, NOTES.indexOf('\n\n', NOTES.indexOf('\n\n', at) + 2));
}

/** `name` list of a "`Type` [DOCS]: `A` int, `B`, … ." sentence, without parenthesised asides. */
function documentedNames(start: string): string[] {
  const text = paragraph(start);
  const list = text.slice(text.indexOf(':') + 1).split(/\.\s/)[0] as string;
  return [...list.replace(/\([^)]*\)/g, '').matchAll(/`(\w+)`/g)].map((m) => m[1] as string);
}

const fields = (type: string) => (schema.types.get(type) ?? []).map((e) => e.name);

describe('our TimeService WSDL against the documented types', () => {
  it('reads the notes verbatim (the excerpt is what API-NOTES §5.4 says)', () => {
    expect(EXCERPT_BODY.length).toBeGreaterThan(1000);
    expect(NOTES).toContain(EXCERPT_BODY);
  });

  it('declares Hour with the documented properties, order and types', () => {
    const rows = paragraph('`Hour` [DOCS]')
      .split('\n')
      .filter((line) => /^\| \w+ \| /.test(line) && !line.startsWith('| property'))
      .map((line) => line.split('|').map((cell) => cell.trim()));
    expect(rows.length).toBeGreaterThanOrEqual(20);
    const declared = schema.types.get('Hour') ?? [];
    expect(declared.map((e) => e.name)).toEqual(rows.map((r) => r[1]));
    expect(declared.map((e) => e.type)).toEqual(rows.map((r) => (r[2] === 'Cost[]' ? 'ArrayOfCost' : r[2])));
  });

  it('declares HourSearch, its statuses and WorkType as documented', () => {
    expect(fields('HourSearch')).toEqual(documentedNames('`HourSearch` [DOCS]'));
    const statuses = /`Status` \(HourStatus: ([^)]*)\)/.exec(paragraph('`HourSearch` [DOCS]'))?.[1] ?? '';
    expect(schema.enums.get('HourStatus')).toEqual([...statuses.matchAll(/`(\w+)`/g)].map((m) => m[1]));
    expect(fields('WorkType')).toEqual(documentedNames('`WorkType` [DOCS]'));
  });

  it('takes GetHours(hs) and SaveHour(Hour) as the documented examples and clients do', () => {
    expect(schema.elements.get('GetHours')?.inline?.map((e) => [e.name, e.type])).toEqual([
      ['hs', 'HourSearch'],
    ]);
    expect(schema.elements.get('SaveHour')?.inline?.map((e) => [e.name, e.type])).toEqual([['Hour', 'Hour']]);
    expect(schema.actions.get('GetHours')).toBe('http://24sevenOffice.com/webservices/GetHours');
  });
});
