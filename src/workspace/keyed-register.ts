import { type SelectQueryBuilder, sql } from 'kysely';
import type { ZodType } from 'zod';
import type { Clock } from '../db/clock.ts';
import { type Db, dialectOf, nowIso, untypedTables } from '../db/database.ts';
import { afterKey, type Page, type PageOptions, pageLimit, toPage } from '../db/paging.ts';
import { containsText } from '../db/text-search.ts';
import { inTransaction } from '../db/transaction.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { DomainError, type DomainFieldError, isDomainError } from './errors.ts';
import { FieldProblems } from './field-errors.ts';
import { decodeCursor } from './list-paging.ts';
import { liveRow, liveRowsByIds, rowWithValue, softDeleteRow } from './live-rows.ts';
import { assertUnreferenced } from './references.ts';

// The storage side every register keyed by a unique number or code (customer and worker
// numbers, machine and product numbers, hour type codes, project numbers) shares: the key stays
// unique per workspace even among deleted rows (it may already be the record's id in 24SO), so
// creating a record with a deleted record's key brings that record back (same id) with the new
// values; a clash with a live record is a named conflict; a record other records use cannot be
// deleted (references.ts); lists are ordered by the key and paged by (key, id). The register
// files keep what differs — schemas, columns, rules — and call these.

type KeyedTable = 'customers' | 'employees' | 'hour_types' | 'machines' | 'products' | 'projects';
type KeyValue = string | number;

interface KeyedRow {
  id: string;
  workspace_id: string;
  updated_at: string;
  created_at: string;
  /** The register's unique column: `number` or `code` (KeyedRegisterSpec.key). */
  number?: KeyValue;
  code?: KeyValue;
}

// biome-ignore lint/suspicious/noExplicitAny: the query over a table named at run time (untypedTables)
export type KeyedListQuery = SelectQueryBuilder<any, any, any>;

export interface KeyedRegisterSpec<Row extends KeyedRow, T, K extends KeyValue> {
  table: KeyedTable;
  /** The unique column, also the field name the API and forms use. */
  key: 'number' | 'code';
  /** Whole numbers (customer and worker numbers) or text (the rest); text is the default. */
  keyKind?: 'integer' | 'text';
  toDomain: (row: Row) => T;
  /** "Maskinen finnes ikke." */
  notFound: string;
  /** The conflict for a key in use; `deleted` when a deleted record holds it. */
  conflict: (key: K, deleted: boolean) => DomainError;
  /** The record as a sentence starts, for a refused delete: "Timetypen ORD". */
  describe: (row: Row) => string;
  /** The way out a refused delete names; the shared «Deaktiver i stedet …» by default. */
  deleteInstead?: string;
}

export interface KeyedListOptions {
  /** Narrows the live rows of the workspace (active, status, …) before paging. */
  narrow?: (query: KeyedListQuery) => KeyedListQuery;
  /** Free text matched case-insensitively against these columns. */
  search?: { text: string | undefined; columns: string[] };
}

/**
 * The shared storage operations of one keyed register.
 * @example const machineRows = keyedRegister({ table: 'machines', key: 'number', toDomain: toMachine, notFound: 'Maskinen finnes ikke.', conflict });
 */
export function keyedRegister<Row extends KeyedRow, T, K extends KeyValue = string>(
  spec: KeyedRegisterSpec<Row, T, K>,
) {
  const { table, key, toDomain } = spec;
  const integer = spec.keyKind === 'integer';
  // PostgreSQL hands a bigint back as text; compare and page by the number itself.
  const keyOf = (row: Row): K => {
    const value = row[key];
    return (integer ? Number(value) : value) as K;
  };

  /**
   * Throws the conflict when a live record other than `exceptId` holds the key. On a change of
   * key (`exceptId` given) a deleted record holding it clashes too; on create it does not, since
   * `insert` brings that record back.
   */
  async function assertKeyFree(db: Db, workspaceId: string, value: K, exceptId?: string): Promise<void> {
    const clash = await rowWithValue(db, table, workspaceId, key, value);
    if (!clash || clash.id === exceptId) return;
    const deleted = clash.deleted_at !== null;
    if (deleted && exceptId === undefined) return;
    throw spec.conflict(value, deleted);
  }

  return {
    assertKeyFree,

    /**
     * The problems a write would meet, without writing: for a form that shows every field's
     * problem at once even when it already found some itself. Empty when the write would pass.
     * @example const errors = await machineRows.problems(() => machineRows.prepare(db, ws.id, schema, input, toColumns));
     */
    async problems(run: () => Promise<unknown>): Promise<DomainFieldError[]> {
      try {
        await run();
        return [];
      } catch (error) {
        if (!isDomainError(error) || error.code === 'not_found') throw error;
        return error.errors.length > 0 ? error.errors : [{ path: error.field ?? '', message: error.message }];
      }
    },

    /**
     * Every problem of a write at once — the schema's, the value rules' (thrown by `toCols`),
     * a key in use, and whatever `extra` adds (dates, references) — as one DomainError; or the
     * parsed input and the columns to store.
     * @example const { parsed, cols } = await machineRows.prepare(db, ws.id, machineCreateSchema, input, toColumns);
     */
    async prepare<P, C extends object>(
      db: Db,
      workspaceId: string,
      schema: ZodType<P>,
      input: unknown,
      toCols: (parsed: P) => C,
      existing?: Row,
      extra?: (cols: C, problems: FieldProblems, parsed: P) => Promise<void> | void,
    ): Promise<{ parsed: P; cols: C }> {
      const problems = new FieldProblems();
      const parsed = problems.parse(schema, input);
      let cols = {} as C;
      await problems.check(() => {
        cols = toCols(parsed.value);
      });
      const newKey = (cols as Record<string, K | undefined>)[key];
      if (newKey !== undefined && (!existing || newKey !== keyOf(existing))) {
        await problems.check(() => assertKeyFree(db, workspaceId, newKey, existing?.id));
      }
      if (extra) await extra(cols, problems, parsed.value);
      problems.throwIfAny();
      return { parsed: parsed.value, cols };
    },

    /**
     * Inserts a new row whose key was checked; a race on the key still ends as the conflict.
     * When a deleted record holds the key, that record is brought back instead — same id, the
     * new row's values, `created_at` kept — so a deleted code can be made again and whatever
     * 24SO knows under that key stays the same record.
     */
    async insert(db: Db, row: Row): Promise<T> {
      const workspaceId = row.workspace_id;
      const held = await rowWithValue(db, table, workspaceId, key, keyOf(row));
      if (held && held.deleted_at !== null) {
        const { id: _newId, created_at: _created, ...values } = row;
        const result = await untypedTables(db)
          .updateTable(table)
          .set({ ...values, deleted_at: null })
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', held.id)
          .where('deleted_at', 'is not', null)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) throw spec.conflict(keyOf(row), false);
        const revived = await liveRow<Row>(db, table, workspaceId, held.id);
        if (!revived) throw spec.conflict(keyOf(row), false);
        return toDomain(revived);
      }
      try {
        await untypedTables(db).insertInto(table).values(row).execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw spec.conflict(keyOf(row), false);
        throw error;
      }
      return toDomain(row);
    },

    async get(db: Db, workspaceId: string, id: string): Promise<T | undefined> {
      const row = await liveRow<Row>(db, table, workspaceId, id);
      return row ? toDomain(row) : undefined;
    },

    /** The live row, or the not-found DomainError. */
    async existing(db: Db, workspaceId: string, id: string): Promise<Row> {
      const row = await liveRow<Row>(db, table, workspaceId, id);
      if (!row) throw new DomainError('not_found', spec.notFound);
      return row;
    },

    async getByKey(db: Db, workspaceId: string, value: K): Promise<T | undefined> {
      const row = (await untypedTables(db)
        .selectFrom(table)
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where(key, '=', value)
        .where('deleted_at', 'is', null)
        .executeTakeFirst()) as Row | undefined;
      return row ? toDomain(row) : undefined;
    },

    /** The live records among `ids`, ordered by key. */
    async findByIds(db: Db, workspaceId: string, ids: readonly string[]): Promise<T[]> {
      const rows = await liveRowsByIds<Row>(db, table, workspaceId, ids);
      rows.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
      return rows.map(toDomain);
    },

    /**
     * Writes changed columns of an existing row (from `existing`), checking a changed key first.
     * Returns the record as it now is.
     */
    async update(db: Db, existing: Row, cols: Partial<Row>, clock: Clock): Promise<T> {
      const newKey = (cols as Record<string, K | undefined>)[key];
      const workspaceId = existing.workspace_id;
      if (newKey !== undefined && newKey !== keyOf(existing)) {
        await assertKeyFree(db, workspaceId, newKey, existing.id);
      }
      const updatedAt = nowIso(clock);
      try {
        await untypedTables(db)
          .updateTable(table)
          .set({ ...cols, updated_at: updatedAt })
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', existing.id)
          .execute();
      } catch (error) {
        if (isUniqueViolation(error) && newKey !== undefined) throw spec.conflict(newKey, false);
        throw error;
      }
      return toDomain({ ...existing, ...cols, updated_at: updatedAt });
    },

    /**
     * Allocates the next automatic number: one past the highest ever used (deleted rows count),
     * at least `first`. A per-workspace counter row is moved in one UPDATE, which PostgreSQL
     * serialises by its row lock, so concurrent creates never get the same number (a
     * `max(number) + 1` read would hand several of them the same one). The counter also jumps
     * past numbers typed by hand, because the highest stored number is part of the same UPDATE.
     */
    async nextNumber(db: Db, workspaceId: string, first = 1): Promise<number> {
      if (table !== 'customers' && table !== 'employees') throw new Error(`no number counter for ${table}`);
      const register = table;
      await db
        .insertInto('number_counters')
        .values({ workspace_id: workspaceId, register, last_number: 0 })
        .onConflict((oc) => oc.columns(['workspace_id', 'register']).doNothing())
        .execute();
      const highest = sql<number>`(select coalesce(max(${sql.ref(key)}), 0) from ${sql.table(table)} where workspace_id = ${workspaceId})`;
      const greatest = dialectOf(db) === 'postgres' ? 'greatest' : 'max';
      const row = await db
        .updateTable('number_counters')
        .set({
          last_number: sql<number>`${sql.raw(greatest)}(last_number + 1, ${highest} + 1, ${first})`,
        })
        .where('workspace_id', '=', workspaceId)
        .where('register', '=', register)
        .returning('last_number')
        .executeTakeFirstOrThrow();
      return Number(row.last_number);
    },

    /**
     * Soft-deletes a record nothing uses; false when there was none. A record that live rows of
     * the register's references (references.ts) still point at is refused with
     * ReferencedRecordError (409, with the count), whatever the caller.
     */
    async softDelete(db: Db, workspaceId: string, id: string, clock: Clock): Promise<boolean> {
      return inTransaction(db, async (trx) => {
        const row = await liveRow<Row>(trx, table, workspaceId, id);
        if (!row) return false;
        await assertUnreferenced(trx, workspaceId, table, id, spec.describe(row), spec.deleteInstead);
        return softDeleteRow(trx, table, workspaceId, id, clock);
      });
    },

    /** One page of live records ordered by key, then id. */
    async list(db: Db, workspaceId: string, options: KeyedListOptions, page: PageOptions): Promise<Page<T>> {
      const limit = pageLimit(page);
      let query: KeyedListQuery = untypedTables(db)
        .selectFrom(table)
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('deleted_at', 'is', null);
      if (options.narrow) query = options.narrow(query);
      const search = options.search?.text?.trim();
      if (search && options.search) {
        const columns = options.search.columns;
        query = query.where((eb) => eb.or(columns.map((column) => containsText(db, eb, column, search))));
      }
      if (page.cursor) {
        const [value, lastId] = decodeCursor(page.cursor, [integer ? 'number' : 'string', 'string']);
        query = query.where((eb) => afterKey(eb, [key, 'id'], [value, lastId], 'asc'));
      }
      const rows = (await query
        .orderBy(key)
        .orderBy('id')
        .limit(limit + 1)
        .execute()) as Row[];
      return toPage(rows, limit, (r) => [keyOf(r), r.id], toDomain);
    },
  };
}
