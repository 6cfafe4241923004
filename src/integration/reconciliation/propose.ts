import type { Db } from '../../db/database.ts';
import type { IntegrationSettings } from '../settings-schema.ts';
import { getRecords } from '../sync/records.ts';
import {
  type LocalSide,
  matchCustomers,
  matchEmployees,
  matchProducts,
  matchProjects,
  type Proposal,
} from './match.ts';
import type { RemoteSnapshot } from './read-remote.ts';
import type { ReconEntity, RowAction } from './tables.ts';

// From the workspace's records and what 24SO holds to proposal rows with an action each: a sure
// match is linked, an ambiguous one waits for a person, a workspace record without a match is
// created in 24SO (export) or stays in the workspace (import), and a 24SO record without a
// workspace counterpart is imported (import) or left alone (export).

export type LocalRecords = Record<ReconEntity, LocalSide[]>;

export interface ProposedRow {
  entity: ReconEntity;
  localId: string | null;
  localLabel: string | null;
  localDetail: Record<string, string | null> | null;
  remoteId: string | null;
  candidates: string[];
  matchedBy: Proposal['matchedBy'];
  certainty: Proposal['certainty'];
  action: RowAction;
}

/**
 * Every live workspace customer, project, product and worker, with their existing 24SO links.
 * @example const locals = await loadLocalRecords(db, workspaceId);
 */
export async function loadLocalRecords(db: Db, workspaceId: string): Promise<LocalRecords> {
  const [customers, projects, products, employees] = await Promise.all([
    db
      .selectFrom('customers')
      .select(['id', 'number', 'name', 'org_number', 'email'])
      .where('workspace_id', '=', workspaceId)
      .where('deleted_at', 'is', null)
      .where('active', '=', 1)
      .orderBy('number')
      .execute(),
    db
      .selectFrom('projects')
      .select(['id', 'number', 'name', 'customer_id'])
      .where('workspace_id', '=', workspaceId)
      .where('deleted_at', 'is', null)
      .orderBy('number')
      .execute(),
    db
      .selectFrom('products')
      .select(['id', 'number', 'name'])
      .where('workspace_id', '=', workspaceId)
      .where('deleted_at', 'is', null)
      .orderBy('number')
      .execute(),
    db
      .selectFrom('employees')
      .select(['id', 'number', 'name', 'email', 'twentyfour_contact_id'])
      .where('workspace_id', '=', workspaceId)
      .where('deleted_at', 'is', null)
      .where('active', '=', 1)
      .orderBy('number')
      .execute(),
  ]);
  const links = async (entity: 'customer' | 'project' | 'product') => {
    const map = new Map<string, string>();
    for (const [id, r] of await getRecords(db, workspaceId, entity))
      if (r.remoteId && r.state !== 'skipped') map.set(id, r.remoteId);
    return map;
  };
  const [cl, pl, prl] = await Promise.all([links('customer'), links('project'), links('product')]);
  return {
    customer: customers.map((c) => ({
      id: c.id,
      label: `${c.number} ${c.name}`,
      name: c.name,
      number: String(c.number),
      orgNumber: c.org_number,
      email: c.email,
      linkedRemoteId: cl.get(c.id) ?? null,
    })),
    project: projects.map((p) => ({
      id: p.id,
      label: `${p.number} ${p.name}`,
      name: p.name,
      number: p.number,
      customerId: p.customer_id,
      linkedRemoteId: pl.get(p.id) ?? null,
    })),
    product: products.map((p) => ({
      id: p.id,
      label: `${p.number} ${p.name}`,
      name: p.name,
      number: p.number,
      linkedRemoteId: prl.get(p.id) ?? null,
    })),
    employee: employees.map((e) => ({
      id: e.id,
      label: `${e.number} ${e.name}`,
      name: e.name,
      email: e.email,
      linkedRemoteId: e.twentyfour_contact_id === null ? null : String(e.twentyfour_contact_id),
    })),
  };
}

/**
 * Matches every kind and gives each proposal its action under the direction settings.
 * @example const rows = proposeRows(locals, snapshot, settings);
 */
export function proposeRows(
  locals: LocalRecords,
  snapshot: RemoteSnapshot,
  settings: IntegrationSettings,
): ProposedRow[] {
  const r = snapshot.records;
  const customers = matchCustomers(locals.customer, r.customer);
  const customerRemote = new Map<string, string>();
  for (const p of customers)
    if (p.localId && p.remoteId && !p.ambiguous) customerRemote.set(p.localId, p.remoteId);
  const direction: Record<ReconEntity, 'import' | 'export'> = {
    customer: settings.customers.direction,
    project: settings.projects.direction,
    product: settings.products.direction,
    employee: 'export',
  };
  const all = [
    ...customers,
    ...matchProjects(locals.project, r.project, customerRemote),
    ...matchProducts(locals.product, r.product),
    ...matchEmployees(locals.employee, r.employee),
  ];
  const localById = new Map<string, LocalSide>();
  for (const kind of Object.values(locals)) for (const l of kind) localById.set(l.id, l);
  return all.map((p): ProposedRow => {
    const local = p.localId ? localById.get(p.localId) : undefined;
    return {
      entity: p.entity,
      localId: p.localId,
      localLabel: local?.label ?? null,
      localDetail: local
        ? { number: local.number ?? null, orgNumber: local.orgNumber ?? null, email: local.email ?? null }
        : null,
      remoteId: p.remoteId,
      candidates: p.candidates,
      matchedBy: p.matchedBy,
      certainty: p.certainty,
      action: actionOf(p, direction[p.entity]),
    };
  });
}

function actionOf(p: Proposal, direction: 'import' | 'export'): RowAction {
  if (p.localId === null) return direction === 'import' ? 'import' : 'ignore';
  if (p.ambiguous) return 'undecided';
  if (p.remoteId) return 'link';
  // Workers are never created in 24SO (employees cannot be made through its API).
  if (p.entity === 'employee') return 'ignore';
  return direction === 'export' ? 'create' : 'ignore';
}
