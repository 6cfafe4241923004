// Scenario: km, toll passages and other expenses are recorded on a project and priced exactly.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { caught } from './test-support.ts';
import {
  createTransportEntry,
  getTransportEntry,
  listTransportEntries,
  softDeleteTransportEntry,
  transportEntrySchema,
  updateTransportEntry,
} from './transport.ts';
import { hoursFixture } from './workspace-fixture.ts';

describeEachDatabase('transport', (getDb) => {
  it('records each kind with exact quantity × price amounts', async () => {
    const db = getDb();
    const f = await hoursFixture(db);
    const base = { projectId: f.projectId, employeeId: f.olaId, date: '2025-03-14' };
    const km = await createTransportEntry(db, f.workspaceId, {
      ...base,
      kind: 'km',
      quantity: '42,5',
      unitPrice: '4.50',
    });
    expect(km).toMatchObject({ kind: 'km', quantity: '42.5', unitPrice: '4.50', amount: '191.25' });
    expect(transportEntrySchema.parse(km)).toEqual(km);
    const toll = await createTransportEntry(db, f.workspaceId, {
      ...base,
      kind: 'toll',
      quantity: '2',
      unitPrice: '52',
    });
    expect(toll.amount).toBe('104.00');
    const other = await createTransportEntry(db, f.workspaceId, {
      ...base,
      employeeId: null,
      kind: 'other',
      quantity: '1',
      unitPrice: '1 450,00',
      description: 'Deponiavgift',
    });
    expect(other).toMatchObject({ employeeId: null, amount: '1450.00', description: 'Deponiavgift' });
    expect(await getTransportEntry(db, f.workspaceId, other.id)).toEqual(other);
  });

  it('refuses an unknown kind, a negative price and a project from another workspace', async () => {
    const db = getDb();
    const f = await hoursFixture(db);
    const other = await hoursFixture(db);
    const base = { projectId: f.projectId, date: '2025-03-14', quantity: '1', unitPrice: '10.00' };
    expect(
      await caught(() => createTransportEntry(db, f.workspaceId, { ...base, kind: 'fuel' as 'km' })),
    ).toMatchObject({
      code: 'invalid',
      field: 'kind',
    });
    expect(
      await caught(() => createTransportEntry(db, f.workspaceId, { ...base, kind: 'km', unitPrice: '-1' })),
    ).toMatchObject({
      code: 'invalid',
      field: 'unitPrice',
    });
    expect(
      await caught(() =>
        createTransportEntry(db, f.workspaceId, { ...base, kind: 'km', projectId: other.projectId }),
      ),
    ).toMatchObject({ code: 'invalid', field: 'projectId' });
    expect(
      await caught(() =>
        createTransportEntry(db, f.workspaceId, { ...base, kind: 'km', employeeId: other.olaId }),
      ),
    ).toMatchObject({ code: 'invalid', field: 'employeeId' });
  });

  it('updates, soft-deletes and lists by project, kind and dates in pages', async () => {
    const db = getDb();
    const f = await hoursFixture(db);
    const kinds = ['km', 'toll', 'other'] as const;
    for (let i = 0; i < 15; i++) {
      await createTransportEntry(db, f.workspaceId, {
        projectId: i < 12 ? f.projectId : f.otherProjectId,
        date: `2025-03-${String(1 + i).padStart(2, '0')}`,
        kind: kinds[i % 3] as 'km',
        quantity: '10',
        unitPrice: '1.00',
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await listTransportEntries(
        db,
        f.workspaceId,
        { projectId: f.projectId },
        { limit: 5, cursor },
      );
      seen.push(...page.items.map((t) => t.date));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => `2025-03-${String(1 + i).padStart(2, '0')}`));
    const tolls = await listTransportEntries(db, f.workspaceId, { kind: 'toll' });
    expect(tolls.items).toHaveLength(5);
    const range = await listTransportEntries(db, f.workspaceId, {
      from: '2025-03-10',
      to: '2025-03-12',
      order: 'desc',
    });
    expect(range.items.map((t) => t.date)).toEqual(['2025-03-12', '2025-03-11', '2025-03-10']);
    const first = range.items[0];
    if (!first) throw new Error('no entry');
    const changed = await updateTransportEntry(db, f.workspaceId, first.id, { quantity: '12.25' });
    expect(changed).toMatchObject({ quantity: '12.25', amount: '12.25', kind: first.kind });
    const stranger = await hoursFixture(db);
    expect(await getTransportEntry(db, stranger.workspaceId, first.id)).toBeUndefined();
    expect(await softDeleteTransportEntry(db, stranger.workspaceId, first.id)).toBe(false);
    expect((await listTransportEntries(db, stranger.workspaceId)).items).toEqual([]);
    expect(await softDeleteTransportEntry(db, f.workspaceId, first.id)).toBe(true);
    expect(await getTransportEntry(db, f.workspaceId, first.id)).toBeUndefined();
    expect(
      (await listTransportEntries(db, f.workspaceId, { from: '2025-03-10', to: '2025-03-12' })).items,
    ).toHaveLength(2);
  });
});
