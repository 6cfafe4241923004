import type { Kysely } from 'kysely';
import { fromDbBool, untypedTables } from '../../db/database.ts';
import type { Database } from '../../db/tables.ts';
import { CLOSED_PROJECT_STATUSES } from '../usable-references.ts';

// One query per referenced table, read into maps, so validating 100k rows costs no queries.

/** Existing numbers of a table (deleted ones too: the unique key covers them). */
export type NumberIndex = Map<string, { deleted: boolean }>;

/** A record a row may refer to, by its number or code. */
export interface Reference {
  id: string;
  active: boolean;
  /** Extra columns asked for (e.g. an hour type's `billable`). */
  [column: string]: unknown;
}

type NumberedTable = 'customers' | 'employees' | 'projects';

/**
 * Every number used in the workspace for one table, with whether its holder is deleted.
 * @example const taken = await existingNumbers(db, 'customers', workspaceId); taken.has('10001')
 */
export async function existingNumbers(
  db: Kysely<Database>,
  table: NumberedTable,
  workspaceId: string,
): Promise<NumberIndex> {
  const rows = await db
    .selectFrom(table)
    .select(['number', 'deleted_at'])
    .where('workspace_id', '=', workspaceId)
    .execute();
  return new Map(rows.map((r) => [String(r.number), { deleted: r.deleted_at !== null }]));
}

/**
 * The Norwegian duplicate message for a number already in the store, or undefined when free.
 * @example numberTakenMessage('Kundenummer', '10001', { deleted: false }) // 'Kundenummer 10001 finnes allerede.'
 */
export function numberTakenMessage(
  label: string,
  key: string,
  found: { deleted: boolean } | undefined,
): string | undefined {
  if (!found) return undefined;
  return found.deleted
    ? `${label} ${key} er brukt av en slettet post. Opprett den i skjemaet med samme nummer for å hente den tilbake.`
    : `${label} ${key} finnes allerede.`;
}

/** Finds a record by number or code: exact first, then ignoring case when that is unambiguous. */
export class ReferenceIndex {
  private readonly exact = new Map<string, Reference>();
  private readonly folded = new Map<string, Reference | null>();
  constructor(entries: Iterable<[string, Reference]>) {
    for (const [key, ref] of entries) {
      this.exact.set(key, ref);
      const fold = key.toUpperCase();
      // null marks "ORD" and "ord" both existing: then only the exact spelling resolves.
      this.folded.set(fold, this.folded.has(fold) ? null : ref);
    }
  }
  /** @example index.get('gm-01') // the machine GM-01 */
  get(key: string): Reference | undefined {
    const trimmed = key.trim();
    return this.exact.get(trimmed) ?? this.folded.get(trimmed.toUpperCase()) ?? undefined;
  }
}

/**
 * Live (not deleted) records of a table by number or code, for resolving references.
 * @example const projects = await referencesBy(db, 'projects', 'number', workspaceId); projects.get('1001')?.id
 */
export async function referencesBy(
  db: Kysely<Database>,
  table: 'customers' | 'employees' | 'projects' | 'machines' | 'hour_types' | 'products',
  column: 'number' | 'code',
  workspaceId: string,
  extra: string[] = [],
): Promise<ReferenceIndex> {
  // The column differs per table (number/code): named at run time, checked by the callers' tests.
  const rows = (await untypedTables(db)
    .selectFrom(table)
    .select([`${column} as key`, 'id', table === 'projects' ? 'status' : 'active', ...extra])
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .execute()) as Array<
    Record<string, unknown> & { key: string | number; id: string; active?: number; status?: string }
  >;
  return new ReferenceIndex(
    rows.map((r) => [
      String(r.key),
      {
        ...r,
        id: r.id,
        // A closed project counts as deactivated: it takes no new hours (usable-references.ts).
        active:
          table === 'projects'
            ? !CLOSED_PROJECT_STATUSES.includes(String(r.status))
            : r.active === undefined || fromDbBool(r.active),
      },
    ]),
  );
}
