// Scenario: the office admin uploads a timesheet CSV in the browser, sees the preview with row
// errors in Norwegian, fixes the file, previews again and clicks "Importer".
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../test/databases.ts';
import { listHourEntries } from '../../../workspace/hours.ts';
import { createUiHarness, type UiClient, type UiHarness } from '../test-harness.ts';

const HEADER = 'ansattnummer;prosjektnummer;timetype;maskin;dato;timer;beskrivelse;godkjent';

describeEachDatabase('web UI: CSV import', (getDb) => {
  let h: UiHarness;
  let client: UiClient;
  let employeeNumber: number;
  beforeAll(async () => {
    h = await createUiHarness(getDb());
    client = await h.login();
    const row = await getDb()
      .selectFrom('employees')
      .select('number')
      .where('id', '=', h.data.employeeId)
      .executeTakeFirstOrThrow();
    employeeNumber = Number(row.number);
  });

  const hourCount = async () =>
    (await listHourEntries(getDb(), h.workspace.id, {}, { limit: 500 })).items.length;
  const hiddenFile = (html: string) => /name="fil" value="([^"]*)"/.exec(html)?.[1];

  /** Posts a file the way a browser's file input does (multipart, with the CSRF field). */
  const upload = async (path: string, content: Uint8Array<ArrayBuffer> | string) => {
    const form = new FormData();
    form.append('_csrf', client.csrfToken ?? '');
    form.append('fil', new File([content], 'timer.csv', { type: 'text/csv' }));
    const res = await h.app.request(path, {
      method: 'POST',
      body: form,
      headers: { cookie: client.cookie ?? '', origin: 'http://localhost' },
    });
    return { status: res.status, text: await res.text() };
  };

  it('lists the six registers and offers a template per register', async () => {
    const res = await client.get('/import');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1>Import fra CSV</h1>');
    for (const slug of ['kunder', 'arbeidere', 'prosjekter', 'timer', 'varelinjer', 'fritekstlinjer'])
      expect(res.text).toContain(`href="/import/${slug}"`);
    const template = await h.app.request('/import/timer/mal.csv', {
      headers: { cookie: client.cookie ?? '' },
    });
    expect(template.headers.get('content-type')).toContain('text/csv');
    expect(template.headers.get('content-disposition')).toContain('import-timer.csv');
    // A byte order mark first, so Excel opens æ, ø and å right.
    const bytes = new Uint8Array(await template.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toMatch(
      /^ansattnummer;prosjektnummer;timetype;maskin;dato;timer;/,
    );
  });

  it('shows row errors in Norwegian, offers no import button and writes nothing', async () => {
    await client.get('/import/timer');
    const before = await hourCount();
    const csv = `${HEADER}\n${employeeNumber};1001;ORD;;14.03.2026;7,5;Graving;nei\n${employeeNumber};9999;ORD;;14.03.2026;30;;nei\n`;
    const res = await upload('/import/timer/forhandsvis', csv);
    expect(res.status).toBe(422);
    expect(res.text).toContain('2 rader i filen, 1 uten feil, 2 feil.');
    expect(res.text).toContain('Prosjekt 9999 finnes ikke.');
    expect(res.text).toContain('En timeregistrering kan være på høyst 24 timer.');
    expect(res.text).not.toContain('/import/timer/importer');
    expect(await hourCount()).toBe(before);
  });

  it('refuses a Latin-1 file with a hint on how to save it', async () => {
    await client.get('/import/timer');
    const latin1 = new Uint8Array(
      Buffer.from(`${HEADER}\n${employeeNumber};1001;ORD;;14.03.2026;7,5;Grøft;nei\n`, 'latin1'),
    );
    const res = await upload('/import/timer/forhandsvis', latin1);
    expect(res.status).toBe(422);
    expect(res.text).toContain('ikke gyldig UTF-8');
  });

  it('previews a pasted file and imports exactly the previewed rows on "Importer"', async () => {
    await client.get('/import/timer');
    const before = await hourCount();
    const csv = `${HEADER}\n${employeeNumber};1001;ORD;GM-01;14.03.2026;7,5;Graving av grøft;ja\n${employeeNumber};1001;ORD;;15.03.2026;3,25;Opprydding;nei\n`;
    const preview = await client.post('/import/timer/forhandsvis', { tekst: csv });
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('2 rader i filen, 2 uten feil. Alt er klart til import.');
    expect(preview.text).toContain('<td>14.03.2026</td>');
    expect(preview.text).toContain('<td>7,5</td>');
    expect(preview.text).toContain('Importer 2 timer');
    expect(await hourCount()).toBe(before);

    const file = hiddenFile(preview.text);
    expect(file).toBeTruthy();
    const done = await client.post('/import/timer/importer', { fil: file ?? '' });
    expect(done.status).toBe(200);
    expect(done.text).toContain('2 timer er importert.');
    expect(await hourCount()).toBe(before + 2);
    const stored = await listHourEntries(getDb(), h.workspace.id, { from: '2026-03-14', to: '2026-03-14' });
    expect(stored.items.find((i) => i.description === 'Graving av grøft')).toMatchObject({
      approved: true,
      approvedBy: h.email,
      machineId: h.data.machineId,
    });
  });

  it('warns in the preview when the identical file was imported before', async () => {
    await client.get('/import/timer');
    const csv = `${HEADER}\n${employeeNumber};1001;ORD;;20.03.2026;2;Samme fil;nei\n`;
    const first = await client.post('/import/timer/forhandsvis', { tekst: csv });
    expect(first.text).not.toContain('En identisk fil ble importert');
    const done = await client.post('/import/timer/importer', { fil: hiddenFile(first.text) ?? '' });
    expect(done.text).toMatch(/1 \S+ er importert\./);
    await client.get('/import/timer');
    const again = await client.post('/import/timer/forhandsvis', { tekst: csv });
    expect(again.status).toBe(200);
    expect(again.text).toContain('En identisk fil ble importert');
    expect(again.text).toContain(`av ${h.email}`);
  });

  it('refuses the import without the CSRF token', async () => {
    const res = await client.post(
      '/import/timer/importer',
      { fil: Buffer.from(`${HEADER}\n`).toString('base64') },
      { csrf: false },
    );
    expect(res.status).toBe(403);
  });

  it('asks for a file when neither a file nor text was sent', async () => {
    await client.get('/import/kunder');
    const res = await client.post('/import/kunder/forhandsvis', { tekst: '  ' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Velg en fil eller lim inn innholdet først.');
  });

  it('answers 404 for an unknown register', async () => {
    expect((await client.get('/import/fakturaer')).status).toBe(404);
  });
});
