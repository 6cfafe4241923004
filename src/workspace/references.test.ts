// Scenario: the office tidies its registers. A record that hours, transport or projects use
// cannot be deleted (it is deactivated instead and keeps its name); an unused one can, and its
// number or code can be made again.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { getCustomer, softDeleteCustomer, updateCustomer } from './customers.ts';
import { createEmployee, getEmployee, softDeleteEmployee, updateEmployee } from './employees.ts';
import { createHourType, getHourType, softDeleteHourType, updateHourType } from './hour-types.ts';
import { createHourEntry, getHourEntry, softDeleteHourEntry, updateHourEntry } from './hours.ts';
import { getMachine, softDeleteMachine, updateMachine } from './machines.ts';
import { createMaterialLine, softDeleteMaterialLine } from './material-lines.ts';
import { createProduct, getProduct, softDeleteProduct } from './products.ts';
import { createProject, getProject, softDeleteProject, updateProject } from './projects.ts';
import { countReferences, ReferencedRecordError } from './references.ts';
import { caught } from './test-support.ts';
import { createTransportEntry, updateTransportEntry } from './transport.ts';
import { type HoursFixture, hoursFixture } from './workspace-fixture.ts';

const hour = (f: HoursFixture, extra: Record<string, unknown> = {}) => ({
  employeeId: f.olaId,
  projectId: f.projectId,
  hourTypeId: f.ordId,
  machineId: f.machineId,
  date: '2025-03-14',
  hours: '7.5',
  ...extra,
});

async function refusal(fn: () => Promise<unknown>): Promise<ReferencedRecordError> {
  const error = await caught(fn);
  expect(error).toBeInstanceOf(ReferencedRecordError);
  return error as ReferencedRecordError;
}

describeEachDatabase('referenced records', (getDb) => {
  it('hour types: a used one is refused with the count, deactivated keeps its hours, an unused one goes', async () => {
    const db = getDb();
    const f = await hoursFixture(db);
    const ws = f.workspaceId;
    const first = await createHourEntry(db, ws, hour(f));
    await createHourEntry(db, ws, hour(f, { date: '2025-03-15' }));
    const refused = await refusal(() => softDeleteHourType(db, ws, f.ordId));
    expect(refused.code).toBe('conflict');
    expect(refused.use.total).toBe(2);
    expect(refused.message).toBe(
      'Timetypen ORD Ordinær brukes av 2 timeregistreringer og kan ikke slettes. Deaktiver i stedet: da beholder den navnet der den er brukt, men tilbys ikke for nye registreringer.',
    );
    expect(await getHourType(db, ws, f.ordId)).toBeDefined();

    await updateHourType(db, ws, f.ordId, { active: false });
    // The hours keep their type; editing them without touching it works.
    const edited = await updateHourEntry(db, ws, first.id, { ...hour(f), hours: '8' });
    expect(edited).toMatchObject({ hourTypeId: f.ordId, hours: '8' });
    // New hours cannot pick it.
    expect(await caught(() => createHourEntry(db, ws, hour(f, { date: '2025-03-16' })))).toMatchObject({
      code: 'invalid',
      field: 'hourTypeId',
      message: 'Timetypen ORD Ordinær er deaktivert og kan ikke velges for nye registreringer.',
    });
    await updateHourType(db, ws, f.ordId, { active: true });
    expect(await createHourEntry(db, ws, hour(f, { date: '2025-03-16' }))).toMatchObject({
      hourTypeId: f.ordId,
    });

    // Unused: deleted, and the code can be made again — it is the same record back.
    expect(await softDeleteHourType(db, ws, f.internId)).toBe(true);
    const again = await createHourType(db, ws, { code: 'int', name: 'Internt arbeid' });
    expect(again).toMatchObject({ id: f.internId, code: 'INT', name: 'Internt arbeid', active: true });
  });

  it('workers: hours, transport and project leadership all count', async () => {
    const db = getDb();
    const f = await hoursFixture(db);
    const ws = f.workspaceId;
    await createHourEntry(db, ws, hour(f));
    const trip = await createTransportEntry(db, ws, {
      projectId: f.projectId,
      employeeId: f.olaId,
      date: '2025-03-14',
      kind: 'km',
      quantity: '10',
      unitPrice: '5',
    });
    await updateProject(db, ws, f.otherProjectId, { projectManagerId: f.olaId });
    const refused = await refusal(() => softDeleteEmployee(db, ws, f.olaId));
    expect(refused.use.total).toBe(3);
    expect(refused.message).toContain(
      'brukes av 1 timeregistrering, 1 kjøring og 1 prosjekt (som prosjektleder) og kan ikke slettes.',
    );
    await updateEmployee(db, ws, f.olaId, { active: false });
    // Transport keeps its worker on edit, and cannot pick him anew.
    expect(
      await updateTransportEntry(db, ws, trip.id, { employeeId: f.olaId, quantity: '12' }),
    ).toMatchObject({
      employeeId: f.olaId,
    });
    expect(
      await caught(() =>
        createTransportEntry(db, ws, {
          projectId: f.projectId,
          employeeId: f.olaId,
          date: '2025-03-15',
          kind: 'km',
          quantity: '1',
          unitPrice: '5',
        }),
      ),
    ).toMatchObject({ field: 'employeeId', message: expect.stringContaining('er deaktivert') });
    expect((await getEmployee(db, ws, f.olaId))?.active).toBe(false);
    // Unused worker: deleted; the number brings the same record back.
    expect(await softDeleteEmployee(db, ws, f.kariId)).toBe(true);
    expect(await createEmployee(db, ws, { number: 2, name: 'Kari Hansen' })).toMatchObject({ id: f.kariId });
  });

  it('projects and machines: used ones are refused, unused ones go', async () => {
    const db = getDb();
    const f = await hoursFixture(db);
    const ws = f.workspaceId;
    const entry = await createHourEntry(db, ws, hour(f));
    const project = await refusal(() => softDeleteProject(db, ws, f.projectId));
    expect(project.message).toBe(
      'Prosjektet 1001 Boligfelt brukes av 1 timeregistrering og kan ikke slettes. Sett status Avsluttet i stedet: da beholder det navnet der det er brukt, men tilbys ikke for nye registreringer.',
    );
    const machine = await refusal(() => softDeleteMachine(db, ws, f.machineId));
    expect(machine.use.total).toBe(1);
    // A closed project keeps its hours but takes no new ones.
    await updateProject(db, ws, f.projectId, { status: 'completed' });
    expect(await caught(() => createHourEntry(db, ws, hour(f, { date: '2025-03-20' })))).toMatchObject({
      field: 'projectId',
      message: 'Prosjektet 1001 Boligfelt er avsluttet og kan ikke velges for nye registreringer.',
    });
    await updateMachine(db, ws, f.machineId, { active: false });
    expect(await updateHourEntry(db, ws, entry.id, { description: 'Grøft' })).toMatchObject({
      projectId: f.projectId,
      machineId: f.machineId,
    });
    // Once the hour is gone, both can be deleted.
    await softDeleteHourEntry(db, ws, entry.id);
    expect(await softDeleteMachine(db, ws, f.machineId)).toBe(true);
    expect(await softDeleteProject(db, ws, f.projectId)).toBe(true);
    expect(await getProject(db, ws, f.projectId)).toBeUndefined();
    expect(await getMachine(db, ws, f.machineId)).toBeUndefined();
    expect(await getHourEntry(db, ws, entry.id)).toBeUndefined();
    const back = await createProject(db, ws, { number: '1001', name: 'Boligfelt II' });
    expect(back).toMatchObject({ id: f.projectId, name: 'Boligfelt II', status: 'active' });
  });

  it('customers: live projects count; deactivated customers are not chosen for new projects', async () => {
    const db = getDb();
    const f = await hoursFixture(db);
    const ws = f.workspaceId;
    const refused = await refusal(() => softDeleteCustomer(db, ws, f.customerId));
    expect(refused.use).toMatchObject({ total: 1, parts: [{ table: 'projects', count: 1 }] });
    await updateCustomer(db, ws, f.customerId, { active: false });
    expect(
      await caught(() => createProject(db, ws, { number: '2001', name: 'Ny', customerId: f.customerId })),
    ).toMatchObject({
      field: 'customerId',
      message: 'Kunden 10001 Nordvik Bygg AS er deaktivert og kan ikke velges for nye registreringer.',
    });
    // The project that has it keeps it through an edit.
    expect(
      await updateProject(db, ws, f.projectId, { customerId: f.customerId, name: 'Boligfelt N' }),
    ).toMatchObject({
      customerId: f.customerId,
    });
    expect((await getCustomer(db, ws, f.customerId))?.active).toBe(false);
  });

  it('products: unused ones are deleted; one a material line uses is refused', async () => {
    const db = getDb();
    const f = await hoursFixture(db);
    const ws = f.workspaceId;
    const pukk = await createProduct(db, ws, { number: 'P-1', name: 'Pukk' });
    expect(await softDeleteProduct(db, ws, pukk.id)).toBe(true);
    expect(await getProduct(db, ws, pukk.id)).toBeUndefined();
    const back = await createProduct(db, ws, { number: 'P-1', name: 'Pukk 0-32' });
    expect(back.id).toBe(pukk.id);
    // A material line (varelinje) on a project uses the product: the delete is refused with
    // the count, and allowed again once the line is gone.
    const line = await createMaterialLine(db, ws, {
      projectId: f.projectId,
      productId: pukk.id,
      date: '2025-03-14',
      quantity: '18',
      unitPrice: '250',
    });
    expect((await countReferences(db, ws, 'products', pukk.id)).total).toBe(1);
    expect((await refusal(() => softDeleteProduct(db, ws, pukk.id))).message).toContain('1 varelinje');
    // The project is used by the material line too.
    expect((await countReferences(db, ws, 'projects', f.projectId)).parts).toContainEqual(
      expect.objectContaining({ table: 'material_lines', count: 1 }),
    );
    await softDeleteMaterialLine(db, ws, line.id);
    expect(await softDeleteProduct(db, ws, pukk.id)).toBe(true);
  });
});
