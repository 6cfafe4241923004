import { nowIso } from '../../db/database.ts';
import { getCompanies, getCompanySyncList } from '../../twentyfour/company-service.ts';
import { getProducts } from '../../twentyfour/product-service.ts';
import { getDeactivatedProjects, getProjectList } from '../../twentyfour/project-service.ts';
import type { CustomerCreate } from '../../workspace/customer-schemas.ts';
import {
  createCustomer,
  findCustomersByOrgNumber,
  getCustomerByNumber,
  updateCustomer,
} from '../../workspace/customers.ts';
import { DomainError } from '../../workspace/errors.ts';
import {
  createProduct,
  getProductByNumber,
  type ProductCreate,
  updateProduct,
} from '../../workspace/products.ts';
import {
  createProject,
  getProjectByNumber,
  type ProjectCreate,
  updateProject,
} from '../../workspace/projects.ts';
import { hundredths } from './product-adapter.ts';
import { fingerprintOf } from './reasons.ts';
import { getRecords, recordOutcomes, recordSynced } from './records.ts';
import { checkStop, type RunState, report, type SyncDeps, sliceUsed } from './run-context.ts';
import type { NewRunRecord } from './runs.ts';
import type { SyncEntity } from './tables.ts';

// Import (24SO → workspace): read only what changed since the kind's cursor (the company sync
// list, ChangedAfter, DateChanged), match on the link first and then on number / org. number,
// and create or update through the workspace's own rules, so a record the workspace cannot hold
// fails alone with the reason. The cursor moves only after the whole batch was applied.

/** Workspace input per kind (the create shape without its number), typed by the domain's schema. */
type IncomingFields =
  | { entity: 'customer'; number: number; fields: Omit<CustomerCreate, 'number'> }
  | { entity: 'product'; number: string; fields: Omit<ProductCreate, 'number'> }
  | { entity: 'project'; number: string; fields: Omit<ProjectCreate, 'number'> };

type Incoming = IncomingFields & {
  remoteId: string;
  label: string;
  changedAt: string | null;
  active: boolean;
  /** Also a key to match an unlinked customer on (`number` is the other). */
  orgNumber: string | null;
};

export async function importPhase(deps: SyncDeps, state: RunState, entity: SyncEntity): Promise<void> {
  const { run } = state;
  const cursor = await deps.db
    .selectFrom('sync_cursors')
    .selectAll()
    .where('workspace_id', '=', run.workspaceId)
    .where('entity', '=', entity)
    .executeTakeFirst();
  const since = cursor?.changed_after ? new Date(cursor.changed_after) : null;
  const startedAt = deps.clock();
  const incoming = await fetchChanged(state, entity, since);
  const links = await getRecords(deps.db, run.workspaceId, entity);
  const byRemote = new Map(
    [...links.values()].filter((r) => r.remoteId).map((r) => [r.remoteId as string, r]),
  );
  const log: NewRunRecord[] = [];
  let imported = 0;
  let unchanged = 0;
  let failed = 0;
  let seen = 0;
  for (const item of incoming) {
    // Handed back (time slice, stop): count what was applied, then stop before the cursor moves
    // — after one record at least, so each slice moves on.
    if (seen++ > 0 && (state.signal?.aborted || sliceUsed(state))) break;
    const link = byRemote.get(item.remoteId);
    const fingerprint = fingerprintOf([item.fields, item.active]);
    if (link?.state === 'synced' && link.fingerprint === fingerprint) {
      // Imported by this very run before it was handed back: counted then.
      if (link.lastRunId !== run.id) unchanged++;
      continue;
    }
    const localId = link?.localId ?? (await matchLocal(deps, run.workspaceId, entity, item));
    if (run.dryRun) {
      imported++;
      log.push({
        entity,
        localId: localId ?? null,
        remoteId: item.remoteId,
        label: item.label,
        action: 'import',
        reason: localId ? 'Oppdateres fra 24SevenOffice.' : 'Opprettes fra 24SevenOffice.',
        reasonCode: null,
      });
      continue;
    }
    try {
      const id = await apply(deps, run.workspaceId, localId, item);
      await recordSynced(deps.db, deps.clock, [
        {
          workspaceId: run.workspaceId,
          entity,
          localId: id,
          remoteId: item.remoteId,
          fingerprint,
          origin: 'import',
          remoteChangedAt: item.changedAt,
          runId: run.id,
        },
      ]);
      imported++;
      log.push({
        entity,
        localId: id,
        remoteId: item.remoteId,
        label: item.label,
        action: 'import',
        reason: null,
        reasonCode: null,
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      failed++;
      const reason = `Kan ikke hentes inn: ${error.errors.map((e) => `${e.path}: ${e.message}`).join('; ') || error.message}`;
      if (localId) {
        await recordOutcomes(deps.db, deps.clock, [
          {
            workspaceId: run.workspaceId,
            entity,
            localId,
            state: 'failed',
            reason,
            reasonCode: 'import_invalid',
            fingerprint,
            nextRetryAt: null,
            runId: run.id,
          },
        ]);
      }
      log.push({
        entity,
        localId: localId ?? null,
        remoteId: item.remoteId,
        label: item.label,
        action: 'fail',
        reason,
        reasonCode: 'import_invalid',
      });
    }
  }
  await report(deps, state, { imported, unchanged, failed }, log);
  checkStop(state);
  if (!run.dryRun) {
    const at = nowIso(deps.clock);
    // A margin of a minute: 24SO's change times have second (hours: minute) resolution.
    const next = new Date(startedAt.getTime() - 60_000).toISOString();
    await deps.db
      .insertInto('sync_cursors')
      .values({ workspace_id: run.workspaceId, entity, changed_after: next, polled_at: at, updated_at: at })
      .onConflict((oc) =>
        oc
          .columns(['workspace_id', 'entity'])
          .doUpdateSet({ changed_after: next, polled_at: at, updated_at: at }),
      )
      .execute();
  }
}

async function fetchChanged(state: RunState, entity: SyncEntity, since: Date | null): Promise<Incoming[]> {
  const soap = state.ctx.soap;
  if (entity === 'customer') {
    const ids: number[] = [];
    const inactive = new Set<number>();
    for (let page = 1; ; page++) {
      const list = await getCompanySyncList(soap, { page, changedAfter: since ?? undefined });
      for (const i of list.items ?? []) {
        if (i.companyId === undefined) continue;
        ids.push(i.companyId);
        if (i.active === false) inactive.add(i.companyId);
      }
      if (page >= Number(list.totalPages ?? 0)) break;
    }
    const out: Incoming[] = [];
    for (let i = 0; i < ids.length; i += 1000) {
      const companies = await getCompanies(soap, { companyIds: ids.slice(i, i + 1000) });
      for (const c of companies) {
        if (c.id === undefined) continue;
        const name = [c.firstName, c.name].filter(Boolean).join(' ') || String(c.id);
        const post = c.addresses?.post;
        const delivery = c.addresses?.delivery;
        out.push({
          remoteId: String(c.id),
          label: `${c.id} ${name}`,
          changedAt: c.dateChanged?.toISOString() ?? null,
          active: !inactive.has(c.id),
          entity: 'customer',
          number: c.id,
          orgNumber: c.organizationNumber || null,
          fields: {
            name,
            orgNumber: c.organizationNumber || null,
            email: c.emailAddresses?.primary?.value || null,
            invoiceEmail: c.emailAddresses?.invoice?.value || null,
            phone: c.phoneNumbers?.primary?.value || c.phoneNumbers?.work?.value || null,
            address: {
              street: post?.street || null,
              postalCode: post?.postalCode || null,
              city: post?.city || post?.postalArea || null,
              country: post?.country || c.country || 'NO',
            },
            deliveryAddress:
              delivery?.street || delivery?.postalCode
                ? {
                    street: delivery.street || null,
                    postalCode: delivery.postalCode || null,
                    city: delivery.city || delivery.postalArea || null,
                    country: delivery.country || 'NO',
                  }
                : null,
            paymentTermsDays: c.paymentTime !== undefined && c.paymentTime >= 0 ? c.paymentTime : undefined,
            active: !inactive.has(c.id),
          },
        });
      }
    }
    return out;
  }
  if (entity === 'product') {
    const products = await getProducts(soap, since ? { dateChanged: since } : {});
    return products
      .filter((p) => p.id !== undefined)
      .map(
        (p): Incoming => ({
          remoteId: String(p.id),
          label: `${p.no ?? p.id} ${p.name ?? ''}`,
          changedAt: p.dateChanged?.toISOString() ?? null,
          active: p.statusId !== 0,
          entity: 'product',
          number: p.no ?? String(p.id),
          orgNumber: null,
          fields: {
            name: p.name ?? String(p.id),
            salesPrice: decimal(p.price),
            costPrice: decimal(p.inPrice ?? p.cost),
            stock: decimal(p.stock),
            active: p.statusId !== 0,
          },
        }),
      );
  }
  if (entity === 'project') {
    const search = since ? { changedAfter: since } : {};
    const open = await getProjectList(soap, search);
    const closed = await getDeactivatedProjects(soap, search);
    const customers = await getRecords(state.ctx.db, state.run.workspaceId, 'customer');
    const customerByRemote = new Map(
      [...customers.values()].filter((r) => r.remoteId).map((r) => [r.remoteId as string, r.localId]),
    );
    return [...open.map((p) => ({ p, active: true })), ...closed.map((p) => ({ p, active: false }))]
      .filter(({ p }) => p.id !== undefined)
      .map(
        ({ p, active }): Incoming => ({
          remoteId: String(p.id),
          label: `${p.id} ${p.name ?? ''}`,
          changedAt: p.dateChanged?.toISOString() ?? null,
          active,
          entity: 'project',
          number: String(p.id),
          orgNumber: null,
          fields: {
            name: p.name ?? String(p.id),
            customerId: p.customerId ? (customerByRemote.get(String(p.customerId)) ?? null) : null,
            status: active ? 'active' : 'completed',
            startDate: p.dateStart ? p.dateStart.toISOString().slice(0, 10) : null,
            endDate: p.dateStop ? p.dateStop.toISOString().slice(0, 10) : null,
          },
        }),
      );
  }
  return [];
}

function decimal(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? hundredths(Math.round(n * 100)) : undefined;
}

async function matchLocal(
  deps: SyncDeps,
  workspaceId: string,
  entity: SyncEntity,
  item: Incoming,
): Promise<string | null> {
  const linked = async (localId: string) =>
    (await getRecords(deps.db, workspaceId, entity, [localId])).get(localId)?.remoteId ?? null;
  if (entity === 'customer') {
    if (item.orgNumber) {
      for (const c of await findCustomersByOrgNumber(deps.db, workspaceId, item.orgNumber)) {
        if (!(await linked(c.id))) return c.id;
      }
    }
    const byNumber =
      typeof item.number === 'number'
        ? await getCustomerByNumber(deps.db, workspaceId, item.number)
        : undefined;
    return byNumber && !(await linked(byNumber.id)) ? byNumber.id : null;
  }
  if (entity === 'product') {
    const p = await getProductByNumber(deps.db, workspaceId, String(item.number));
    return p && !(await linked(p.id)) ? p.id : null;
  }
  if (entity === 'project') {
    const p = await getProjectByNumber(deps.db, workspaceId, String(item.number));
    return p && !(await linked(p.id)) ? p.id : null;
  }
  return null;
}

async function apply(
  deps: SyncDeps,
  workspaceId: string,
  localId: string | null,
  item: Incoming,
): Promise<string> {
  // The item carries its own kind, so each branch hands the domain exactly its input type.
  switch (item.entity) {
    case 'customer':
      if (localId) return (await updateCustomer(deps.db, workspaceId, localId, item.fields, deps.clock)).id;
      return (await createCustomer(deps.db, workspaceId, { ...item.fields, number: item.number }, deps.clock))
        .id;
    case 'product':
      if (localId) return (await updateProduct(deps.db, workspaceId, localId, item.fields, deps.clock)).id;
      return (await createProduct(deps.db, workspaceId, { ...item.fields, number: item.number }, deps.clock))
        .id;
    case 'project':
      if (localId) return (await updateProject(deps.db, workspaceId, localId, item.fields, deps.clock)).id;
      return (await createProject(deps.db, workspaceId, { ...item.fields, number: item.number }, deps.clock))
        .id;
  }
}
