import { createHash } from 'node:crypto';
import {
  getCompanies,
  getCompanySyncList,
  getPersons,
  getProducts,
  getProjectList,
} from '../../twentyfour/index.ts';
import type { SoapCaller } from '../../twentyfour/transport.ts';
import type { RemoteSide } from './match.ts';
import type { ReconEntity } from './tables.ts';

// Reads what the connected 24SO client holds, in as few calls as its API allows: customers
// through the company sync list (pages of 1000 ids) and GetCompanies by id in batches, open
// projects in one GetProjectList, products in one GetProducts, employees in one GetPersons.
// Only the fields the matching uses are asked for.

/** Company ids per GetCompanies call (24SO documents no maximum; 1000 like its other lists). */
export const COMPANY_BATCH = 1000;

/** What was read, per kind, with a hash per record for telling a stale proposal. */
export interface RemoteSnapshot {
  records: Record<ReconEntity, RemoteRecord[]>;
  /** 24SO calls made. */
  calls: number;
}

export interface RemoteRecord extends RemoteSide {
  /** Hash of the fields matching looks at; a change here makes a proposal stale. */
  hash: string;
  /** Shown beside the workspace side (number, org. number, e-mail, customer). */
  detail: Record<string, string | null>;
}

/**
 * Wraps a caller so every call is counted.
 * @example const c = countingCaller(session.soap); await getCompanies(c, {}); c.calls // 1
 */
export function countingCaller(inner: SoapCaller): SoapCaller & { calls: number } {
  const counting = {
    calls: 0,
    call(service: Parameters<SoapCaller['call']>[0], operation: string, paramsXml: string) {
      counting.calls++;
      return inner.call(service, operation, paramsXml);
    },
  };
  return counting;
}

/**
 * Reads customers, open projects, products and employee contacts from 24SO.
 * @example const snapshot = await readTwentyFour(session.soap); snapshot.calls
 */
export async function readTwentyFour(caller: SoapCaller): Promise<RemoteSnapshot> {
  const soap = countingCaller(caller);
  const customers = await readCustomers(soap);
  const projects = (await getProjectList(soap, { allOpenProjects: true })).map((p) =>
    record(String(p.id ?? ''), `${p.id} ${p.name ?? ''}`, p.name ?? '', {
      number: String(p.id ?? ''),
      customerId: p.customerId ? String(p.customerId) : null,
      customerName: p.customerName ?? null,
    }),
  );
  const products = (await getProducts(soap, {}, ['Id', 'No', 'Name', 'StatusId']))
    .filter((p) => p.statusId !== 0)
    .map((p) =>
      record(String(p.id ?? ''), `${p.no ?? ''} ${p.name ?? ''}`.trim(), p.name ?? '', {
        number: p.no ?? null,
      }),
    );
  const employees = (await getPersons(soap, { isEmployee: 'True' })).map((p) => {
    const name = [p.firstName, p.lastName].filter(Boolean).join(' ') || String(p.id ?? '');
    const emails = (p.emailAddresses ?? []).map((e) => e.value ?? '').filter(Boolean);
    return record(String(p.id ?? ''), name, name, { email: emails[0] ?? null }, emails);
  });
  return {
    records: { customer: customers, project: projects, product: products, employee: employees },
    calls: soap.calls,
  };
}

async function readCustomers(soap: SoapCaller): Promise<RemoteRecord[]> {
  const ids: number[] = [];
  for (let page = 1; ; page++) {
    const list = await getCompanySyncList(soap, { page, active: true });
    for (const item of list.items ?? [])
      if (item.companyId !== undefined && item.active !== false) ids.push(item.companyId);
    if (page >= (list.totalPages ?? 0)) break;
  }
  const out: RemoteRecord[] = [];
  for (let i = 0; i < ids.length; i += COMPANY_BATCH) {
    const companies = await getCompanies(soap, { companyIds: ids.slice(i, i + COMPANY_BATCH) }, [
      'Id',
      'Name',
      'FirstName',
      'OrganizationNumber',
      'EmailAddresses',
    ]);
    for (const c of companies) {
      const name = [c.firstName, c.name].filter(Boolean).join(' ');
      const slots = c.emailAddresses ?? {};
      const emails = [slots.primary, slots.invoice, slots.work, slots.home, slots.alternative]
        .map((e) => e?.value ?? '')
        .filter(Boolean);
      out.push(
        record(
          String(c.id ?? ''),
          `${c.id} ${name}`,
          name,
          {
            number: String(c.id ?? ''),
            orgNumber: c.organizationNumber ?? null,
            email: emails[0] ?? null,
          },
          emails,
        ),
      );
    }
  }
  return out.sort((a, b) => Number(a.id) - Number(b.id));
}

function record(
  id: string,
  label: string,
  name: string,
  detail: Record<string, string | null>,
  emails: string[] = [],
): RemoteRecord {
  const hash = createHash('sha1')
    .update(JSON.stringify([name, detail, emails]))
    .digest('base64url');
  return {
    id,
    label,
    name,
    number: detail.number ?? null,
    orgNumber: detail.orgNumber ?? null,
    customerId: detail.customerId ?? null,
    emails,
    hash,
    detail,
  };
}

/**
 * One hash over every record read: equal ⇒ 24SO holds the same as when the proposal was made.
 * @example snapshotHash(snapshot) === stored.snapshotHash
 */
export function snapshotHash(snapshot: RemoteSnapshot): string {
  const h = createHash('sha1');
  for (const entity of ['customer', 'project', 'product', 'employee'] as const) {
    for (const r of [...snapshot.records[entity]].sort((a, b) => a.id.localeCompare(b.id))) {
      h.update(`${entity}:${r.id}:${r.hash};`);
    }
  }
  return h.digest('base64url');
}
