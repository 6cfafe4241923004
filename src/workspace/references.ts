import { type Db, untypedTables } from '../db/database.ts';
import { DomainError } from './errors.ts';

// Which records use which: one list per register of the (table, column) pairs that point at
// it. A register's record that any live row still points at cannot be deleted (the delete is
// refused with the count, and «Deaktiver» offered instead); an unreferenced one can. A new
// table that points at a register adds its pair here, and every delete path — web, REST API,
// CSV — honours it without further changes.

/** The registers whose records other records point at. */
export type ReferencedRegister =
  | 'customers'
  | 'employees'
  | 'hour_types'
  | 'machines'
  | 'projects'
  | 'products';

/** One (table, column) pointing at a register's id, and how to name its rows in Norwegian. */
export interface RegisterReference {
  table: string;
  column: string;
  /** Norwegian noun for one and for several rows, e.g. ['timeregistrering', 'timeregistreringer']. */
  noun: [one: string, many: string];
  /** Rows of a table without soft delete (or whose deleted rows still count) set this false. */
  liveOnly?: boolean;
}

const REFERENCES: Record<ReferencedRegister, RegisterReference[]> = {
  customers: [
    { table: 'projects', column: 'customer_id', noun: ['prosjekt', 'prosjekter'] },
    { table: 'invoice_attachments', column: 'customer_id', noun: ['fakturavedlegg', 'fakturavedlegg'] },
  ],
  employees: [
    { table: 'hour_entries', column: 'employee_id', noun: ['timeregistrering', 'timeregistreringer'] },
    { table: 'transport_entries', column: 'employee_id', noun: ['kjøring', 'kjøringer'] },
    {
      table: 'projects',
      column: 'project_manager_id',
      noun: ['prosjekt (som prosjektleder)', 'prosjekter (som prosjektleder)'],
    },
  ],
  hour_types: [
    { table: 'hour_entries', column: 'hour_type_id', noun: ['timeregistrering', 'timeregistreringer'] },
  ],
  machines: [
    { table: 'hour_entries', column: 'machine_id', noun: ['timeregistrering', 'timeregistreringer'] },
  ],
  projects: [
    { table: 'hour_entries', column: 'project_id', noun: ['timeregistrering', 'timeregistreringer'] },
    { table: 'transport_entries', column: 'project_id', noun: ['kjøring', 'kjøringer'] },
    { table: 'material_lines', column: 'project_id', noun: ['varelinje', 'varelinjer'] },
    { table: 'free_text_lines', column: 'project_id', noun: ['fritekstlinje', 'fritekstlinjer'] },
    { table: 'invoice_attachments', column: 'project_id', noun: ['fakturavedlegg', 'fakturavedlegg'] },
  ],
  products: [{ table: 'material_lines', column: 'product_id', noun: ['varelinje', 'varelinjer'] }],
};

/** How many live rows use a record, per kind; `total` 0 means it may be deleted. */
export interface ReferenceUse {
  total: number;
  parts: Array<{ table: string; column: string; noun: string; count: number }>;
}

/**
 * Counts the rows that use one record of a register.
 * @example const use = await countReferences(db, ws.id, 'hour_types', ordId); // { total: 215, parts: [...] }
 */
export async function countReferences(
  db: Db,
  workspaceId: string,
  register: ReferencedRegister,
  id: string,
): Promise<ReferenceUse> {
  const parts: ReferenceUse['parts'] = [];
  for (const ref of REFERENCES[register]) {
    let query = untypedTables(db)
      .selectFrom(ref.table)
      .select((eb) => eb.fn.countAll().as('n'))
      .where('workspace_id', '=', workspaceId)
      .where(ref.column, '=', id);
    if (ref.liveOnly !== false) query = query.where('deleted_at', 'is', null);
    const row = (await query.executeTakeFirst()) as { n: number | string | bigint } | undefined;
    const count = Number(row?.n ?? 0);
    if (count > 0)
      parts.push({ table: ref.table, column: ref.column, noun: ref.noun[count === 1 ? 0 : 1], count });
  }
  return { total: parts.reduce((sum, p) => sum + p.count, 0), parts };
}

/**
 * "215 timeregistreringer og 3 kjøringer" — the uses of a record in words.
 * @example describeUse(use) // '215 timeregistreringer og 3 kjøringer'
 */
export function describeUse(use: ReferenceUse): string {
  const words = use.parts.map((p) => `${p.count} ${p.noun}`);
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} og ${words[words.length - 1]}`;
}

/** A delete refused because records use it; carries the counts for the API's problem body. */
export class ReferencedRecordError extends DomainError {
  constructor(
    message: string,
    readonly use: ReferenceUse,
  ) {
    super('conflict', message);
    this.name = 'ReferencedRecordError';
  }
}

/**
 * Throws ReferencedRecordError when live rows use the record, naming how many and what to do.
 * `what` is the record as the sentence starts, e.g. "Timetypen ORD"; `instead` the way out.
 * @example await assertUnreferenced(db, ws.id, 'hour_types', id, 'Timetypen ORD');
 */
export async function assertUnreferenced(
  db: Db,
  workspaceId: string,
  register: ReferencedRegister,
  id: string,
  what: string,
  instead: string = DEACTIVATE_INSTEAD,
): Promise<void> {
  const use = await countReferences(db, workspaceId, register, id);
  if (use.total === 0) return;
  throw new ReferencedRecordError(
    `${what} brukes av ${describeUse(use)} og kan ikke slettes. ${instead}`,
    use,
  );
}

/** What to do instead of deleting a used record (projects say «Avslutt prosjektet» instead). */
export const DEACTIVATE_INSTEAD =
  'Deaktiver i stedet: da beholder den navnet der den er brukt, men tilbys ikke for nye registreringer.';
