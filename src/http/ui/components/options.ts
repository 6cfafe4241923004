import { listCustomers } from '../../../workspace/customers.ts';
import { listEmployees } from '../../../workspace/employees.ts';
import { listHourTypes } from '../../../workspace/hour-types.ts';
import { listMachines } from '../../../workspace/machines.ts';
import { listProducts } from '../../../workspace/products.ts';
import { listProjects } from '../../../workspace/projects.ts';
import type { ReferencedRegister } from '../../../workspace/references.ts';
import { isDeactivated, registerRowsByIds } from '../../../workspace/usable-references.ts';
import type { SessionUser, UiDeps } from '../context.ts';
import type { Option } from './form.tsx';

// Choices for select inputs. A select holds at most one page (500) of a register; a workspace
// with more needs a search picker, which the forms do not have yet.
//
// Filters and labels get every live record. A form (`choice` given) gets only the active ones
// — deactivated records are not offered for new entries — plus the records the form's record
// already points at (`keep`), whatever their state, labelled «(deaktivert)» or «(slettet)». So
// a form always shows what is stored and never silently selects something else.
const MAX = 500;

/** For a form: the ids the edited record points at now, kept selectable whatever their state. */
export interface Choice {
  keep?: Array<string | null | undefined>;
}

interface Listed {
  id: string;
  label: string;
  inactive: boolean;
}

async function options(
  deps: UiDeps,
  s: SessionUser,
  register: ReferencedRegister,
  listed: Listed[],
  choice: Choice | undefined,
  labelOf: (row: Record<string, unknown>) => string,
): Promise<Option[]> {
  if (!choice)
    return listed.map((r) => ({ value: r.id, label: r.inactive ? `${r.label} (deaktivert)` : r.label }));
  const keep = new Set((choice.keep ?? []).filter((id): id is string => Boolean(id)));
  const out: Option[] = [];
  for (const r of listed) {
    if (r.inactive && !keep.has(r.id)) continue;
    out.push({ value: r.id, label: r.inactive ? `${r.label} (deaktivert)` : r.label });
    keep.delete(r.id);
  }
  // Kept ids not among the live records: deleted before deletes of used records were refused.
  for (const row of await registerRowsByIds(deps.db, s.workspaceId, register, [...keep])) {
    const state = row.deleted_at ? 'slettet' : isDeactivated(register, row) ? 'deaktivert' : '';
    out.push({ value: row.id, label: state ? `${labelOf(row)} (${state})` : labelOf(row) });
  }
  return out;
}

/** Customers as "10001 Nordvik Bygg AS". */
export async function customerOptions(deps: UiDeps, s: SessionUser, choice?: Choice): Promise<Option[]> {
  const page = await listCustomers(deps.db, s.workspaceId, {}, { limit: MAX });
  const listed = page.items.map((c) => ({ id: c.id, label: `${c.number} ${c.name}`, inactive: !c.active }));
  return options(deps, s, 'customers', listed, choice, (r) => `${r.number} ${r.name}`);
}

/** Workers as "1 Ola Nordmann". */
export async function employeeOptions(deps: UiDeps, s: SessionUser, choice?: Choice): Promise<Option[]> {
  const page = await listEmployees(deps.db, s.workspaceId, {}, { limit: MAX });
  const listed = page.items.map((e) => ({ id: e.id, label: `${e.number} ${e.name}`, inactive: !e.active }));
  return options(deps, s, 'employees', listed, choice, (r) => `${r.number} ${r.name}`);
}

/** Projects as "1001 Boligfelt Nordvik, trinn 2"; closed ones count as deactivated. */
export async function projectOptions(deps: UiDeps, s: SessionUser, choice?: Choice): Promise<Option[]> {
  const page = await listProjects(deps.db, s.workspaceId, {}, { limit: MAX });
  const listed = page.items.map((p) => ({
    id: p.id,
    label: `${p.number} ${p.name}`,
    inactive: p.status === 'completed' || p.status === 'cancelled',
  }));
  const out = await options(deps, s, 'projects', listed, choice, (r) => `${r.number} ${r.name}`);
  return out.map((o) => ({ ...o, label: o.label.replace(/ \(deaktivert\)$/, ' (avsluttet)') }));
}

/** Hour types as "ORD Ordinær". */
export async function hourTypeOptions(deps: UiDeps, s: SessionUser, choice?: Choice): Promise<Option[]> {
  const page = await listHourTypes(deps.db, s.workspaceId, {}, { limit: MAX });
  const listed = page.items.map((h) => ({ id: h.id, label: `${h.code} ${h.name}`, inactive: !h.active }));
  return options(deps, s, 'hour_types', listed, choice, (r) => `${r.code} ${r.name}`);
}

/** Machines as "GM-01 Gravemaskin Volvo EC220". */
export async function machineOptions(deps: UiDeps, s: SessionUser, choice?: Choice): Promise<Option[]> {
  const page = await listMachines(deps.db, s.workspaceId, {}, { limit: MAX });
  const listed = page.items.map((m) => ({ id: m.id, label: `${m.number} ${m.name}`, inactive: !m.active }));
  return options(deps, s, 'machines', listed, choice, (r) => `${r.number} ${r.name}`);
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

/**
 * Adds labels for ids a list shows that are not live any more (deleted before deletes of used
 * records were refused), so a table never shows a blank name.
 * @example await addMissingLabels(deps, s, 'employees', labels.employees, page.items.map((h) => h.employeeId));
 */
export async function addMissingLabels(
  deps: UiDeps,
  s: SessionUser,
  register: ReferencedRegister,
  labels: Map<string, string>,
  ids: Array<string | null | undefined>,
): Promise<void> {
  const missing = ids.filter((id): id is string => Boolean(id) && !labels.has(id as string));
  if (missing.length === 0) return;
  for (const row of await registerRowsByIds(deps.db, s.workspaceId, register, missing)) {
    labels.set(row.id, `${row.number ?? row.code} ${row.name} (slettet)`);
  }
}
