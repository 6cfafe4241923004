import type { Obj } from './codec.ts';

// The sandbox's whole state, kept as plain JSON so it can be saved to DATA_DIR and shown by
// the control API. Records are stored in the WSDL's own shape (PascalCase property names, as
// the codec reads and writes them); a few bookkeeping fields the real 24SO keeps out of sight
// are prefixed with `$` and never reach the wire, because the codec only writes schema elements.

/** One (user, client) pair the user may log in to — a 24SO Identity. */
export interface IdentityGrant {
  identityId: string;
  clientId: number;
  isDefault: boolean;
  /** A blocked identity: listed with IsDisabled=true, refused on Login. */
  disabled: boolean;
  /** The user inside that client (ClientService/Authenticate `User`). */
  user: { ContactId: number; Id: string; Name: string; EmployeeId: number };
}

export interface SandboxUser {
  username: string;
  password: string;
  identities: IdentityGrant[];
}

export interface Session {
  username: string;
  identityId: string;
  createdAt: string;
  /** Last call on the session (ISO); the idle time counts from here. Absent: never used since login. */
  lastUsedAt?: string;
}

export interface ClientData {
  id: number;
  name: string;
  /** ClientService `Client` (without Name, which is `name`). */
  info: Obj;
  users: Obj[];
  departments: Obj[];
  vatTypes: Obj[];
  /** AccountingGroup plus `$module` ('Sale' | 'Purchase'). */
  typeGroups: Obj[];
  /** Company plus `$registered` and `$active`. */
  companies: Obj[];
  persons: Obj[];
  /** Project plus `$deactivated`. */
  projects: Obj[];
  projectStatuses: Obj[];
  /** WorkType plus `$active` and `$projectIds` (projects it is ticked on). */
  workTypes: Obj[];
  /** Hour plus `$changed` and `$registered`. */
  hours: Obj[];
  productCategories: Obj[];
  products: Obj[];
  /** InvoiceOrder plus `$registered`. */
  orders: Obj[];
  /** TransactionService `Dimension` describing each user-defined dimension type. */
  dimensionTypes: Obj[];
  /** `Dimension` values, each with its `TypeId`. */
  dimensionValues: Obj[];
  /** Last id handed out per kind (companies, projects, orders, …). */
  sequences: Record<string, number>;
}

export interface SandboxData {
  version: 1;
  /** ApplicationIds the sandbox accepts (the integration's, not the customer's). */
  applicationIds: string[];
  users: SandboxUser[];
  clients: ClientData[];
  sessions: Record<string, Session>;
}

export type SeedName = 'demo' | 'empty';

/**
 * Hands out the next id of a kind within a client, never reusing one.
 * @example const id = nextId(client, 'orders'); // 70016
 */
export function nextId(client: ClientData, kind: string, floor = 1): number {
  const next = Math.max((client.sequences[kind] ?? floor - 1) + 1, floor);
  client.sequences[kind] = next;
  return next;
}

/** Raises a sequence so that ids chosen by the caller (ExplicitlySpecifyNewCompanyId) are not handed out again. */
export function bumpSequence(client: ClientData, kind: string, used: number): void {
  if ((client.sequences[kind] ?? 0) < used) client.sequences[kind] = used;
}

/** The UTC timestamp 24SO writes (`2024-05-03T08:14:00Z`, whole seconds). */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Finds the identity grant by id across all users. */
export function findGrant(
  data: SandboxData,
  identityId: string,
): { user: SandboxUser; grant: IdentityGrant } | undefined {
  const wanted = identityId.toLowerCase();
  for (const user of data.users) {
    const grant = user.identities.find((g) => g.identityId.toLowerCase() === wanted);
    if (grant) return { user, grant };
  }
  return undefined;
}
