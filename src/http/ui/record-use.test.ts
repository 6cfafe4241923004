// Scenario: the office tries to delete records the hours use. Each page says before the click
// why it cannot be deleted and offers «Deaktiver»; the hours keep their worker, type and
// project, and the hour form never moves an hour to someone else.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createHourEntry, getHourEntry } from '../../workspace/hours.ts';
import { createProduct } from '../../workspace/products.ts';
import { createUiHarness, type UiClient, type UiHarness } from './test-harness.ts';

interface UsedCase {
  base: string;
  id: (h: UiHarness) => string;
  uses: string;
  off: string;
}

const USED: UsedCase[] = [
  {
    base: '/arbeidere',
    id: (h) => h.data.employeeId,
    uses: 'Brukes av 3 timeregistreringer og 1 prosjekt (som prosjektleder) og kan derfor ikke slettes.',
    off: 'Deaktiver',
  },
  {
    base: '/timetyper',
    id: (h) => h.data.hourTypeId,
    uses: 'Brukes av 3 timeregistreringer og kan derfor ikke slettes.',
    off: 'Deaktiver',
  },
  {
    base: '/maskiner',
    id: (h) => h.data.machineId,
    uses: 'Brukes av 1 timeregistrering og kan derfor ikke slettes.',
    off: 'Deaktiver',
  },
  {
    base: '/prosjekter',
    id: (h) => h.data.projectId,
    uses: 'Brukes av 3 timeregistreringer og kan derfor ikke slettes.',
    off: 'Avslutt prosjektet',
  },
  {
    base: '/kunder',
    id: (h) => h.data.customerId,
    uses: 'Brukes av 1 prosjekt og kan derfor ikke slettes.',
    off: 'Deaktiver',
  },
];

describeEachDatabase('web UI: records in use are deactivated, not deleted', (getDb) => {
  let h: UiHarness;
  let client: UiClient;
  let machineHourId: string;
  beforeAll(async () => {
    h = await createUiHarness(getDb());
    client = await h.login();
    const hour = await createHourEntry(h.deps.db, h.workspace.id, {
      employeeId: h.data.employeeId,
      projectId: h.data.projectId,
      hourTypeId: h.data.hourTypeId,
      machineId: h.data.machineId,
      date: '2026-03-04',
      hours: '6',
    });
    machineHourId = hour.id;
  });

  for (const r of USED) {
    it(`${r.base}: says before the click why it cannot be deleted, and refuses the delete itself`, async () => {
      const id = r.id(h);
      const edit = await client.get(`${r.base}/${id}`);
      expect(edit.text).toContain(r.uses);
      expect(edit.text).toContain(`>${r.off}</button>`);
      expect(edit.text).not.toContain(`href="${r.base}/${id}/slett"`);
      const confirm = await client.get(`${r.base}/${id}/slett`);
      expect(confirm.text).toContain(r.uses);
      expect(confirm.text).not.toContain('Ja, slett');
      const refused = await client.post(`${r.base}/${id}/slett`, {});
      expect(refused.status).toBe(409);
      expect(refused.text).toContain('kan ikke slettes');
      expect(refused.text).toContain(`>${r.off}</button>`);
    });
  }

  it('Timer shows totals of the whole filtered selection: entries, hours and billable hours', async () => {
    const all = await client.get('/timer');
    const sum = (html: string) =>
      /data-testid="timer-sum">([\s\S]*?)<\/p>/.exec(html)?.[1].replace(/<[^>]+>/g, '');
    expect(sum(all.text)).toBe('Utvalget: 3 timeregistreringer, 21,5 timer, herav 21,5 fakturerbare.');
    const later = await client.get('/timer?fra=03.03.2026');
    expect(sum(later.text)).toBe('Utvalget: 2 timeregistreringer, 14 timer, herav 14 fakturerbare.');
  });

  it("«Last ned CSV» on Timer gives the filtered selection in the import template's columns", async () => {
    const list = await client.get('/timer?fra=03.03.2026');
    expect(list.text).toContain('href="/timer?fra=03.03.2026&amp;format=csv"');
    const file = await client.get('/timer?fra=03.03.2026&format=csv');
    expect(file.headers.get('content-disposition')).toMatch(
      /^attachment; filename="timer-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const lines = file.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'ansattnummer;prosjektnummer;timetype;maskin;dato;timer;start;slutt;beskrivelse;fakturerbar;godkjent',
    );
    expect(lines.slice(1).map((l) => l.split(';').slice(3, 6).join(';'))).toEqual([
      'GM-01;04.03.2026;6',
      ';03.03.2026;8',
    ]);
  });

  it('an unused record can still be deleted from its page', async () => {
    const product = await createProduct(h.deps.db, h.workspace.id, { number: 'UB-1', name: 'Ubrukt vare' });
    const edit = await client.get(`/varelager/${product.id}`);
    expect(edit.text).toContain(`href="/varelager/${product.id}/slett"`);
    const confirm = await client.get(`/varelager/${product.id}/slett`);
    expect(confirm.text).toContain('Ja, slett');
    const deleted = await client.post(`/varelager/${product.id}/slett`, {});
    expect(deleted.status).toBe(303);
  });

  it('a deactivated worker keeps his hours: shown and kept selected in their form, not offered for new ones', async () => {
    const id = h.data.employeeId;
    const off = await client.post(`/arbeidere/${id}/aktiv`, { aktiv: '0' });
    expect(off.status).toBe(303);
    expect((await client.get(off.location ?? '')).text).toContain('Arbeideren er deaktivert');

    const hourId = h.data.hourIds[0] ?? '';
    const form = await client.get(`/timer/${hourId}`);
    expect(form.text).toMatch(
      new RegExp(`<option value="${id}" selected="">[^<]*Ola Nordmann \\(deaktivert\\)`),
    );
    const fresh = await client.get('/timer/ny');
    expect(fresh.text).not.toContain(`<option value="${id}"`);
    const list = await client.get('/timer');
    expect(list.text).toContain('Ola Nordmann (deaktivert)');

    // Saving the hour with what its form shows changes nothing it did not touch.
    const saved = await client.post(`/timer/${hourId}`, {
      employeeId: id,
      projectId: h.data.projectId,
      hourTypeId: h.data.hourTypeId,
      machineId: '',
      date: '02.03.2026',
      hours: '7,5',
      description: 'Graving, rettet',
    });
    expect(saved.status, saved.text).toBe(303);
    const after = await getHourEntry(h.deps.db, h.workspace.id, hourId);
    expect(after).toMatchObject({ employeeId: id, description: 'Graving, rettet' });

    const on = await client.post(`/arbeidere/${id}/aktiv`, { aktiv: '1' });
    expect((await client.get(on.location ?? '')).text).toContain('Arbeideren er aktivert igjen.');
    expect((await client.get('/timer/ny')).text).toContain(`<option value="${id}"`);
    expect(machineHourId).toBeTruthy();
  });

  const SWITCHED: Array<{ base: string; what: string; id: (h: UiHarness) => Promise<string> }> = [
    { base: '/timetyper', what: 'Timetypen', id: async (h) => h.data.hourTypeId },
    { base: '/maskiner', what: 'Maskinen', id: async (h) => h.data.machineId },
    { base: '/kunder', what: 'Kunden', id: async (h) => h.data.customerId },
    {
      base: '/varelager',
      what: 'Varen',
      id: async (h) =>
        (await createProduct(h.deps.db, h.workspace.id, { number: 'AV-1', name: 'Av og på' })).id,
    },
  ];
  for (const r of SWITCHED) {
    it(`${r.base}: «Deaktiver» and «Aktiver igjen» say what happened to the record`, async () => {
      const id = await r.id(h);
      const off = await client.post(`${r.base}/${id}/aktiv`, { aktiv: '0' });
      expect(off.status).toBe(303);
      expect((await client.get(off.location ?? '')).text).toContain(
        `${r.what} er deaktivert: navnet vises fortsatt der den er brukt, men den tilbys ikke for nye registreringer.`,
      );
      const on = await client.post(`${r.base}/${id}/aktiv`, { aktiv: '1' });
      expect(on.status).toBe(303);
      expect((await client.get(on.location ?? '')).text).toContain(`${r.what} er aktivert igjen.`);
    });
  }
});
