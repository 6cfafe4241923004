import { z } from 'zod';
import type { SyncRun } from '../../integration/sync/runs.ts';
import {
  getRunDetail,
  listRuns,
  listSyncRecords,
  retryFailed,
  startSync,
} from '../../integration/sync/service.ts';
import { HttpError } from '../errors.ts';
import { apiActor } from './api-env.ts';
import { idParams } from './crud.ts';
import { type ApiOperation, defineOperation } from './operations.ts';

// /integration/sync, /integration/runs, /integration/records: start (or join) a sync run,
// read the run log with each run's failed records and reasons, read per-record states and
// retry the failed ones.

/** API entity names (plural, as the contract names them) ↔ engine entities. */
const ENTITY_NAMES = {
  customers: 'customer',
  projects: 'project',
  products: 'product',
  hours: 'hour',
} as const;
type EntityName = keyof typeof ENTITY_NAMES;
const NAME_OF: Record<string, EntityName> = {
  customer: 'customers',
  project: 'projects',
  product: 'products',
  hour: 'hours',
};

const entityName = z.enum(['customers', 'projects', 'products', 'hours'], {
  error: 'Velg «customers», «projects», «products» eller «hours» (eller null for alle)',
});

const countsSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  imported: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
});

const runSchema = z
  .object({
    id: z.string(),
    trigger: z.enum(['manual', 'auto', 'api', 'cli']),
    entity: entityName.nullable(),
    dryRun: z.boolean(),
    state: z.enum(['queued', 'running', 'waiting', 'done', 'failed']),
    waitingUntil: z.string().nullable().meta({
      description:
        'Når kjøringen fortsetter: etter 24SO-karantenen, eller etter en kort pause når svar fra 24SO ikke kom fram (message sier hvorfor)',
    }),
    message: z.string().nullable(),
    counts: countsSchema,
    calls: z.number().int().meta({ description: 'Antall kall til 24SevenOffice' }),
    resumes: z.number().int().meta({
      description:
        'Hvor mange ganger jobben som kjørte synkroniseringen ble borte (arbeidsprosessen stoppet eller krasjet) og synkroniseringen ble gjenopptatt med en ny jobb; 0 normalt',
    }),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    endedAt: z.string().nullable(),
  })
  .meta({ title: 'SyncRun' });

const runRecordSchema = z.object({
  entity: entityName,
  localId: z.string().nullable(),
  twentyfourId: z.string().nullable(),
  label: z.string(),
  action: z.enum(['create', 'update', 'unchanged', 'import', 'deactivate', 'skip', 'fail']),
  reason: z.string().nullable(),
  reasonCode: z.string().nullable(),
  at: z.string(),
});

const recordSchema = z
  .object({
    entity: entityName,
    localId: z.string(),
    twentyfourId: z.string().nullable(),
    state: z.enum(['synced', 'pending', 'failed', 'skipped', 'changed_after_transfer']),
    origin: z.enum(['export', 'import']),
    reason: z.string().nullable(),
    reasonCode: z.string().nullable(),
    attempts: z.number().int(),
    nextRetryAt: z.string().nullable(),
    lastSyncedAt: z.string().nullable(),
    inFlight: z.boolean().meta({ description: 'En skriving til 24SO venter på å bli bekreftet' }),
  })
  .meta({ title: 'SyncRecord' });

function runBody(run: SyncRun) {
  const { workspaceId: _w, entity, ...rest } = run;
  return { ...rest, entity: entity ? (NAME_OF[entity] ?? null) : null };
}

export const syncOperations: ApiOperation[] = [
  defineOperation({
    method: 'post',
    path: '/integration/sync',
    operationId: 'startSync',
    summary: 'Synkroniser nå (starter en kjøring, eller blir med i den som går)',
    description:
      'Én kjøring per arbeidsområde om gangen: går det allerede en, svarer dette med den (`joined: true`). `dryRun: true` forteller hva som ville skjedd og skriver ingenting.',
    tag: 'Integrasjon',
    body: z
      .object({
        entity: entityName.nullable().optional(),
        dryRun: z.boolean({ error: 'dryRun må være true eller false' }).optional(),
      })
      .strict(),
    schemaNames: { body: 'SyncRequest', response: 'SyncStarted' },
    responses: {
      202: {
        description: 'Kjøringen (en jobb); `joined` når den allerede gikk',
        schema: runSchema.extend({ joined: z.boolean() }),
      },
    },
    errors: [{ status: 409, description: 'Ikke koblet til 24SevenOffice, eller integrasjonen er slått av' }],
    // It queues a job through the process's queue (the app's database handle), so it runs
    // outside a keyed request's transaction; asking twice joins the same run anyway.
    idempotentAnswer: 'after',
    handler: async ({ deps, workspaceId, body, c }) => {
      const connected = await deps.db
        .selectFrom('integration_connections')
        .select('state')
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirst();
      if (!connected) throw new HttpError(409, 'Arbeidsområdet er ikke koblet til 24SevenOffice.');
      const enabled = await deps.db
        .selectFrom('integration_settings')
        .select('enabled')
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirst();
      if (!body.dryRun && enabled?.enabled !== 1) {
        throw new HttpError(
          409,
          'Integrasjonen er slått av; slå den på under Integrasjoner før du synkroniserer.',
        );
      }
      const runtime = deps.sync;
      const { run, joined } = await startSync(
        { db: deps.db, clock: deps.clock, queue: runtime.queue },
        {
          workspaceId,
          trigger: 'api',
          entity: body.entity ? ENTITY_NAMES[body.entity] : null,
          dryRun: body.dryRun ?? false,
          requestedBy: apiActor(c),
        },
      );
      // 202 Accepted: the run is a job.
      return { status: 202, body: { ...runBody(run), joined } };
    },
  }),
  defineOperation({
    method: 'get',
    path: '/integration/runs',
    operationId: 'listSyncRuns',
    summary: 'Kjøringsloggen, nyeste først',
    tag: 'Integrasjon',
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
    schemaNames: { response: 'SyncRunList' },
    responses: { 200: { description: 'Kjøringer', schema: z.object({ items: z.array(runSchema) }) } },
    handler: async ({ deps, workspaceId, query }) => ({
      status: 200,
      body: { items: (await listRuns(deps.db, workspaceId, { limit: query.limit })).map(runBody) },
    }),
  }),
  defineOperation({
    method: 'get',
    path: '/integration/runs/:id',
    operationId: 'getSyncRun',
    summary: 'Én kjøring med postene som feilet og hvorfor',
    tag: 'Integrasjon',
    params: idParams,
    schemaNames: { response: 'SyncRunDetail' },
    responses: {
      200: {
        description: 'Kjøringen',
        schema: runSchema.extend({ failures: z.array(runRecordSchema), records: z.array(runRecordSchema) }),
      },
    },
    errors: [404],
    handler: async ({ deps, workspaceId, params }) => {
      const detail = await getRunDetail(deps.db, workspaceId, params.id);
      if (!detail) throw new HttpError(404, 'Kjøringen finnes ikke.');
      const rec = (r: (typeof detail.records)[number]) => {
        const { remoteId, id: _id, ...rest } = r;
        return { ...rest, entity: NAME_OF[r.entity] ?? r.entity, twentyfourId: remoteId };
      };
      const { failures, records, ...run } = detail;
      return {
        status: 200,
        body: { ...runBody(run), failures: failures.map(rec), records: records.map(rec) },
      };
    },
  }),
  defineOperation({
    method: 'get',
    path: '/integration/records',
    operationId: 'listSyncRecords',
    summary: 'Synkroniseringsstatus per post',
    tag: 'Integrasjon',
    query: z.object({
      entity: entityName.optional(),
      state: z.enum(['synced', 'pending', 'failed', 'skipped', 'changed_after_transfer']).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      cursor: z.string().max(200).optional().meta({ description: 'nextCursor fra forrige side' }),
    }),
    schemaNames: { response: 'SyncRecordPage' },
    responses: {
      200: {
        description: 'Poster',
        schema: z.object({ items: z.array(recordSchema), nextCursor: z.string().nullable() }),
      },
    },
    handler: async ({ deps, workspaceId, query }) => {
      const entity = query.entity ? ENTITY_NAMES[query.entity] : undefined;
      const after = query.cursor ? Buffer.from(query.cursor, 'base64url').toString('utf8') : undefined;
      const items = await listSyncRecords(deps.db, workspaceId, {
        entity,
        state: query.state,
        after,
        limit: query.limit + 1,
      });
      const page = items.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        status: 200,
        body: {
          items: page.map((r) => ({
            entity: NAME_OF[r.entity] ?? r.entity,
            localId: r.localId,
            twentyfourId: r.remoteId,
            state: r.state,
            origin: r.origin,
            reason: r.reason,
            reasonCode: r.reasonCode,
            attempts: r.attempts,
            nextRetryAt: r.nextRetryAt,
            lastSyncedAt: r.lastSyncedAt,
            inFlight: r.intent !== null,
          })),
          nextCursor:
            items.length > query.limit && last && entity
              ? Buffer.from(last.localId).toString('base64url')
              : null,
        },
      };
    },
  }),
  defineOperation({
    method: 'post',
    path: '/integration/records/retry',
    operationId: 'retryFailedSyncRecords',
    summary: 'Prøv igjen: send postene som feilet på nytt',
    tag: 'Integrasjon',
    body: z.object({ entity: entityName.nullable().optional() }).strict(),
    schemaNames: { body: 'SyncRetryRequest', response: 'SyncRetryStarted' },
    responses: {
      200: {
        description: 'Hvor mange som sendes igjen, og kjøringen som sender dem',
        schema: z.object({ retried: z.number().int(), run: runSchema.nullable() }),
      },
    },
    errors: [{ status: 409, description: 'Integrasjonen er slått av' }],
    // Queues a job, like startSync; a second ask finds nothing failed left to retry.
    idempotentAnswer: 'after',
    handler: async ({ deps, workspaceId, body }) => {
      const runtime = deps.sync;
      const result = await retryFailed(
        { db: deps.db, clock: deps.clock, queue: runtime.queue },
        { workspaceId, entity: body.entity ? ENTITY_NAMES[body.entity] : null, trigger: 'api' },
      );
      return { status: 200, body: { retried: result.retried, run: result.run ? runBody(result.run) : null } };
    },
  }),
];
