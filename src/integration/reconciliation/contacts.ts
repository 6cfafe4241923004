import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { getConnectionStatus } from '../connection.ts';
import type { ConnectionProblem } from '../connection-problems.ts';
import { readLookup } from '../lookups.ts';
import type { OutcomeCode } from '../outcomes.ts';
import type { ConnectionDeps } from '../session-calls.ts';
import { getSettings } from '../settings.ts';
import { matchEmployees, type RemoteSide } from './match.ts';

// Workers ↔ 24SO contacts on Arbeidere → Admin. arbeidere and through the API: the client's
// contacts read live, a suggested contact per worker (e-mail, then name, among employees), the
// sure ones linked at once, a typed contact id checked against 24SO, and the approved hours that
// wait for nothing but a worker's contact id.

export interface Contact {
  id: string;
  name: string;
  email: string | null;
  isEmployee: boolean;
}

export interface WorkerSuggestion {
  employeeId: string;
  number: number;
  name: string;
  email: string | null;
  twentyfourContactId: number | null;
  /** The proposed contact; `sure` only for an e-mail match with one candidate. */
  suggestion: {
    contactId: string;
    name: string;
    email: string | null;
    matchedBy: 'email' | 'name';
    sure: boolean;
  } | null;
}

export type ContactsResult =
  | { ok: true; contacts: Contact[]; clientName: string | null }
  | { ok: false; state: ConnectionProblem['state']; message: string };

/**
 * The connected client's contacts (employees first), read live (cached a minute).
 * @example const r = await readContacts(runtime, workspaceId); if (r.ok) r.contacts
 */
export async function readContacts(deps: ConnectionDeps, workspaceId: string): Promise<ContactsResult> {
  const result = await readLookup(deps, workspaceId, 'contacts');
  if (!result.ok) return { ok: false, state: result.state, message: result.message };
  const status = await getConnectionStatus(deps.db, workspaceId);
  const contacts = result.items
    .map((i) => ({
      id: String(i.id),
      name: String(i.name),
      email: typeof i.email === 'string' ? i.email : null,
      isEmployee: i.isEmployee === true,
    }))
    .sort((a, b) => Number(b.isEmployee) - Number(a.isEmployee) || a.name.localeCompare(b.name, 'nb'));
  return { ok: true, contacts, clientName: status.client?.name ?? null };
}

/**
 * A suggested contact for every worker without one (workers with one keep theirs). Contacts
 * already linked to a worker are not offered again.
 * @example const rows = await suggestContacts(db, workspaceId, contacts);
 */
export async function suggestContacts(
  db: Db,
  workspaceId: string,
  contacts: readonly Contact[],
): Promise<WorkerSuggestion[]> {
  const workers = await db
    .selectFrom('employees')
    .select(['id', 'number', 'name', 'email', 'twentyfour_contact_id'])
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .where('active', '=', 1)
    .orderBy('number')
    .execute();
  const taken = new Set(
    workers.filter((w) => w.twentyfour_contact_id !== null).map((w) => String(w.twentyfour_contact_id)),
  );
  const free: RemoteSide[] = contacts
    .filter((c) => c.isEmployee && !taken.has(c.id))
    .map((c) => ({ id: c.id, label: c.name, name: c.name, emails: c.email ? [c.email] : [] }));
  const byId = new Map(contacts.map((c) => [c.id, c]));
  const open = workers.filter((w) => w.twentyfour_contact_id === null);
  const proposals = matchEmployees(
    open.map((w) => ({ id: w.id, label: w.name, name: w.name, email: w.email })),
    free,
  );
  const proposalOf = new Map(proposals.map((p) => [p.localId, p]));
  return workers.map((w): WorkerSuggestion => {
    const p = proposalOf.get(w.id);
    const contactId = p?.remoteId ?? null;
    const contact = contactId ? byId.get(contactId) : undefined;
    return {
      employeeId: w.id,
      number: Number(w.number),
      name: w.name,
      email: w.email,
      twentyfourContactId: w.twentyfour_contact_id === null ? null : Number(w.twentyfour_contact_id),
      suggestion:
        contact && p && (p.matchedBy === 'email' || p.matchedBy === 'name')
          ? {
              contactId: contact.id,
              name: contact.name,
              email: contact.email,
              matchedBy: p.matchedBy,
              sure: !p.ambiguous,
            }
          : null,
    };
  });
}

export interface LinkInput {
  employeeId: string;
  contactId: number;
}

export type LinkResult =
  | { ok: true; linked: number }
  | {
      ok: false;
      /** `rule_violation`: a contact is not an employee of the client; `not_found`: a worker is gone; `conflict`: a contact belongs to another worker. */
      code: Extract<OutcomeCode, 'not_found' | 'conflict' | 'rule_violation'>;
      message: string;
      errors: { path: string; message: string }[];
    };

/**
 * Links workers to contacts in one transaction: every contact must be in the connected client's
 * list (`contacts`) and belong to no other worker; one refusal leaves every worker as it was.
 * @example await linkContacts(db, clock, workspaceId, [{ employeeId, contactId: 501 }], contacts);
 */
export async function linkContacts(
  db: Db,
  clock: () => Date,
  workspaceId: string,
  links: readonly LinkInput[],
  contacts: readonly Contact[],
  clientName: string | null,
): Promise<LinkResult> {
  const errors: { path: string; message: string }[] = [];
  const seen = new Map<number, number>();
  links.forEach((l, i) => {
    const found = findWorkerContact(contacts, l.contactId, clientName);
    if (!found.ok) errors.push({ path: `links.${i}.contactId`, message: found.message });
    const other = seen.get(l.contactId);
    if (other !== undefined) {
      errors.push({
        path: `links.${i}.contactId`,
        message: `Kontakt-id ${l.contactId} er valgt for to arbeidere (rad ${other + 1} og ${i + 1}).`,
      });
    }
    seen.set(l.contactId, i);
  });
  if (errors.length > 0)
    return { ok: false, code: 'rule_violation', message: 'Koblingene ble ikke lagret', errors };
  const at = clock().toISOString();
  return db.transaction().execute(async (tx): Promise<LinkResult> => {
    const ids = links.map((l) => l.employeeId);
    const workers = ids.length
      ? await tx
          .selectFrom('employees')
          .select(['id', 'name'])
          .where('workspace_id', '=', workspaceId)
          .where('deleted_at', 'is', null)
          .where('id', 'in', ids)
          .execute()
      : [];
    const found = new Set(workers.map((w) => w.id));
    links.forEach((l, i) => {
      if (!found.has(l.employeeId))
        errors.push({ path: `links.${i}.employeeId`, message: 'Arbeideren finnes ikke.' });
    });
    if (errors.length > 0)
      return { ok: false, code: 'not_found', message: 'Koblingene ble ikke lagret', errors };
    const contactIds = links.map((l) => l.contactId);
    const holders = contactIds.length
      ? await tx
          .selectFrom('employees')
          .select(['id', 'name', 'number', 'twentyfour_contact_id'])
          .where('workspace_id', '=', workspaceId)
          .where('deleted_at', 'is', null)
          .where('twentyfour_contact_id', 'in', contactIds)
          .execute()
      : [];
    links.forEach((l, i) => {
      const holder = holders.find(
        (h) => Number(h.twentyfour_contact_id) === l.contactId && h.id !== l.employeeId,
      );
      // A holder being moved to another contact in the same request frees it.
      if (holder && !links.some((o) => o.employeeId === holder.id && o.contactId !== l.contactId)) {
        errors.push({
          path: `links.${i}.contactId`,
          message: `Kontakt-id ${l.contactId} i 24SevenOffice er allerede koblet til ${holder.name} (nr. ${holder.number}).`,
        });
      }
    });
    if (errors.length > 0)
      return { ok: false, code: 'conflict', message: 'Koblingene ble ikke lagret', errors };
    // Clear first, then set: a swap between two workers never meets itself half-way.
    for (const l of links) {
      await tx
        .updateTable('employees')
        .set({ twentyfour_contact_id: null, updated_at: at })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', l.employeeId)
        .execute();
    }
    for (const l of links) {
      await tx
        .updateTable('employees')
        .set({ twentyfour_contact_id: l.contactId, updated_at: at })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', l.employeeId)
        .execute();
    }
    return { ok: true, linked: links.length };
  });
}

/**
 * The one rule for a worker's contact id: it must be one of the client's contacts, and an
 * employee there (a customer's contact person cannot register hours). Used by the contact links,
 * Admin. arbeidere and the employees API alike.
 * @example const r = findWorkerContact(contacts, 501, 'Demo Maskin AS'); if (r.ok) r.label
 */
export function findWorkerContact(
  contacts: readonly Contact[],
  contactId: number,
  clientName: string | null,
): { ok: true; contact: Contact; label: string } | { ok: false; message: string } {
  const contact = contacts.find((c) => c.id === String(contactId));
  if (!contact) return { ok: false, message: contactMissing(contactId, clientName) };
  if (!contact.isEmployee) {
    return {
      ok: false,
      message: `Kontakt-id ${contactId} (${contact.name}) er en kontaktperson, ikke en ansatt i 24SevenOffice-klienten${clientName ? ` «${clientName}»` : ''}. Velg en ansatt fra listen.`,
    };
  }
  return { ok: true, contact, label: `${contact.name}${contact.email ? ` (${contact.email})` : ''}` };
}

export type ContactIdCheck =
  /** Found among the connected client's employees. */
  | { state: 'checked'; name: string }
  /** Not connected to 24SO: saved as it is, unchecked. */
  | { state: 'unchecked'; message: string }
  /** Connected, and the id is not an employee there: refused. */
  | { state: 'refused'; message: string }
  /** Connected, but the list could not be read now (24SO down, password refused, no right). */
  | { state: 'unreadable'; connection: string; message: string };

/**
 * Checks a worker's contact id against the connected client (the shared rule above). Without a
 * connection the id is accepted unchecked; a connection that cannot read the list now is not
 * the same as none, so that is reported rather than waved through.
 * @example const check = await checkWorkerContact(runtime, workspaceId, 501);
 */
export async function checkWorkerContact(
  deps: ConnectionDeps,
  workspaceId: string,
  contactId: number,
): Promise<ContactIdCheck> {
  const live = await readContacts(deps, workspaceId);
  if (!live.ok) {
    if (live.state === 'not_connected') {
      return {
        state: 'unchecked',
        message: 'Ikke koblet til 24SevenOffice: kontakt-id-en er lagret uten kontroll.',
      };
    }
    return { state: 'unreadable', connection: live.state, message: live.message };
  }
  const found = findWorkerContact(live.contacts, contactId, live.clientName);
  return found.ok ? { state: 'checked', name: found.label } : { state: 'refused', message: found.message };
}

/** The message for a contact id the connected client does not have. */
export function contactMissing(contactId: number | string, clientName: string | null): string {
  return `Kontakt-id ${contactId} finnes ikke i 24SevenOffice-klienten${clientName ? ` «${clientName}»` : ''}. Velg en kontakt fra listen.`;
}

/**
 * Approved hours (on or after the start date, hour type mapped) held back only because their
 * worker has no 24SO contact id: «12 godkjente timer venter på kobling».
 * @example const { entries, minutes } = await hoursWaitingForContact(db, workspaceId);
 */
export async function hoursWaitingForContact(
  db: Db,
  workspaceId: string,
): Promise<{ entries: number; minutes: number }> {
  const { settings } = await getSettings(db, workspaceId);
  const mapped = Object.keys(settings.hours.workTypeByHourType);
  if (mapped.length === 0) return { entries: 0, minutes: 0 };
  let q = db
    .selectFrom('hour_entries')
    .innerJoin('employees', 'employees.id', 'hour_entries.employee_id')
    .innerJoin('hour_types', 'hour_types.id', 'hour_entries.hour_type_id')
    .where('hour_entries.workspace_id', '=', workspaceId)
    .where('hour_entries.deleted_at', 'is', null)
    .where('hour_entries.approved', '=', 1)
    .where('employees.twentyfour_contact_id', 'is', null)
    .where('hour_types.code', 'in', mapped);
  if (settings.hours.startDate) q = q.where('hour_entries.date', '>=', settings.hours.startDate);
  const row = await q
    .select([sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(hour_entries.minutes), 0)`.as('m')])
    .executeTakeFirstOrThrow();
  return { entries: Number(row.n), minutes: Number(row.m) };
}
