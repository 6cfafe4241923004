import { listCustomers } from '../../../workspace/customers.ts';
import { listEmployees } from '../../../workspace/employees.ts';
import { listHourTypes } from '../../../workspace/hour-types.ts';
import { listMachines } from '../../../workspace/machines.ts';
import { listProducts } from '../../../workspace/products.ts';
import { listProjects } from '../../../workspace/projects.ts';
import type { SessionUser, UiDeps } from '../context.ts';
import type { Option } from './form.tsx';

// Choices for select inputs. A select holds at most one page (500) of a register; a workspace
// with more needs a search picker, which the forms do not have yet.
const MAX = 500;

/** Customers as "10001 Nordvik Bygg AS". */
export async function customerOptions(deps: UiDeps, s: SessionUser): Promise<Option[]> {
  const page = await listCustomers(deps.db, s.workspaceId, {}, { limit: MAX });
  return page.items.map((c) => ({ value: c.id, label: `${c.number} ${c.name}` }));
}

/** Workers as "1 Ola Nordmann". */
export async function employeeOptions(deps: UiDeps, s: SessionUser): Promise<Option[]> {
  const page = await listEmployees(deps.db, s.workspaceId, {}, { limit: MAX });
  return page.items.map((e) => ({ value: e.id, label: `${e.number} ${e.name}` }));
}

/** Projects as "1001 Boligfelt Nordvik, trinn 2". */
export async function projectOptions(deps: UiDeps, s: SessionUser): Promise<Option[]> {
  const page = await listProjects(deps.db, s.workspaceId, {}, { limit: MAX });
  return page.items.map((p) => ({ value: p.id, label: `${p.number} ${p.name}` }));
}

/** Hour types as "ORD Ordinær". */
export async function hourTypeOptions(deps: UiDeps, s: SessionUser): Promise<Option[]> {
  const page = await listHourTypes(deps.db, s.workspaceId, {}, { limit: MAX });
  return page.items.map((h) => ({ value: h.id, label: `${h.code} ${h.name}` }));
}

/** Machines as "GM-01 Gravemaskin Volvo EC220". */
export async function machineOptions(deps: UiDeps, s: SessionUser): Promise<Option[]> {
  const page = await listMachines(deps.db, s.workspaceId, {}, { limit: MAX });
  return page.items.map((m) => ({ value: m.id, label: `${m.number} ${m.name}` }));
}

/** Label lookup for a list of options (id → label), for table cells. */
export function labelsById(options: Option[]): Map<string, string> {
  return new Map(options.map((o) => [o.value, o.label]));
}

/** Active products as "P-1001 Pukk 0-32 mm (tonn)". */
export async function productOptions(deps: UiDeps, s: SessionUser): Promise<Option[]> {
  const page = await listProducts(deps.db, s.workspaceId, { active: true }, { limit: MAX });
  return page.items.map((p) => ({ value: p.id, label: `${p.number} ${p.name} (${p.unit})` }));
}
