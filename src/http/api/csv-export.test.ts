// Scenario: office staff take lists to Excel and back. A list asked for as CSV holds the whole
// filtered selection in the import template's columns, and imports again as it is.
import { beforeAll, expect, it } from 'vitest';
import { type AppHarness, createAppHarness } from '../../../test/app-harness.ts';
import { describeEachDatabase } from '../../../test/databases.ts';

describeEachDatabase('lists as CSV', (getDb) => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await createAppHarness(getDb());
  });

  const csv = async (path: string, token: string) => {
    const res = await h.app.request(path, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/csv' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  };

  it('gives every page of the filtered selection with BOM, `;` and decimal comma, and imports again', async () => {
    const w = await h.addWorkspace('csv');
    const post = async (path: string, body: unknown) =>
      (await h.request('POST', `/api/v1${path}`, { token: w.token, body })).body;
    await post('/customers', { number: 10001, name: 'Nordvik; Bygg AS', orgNumber: '923456783' });
    await post('/customers', { number: 10002, name: 'Inaktiv AS', active: false });
    const worker = await post('/employees', { number: 1, name: 'Ola Nordmann' });
    const ord = await post('/hour-types', { code: 'ORD', name: 'Ordinær' });
    const project = await post('/projects', { number: '1001', name: 'Boligfelt' });
    for (let day = 1; day <= 3; day++)
      await post('/hours', {
        employeeId: worker.id,
        projectId: project.id,
        hourTypeId: ord.id,
        date: `2025-03-0${day}`,
        hours: '7,5',
        description: `Dag ${day}`,
      });

    const customers = await csv('/api/v1/customers?active=true&limit=1', w.token);
    expect(customers.startsWith('\uFEFF')).toBe(true);
    const lines = customers.slice(1).trimEnd().split('\r\n');
    expect(lines).toEqual([
      'kundenummer;navn;organisasjonsnummer;e-post;fakturaepost;telefon;adresse;postnummer;poststed;land;betalingsfrist;aktiv',
      '10001;"Nordvik; Bygg AS";923456783;;;;;;;NO;14;ja',
    ]);

    const hours = await csv('/api/v1/hours?from=2025-03-02&limit=1', w.token);
    expect(hours.slice(1).trimEnd().split('\r\n')).toEqual([
      'ansattnummer;prosjektnummer;timetype;maskin;dato;timer;start;slutt;beskrivelse;fakturerbar;godkjent',
      '1;1001;ORD;;02.03.2025;7,5;;;Dag 2;ja;nei',
      '1;1001;ORD;;03.03.2025;7,5;;;Dag 3;ja;nei',
    ]);

    // The downloaded customers import into another workspace as they are.
    const other = await h.addWorkspace('csv-import');
    const imported = await h.app.request('/api/v1/imports/customers', {
      method: 'POST',
      headers: { authorization: `Bearer ${other.token}`, 'content-type': 'text/csv' },
      body: customers,
    });
    expect(imported.status).toBe(201);
    const back = await h.request('GET', '/api/v1/customers', { token: other.token });
    expect(back.body.items).toMatchObject([
      { number: 10001, name: 'Nordvik; Bygg AS', orgNumber: '923456783' },
    ]);
  });

  it("gives material and free-text lines in their import templates' columns, and they import again", async () => {
    const setUp = async (name: string) => {
      const w = await h.addWorkspace(name);
      const post = async (path: string, body: unknown) =>
        (await h.request('POST', `/api/v1${path}`, { token: w.token, body })).body;
      const project = await post('/projects', { number: '1001', name: 'Boligfelt' });
      const product = await post('/products', { number: 'P-1001', name: 'Pukk', salesPrice: '289.00' });
      return { w, post, project, product };
    };
    const { w, post, project, product } = await setUp('csv-lines');
    await post('/material-lines', {
      projectId: project.id,
      productId: product.id,
      date: '2025-03-03',
      quantity: '12,5',
      description: 'Til innkjørsel; trinn 2',
    });
    await post('/free-text-lines', {
      projectId: project.id,
      date: '2025-03-04',
      text: 'Rigg og drift',
      quantity: '1',
      unitPrice: '4500',
    });

    const material = await csv('/api/v1/material-lines', w.token);
    expect(material.slice(1).trimEnd().split('\r\n')).toEqual([
      'prosjektnummer;varenummer;dato;antall;pris;merknad',
      '1001;P-1001;03.03.2025;12,5;289,00;"Til innkjørsel; trinn 2"',
    ]);
    const freeText = await csv('/api/v1/free-text-lines', w.token);
    expect(freeText.slice(1).trimEnd().split('\r\n')).toEqual([
      'prosjektnummer;dato;tekst;antall;pris',
      '1001;04.03.2025;Rigg og drift;1;4500,00',
    ]);

    // Both files import as they are into a workspace with the same project and product numbers.
    const other = await setUp('csv-lines-import');
    for (const [entity, body] of [
      ['material-lines', material],
      ['free-text-lines', freeText],
    ]) {
      const imported = await h.app.request(`/api/v1/imports/${entity}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${other.w.token}`, 'content-type': 'text/csv' },
        body,
      });
      expect(imported.status, await imported.clone().text()).toBe(201);
    }
    const lines = await h.request('GET', '/api/v1/material-lines', { token: other.w.token });
    expect(lines.body.items).toMatchObject([
      {
        projectId: other.project.id,
        quantity: '12.5',
        unitPrice: '289.00',
        description: 'Til innkjørsel; trinn 2',
      },
    ]);
  });

  it('streams a selection of several pages (500 rows each) with the header once and every row', async () => {
    const w = await h.addWorkspace('csv-pages');
    const post = async (path: string, body: unknown) =>
      (await h.request('POST', `/api/v1${path}`, { token: w.token, body })).body;
    await post('/employees', { number: 1, name: 'Ola Nordmann' });
    await post('/hour-types', { code: 'ORD', name: 'Ordinær' });
    await post('/projects', { number: '1001', name: 'Boligfelt' });
    const rows = 1_201;
    const lines = ['ansattnummer;prosjektnummer;timetype;dato;timer;beskrivelse'];
    for (let n = 0; n < rows; n++) lines.push(`1;1001;ORD;01.03.2025;1;Rad ${n}`);
    const imported = await h.app.request('/api/v1/imports/hours', {
      method: 'POST',
      headers: { authorization: `Bearer ${w.token}`, 'content-type': 'text/csv' },
      body: `${lines.join('\n')}\n`,
    });
    expect(imported.status).toBe(201);

    const text = await csv('/api/v1/hours', w.token);
    expect(text.split('\uFEFF')).toHaveLength(2);
    const out = text.slice(1).trimEnd().split('\r\n');
    expect(out[0]).toBe(
      'ansattnummer;prosjektnummer;timetype;maskin;dato;timer;start;slutt;beskrivelse;fakturerbar;godkjent',
    );
    expect(out.filter((l) => l.startsWith('ansattnummer'))).toHaveLength(1);
    const descriptions = out.slice(1).map((l) => l.split(';')[8]);
    expect(descriptions).toHaveLength(rows);
    expect(new Set(descriptions).size).toBe(rows);
  });
});
