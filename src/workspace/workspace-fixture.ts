import type { Db } from '../db/database.ts';
import { createCustomer } from './customers.ts';
import { createEmployee } from './employees.ts';
import { createHourType } from './hour-types.ts';
import { createMachine } from './machines.ts';
import { createProject } from './projects.ts';
import { newWorkspace } from './test-support.ts';

// A small workspace for tests of hours and transport: one customer, two workers, two hour
// types (one not billable), a machine and a project.

export interface HoursFixture {
  workspaceId: string;
  customerId: string;
  olaId: string;
  kariId: string;
  ordId: string;
  internId: string;
  machineId: string;
  projectId: string;
  otherProjectId: string;
}

/**
 * Builds the fixture in a fresh workspace.
 * @example const f = await hoursFixture(db);
 */
export async function hoursFixture(db: Db): Promise<HoursFixture> {
  const ws = await newWorkspace(db);
  const customer = await createCustomer(db, ws.id, { number: 10001, name: 'Nordvik Bygg AS' });
  const ola = await createEmployee(db, ws.id, { number: 1, name: 'Ola Nordmann' });
  const kari = await createEmployee(db, ws.id, { number: 2, name: 'Kari Hansen' });
  const ord = await createHourType(db, ws.id, { code: 'ORD', name: 'Ordinær', hourlyPrice: '895.00' });
  const intern = await createHourType(db, ws.id, { code: 'INT', name: 'Internt', billable: false });
  const machine = await createMachine(db, ws.id, { number: 'GM-01', name: 'Gravemaskin Volvo EC220' });
  const project = await createProject(db, ws.id, {
    number: '1001',
    name: 'Boligfelt',
    customerId: customer.id,
  });
  const other = await createProject(db, ws.id, { number: '1002', name: 'VA-anlegg' });
  return {
    workspaceId: ws.id,
    customerId: customer.id,
    olaId: ola.id,
    kariId: kari.id,
    ordId: ord.id,
    internId: intern.id,
    machineId: machine.id,
    projectId: project.id,
    otherProjectId: other.id,
  };
}
