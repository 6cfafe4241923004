// Scenario: the office opens projects for its customers with a worker as project manager, and only its own.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { createCustomer } from './customers.ts';
import { createEmployee, softDeleteEmployee } from './employees.ts';
import {
  createProject,
  findProjectsByIds,
  getProject,
  getProjectByNumber,
  listProjects,
  projectSchema,
  softDeleteProject,
  updateProject,
} from './projects.ts';
import { caught, newWorkspace } from './test-support.ts';

describeEachDatabase('projects', (getDb) => {
  it('creates a project with customer, manager and dates; status defaults to active', async () => {
    const db = getDb();
    const ws = await newWorkspace(db);
    const customer = await createCustomer(db, ws.id, { number: 10001, name: 'Nordvik Bygg AS' });
    const ola = await createEmployee(db, ws.id, { number: 1, name: 'Ola Nordmann' });
    const p = await createProject(db, ws.id, {
      number: '1001',
      name: 'Boligfelt Nordvik, trinn 2',
      customerId: customer.id,
      projectManagerId: ola.id,
      startDate: '2025-01-06',
    });
    expect(p).toMatchObject({
      number: '1001',
      status: 'active',
      customerId: customer.id,
      projectManagerId: ola.id,
      endDate: null,
    });
    expect(projectSchema.parse(p)).toEqual(p);
    expect(await getProjectByNumber(db, ws.id, '1001')).toEqual(p);
    expect(await getProject(db, ws.id, p.id)).toEqual(p);
  });

  it("refuses another workspace's customer or manager, a deleted manager and an end before the start", async () => {
    const db = getDb();
    const ws = await newWorkspace(db);
    const other = await newWorkspace(db);
    const theirCustomer = await createCustomer(db, other.id, { name: 'Deres AS' });
    const theirWorker = await createEmployee(db, other.id, { name: 'Deres arbeider' });
    expect(
      await caught(() => createProject(db, ws.id, { number: '1', name: 'X', customerId: theirCustomer.id })),
    ).toMatchObject({
      code: 'invalid',
      field: 'customerId',
      message: 'Kunden finnes ikke.',
    });
    expect(
      await caught(() =>
        createProject(db, ws.id, { number: '1', name: 'X', projectManagerId: theirWorker.id }),
      ),
    ).toMatchObject({ code: 'invalid', field: 'projectManagerId' });
    const gone = await createEmployee(db, ws.id, { name: 'Sluttet' });
    await softDeleteEmployee(db, ws.id, gone.id);
    expect(
      await caught(() => createProject(db, ws.id, { number: '1', name: 'X', projectManagerId: gone.id })),
    ).toMatchObject({
      code: 'invalid',
      field: 'projectManagerId',
    });
    expect(
      await caught(() =>
        createProject(db, ws.id, { number: '1', name: 'X', startDate: '2025-03-01', endDate: '2025-02-28' }),
      ),
    ).toMatchObject({
      code: 'invalid',
      field: 'endDate',
      message: 'Sluttdatoen kan ikke være før startdatoen.',
    });
    expect(await caught(() => createProject(db, ws.id, { number: '1 0', name: 'X' }))).toMatchObject({
      code: 'invalid',
      field: 'number',
    });
    expect(
      await caught(() => createProject(db, ws.id, { number: '1', name: 'X', status: 'done' as 'active' })),
    ).toMatchObject({
      code: 'invalid',
      field: 'status',
    });
  });

  it('updates status and end date, checking the end against the stored start; numbers stay unique', async () => {
    const db = getDb();
    const ws = await newWorkspace(db);
    const p = await createProject(db, ws.id, { number: '1001', name: 'A', startDate: '2025-01-06' });
    await createProject(db, ws.id, { number: '1002', name: 'B' });
    expect(await caught(() => updateProject(db, ws.id, p.id, { endDate: '2025-01-01' }))).toMatchObject({
      field: 'endDate',
    });
    const done = await updateProject(db, ws.id, p.id, { status: 'completed', endDate: '2025-03-31' });
    expect(done).toMatchObject({
      status: 'completed',
      endDate: '2025-03-31',
      startDate: '2025-01-06',
      name: 'A',
    });
    expect(await caught(() => updateProject(db, ws.id, p.id, { number: '1002' }))).toMatchObject({
      code: 'conflict',
      field: 'number',
      message: 'Prosjektnummer 1002 er allerede i bruk.',
    });
    const unlinked = await updateProject(db, ws.id, p.id, { customerId: null });
    expect(unlinked.customerId).toBeNull();
  });

  it('lists by customer, manager, status and search, paging by number; deleted ones vanish', async () => {
    const db = getDb();
    const ws = await newWorkspace(db);
    const c = await createCustomer(db, ws.id, { name: 'Kunde AS' });
    const m = await createEmployee(db, ws.id, { name: 'Leder' });
    for (let i = 0; i < 12; i++) {
      await createProject(db, ws.id, {
        number: String(2000 + i),
        name: i === 5 ? 'Hyttefelt Halsa' : `Prosjekt ${i}`,
        customerId: i % 2 === 0 ? c.id : null,
        projectManagerId: i < 3 ? m.id : null,
        status: i === 11 ? 'completed' : 'active',
      });
    }
    const numbers: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await listProjects(db, ws.id, {}, { limit: 5, cursor });
      numbers.push(...page.items.map((p) => p.number));
      cursor = page.nextCursor;
    } while (cursor);
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => String(2000 + i)));
    expect((await listProjects(db, ws.id, { customerId: c.id })).items).toHaveLength(6);
    expect((await listProjects(db, ws.id, { projectManagerId: m.id })).items).toHaveLength(3);
    expect((await listProjects(db, ws.id, { status: 'completed' })).items.map((p) => p.number)).toEqual([
      '2011',
    ]);
    expect((await listProjects(db, ws.id, { search: 'halsa' })).items.map((p) => p.number)).toEqual(['2005']);
    const first = (await getProjectByNumber(db, ws.id, '2000'))?.id as string;
    expect(await softDeleteProject(db, ws.id, first)).toBe(true);
    expect((await listProjects(db, ws.id, {}, { limit: 100 })).items).toHaveLength(11);
    expect(await findProjectsByIds(db, ws.id, [first])).toEqual([]);
  });
});
