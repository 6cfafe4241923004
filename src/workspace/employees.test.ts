// Scenario: the office registers workers and links some of them to 24SO contacts (Admin. arbeidere).
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import {
  createEmployee,
  employeeSchema,
  findEmployeesByEmail,
  findEmployeesByIds,
  getEmployee,
  getEmployeeByNumber,
  listEmployees,
  softDeleteEmployee,
  updateEmployee,
} from './employees.ts';
import { caught, newWorkspace } from './test-support.ts';

describeEachDatabase('employees', (getDb) => {
  it('creates workers with numbers from 1, normalised e-mail and no 24SO link', async () => {
    const db = getDb();
    const ws = await newWorkspace(db);
    const ola = await createEmployee(db, ws.id, {
      name: 'Ola Nordmann',
      email: 'Ola.Nordmann@DemoMaskin.no',
    });
    const kari = await createEmployee(db, ws.id, { name: 'Kari Hansen', phone: '920 11 202' });
    expect(ola).toMatchObject({
      number: 1,
      email: 'ola.nordmann@demomaskin.no',
      twentyfourContactId: null,
      active: true,
    });
    expect(kari.number).toBe(2);
    expect(employeeSchema.parse(ola)).toEqual(ola);
    expect(await getEmployeeByNumber(db, ws.id, 2)).toEqual(kari);
    expect((await findEmployeesByEmail(db, ws.id, 'OLA.nordmann@demomaskin.no')).map((e) => e.id)).toEqual([
      ola.id,
    ]);
    expect((await findEmployeesByIds(db, ws.id, [kari.id, ola.id])).map((e) => e.number)).toEqual([1, 2]);
  });

  it('links and unlinks a 24SO contact id and filters on it', async () => {
    const db = getDb();
    const ws = await newWorkspace(db);
    const ola = await createEmployee(db, ws.id, { name: 'Ola' });
    await createEmployee(db, ws.id, { name: 'Kari' });
    const linked = await updateEmployee(db, ws.id, ola.id, { twentyfourContactId: 501 });
    expect(linked.twentyfourContactId).toBe(501);
    expect((await listEmployees(db, ws.id, { linked: true })).items.map((e) => e.name)).toEqual(['Ola']);
    expect((await listEmployees(db, ws.id, { linked: false })).items.map((e) => e.name)).toEqual(['Kari']);
    const unlinked = await updateEmployee(db, ws.id, ola.id, { twentyfourContactId: null });
    expect(unlinked.twentyfourContactId).toBeNull();
    expect(await getEmployee(db, ws.id, ola.id)).toEqual(unlinked);
    const kari = (await listEmployees(db, ws.id, { search: 'Kari' })).items[0];
    await updateEmployee(db, ws.id, ola.id, { twentyfourContactId: 502 });
    expect(
      await caught(() => updateEmployee(db, ws.id, kari?.id ?? '', { twentyfourContactId: 502 })),
    ).toMatchObject({
      code: 'conflict',
      field: 'twentyfourContactId',
      message: 'Kontakt-id 502 i 24SevenOffice er allerede koblet til Ola (nr. 1).',
    });
    expect(
      await caught(() => createEmployee(db, ws.id, { name: 'Ny', twentyfourContactId: 502 })),
    ).toMatchObject({
      code: 'conflict',
    });
    expect(
      (await updateEmployee(db, ws.id, ola.id, { twentyfourContactId: 502, phone: '1' })).twentyfourContactId,
    ).toBe(502);
    expect(await caught(() => updateEmployee(db, ws.id, ola.id, { twentyfourContactId: 0 }))).toMatchObject({
      code: 'invalid',
      field: 'twentyfourContactId',
    });
  });

  it('keeps numbers unique, soft-deletes, searches and isolates workspaces', async () => {
    const db = getDb();
    const ws = await newWorkspace(db);
    const other = await newWorkspace(db);
    const per = await createEmployee(db, ws.id, { number: 3, name: 'Per Olsen', email: 'per@olsen.no' });
    expect(await caught(() => createEmployee(db, ws.id, { number: 3, name: 'Per to' }))).toMatchObject({
      code: 'conflict',
      field: 'number',
      message: 'Ansattnummer 3 er allerede i bruk.',
    });
    await createEmployee(db, other.id, { number: 3, name: 'Deres Per' });
    expect((await listEmployees(db, ws.id, { search: 'olsen' })).items.map((e) => e.id)).toEqual([per.id]);
    expect((await listEmployees(db, ws.id, { search: '3' })).items.map((e) => e.id)).toEqual([per.id]);
    expect(await getEmployee(db, other.id, per.id)).toBeUndefined();
    expect(await softDeleteEmployee(db, ws.id, per.id)).toBe(true);
    expect((await listEmployees(db, ws.id)).items).toEqual([]);
    expect(await caught(() => updateEmployee(db, ws.id, per.id, { name: 'x' }))).toMatchObject({
      code: 'not_found',
    });
  });

  it('pages 12 workers by number, 5 at a time', async () => {
    const db = getDb();
    const ws = await newWorkspace(db);
    for (let i = 0; i < 12; i++) await createEmployee(db, ws.id, { name: `Arbeider ${i}`, active: i !== 4 });
    const numbers: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await listEmployees(db, ws.id, {}, { limit: 5, cursor });
      numbers.push(...page.items.map((e) => e.number));
      cursor = page.nextCursor;
    } while (cursor);
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect((await listEmployees(db, ws.id, { active: false })).items.map((e) => e.number)).toEqual([5]);
  });
});
