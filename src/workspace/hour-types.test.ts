// Scenario: the office keeps hour types with unique codes, exact prices and a billable default.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import {
  createHourType,
  getHourTypeByCode,
  hourTypeSchema,
  listHourTypes,
  softDeleteHourType,
  updateHourType,
} from './hour-types.ts';
import { caught, newWorkspace } from './test-support.ts';

describeEachDatabase('hour types', (getDb) => {
  it('hour types: upper-case unique codes, exact prices, billable default true', async () => {
    const db = getDb();
    const ws = await newWorkspace(db);
    const ot = await createHourType(db, ws.id, {
      code: 'ot50',
      name: 'Overtid 50 %',
      hourlyPrice: '1 342,50',
    });
    expect(ot).toMatchObject({ code: 'OT50', hourlyPrice: '1342.50', billable: true, active: true });
    expect(hourTypeSchema.parse(ot)).toEqual(ot);
    expect(await getHourTypeByCode(db, ws.id, 'Ot50')).toEqual(ot);
    expect(await caught(() => createHourType(db, ws.id, { code: 'OT50', name: 'Dobbel' }))).toMatchObject({
      code: 'conflict',
      field: 'code',
    });
    expect(
      await caught(() => createHourType(db, ws.id, { code: 'X', name: 'X', hourlyPrice: '12.345' })),
    ).toMatchObject({
      code: 'invalid',
      field: 'hourlyPrice',
    });
    await createHourType(db, ws.id, { code: 'ORD', name: 'Ordinær' });
    await createHourType(db, ws.id, { code: 'INT', name: 'Internt', billable: false });
    expect((await listHourTypes(db, ws.id)).items.map((h) => h.code)).toEqual(['INT', 'ORD', 'OT50']);
    expect((await listHourTypes(db, ws.id, { billable: false })).items.map((h) => h.code)).toEqual(['INT']);
    const page1 = await listHourTypes(db, ws.id, {}, { limit: 2 });
    const page2 = await listHourTypes(db, ws.id, {}, { limit: 2, cursor: page1.nextCursor });
    expect([...page1.items, ...page2.items].map((h) => h.code)).toEqual(['INT', 'ORD', 'OT50']);
    expect(page2.nextCursor).toBeNull();
    const cheaper = await updateHourType(db, ws.id, ot.id, { hourlyPrice: '1300' });
    expect(cheaper.hourlyPrice).toBe('1300.00');
    await softDeleteHourType(db, ws.id, ot.id);
    expect(await getHourTypeByCode(db, ws.id, 'OT50')).toBeUndefined();
  });
});
