import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { collectAll } from '../../workspace/csv-export.ts';
import { HttpError } from '../errors.ts';
import { type ApiOperation, defineOperation } from './operations.ts';
import { type Page, pageQueryShape, pageSchema } from './pagination.ts';

/** `{id}` in a resource path. */
export const idParams = z.object({ id: z.string().min(1).max(64).meta({ description: 'Postens id' }) });

/**
 * The API refuses unknown top-level fields (400 naming the field) instead of dropping them: a
 * misspelt `orgNr` silently ignored would leave a customer without its org. number.
 */
function strict<T>(schema: z.ZodType<T>): z.ZodType<T> {
  return schema instanceof z.ZodObject ? (schema.strict() as unknown as z.ZodType<T>) : schema;
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
}

/**
 * The five operations of a workspace resource — list, create, read, update, soft delete —
 * declared from its repository, so each router file only names its schemas and functions.
 * @example export const customerOperations = crudOperations({ name: 'Customer', path: '/customers', … });
 */
export function crudOperations<T, C, U, Q extends z.ZodObject>(r: CrudResource<T, C, U, Q>): ApiOperation[] {
  const listQuery = r.listQuery.extend(pageQueryShape);
  const page = pageSchema(r.schema);
  const plural = r.name.endsWith('y') ? `${r.name.slice(0, -1)}ies` : `${r.name}s`;
  const writeErrors = r.writeErrors ?? [];
  const createBody = strict(r.createSchema);
  const updateBody = strict(r.updateSchema);
  return [
    defineOperation({
      method: 'get',
      path: r.path,
      operationId: `list${plural}`,
      summary: `Liste over ${r.words.all}`,
      description: r.csv
        ? 'Med `Accept: text/csv` kommer hele det filtrerte utvalget (alle sider) som CSV: UTF-8 med BOM, `;`, desimalkomma og dd.mm.åååå; for kunder, arbeidere, prosjekter og timer med importmalens kolonner, så filen kan importeres igjen.'
        : undefined,
      tag: r.tag,
      query: listQuery,
      schemaNames: { response: `${r.name}Page` },
      responses: { 200: { description: `En side med ${r.words.all}`, schema: page } },
      handler: async ({ c, deps, workspaceId, query }) => {
        const q = query as z.output<Q> & { limit: number; cursor?: string };
        if (r.csv && (c.req.header('accept') ?? '').includes('text/csv')) {
          // The whole filtered selection, every page, as the web's «Last ned CSV» gives it.
          const items = await collectAll((p) =>
            r.list(deps.db, workspaceId, { ...q, limit: p.limit ?? 500, cursor: p.cursor ?? undefined }),
          );
          const body = await r.csv(deps.db, workspaceId, items);
          return {
            status: 200,
            response: new Response(body, { headers: { 'content-type': 'text/csv; charset=utf-8' } }),
          };
        }
        return { status: 200, body: await r.list(deps.db, workspaceId, q) };
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
      responses: { 201: { description: 'Opprettet', schema: r.schema } },
      errors: [...writeErrors],
      moreBodyProblems: r.inputProblems
        ? ({ deps, workspaceId, body }) =>
            (r.inputProblems as NonNullable<typeof r.inputProblems>)(deps.db, workspaceId, body)
        : undefined,
      handler: async ({ deps, workspaceId, body }) => ({
        status: 201,
        body: await r.create(deps.db, workspaceId, body, deps.clock),
      }),
    }),
    defineOperation({
      method: 'get',
      path: `${r.path}/:id`,
      operationId: `get${r.name}`,
      summary: `Hent ${r.words.one}`,
      tag: r.tag,
      params: idParams,
      schemaNames: { response: r.name },
      responses: { 200: { description: 'Funnet', schema: r.schema } },
      errors: [404],
      handler: async ({ deps, workspaceId, params }) => {
        const found = await r.get(deps.db, workspaceId, params.id);
        if (found === undefined) throw new HttpError(404, r.notFound);
        return { status: 200, body: found };
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
      responses: { 200: { description: 'Endret', schema: r.schema } },
      errors: [404, ...writeErrors],
      moreBodyProblems: r.inputProblems
        ? async ({ deps, workspaceId, params, body }) => {
            const check = r.inputProblems as NonNullable<typeof r.inputProblems>;
            return check(deps.db, workspaceId, body, params.id).catch(() => []);
          }
        : undefined,
      handler: async ({ deps, workspaceId, params, body }) => ({
        status: 200,
        body: await r.update(deps.db, workspaceId, params.id, body, deps.clock),
      }),
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
