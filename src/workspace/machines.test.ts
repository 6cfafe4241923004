// Scenario: the office registers its machines with unique numbers and hourly prices, apart from other tenants.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import {
  createMachine,
  findMachinesByIds,
  getMachineByNumber,
  listMachines,
  machineSchema,
  updateMachine,
} from './machines.ts';
import { caught, newWorkspace } from './test-support.ts';

describeEachDatabase('machines', (getDb) => {
  it("machines: unique numbers per workspace, prices as decimal strings, other tenants' hidden", async () => {
    const db = getDb();
    const ws = await newWorkspace(db);
    const other = await newWorkspace(db);
    const gm = await createMachine(db, ws.id, {
      number: 'GM-01',
      name: 'Gravemaskin Volvo EC220',
      hourlyPrice: '1350',
    });
    expect(gm).toMatchObject({ number: 'GM-01', hourlyPrice: '1350.00' });
    expect(machineSchema.parse(gm)).toEqual(gm);
    expect(await caught(() => createMachine(db, ws.id, { number: 'GM-01', name: 'Kopi' }))).toMatchObject({
      code: 'conflict',
      message: 'Maskinnummer GM-01 er allerede i bruk.',
    });
    await createMachine(db, other.id, { number: 'GM-01', name: 'Deres' });
    await createMachine(db, ws.id, { number: 'HL-01', name: 'Hjullaster Volvo L60' });
    expect((await listMachines(db, ws.id, { search: 'hjul' })).items.map((m) => m.number)).toEqual(['HL-01']);
    expect((await listMachines(db, ws.id)).items.map((m) => m.number)).toEqual(['GM-01', 'HL-01']);
    expect(await findMachinesByIds(db, other.id, [gm.id])).toEqual([]);
    expect((await getMachineByNumber(db, other.id, 'GM-01'))?.name).toBe('Deres');
    const off = await updateMachine(db, ws.id, gm.id, { active: false });
    expect(off.active).toBe(false);
    expect((await listMachines(db, ws.id, { active: true })).items.map((m) => m.number)).toEqual(['HL-01']);
  });
});
