import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { hourWithTransferSchema, withTransfers } from '../../integration/hours/api-schema.ts';
import { ruleSettings } from '../../integration/hours/facts.ts';
import { transferCondition } from '../../integration/hours/filter.ts';
import { HOUR_RULES } from '../../integration/hours/rules.ts';
import { hoursCsv } from '../../workspace/csv-export.ts';
import {
  approvalResultSchema,
  approveHour,
  approveHours,
  hourApprovalEventSchema,
  hourApprovalRequestSchema,
  listApprovalEvents,
  unapproveHour,
  unapproveHours,
} from '../../workspace/hour-approval.ts';
import {
  type HourEntry,
  hourEntryCreateSchema,
  hourEntryListQuerySchema,
  hourEntryUpdateSchema,
} from '../../workspace/hour-schemas.ts';
import {
  createHourEntry,
  getHourEntry,
  hourEntryInputProblems,
  listHourEntries,
  softDeleteHourEntry,
  updateHourEntry,
} from '../../workspace/hours.ts';
import { fromQueryBoolean } from '../../workspace/list-query.ts';
import { HttpError } from '../errors.ts';
import { apiActor } from './api-env.ts';
import { crudOperations, idParams } from './crud.ts';
import { type ApiOperation, defineOperation } from './operations.ts';

const TAG = 'Timer';

const bulkResponseSchema = z
  .object({
    results: z
      .array(
        approvalResultSchema.extend({
          hour: hourWithTransferSchema.optional().describe('Timen etterpå, når ok'),
        }),
      )
      .describe('Ett resultat per id, i rekkefølgen de ble sendt (duplikater slått sammen)'),
  })
  .meta({ description: 'Resultat per time; en ukjent id stopper ikke de andre' });

/** Query of GET /hours: the workspace filters plus the 24SO state and reason. */
const hourListQuerySchema = hourEntryListQuerySchema.extend({
  twentyfourState: z
    .enum(['sent', 'waiting', 'ready', 'failed', 'changed_after_transfer', 'not_sent'])
    .optional()
    .describe('Bare timer i denne tilstanden mot 24SevenOffice (not_sent: ikke overført)'),
  reason: z
    .enum(HOUR_RULES)
    .optional()
    .describe('Bare ikke overførte timer som holdes igjen av denne regelen'),
});

async function one(db: Db, workspaceId: string, hour: HourEntry) {
  const [withState] = await withTransfers(db, workspaceId, [hour]);
  return withState;
}

const eventsResponseSchema = z.object({ items: z.array(hourApprovalEventSchema) });

/** Who the approval history names for a change made through the API: the token's label. */

function approvalOperations(action: 'approve' | 'unapprove'): ApiOperation[] {
  const approve = action === 'approve';
  const Action = approve ? 'Approve' : 'Unapprove';
  return [
    defineOperation({
      method: 'post',
      path: `/hours/:id/${action}`,
      operationId: `${action}HourEntry`,
      summary: approve ? 'Godkjenn en time' : 'Fjern godkjenning av en time',
      description: approve
        ? 'En time som allerede er godkjent, beholder opprinnelig godkjenner og tidspunkt.'
        : 'Timen kan endres igjen etterpå. Endringen lagres i godkjenningshistorikken.',
      tag: TAG,
      params: idParams,
      schemaNames: { response: 'HourEntry' },
      responses: { 200: { description: 'Timen etterpå', schema: hourWithTransferSchema } },
      errors: approve ? [404] : [404, 422],
      handler: async ({ c, deps, workspaceId, params }) => {
        const run = approve ? approveHour : unapproveHour;
        const hour = await run(deps.db, workspaceId, params.id, apiActor(c), deps.clock);
        return { status: 200, body: await one(deps.db, workspaceId, hour) };
      },
    }),
    defineOperation({
      method: 'post',
      path: `/hours/${action}`,
      operationId: `${action}HourEntries`,
      summary: approve ? 'Godkjenn flere timer' : 'Fjern godkjenning av flere timer',
      description: 'Svarer 200 med ett resultat per id; ukjente id-er får ok: false uten å stoppe de andre.',
      tag: TAG,
      body: hourApprovalRequestSchema.strict(),
      schemaNames: { body: 'HourApprovalRequest', response: `${Action}HourEntriesResult` },
      responses: { 200: { description: 'Resultat per time', schema: bulkResponseSchema } },
      handler: async ({ c, deps, workspaceId, body }) => {
        const run = approve ? approveHours : unapproveHours;
        const results = await run(deps.db, workspaceId, body.ids, apiActor(c), deps.clock);
        const hours = await withTransfers(
          deps.db,
          workspaceId,
          results.flatMap((r) => (r.ok ? [r.hour] : [])),
        );
        const byId = new Map(hours.map((x) => [x.id, x]));
        const answer: z.input<typeof bulkResponseSchema> = {
          results: results.map((r) => (r.ok ? { ...r, hour: byId.get(r.hour.id) } : r)),
        };
        return { status: 200, body: answer };
      },
    }),
  ];
}

/**
 * /hours — timeregistreringer: CRUD with filters (project, employee, hour type, machine, date
 * range, approved, billable), approve/unapprove one or many, and the approval history.
 */
export const hourOperations: ApiOperation[] = [
  ...crudOperations({
    csv: hoursCsv,
    inputProblems: hourEntryInputProblems,
    name: 'HourEntry',
    path: '/hours',
    tag: TAG,
    words: { one: 'en timeregistrering', all: 'timeregistreringer' },
    notFound: 'Timen finnes ikke.',
    schema: hourWithTransferSchema,
    createSchema: hourEntryCreateSchema,
    updateSchema: hourEntryUpdateSchema,
    listQuery: hourListQuerySchema,
    // 422: an approved hour is frozen until its approval is removed.
    writeErrors: [422],
    create: async (db, workspaceId, input, clock) =>
      one(db, workspaceId, await createHourEntry(db, workspaceId, input, clock)),
    get: async (db, workspaceId, id) => {
      const hour = await getHourEntry(db, workspaceId, id);
      return hour ? one(db, workspaceId, hour) : undefined;
    },
    update: async (db, workspaceId, id, input, clock) =>
      one(db, workspaceId, await updateHourEntry(db, workspaceId, id, input, clock)),
    softDelete: softDeleteHourEntry,
    list: async (db, workspaceId, q) => {
      const rules = q.twentyfourState || q.reason ? await ruleSettings(db, workspaceId) : undefined;
      const page = await listHourEntries(
        db,
        workspaceId,
        {
          projectId: q.projectId,
          employeeId: q.employeeId,
          hourTypeId: q.hourTypeId,
          machineId: q.machineId,
          from: q.from,
          to: q.to,
          approved: fromQueryBoolean(q.approved),
          billable: fromQueryBoolean(q.billable),
          order: q.order,
          where: rules
            ? (eb) =>
                transferCondition(eb, workspaceId, rules, { state: q.twentyfourState, reason: q.reason })
            : undefined,
        },
        q,
      );
      return { ...page, items: await withTransfers(db, workspaceId, page.items) };
    },
  }),
  ...approvalOperations('approve'),
  ...approvalOperations('unapprove'),
  defineOperation({
    method: 'get',
    path: '/hours/:id/approval-events',
    operationId: 'listHourApprovalEvents',
    summary: 'Godkjenningshistorikk for en time',
    tag: TAG,
    params: idParams,
    schemaNames: { response: 'HourApprovalEventList' },
    responses: { 200: { description: 'Eldste først', schema: eventsResponseSchema } },
    errors: [404],
    handler: async ({ deps, workspaceId, params }) => {
      if (!(await getHourEntry(deps.db, workspaceId, params.id)))
        throw new HttpError(404, 'Timen finnes ikke.');
      return { status: 200, body: { items: await listApprovalEvents(deps.db, workspaceId, params.id) } };
    },
  }),
];
