// Scenario: an office admin saves integration settings; bad input and unknown 24SO references are refused without a trace, good ones are audited.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { listAudit } from './audit.ts';
import { computeCoverage } from './coverage.ts';
import { defaultSettings, getSettings, saveSettings, setEnabled } from './settings.ts';
import { fixedLiveLists, insertFixtureWorkspace, insertHours } from './test-fixtures.ts';

const clock = () => new Date('2026-02-01T10:00:00.000Z');

describeEachDatabase('integration settings', (getDb) => {
  it('starts on the defaults: manual, export, 14 days, nothing mapped', async () => {
    const ws = await insertFixtureWorkspace(getDb(), 'defaults');
    const stored = await getSettings(getDb(), ws.workspaceId);
    expect(stored.version).toBe(0);
    expect(stored.enabled).toBe(false);
    expect(stored.settings.customers).toEqual({ sync: 'manual', direction: 'export', paymentTermsDays: 14 });
    expect(stored.settings).toEqual(defaultSettings());
  });

  it('saves a partial change, stores codes for hour-type ids, and audits each changed leaf', async () => {
    const db = getDb();
    const ws = await insertFixtureWorkspace(db, 'save');
    const result = await saveSettings(db, fixedLiveLists(), clock, {
      workspaceId: ws.workspaceId,
      actor: 'admin@firma.no',
      input: {
        customers: { paymentTermsDays: 30 },
        hours: { workTypeByHourType: { ORD: 1, [ws.hourTypeIds.MASK as string]: '3' } },
        invoicing: { productNo: { hours: 'TIME', transport: 'KM' } },
      },
    });
    expect(result.ok).toBe(true);
    const stored = await getSettings(db, ws.workspaceId);
    expect(stored.version).toBe(1);
    expect(stored.settings.customers.paymentTermsDays).toBe(30);
    expect(stored.settings.customers.sync).toBe('manual');
    expect(stored.settings.hours.workTypeByHourType).toEqual({ MASK: '3', ORD: '1' });
    // One number for every transport kind reads back as given.
    expect(stored.settings.invoicing.productNo).toEqual({ hours: 'TIME', transport: 'KM', freeText: null });
    const { entries } = await listAudit(db, ws.workspaceId);
    expect(entries.map((e) => e.path)).toEqual([
      'customers.paymentTermsDays',
      'hours.workTypeByHourType.MASK',
      'hours.workTypeByHourType.ORD',
      'invoicing.productNo.hours',
      'invoicing.productNo.transport',
    ]);
    expect(entries[0]).toMatchObject({
      actor: 'admin@firma.no',
      at: '2026-02-01T10:00:00.000Z',
      oldValue: 14,
      newValue: 30,
      version: 1,
    });
  });

  it('keeps one transport number, or one per kind when they differ, and audits the change of form', async () => {
    const db = getDb();
    const ws = await insertFixtureWorkspace(db, 'transport');
    const save = (input: unknown) =>
      saveSettings(db, fixedLiveLists(), clock, { workspaceId: ws.workspaceId, actor: 'a', input });
    expect((await save({ invoicing: { productNo: { transport: 'KM' } } })).ok).toBe(true);
    // Changing one kind keeps the others: the single number stands for all three.
    expect((await save({ invoicing: { productNo: { transport: { toll: 'BOM' } } } })).ok).toBe(true);
    expect((await getSettings(db, ws.workspaceId)).settings.invoicing.productNo.transport).toEqual({
      km: 'KM',
      toll: 'BOM',
      other: 'KM',
    });
    const { entries } = await listAudit(db, ws.workspaceId, { limit: 1 });
    expect(entries[0]).toMatchObject({
      path: 'invoicing.productNo.transport',
      oldValue: 'KM',
      newValue: { km: 'KM', toll: 'BOM', other: 'KM' },
    });
    // Three equal numbers are stored as one again.
    expect((await save({ invoicing: { productNo: { transport: { toll: 'KM' } } } })).ok).toBe(true);
    expect((await getSettings(db, ws.workspaceId)).settings.invoicing.productNo.transport).toBe('KM');
    // A per-kind number 24SO does not have is named by its own path.
    const bad = await save({ invoicing: { productNo: { transport: { other: 'NOPE' } } } });
    expect(bad).toMatchObject({
      ok: false,
      code: 'rule_violation',
      errors: [
        {
          path: 'invoicing.productNo.transport.other',
          message: 'Varenummeret «NOPE» finnes ikke i 24SevenOffice',
        },
      ],
    });
  });

  it('refuses bad input with the field named and Norwegian messages, changing nothing', async () => {
    const db = getDb();
    const ws = await insertFixtureWorkspace(db, 'invalid');
    const result = await saveSettings(db, fixedLiveLists(), clock, {
      workspaceId: ws.workspaceId,
      actor: 'admin',
      input: {
        customers: { paymentTermsDays: -3 },
        hours: { startDate: '2026-02-30' },
        projects: { sync: 'sometimes' },
        bogus: 1,
      },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('invalid');
    expect(result.errors).toEqual(
      expect.arrayContaining([
        { path: 'customers.paymentTermsDays', message: 'Betalingstid kan ikke være negativ' },
        { path: 'hours.startDate', message: 'Startdato må være en dato på formen ÅÅÅÅ-MM-DD' },
        { path: 'projects.sync', message: 'Velg «auto» (automatisk) eller «manual» (manuell)' },
        { path: 'bogus', message: 'Ukjent innstilling' },
      ]),
    );
    expect((await getSettings(db, ws.workspaceId)).version).toBe(0);
    expect((await listAudit(db, ws.workspaceId)).entries).toEqual([]);
  });

  it('names a section or mapping table of the wrong shape in Norwegian', async () => {
    const db = getDb();
    const ws = await insertFixtureWorkspace(db, 'shape');
    const result = await saveSettings(db, fixedLiveLists(), clock, {
      workspaceId: ws.workspaceId,
      actor: 'admin',
      input: {
        customers: null,
        hours: { workTypeByHourType: 'ORD=1' },
        invoicing: { productNo: { transport: 5 }, dimensionByMachine: ['GM-01'] },
      },
    });
    expect(result).toMatchObject({ ok: false, code: 'invalid' });
    if (result.ok) return;
    expect(result.errors).toEqual([
      { path: 'customers', message: 'Må være et objekt med innstillinger' },
      { path: 'hours.workTypeByHourType', message: 'Må være et objekt: timetypekoden → id i 24SevenOffice' },
      {
        path: 'invoicing.productNo.transport',
        message: 'Skriv ett varenummer, eller et objekt med km, toll og other',
      },
      {
        path: 'invoicing.dimensionByMachine',
        message: 'Må være et objekt: maskinnummeret → id i 24SevenOffice',
      },
    ]);
    expect((await getSettings(db, ws.workspaceId)).version).toBe(0);
  });

  it('refuses references 24SO does not have, and unknown hour types or machines', async () => {
    const db = getDb();
    const ws = await insertFixtureWorkspace(db, 'refs');
    const bad = await saveSettings(db, fixedLiveLists(), clock, {
      workspaceId: ws.workspaceId,
      actor: 'admin',
      input: {
        customers: { paymentTermsDays: 20 },
        hours: { workTypeByHourType: { ORD: '99' } },
        invoicing: { productNo: { freeText: 'NOPE' }, dimensionByMachine: { 'GM-01': '101:XX-99' } },
      },
    });
    expect(bad).toMatchObject({ ok: false, code: 'rule_violation' });
    if (bad.ok) return;
    expect(bad.errors).toEqual([
      { path: 'hours.workTypeByHourType.ORD', message: 'Arbeidstypen «99» finnes ikke i 24SevenOffice' },
      { path: 'invoicing.productNo.freeText', message: 'Varenummeret «NOPE» finnes ikke i 24SevenOffice' },
      {
        path: 'invoicing.dimensionByMachine.GM-01',
        message: 'Dimensjonen «101:XX-99» finnes ikke i 24SevenOffice',
      },
    ]);
    const unknown = await saveSettings(db, fixedLiveLists(), clock, {
      workspaceId: ws.workspaceId,
      actor: 'admin',
      input: {
        hours: { workTypeByHourType: { NOSUCH: '1' } },
        invoicing: { dimensionByMachine: { 'XX-01': '101:GM-01' } },
      },
    });
    expect(unknown).toMatchObject({ ok: false, code: 'rule_violation' });
    if (unknown.ok) return;
    expect(unknown.errors.map((e) => e.path)).toEqual([
      'hours.workTypeByHourType.NOSUCH',
      'invoicing.dimensionByMachine.XX-01',
    ]);
    expect((await getSettings(db, ws.workspaceId)).settings.customers.paymentTermsDays).toBe(14);
  });

  it('while 24SO is down refuses new references (503) but still saves unrelated changes', async () => {
    const db = getDb();
    const ws = await insertFixtureWorkspace(db, 'down');
    const down = fixedLiveLists({ 'work-types': 'down' });
    const refused = await saveSettings(db, down, clock, {
      workspaceId: ws.workspaceId,
      actor: 'admin',
      input: { hours: { workTypeByHourType: { ORD: '1' } } },
    });
    expect(refused).toMatchObject({ ok: false, code: 'unreachable' });
    const saved = await saveSettings(db, down, clock, {
      workspaceId: ws.workspaceId,
      actor: 'admin',
      input: { products: { sync: 'auto' } },
    });
    expect(saved.ok).toBe(true);
    expect(down.calls).toEqual(['work-types']);
  });

  it('refuses a save based on an old version', async () => {
    const db = getDb();
    const ws = await insertFixtureWorkspace(db, 'conflict');
    await saveSettings(db, null, clock, {
      workspaceId: ws.workspaceId,
      actor: 'a',
      input: { products: { sync: 'auto' } },
    });
    const stale = await saveSettings(db, null, clock, {
      workspaceId: ws.workspaceId,
      actor: 'b',
      input: { products: { sync: 'manual' } },
      expectedVersion: 0,
    });
    expect(stale).toMatchObject({ ok: false, code: 'conflict' });
    expect((await getSettings(db, ws.workspaceId)).settings.products.sync).toBe('auto');
  });

  it('records switching the integration on as an audited change', async () => {
    const db = getDb();
    const ws = await insertFixtureWorkspace(db, 'enable');
    await setEnabled(db, clock, { workspaceId: ws.workspaceId, actor: 'admin', enabled: true });
    expect((await getSettings(db, ws.workspaceId)).enabled).toBe(true);
    const { entries } = await listAudit(db, ws.workspaceId);
    expect(entries[0]).toMatchObject({ path: 'enabled', oldValue: false, newValue: true });
  });

  it('keeps each workspace to its own settings and audit', async () => {
    const db = getDb();
    const a = await insertFixtureWorkspace(db, 'iso-a');
    const b = await insertFixtureWorkspace(db, 'iso-b');
    await saveSettings(db, null, clock, {
      workspaceId: a.workspaceId,
      actor: 'a',
      input: { customers: { paymentTermsDays: 45 } },
    });
    expect((await getSettings(db, b.workspaceId)).settings.customers.paymentTermsDays).toBe(14);
    expect((await listAudit(db, b.workspaceId)).entries).toEqual([]);
  });

  it('pages the audit newest first', async () => {
    const db = getDb();
    const ws = await insertFixtureWorkspace(db, 'paging');
    for (const days of [20, 21, 22]) {
      await saveSettings(db, null, clock, {
        workspaceId: ws.workspaceId,
        actor: 'a',
        input: { customers: { paymentTermsDays: days } },
      });
    }
    const first = await listAudit(db, ws.workspaceId, { limit: 2 });
    expect(first.entries.map((e) => e.newValue)).toEqual([22, 21]);
    const second = await listAudit(db, ws.workspaceId, { limit: 2, cursor: first.nextCursor as string });
    expect(second.entries.map((e) => e.newValue)).toEqual([20]);
    expect(second.nextCursor).toBeNull();
  });

  it('counts the approved hours that unmapped hour types hold back and machine hours without dimension', async () => {
    const db = getDb();
    const ws = await insertFixtureWorkspace(db, 'coverage');
    await insertHours(db, ws, { code: 'OT100', count: 3, approved: true });
    await insertHours(db, ws, { code: 'REISE', count: 2, approved: true, minutes: 90 });
    await insertHours(db, ws, { code: 'REISE', count: 4, approved: false });
    await insertHours(db, ws, { code: 'OT100', count: 1, approved: true, date: '2025-12-01' });
    await insertHours(db, ws, { code: 'MASK', count: 2, approved: true, machine: 'DU-01' });
    await insertHours(db, ws, { code: 'MASK', count: 5, approved: true, machine: 'GM-01' });
    const saved = await saveSettings(db, fixedLiveLists(), clock, {
      workspaceId: ws.workspaceId,
      actor: 'a',
      input: {
        hours: { startDate: '2026-01-01', workTypeByHourType: { ORD: '1', OT50: '2', MASK: '3' } },
        invoicing: { dimensionByMachine: { 'GM-01': '101:GM-01' } },
      },
    });
    expect(saved.ok).toBe(true);
    const coverage = await computeCoverage(
      db,
      ws.workspaceId,
      (await getSettings(db, ws.workspaceId)).settings,
    );
    expect(coverage.hourTypes.unmapped.map((t) => [t.code, t.heldBackEntries])).toEqual([
      ['OT100', 3],
      ['REISE', 2],
    ]);
    expect(coverage.hourTypes.heldBackMinutes).toBe(3 * 450 + 2 * 90);
    expect(coverage.machines.entriesWithoutDimension).toBe(2);
    expect(coverage.messages[0]).toBe(
      '2 timetyper uten arbeidstype → 5 godkjente timeregistreringer (25,5 timer) blir holdt igjen',
    );
    expect(coverage.messages[1]).toMatch(
      /^4 maskiner uten dimensjon → 2 godkjente timeregistreringer \([\d,]+ timer\) kommer til 24SevenOffice uten dimensjon$/,
    );
  });
  it('makes one change of two toggles at once, and never two writes of one version with a settings save', async () => {
    const db = getDb();
    const ws = await insertFixtureWorkspace(db, 'toggle-race');
    await saveSettings(db, fixedLiveLists(), clock, {
      workspaceId: ws.workspaceId,
      actor: 'admin@firma.no',
      input: { customers: { paymentTermsDays: 20 } },
    });
    // Six clicks on "Slå på" from two tabs, and a settings save, all at the same moment.
    const results = await Promise.all([
      ...Array.from({ length: 6 }, (_, i) =>
        setEnabled(db, clock, { workspaceId: ws.workspaceId, actor: `fane-${i}`, enabled: true }),
      ),
      saveSettings(db, fixedLiveLists(), clock, {
        workspaceId: ws.workspaceId,
        actor: 'admin@firma.no',
        input: { customers: { paymentTermsDays: 45 } },
      }),
    ]);
    const stored = await getSettings(db, ws.workspaceId);
    expect(stored.enabled).toBe(true);
    const { entries } = await listAudit(db, ws.workspaceId);
    expect(entries.filter((e) => e.path === 'enabled')).toHaveLength(1);
    // Each version was written by exactly one change.
    const writers = new Map<number, Set<string>>();
    for (const e of entries)
      writers.set(e.version, (writers.get(e.version) ?? new Set()).add(`${e.actor}|${e.path === 'enabled'}`));
    for (const set of writers.values()) expect(set.size).toBe(1);
    expect(stored.version).toBe(Math.max(...entries.map((e) => e.version)));
    // The save either landed on its own version or was refused as a conflict, never lost silently.
    const saved = results[6];
    if ('changes' in saved && saved.ok) expect(stored.settings.customers.paymentTermsDays).toBe(45);
    else expect(saved).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('refuses to switch on settings that changed after the activation checks saw them', async () => {
    const db = getDb();
    const ws = await insertFixtureWorkspace(db, 'toggle-stale');
    await saveSettings(db, fixedLiveLists(), clock, {
      workspaceId: ws.workspaceId,
      actor: 'admin@firma.no',
      input: { customers: { paymentTermsDays: 20 } },
    });
    const seen = (await getSettings(db, ws.workspaceId)).version;
    await saveSettings(db, fixedLiveLists(), clock, {
      workspaceId: ws.workspaceId,
      actor: 'kollega@firma.no',
      input: { customers: { paymentTermsDays: 30 } },
    });
    const r = await setEnabled(db, clock, {
      workspaceId: ws.workspaceId,
      actor: 'admin@firma.no',
      enabled: true,
      expectedVersion: seen,
    });
    expect(r).toMatchObject({ ok: false, code: 'conflict' });
    expect((await getSettings(db, ws.workspaceId)).enabled).toBe(false);
  });
});
