// Scenario: the office admin registers one of everything through the forms, opens each record again, changes it and sees the change in the list.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import type { Database } from '../../db/tables.ts';
import { createUiHarness, type UiClient, type UiHarness } from './test-harness.ts';

const NNBSP = '\u202f';

interface PageCase {
  base: string;
  table: keyof Database & string;
  /** A column and value that find the created row. */
  find: [string, string];
  create: (h: UiHarness) => Record<string, string>;
  created: string;
  /** What the edit form must show of the created record, in Norwegian notation. */
  shown: string[];
  /** A change made on the edit page, and what the list then shows. */
  change: Record<string, string>;
  saved: string;
  listed: string[];
}

const CASES: PageCase[] = [
  {
    base: '/kunder',
    table: 'customers',
    find: ['name', 'Sjøkanten Bygg AS'],
    create: () => ({
      name: 'Sjøkanten Bygg AS',
      orgNumber: '923456783',
      paymentTermsDays: '14',
      active: '1',
    }),
    created: 'Kunden er opprettet.',
    shown: ['value="Sjøkanten Bygg AS"', 'value="923456783"', 'value="14"'],
    change: { name: 'Sjøkanten Bygg og Anlegg AS', paymentTermsDays: '20' },
    saved: 'Kunden er lagret.',
    listed: ['Sjøkanten Bygg og Anlegg AS'],
  },
  {
    base: '/prosjekter',
    table: 'projects',
    find: ['number', 'P-77'],
    create: (h) => ({
      number: 'P-77',
      name: 'Kaiutbygging Sjøkanten',
      customerId: h.data.customerId,
      status: 'active',
      startDate: '01.04.2026',
    }),
    created: 'Prosjektet er opprettet.',
    shown: ['value="P-77"', 'value="Kaiutbygging Sjøkanten"', 'value="2026-04-01"'],
    change: { name: 'Kaiutbygging Sjøkanten, trinn 2', startDate: '01.04.2026', endDate: '30.09.2026' },
    saved: 'Prosjektet er lagret.',
    listed: ['Kaiutbygging Sjøkanten, trinn 2'],
  },
  {
    base: '/arbeidere',
    table: 'employees',
    find: ['name', 'Sigrid Fjeld'],
    create: () => ({ number: '77', name: 'Sigrid Fjeld', email: 'sigrid@demomaskin.no', active: '1' }),
    created: 'Arbeideren er opprettet.',
    shown: ['value="77"', 'value="Sigrid Fjeld"', 'value="sigrid@demomaskin.no"'],
    change: { name: 'Sigrid Fjeld Olsen', email: 'sigrid.olsen@demomaskin.no', active: '1' },
    saved: 'Arbeideren er lagret.',
    listed: ['Sigrid Fjeld Olsen', 'sigrid.olsen@demomaskin.no'],
  },
  {
    base: '/timer',
    table: 'hour_entries',
    find: ['description', 'Støping av såle'],
    create: (h) => ({
      employeeId: h.data.employeeId,
      projectId: h.data.projectId,
      hourTypeId: h.data.hourTypeId,
      date: '16.03.2026',
      hours: '7,5',
      description: 'Støping av såle',
    }),
    created: 'Timene er registrert.',
    shown: ['value="2026-03-16"', 'value="7,5"', 'Støping av såle'],
    change: {
      date: '17.03.2026',
      hours: '6,25',
      description: 'Støping av såle, del 2',
      billable: '1',
    },
    saved: 'Timene er lagret.',
    listed: ['17.03.2026', '6,25', 'Støping av såle, del 2'],
  },
  {
    base: '/kjoring',
    table: 'transport_entries',
    find: ['description', 'Bom Sjøkanten'],
    create: (h) => ({
      projectId: h.data.projectId,
      date: '16.03.2026',
      kind: 'toll',
      quantity: '2',
      unitPrice: '47,50',
      description: 'Bom Sjøkanten',
    }),
    created: 'Kjøringen er registrert.',
    shown: ['value="2026-03-16"', 'value="47,50"', 'Bom Sjøkanten'],
    change: {
      date: '16.03.2026',
      kind: 'toll',
      quantity: '4',
      unitPrice: '47,50',
      description: 'Bom Sjøkanten t/r',
    },
    saved: 'Kjøringen er lagret.',
    listed: ['Bom Sjøkanten t/r', 'kr 190,00'],
  },
  {
    base: '/maskiner',
    table: 'machines',
    find: ['number', 'HL-77'],
    create: () => ({ number: 'HL-77', name: 'Hjullaster Volvo L90', hourlyPrice: '1 100', active: '1' }),
    created: 'Maskinen er opprettet.',
    shown: ['value="HL-77"', 'value="Hjullaster Volvo L90"', `value="1 100,00"`],
    change: { name: 'Hjullaster Volvo L90H', hourlyPrice: '1 234,50', active: '1' },
    saved: 'Maskinen er lagret.',
    listed: ['Hjullaster Volvo L90H', `kr 1${NNBSP}234,50`],
  },
  {
    base: '/varelager',
    table: 'products',
    find: ['number', 'V-77'],
    create: () => ({
      number: 'V-77',
      name: 'Singel 8-16 mm',
      unit: 'tonn',
      salesPrice: '310',
      stock: '40',
      active: '1',
    }),
    created: 'Varen er opprettet.',
    shown: ['value="V-77"', 'value="Singel 8-16 mm"', 'value="310,00"'],
    change: {
      name: 'Singel 8-16 mm, vasket',
      unit: 'tonn',
      salesPrice: '325,50',
      stock: '38,5',
      active: '1',
    },
    saved: 'Varen er lagret.',
    listed: ['Singel 8-16 mm, vasket', 'kr 325,50', '38,5'],
  },
  {
    base: '/timetyper',
    table: 'hour_types',
    find: ['code', 'HELG'],
    create: () => ({ code: 'HELG', name: 'Helgetillegg', hourlyPrice: '1 200', billable: '1', active: '1' }),
    created: 'Timetypen er opprettet.',
    shown: ['value="HELG"', 'value="Helgetillegg"', 'value="1 200,00"'],
    change: { name: 'Helgetillegg 100 %', hourlyPrice: '1 300', billable: '1', active: '1' },
    saved: 'Timetypen er lagret.',
    listed: ['Helgetillegg 100 %', `kr 1${NNBSP}300,00`],
  },
];

describeEachDatabase('web UI: list, create and edit pages of every register', (getDb) => {
  let h: UiHarness;
  let client: UiClient;
  beforeAll(async () => {
    h = await createUiHarness(getDb());
    client = await h.login();
  });

  for (const r of CASES) {
    it(`${r.base}: creates through the form, shows it again on its edit page and saves a change`, async () => {
      const created = await client.post(r.base, r.create(h));
      expect(created.status, created.text).toBe(303);
      expect((await client.get(created.location ?? '')).text).toContain(r.created);

      const [column, value] = r.find;
      const row = await h.deps.db
        .selectFrom(r.table)
        .select('id')
        // biome-ignore lint/suspicious/noExplicitAny: the column differs per register
        .where(column as any, '=', value)
        .where('workspace_id', '=', h.workspace.id)
        .executeTakeFirstOrThrow();
      const list = await client.get(r.base);
      expect(list.text).toContain(`href="${r.base}/${row.id}"`);

      const edit = await client.get(`${r.base}/${row.id}`);
      expect(edit.status).toBe(200);
      for (const shown of r.shown) expect(edit.text, shown).toContain(shown);

      // The browser sends the whole form: what was created, with the change typed over it.
      const change = { ...r.create(h), ...r.change };
      const saved = await client.post(`${r.base}/${row.id}`, change);
      expect(saved.status, saved.text).toBe(303);
      const after = await client.get(saved.location ?? '');
      expect(after.text).toContain(r.saved);
      const listAfter = (await client.get(r.base)).text;
      for (const listed of r.listed) expect(listAfter, listed).toContain(listed);
    });
  }

  it('makes a record once when the same new-record form is sent twice (double click, resubmit)', async () => {
    const form = await client.get('/kunder/ny');
    const token = /name="_skjema" value="([0-9a-f-]{36})"/.exec(form.text)?.[1];
    expect(token).toBeDefined();
    const body = {
      name: 'Dobbeltklikk Anlegg AS',
      paymentTermsDays: '14',
      active: '1',
      _skjema: token ?? '',
    };
    const [first, second] = await Promise.all([client.post('/kunder', body), client.post('/kunder', body)]);
    expect([first.status, second.status]).toEqual([303, 303]);
    const third = await client.post('/kunder', body);
    expect(third.status).toBe(303);
    const made = await h.deps.db
      .selectFrom('customers')
      .select('id')
      .where('workspace_id', '=', h.workspace.id)
      .where('name', '=', 'Dobbeltklikk Anlegg AS')
      .execute();
    expect(made).toHaveLength(1);
    // A fresh form is a new record.
    const again = await client.get('/kunder/ny');
    expect(again.text).not.toContain(token);
  });

  it('keeps the token of a form sent back with errors, so the corrected form still makes one record', async () => {
    const form = await client.get('/maskiner/ny');
    const token = /name="_skjema" value="([0-9a-f-]{36})"/.exec(form.text)?.[1] ?? '';
    const bad = await client.post('/maskiner', { number: 'DK-1', name: '', _skjema: token });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain(`name="_skjema" value="${token}"`);
    const good = { number: 'DK-1', name: 'Dumper Volvo A25', active: '1', _skjema: token };
    expect((await client.post('/maskiner', good)).status).toBe(303);
    expect((await client.post('/maskiner', good)).status).toBe(303);
    const made = await h.deps.db
      .selectFrom('machines')
      .select('id')
      .where('workspace_id', '=', h.workspace.id)
      .where('number', '=', 'DK-1')
      .execute();
    expect(made).toHaveLength(1);
  });
});
