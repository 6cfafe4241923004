import { type Db, fromDbBool, untypedTables } from '../db/database.ts';
import { DomainError, type DomainFieldError } from './errors.ts';
import { liveRow } from './live-rows.ts';
import type { ReferencedRegister } from './references.ts';

// The other half of the reference rule (references.ts): a record that is deactivated
// (`active` false; for projects status Avsluttet or Kansellert) keeps every reference it
// already has, but cannot be chosen for a new one. A write that leaves a reference as it was
// (the same id as `current`) is always accepted, so a form that sends back what it showed
// never fails or moves anything because a worker has left.

/** One reference a write sets: the register, the chosen id, the input field, and what was there. */
export interface ReferenceChoice {
  register: ReferencedRegister;
  id: string | null | undefined;
  field: string;
  /** The reference the record had before this write (updates); keeping it is always fine. */
  current?: string | null;
}

const WORDS: Record<ReferencedRegister, { missing: string; subject: string; inactive: string }> = {
  customers: { missing: 'Kunden finnes ikke.', subject: 'Kunden', inactive: 'er deaktivert' },
  employees: { missing: 'Arbeideren finnes ikke.', subject: 'Arbeideren', inactive: 'er deaktivert' },
  hour_types: { missing: 'Timetypen finnes ikke.', subject: 'Timetypen', inactive: 'er deaktivert' },
  machines: { missing: 'Maskinen finnes ikke.', subject: 'Maskinen', inactive: 'er deaktivert' },
  projects: { missing: 'Prosjektet finnes ikke.', subject: 'Prosjektet', inactive: 'er avsluttet' },
  products: { missing: 'Varen finnes ikke.', subject: 'Varen', inactive: 'er deaktivert' },
};

/** Project statuses that count as deactivated for new references. */
export const CLOSED_PROJECT_STATUSES: readonly string[] = ['completed', 'cancelled'];

type AnyRow = Record<string, unknown> & { id: string };

/** True when a register row is deactivated (projects: avsluttet or kansellert). */
export function isDeactivated(register: ReferencedRegister, row: AnyRow): boolean {
  if (register === 'projects') return CLOSED_PROJECT_STATUSES.includes(String(row.status));
  return row.active !== undefined && !fromDbBool(row.active as number);
}

function keyText(row: AnyRow): string {
  return [row.number ?? row.code, row.name].filter((v) => v !== undefined && v !== null).join(' ');
}

/**
 * Checks every reference a write sets and reports all problems at once: a missing record
 * ('invalid' "Arbeideren finnes ikke.") or a newly chosen deactivated one ("Arbeideren 3 Per
 * Hansen er deaktivert og kan ikke velges for nye registreringer."). Returns the rows found,
 * by field, for callers that need their columns (an hour type's `billable`).
 * @example const rows = await checkChosenReferences(db, ws.id, [{ register: 'employees', id, field: 'employeeId', current }]);
 */
export async function checkChosenReferences(
  db: Db,
  workspaceId: string,
  choices: ReferenceChoice[],
  extraErrors: DomainFieldError[] = [],
): Promise<Record<string, AnyRow>> {
  const errors: DomainFieldError[] = [...extraErrors];
  const found: Record<string, AnyRow> = {};
  for (const choice of choices) {
    if (!choice.id) continue;
    const words = WORDS[choice.register];
    const row = await liveRow<AnyRow>(db, choice.register, workspaceId, choice.id);
    if (!row) {
      errors.push({ path: choice.field, message: words.missing });
      continue;
    }
    found[choice.field] = row;
    if (choice.id !== choice.current && isDeactivated(choice.register, row)) {
      errors.push({
        path: choice.field,
        message: `${words.subject} ${keyText(row)} ${words.inactive} og kan ikke velges for nye registreringer.`,
      });
    }
  }
  const first = errors[0];
  if (first) {
    throw new DomainError(
      'invalid',
      errors.length === 1 ? first.message : 'Noen av feltene er ikke gyldige.',
      first.path,
      errors,
    );
  }
  return found;
}

/**
 * A register row by id whether live, deactivated or deleted — for showing the name of what an
 * old record points at.
 * @example const rows = await registerRowsByIds(db, ws.id, 'employees', ids);
 */
export async function registerRowsByIds(
  db: Db,
  workspaceId: string,
  register: ReferencedRegister,
  ids: readonly string[],
): Promise<AnyRow[]> {
  const unique = [...new Set(ids.filter(Boolean))];
  if (unique.length === 0) return [];
  return (await untypedTables(db)
    .selectFrom(register)
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', unique.slice(0, 500))
    .execute()) as AnyRow[];
}
