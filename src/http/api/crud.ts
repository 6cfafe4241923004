import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { getSettings } from '../../integration/settings.ts';
import {
  getRecord,
  getRecords,
  type TwentyFourStatus,
  twentyfourStatus,
} from '../../integration/sync/records.ts';
import type { SyncEntity } from '../../integration/sync/tables.ts';
import { csvStream } from '../../workspace/csv-export.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import { type ApiOperation, defineOperation, type ErrorSpec } from './operations.ts';
import { type Page, pageQueryShape, pageSchema } from './pagination.ts';

/** `{id}` in a resource path. */
export const idParams = z.object({ id: z.string().min(1).max(64).meta({ description: 'Postens id' }) });

/**
 * The API refuses unknown top-level fields (400 naming the field) instead of dropping them: a
 * misspelt `orgNr` silently ignored would leave a customer without its org. number.
 */
function strict<T>(schema: z.ZodType<T>): z.ZodType<T> {
  return schema instanceof z.ZodObject ? (schema.strict() as z.ZodType<T>) : schema;
}

/** How one workspace resource is stored: the domain layer's repository functions and schemas. */
export interface CrudResource<T, C, U, Q extends z.ZodObject> {
  /** Component name, e.g. `Customer` (→ `CustomerCreate`, `CustomerUpdate`, `CustomerPage`). */
  name: string;
  /** Path below /api/v1, e.g. `/customers`. */
  path: string;
  /** OpenAPI tag, Norwegian as the users say it, e.g. `Kunder`. */
  tag: string;
  /** Norwegian noun phrases for summaries: `{ one: 'en kunde', all: 'kunder' }`. */
  words: { one: string; all: string };
  /** The 404 message, e.g. "Kunden finnes ikke." */
  notFound: string;
  schema: z.ZodType<T>;
  createSchema: z.ZodType<C>;
  updateSchema: z.ZodType<U>;
  /** Filters of the list; paging (`limit`, `cursor`) is added here with the API's bounds. */
  listQuery: Q;
  create(db: Db, workspaceId: string, input: C, clock: () => Date): Promise<T>;
  get(db: Db, workspaceId: string, id: string): Promise<T | undefined>;
  update(db: Db, workspaceId: string, id: string, input: U, clock: () => Date): Promise<T>;
  softDelete(db: Db, workspaceId: string, id: string, clock: () => Date): Promise<boolean>;
  list(
    db: Db,
    workspaceId: string,
    query: z.output<Q> & { limit: number; cursor?: string },
  ): Promise<Page<T>>;
  /** Error statuses besides 400/401/404 the writes can answer (409 duplicate number, 422 rule). */
  writeErrors?: (409 | 422)[];
  /**
   * A kind the sync engine moves: each answer carries `twentyfour` (its 24SO state), and the
   * fields 24SO owns on an imported record are refused with 409 and `ownedMessage`.
   */
  sync?: {
    entity: SyncEntity;
    section: 'customers' | 'projects' | 'products';
    ownedFields: string[];
    ownedMessage: string;
  };
  /** The domain's full check of a write without writing, so a 400 names every field at once. */
  inputProblems?: (
    db: Db,
    workspaceId: string,
    input: unknown,
    id?: string,
  ) => Promise<Array<{ path: string; message: string }>>;
  /** The list as CSV for `Accept: text/csv` (every page of the filtered selection). */
  csv?: (db: Db, workspaceId: string, items: T[]) => Promise<string> | string;
  /** The delete can be refused with 409 because other records use the record. */
  deleteConflict?: boolean;
  /**
   * A check of a create or update against something outside the database (24SO), run before
   * the write; it refuses by throwing HttpError, and the fields it returns are added to that
   * write's answer (documented by `answerShape`).
   */
  checkWrite?: {
    answerShape: z.ZodRawShape;
    errors: ErrorSpec[];
    run(deps: AppDeps, workspaceId: string, body: Record<string, unknown>): Promise<Record<string, unknown>>;
  };
}

/**
 * The `twentyfour` block for a list of records of one kind.
 */
async function twentyfourBlocks(
  db: Db,
  workspaceId: string,
  entity: SyncEntity,
  ids: string[],
): Promise<Map<string, TwentyFourStatus>> {
  const records = await getRecords(db, workspaceId, entity, ids);
  return new Map(ids.map((id) => [id, twentyfourStatus(records.get(id))]));
}

/** Adds the `twentyfour` block to answers of a synced kind. */
async function withTwentyFour<T>(
  db: Db,
  workspaceId: string,
  entity: SyncEntity | undefined,
  items: T[],
): Promise<T[]> {
  if (!entity || items.length === 0) return items;
  const ids = items.map((i) => String((i as { id?: unknown }).id));
  const blocks = await twentyfourBlocks(db, workspaceId, entity, ids);
  return items.map((i, n) => ({ ...i, twentyfour: blocks.get(ids[n] ?? '') }));
}

/**
 * The five operations of a workspace resource — list, create, read, update, soft delete —
 * declared from its repository, so each router file only names its schemas and functions.
 * @example export const customerOperations = crudOperations({ name: 'Customer', path: '/customers', … });
 */
export function crudOperations<T, C, U, Q extends z.ZodObject>(r: CrudResource<T, C, U, Q>): ApiOperation[] {
  const listQuery = r.listQuery.extend(pageQueryShape);
  const sync = r.sync;
  const schema = (
    sync && r.schema instanceof z.ZodObject
      ? r.schema.extend({ twentyfour: twentyfourSchemaLazy() })
      : r.schema
  ) as z.ZodType<T>;
  const page = pageSchema(schema);
  const one = async (db: Db, workspaceId: string, item: T): Promise<T> =>
    (await withTwentyFour(db, workspaceId, sync?.entity, [item]))[0] as T;
  const plural = r.name.endsWith('y') ? `${r.name.slice(0, -1)}ies` : `${r.name}s`;
  const writeErrors = r.writeErrors ?? [];
  const check = r.checkWrite;
  const written = (
    check && schema instanceof z.ZodObject ? schema.extend(check.answerShape) : schema
  ) as z.ZodType<T>;
  const checked = async (deps: AppDeps, workspaceId: string, body: unknown) =>
    check ? check.run(deps, workspaceId, body as Record<string, unknown>) : {};
  const updateErrors: ErrorSpec[] = sync
    ? [
        404,
        ...writeErrors.filter((e) => e !== 409),
        {
          status: 409,
          description: 'Nummeret er i bruk, eller posten er hentet fra 24SevenOffice og feltet eies der',
        },
      ]
    : [404, ...writeErrors];
  const createBody = strict(r.createSchema);
  const updateBody = strict(r.updateSchema);
  return [
    defineOperation({
      method: 'get',
      path: r.path,
      operationId: `list${plural}`,
      summary: `Liste over ${r.words.all}`,
      description: r.csv
        ? 'Med `Accept: text/csv` kommer hele det filtrerte utvalget (alle sider) som CSV: UTF-8 med BOM, `;`, desimalkomma og dd.mm.åååå; for kunder, arbeidere, prosjekter, timer, varelinjer og fritekstlinjer med importmalens kolonner, så filen kan importeres igjen.'
        : undefined,
      tag: r.tag,
      query: listQuery,
      schemaNames: { response: `${r.name}Page` },
      responses: { 200: { description: `En side med ${r.words.all}`, schema: page } },
      handler: async ({ c, deps, workspaceId, query }) => {
        const q = query as z.output<Q> & { limit: number; cursor?: string };
        if (r.csv && (c.req.header('accept') ?? '').includes('text/csv')) {
          // The whole filtered selection, every page, as the web's «Last ned CSV» gives it.
          const render = r.csv;
          const body = csvStream(
            (p) =>
              r.list(deps.db, workspaceId, { ...q, limit: p.limit ?? 500, cursor: p.cursor ?? undefined }),
            (items) => render(deps.db, workspaceId, items),
          );
          return {
            status: 200,
            response: new Response(body, { headers: { 'content-type': 'text/csv; charset=utf-8' } }),
          };
        }
        const result = await r.list(deps.db, workspaceId, q);
        return {
          status: 200,
          body: { ...result, items: await withTwentyFour(deps.db, workspaceId, sync?.entity, result.items) },
        };
      },
    }),
    defineOperation({
      method: 'post',
      path: r.path,
      operationId: `create${r.name}`,
      summary: `Opprett ${r.words.one}`,
      tag: r.tag,
      body: createBody,
      schemaNames: { body: `${r.name}Create`, response: r.name },
      responses: { 201: { description: 'Opprettet', schema: written } },
      errors: [...writeErrors, ...(check?.errors ?? [])],
      moreBodyProblems: r.inputProblems
        ? ({ deps, workspaceId, body }) =>
            (r.inputProblems as NonNullable<typeof r.inputProblems>)(deps.db, workspaceId, body)
        : undefined,
      handler: async ({ deps, workspaceId, body }) => {
        const extra = await checked(deps, workspaceId, body);
        const created = await one(
          deps.db,
          workspaceId,
          await r.create(deps.db, workspaceId, body, deps.clock),
        );
        return { status: 201, body: { ...created, ...extra } };
      },
    }),
    defineOperation({
      method: 'get',
      path: `${r.path}/:id`,
      operationId: `get${r.name}`,
      summary: `Hent ${r.words.one}`,
      tag: r.tag,
      params: idParams,
      schemaNames: { response: r.name },
      responses: { 200: { description: 'Funnet', schema } },
      errors: [404],
      handler: async ({ deps, workspaceId, params }) => {
        const found = await r.get(deps.db, workspaceId, params.id);
        if (found === undefined) throw new HttpError(404, r.notFound);
        return { status: 200, body: await one(deps.db, workspaceId, found) };
      },
    }),
    defineOperation({
      method: 'patch',
      path: `${r.path}/:id`,
      operationId: `update${r.name}`,
      summary: `Endre ${r.words.one} (bare feltene som sendes)`,
      tag: r.tag,
      params: idParams,
      body: updateBody,
      schemaNames: { body: `${r.name}Update`, response: r.name },
      responses: { 200: { description: 'Endret', schema: written } },
      errors: [...updateErrors, ...(check?.errors ?? [])],
      moreBodyProblems: r.inputProblems
        ? async ({ deps, workspaceId, params, body }) => {
            const check = r.inputProblems as NonNullable<typeof r.inputProblems>;
            return check(deps.db, workspaceId, body, params.id).catch(() => []);
          }
        : undefined,
      handler: async ({ deps, workspaceId, params, body }) => {
        if (sync) await refuseOwnedFields(deps.db, workspaceId, params.id, body, sync);
        const extra = await checked(deps, workspaceId, body);
        const updated = await one(
          deps.db,
          workspaceId,
          await r.update(deps.db, workspaceId, params.id, body, deps.clock),
        );
        return { status: 200, body: { ...updated, ...extra } };
      },
    }),
    defineOperation({
      method: 'delete',
      path: `${r.path}/:id`,
      operationId: `delete${r.name}`,
      summary: `Slett ${r.words.one}`,
      description:
        'Myk sletting: posten forsvinner fra lister og oppslag, men historikken beholdes. En post som andre poster bruker (timeregistreringer, kjøringer, prosjekter) kan ikke slettes: svaret er 409 med antallet i `referenceCount` og per slag i `references`; deaktiver den i stedet.',
      tag: r.tag,
      params: idParams,
      responses: { 204: { description: 'Slettet' } },
      errors: [
        404,
        ...(r.deleteConflict
          ? [
              {
                status: 409 as const,
                description: 'Andre poster bruker posten; antallet står i referenceCount',
              },
            ]
          : []),
        ...writeErrors.filter((s) => s === 422),
      ],
      handler: async ({ deps, workspaceId, params }) => {
        if (!(await r.softDelete(deps.db, workspaceId, params.id, deps.clock)))
          throw new HttpError(404, r.notFound);
        return { status: 204 };
      },
    }),
  ];
}

/** The `twentyfour` block's schema on the answers of a synced kind. */
function twentyfourSchemaLazy(): z.ZodType {
  return z
    .object({
      state: z.enum(['synced', 'pending', 'failed', 'skipped', 'changed_after_transfer']).nullable(),
      id: z.string().nullable(),
      reason: z.string().nullable(),
      syncedAt: z.string().nullable(),
    })
    .meta({ description: 'Postens tilstand mot 24SevenOffice: state, id der, årsak, sist synkronisert' });
}

/**
 * An imported record's 24SO-owned fields are changed in 24SO, not here: the next import would
 * overwrite a local edit silently, so the API refuses it (409) and says where to change it.
 */
async function refuseOwnedFields(
  db: Db,
  workspaceId: string,
  id: string,
  body: unknown,
  sync: NonNullable<CrudResource<unknown, unknown, unknown, z.ZodObject>['sync']>,
): Promise<void> {
  const touched = Object.keys((body as Record<string, unknown>) ?? {}).filter((k) =>
    sync.ownedFields.includes(k),
  );
  if (touched.length === 0) return;
  const record = await getRecord(db, workspaceId, sync.entity, id);
  if (record?.origin !== 'import' || !record.remoteId) return;
  const { settings } = await getSettings(db, workspaceId);
  if (settings[sync.section].direction !== 'import') return;
  throw new HttpError(
    409,
    sync.ownedMessage,
    touched.map((path) => ({ path, message: 'Eies av 24SevenOffice; endre det der.' })),
  );
}
