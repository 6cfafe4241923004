import { z } from 'zod';
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
  createHourEntry,
  getHourEntry,
  hourEntryCreateSchema,
  hourEntryInputProblems,
  hourEntryListQuerySchema,
  hourEntrySchema,
  hourEntryUpdateSchema,
  listHourEntries,
  softDeleteHourEntry,
  updateHourEntry,
} from '../../workspace/hours.ts';
import { fromQueryBoolean } from '../../workspace/repository-support.ts';
import { HttpError } from '../errors.ts';
import { apiActor } from './api-env.ts';
import { crudOperations, idParams } from './crud.ts';
import { type ApiOperation, defineOperation } from './operations.ts';

const TAG = 'Timer';

const bulkResponseSchema = z
  .object({
    results: z
      .array(
        approvalResultSchema.extend({ hour: hourEntrySchema.optional().describe('Timen etterpå, når ok') }),
      )
      .describe('Ett resultat per id, i rekkefølgen de ble sendt (duplikater slått sammen)'),
  })
  .meta({ description: 'Resultat per time; en ukjent id stopper ikke de andre' });

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
      responses: { 200: { description: 'Timen etterpå', schema: hourEntrySchema } },
      errors: [404],
      handler: async ({ c, deps, workspaceId, params }) => {
        const run = approve ? approveHour : unapproveHour;
        return { status: 200, body: await run(deps.db, workspaceId, params.id, apiActor(c), deps.clock) };
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
        return { status: 200, body: { results } };
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
    schema: hourEntrySchema,
    createSchema: hourEntryCreateSchema,
    updateSchema: hourEntryUpdateSchema,
    listQuery: hourEntryListQuerySchema,
    // 422: an approved hour is frozen until its approval is removed.
    writeErrors: [422],
    create: createHourEntry,
    get: getHourEntry,
    update: updateHourEntry,
    softDelete: softDeleteHourEntry,
    list: (db, workspaceId, q) =>
      listHourEntries(
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
        },
        q,
      ),
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
