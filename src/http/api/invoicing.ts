import { z } from 'zod';
import {
  attachmentCreateSchema,
  attachmentSchema,
  attachmentView,
} from '../../invoicing/attachment-schemas.ts';
import {
  createInvoiceAttachment,
  deleteInvoiceAttachment,
  getInvoiceAttachment,
  listInvoiceAttachments,
} from '../../invoicing/attachments.ts';
import { getInvoiceBasis, invoiceBasisSchema, projectWithCustomer } from '../../invoicing/basis.ts';
import { exportDependencies } from '../../invoicing/export-dependencies.ts';
import { twentyfourIdOf } from '../../invoicing/links.ts';
import { loadPreview } from '../../invoicing/preview-load.ts';
import { previewSchema, previewView } from '../../invoicing/preview-view.ts';
import type { ReadBack } from '../../invoicing/read-back.ts';
import type { InvoiceAttachmentRow } from '../../invoicing/tables.ts';
import { requestTransfer } from '../../invoicing/transfer-job.ts';
import { isDomainError } from '../../workspace/errors.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import type { ApiContext } from './api-env.ts';
import { idParams } from './crud.ts';
import { type ApiOperation, defineOperation } from './operations.ts';

// Invoicing over REST: a project's invoice basis, its invoice attachments (create from all, a
// period or ticked lines; read; delete before transfer), the order preview and the transfer.
// The preview talks to 24SO and the transfer and the export queue jobs: they run outside any
// request transaction (`idempotentAnswer: 'after'`), and each is safe to repeat on its own.

const TAG = 'Fakturering';
const NOT_FOUND = 'Fakturavedlegget finnes ikke.';

const actorOf = (c: ApiContext): string => `api:${c.get('principal').tokenName}`;

const attachmentListSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        number: z.number().int(),
        status: z.string(),
        orderId: z.number().nullable(),
        createdAt: z.string(),
      }),
    ),
  })
  .meta({ title: 'InvoiceAttachmentList' });

/** A project's invoice basis and its attachments. */
const attachmentOperations: ApiOperation[] = [
  defineOperation({
    method: 'get',
    path: '/projects/:id/invoice-basis',
    operationId: 'getInvoiceBasis',
    summary: 'Prosjektets fakturagrunnlag',
    description:
      'Alt fakturerbart på prosjektet som ikke er på et fakturavedlegg: godkjente fakturerbare timer, kjøring, varelinjer og fritekstlinjer, med summer per gruppe og totalt (eksakt til øre, mva slik 24SevenOffice beregner den).',
    tag: TAG,
    params: idParams,
    schemaNames: { response: 'InvoiceBasis' },
    responses: { 200: { description: 'Fakturagrunnlaget', schema: invoiceBasisSchema } },
    errors: [404],
    handler: async ({ deps, workspaceId, params }) => {
      const { raw: _raw, ...basis } = await getInvoiceBasis(deps.db, workspaceId, params.id);
      return { status: 200, body: basis };
    },
  }),
  defineOperation({
    method: 'get',
    path: '/projects/:id/invoice-attachments',
    operationId: 'listInvoiceAttachments',
    summary: 'Prosjektets fakturavedlegg, nyeste først',
    tag: TAG,
    params: idParams,
    schemaNames: { response: 'InvoiceAttachmentList' },
    responses: { 200: { description: 'Fakturavedleggene', schema: attachmentListSchema } },
    errors: [404],
    handler: async ({ deps, workspaceId, params }) => {
      await projectWithCustomer(deps.db, workspaceId, params.id);
      const rows = await listInvoiceAttachments(deps.db, workspaceId, params.id);
      return {
        status: 200,
        body: {
          items: rows.map((r) => ({
            id: r.id,
            number: Number(r.number),
            status: r.status,
            orderId: r.order_id === null ? null : Number(r.order_id),
            createdAt: r.created_at,
          })),
        },
      };
    },
  }),
  defineOperation({
    method: 'post',
    path: '/projects/:id/invoice-attachments',
    operationId: 'createInvoiceAttachment',
    summary: 'Lag fakturavedlegg fra fakturagrunnlaget',
    description:
      'Tomt innhold tar hele grunnlaget; `from`/`to` tar en periode; `lines` tar bare de valgte linjene (delfakturering). Linjene fryses: de forsvinner fra grunnlaget, og ingen andre vedlegg kan ta dem. 409 når en linje er tatt av et annet vedlegg i mellomtiden (ingenting lagres); 422 når ingen linjer passer eller prosjektet mangler kunde.',
    tag: TAG,
    params: idParams,
    body: attachmentCreateSchema.strict(),
    schemaNames: { body: 'InvoiceAttachmentCreate', response: 'InvoiceAttachment' },
    responses: { 201: { description: 'Opprettet', schema: attachmentSchema } },
    errors: [404, 409, 422],
    handler: async ({ c, deps, workspaceId, params, body }) => {
      const a = await createInvoiceAttachment(deps.db, workspaceId, params.id, body, actorOf(c), deps.clock);
      return { status: 201, body: await attachmentView(deps.db, workspaceId, a) };
    },
  }),
  defineOperation({
    method: 'get',
    path: '/invoice-attachments/:id',
    operationId: 'getInvoiceAttachment',
    summary: 'Hent et fakturavedlegg med linjer og summer',
    tag: TAG,
    params: idParams,
    schemaNames: { response: 'InvoiceAttachment' },
    responses: { 200: { description: 'Funnet', schema: attachmentSchema } },
    errors: [404],
    handler: async ({ deps, workspaceId, params }) => {
      const a = await getInvoiceAttachment(deps.db, workspaceId, params.id);
      if (!a) throw new HttpError(404, NOT_FOUND);
      return { status: 200, body: await attachmentView(deps.db, workspaceId, a) };
    },
  }),
  defineOperation({
    method: 'delete',
    path: '/invoice-attachments/:id',
    operationId: 'deleteInvoiceAttachment',
    summary: 'Slett et fakturavedlegg (før overføring); linjene går tilbake til grunnlaget',
    tag: TAG,
    params: idParams,
    responses: { 204: { description: 'Slettet' } },
    errors: [404, 422],
    handler: async ({ deps, workspaceId, params }) => {
      if (!(await deleteInvoiceAttachment(deps.db, workspaceId, params.id, deps.clock)))
        throw new HttpError(404, NOT_FOUND);
      return { status: 204 };
    },
  }),
];

/** The answer for an attachment that is an order in 24SO. */
function transferredBody(row: InvoiceAttachmentRow) {
  return {
    state: 'transferred' as const,
    orderId: Number(row.order_id),
    readBack: JSON.parse(row.readback_json ?? '{"matches":true,"checked":[],"differences":[]}') as ReadBack,
  };
}

const transferQueuedSchema = z
  .object({
    state: z.literal('queued'),
    attachmentId: z
      .string()
      .describe('Følg overføringen med GET /invoice-attachments/{id} (`transfer.state`)'),
  })
  .meta({ title: 'InvoiceTransferQueued' });

const transferResultSchema = z
  .object({
    state: z.literal('transferred'),
    orderId: z.number().int().describe('Ordrenummeret i 24SevenOffice'),
    readBack: z.object({
      matches: z.boolean().describe('true når ordren i 24SevenOffice er lik forhåndsvisningen'),
      checked: z.array(z.string()).describe('Hva som ble sammenlignet'),
      differences: z.array(z.string()).describe('Hver forskjell, på norsk'),
    }),
  })
  .meta({ title: 'InvoiceTransferResult' });

const exportStartedSchema = z
  .object({
    state: z
      .enum(['started', 'nothing'])
      .describe('nothing: kunden og prosjektet finnes allerede i 24SevenOffice'),
    exporting: z
      .array(z.enum(['customer', 'project']))
      .describe('Det som mangler i 24SevenOffice og eksporteres'),
    joined: z.boolean().describe('true: en synkronisering som allerede gikk, ble brukt'),
    run: z
      .object({ id: z.string(), state: z.string(), entity: z.string().nullable() })
      .nullable()
      .describe('Synkroniseringen som eksporterer; følg den med GET /integration/runs/{id}'),
  })
  .meta({ title: 'InvoiceDependencyExport' });

/** What the preview, the transfer and the export read 24SO and queue jobs with. */
function previewDeps(deps: AppDeps) {
  return { db: deps.db, connection: deps.integration, links: twentyfourIdOf, clock: deps.clock };
}

/** The preview, the transfer and «Eksporter nå»: they talk to 24SO or queue jobs. */
const transferOperations: ApiOperation[] = [
  defineOperation({
    method: 'get',
    path: '/invoice-attachments/:id/preview',
    operationId: 'previewInvoiceOrder',
    summary: 'Forhåndsvis ordren Broen vil lage i 24SevenOffice',
    description:
      'Linjene, varenumrene, dimensjonene og summene fra fakturavedlegget og innstillingene for fakturering, og alt som hindrer overføring (`blockers`; `ready` er true når listen er tom).',
    tag: TAG,
    params: idParams,
    schemaNames: { response: 'OrderPreview' },
    responses: { 200: { description: 'Forhåndsvisningen', schema: previewSchema } },
    errors: [404],
    handler: async ({ deps, workspaceId, params }) => {
      const a = await getInvoiceAttachment(deps.db, workspaceId, params.id);
      if (!a) throw new HttpError(404, NOT_FOUND);
      return { status: 200, body: previewView(await loadPreview(previewDeps(deps), workspaceId, a)) };
    },
  }),
  defineOperation({
    method: 'post',
    path: '/invoice-attachments/:id/transfer',
    operationId: 'transferInvoiceAttachment',
    summary: 'Lag faktura (24SevenOffice): overfør vedlegget som ordre',
    description:
      'Setter overføringen i kø (202) — en jobb lager ordren med InvoiceService.SaveInvoices (status Web, altså en ordre i Ordrelisten), leser den tilbake og sammenligner. Følg den med GET /invoice-attachments/{id}: `transfer.state` er queued, waiting (venter på at kvoten i 24SevenOffice åpner igjen, `transfer.waitingUntil`), transferred (med `orderId` og `readBack`) eller idle med `transferError` (24SevenOffice avviste ordren, eller jobben som overførte ble borte gang på gang; rett det meldingen sier og prøv igjen). Trygt å gjenta: samme vedlegg er én jobb og aldri mer enn én ordre (Broen sjekker 24SevenOffice før den sender på nytt etter et tapt svar). 200: allerede overført; 422: noe hindrer overføring (feltene i `errors`).',
    tag: TAG,
    params: idParams,
    schemaNames: { response: 'InvoiceTransferResult' },
    responses: {
      200: { description: 'Allerede overført', schema: transferResultSchema },
      202: { description: 'Overføringen er satt i kø', schema: transferQueuedSchema },
    },
    errors: [404, 422],
    idempotentAnswer: 'after',
    handler: async ({ deps, workspaceId, params: { id } }) => {
      const a = await getInvoiceAttachment(deps.db, workspaceId, id);
      if (!a) throw new HttpError(404, NOT_FOUND);
      if (a.row.status === 'transferred') return { status: 200, body: transferredBody(a.row) };
      // Blockers are told at once; a transfer already under way is only resumed (its order is fixed).
      if (a.row.transfer_step === null) {
        const preview = await loadPreview(previewDeps(deps), workspaceId, a);
        if (preview.blockers.length > 0)
          throw new HttpError(
            422,
            'Fakturavedlegget kan ikke overføres ennå.',
            preview.blockers.map((b) => ({ path: b.code, message: b.message })),
          );
      }
      const request = await requestTransfer(
        { db: deps.db, clock: deps.clock, queue: deps.sync.queue },
        workspaceId,
        id,
      );
      if (request.state === 'transferred') {
        const now = await getInvoiceAttachment(deps.db, workspaceId, id);
        if (now) return { status: 200, body: transferredBody(now.row) };
      }
      return { status: 202, body: { state: 'queued' as const, attachmentId: id } };
    },
  }),
  defineOperation({
    method: 'post',
    path: '/invoice-attachments/:id/export-dependencies',
    operationId: 'exportInvoiceDependencies',
    summary: 'Eksporter nå: kunden og prosjektet som mangler i 24SevenOffice',
    description:
      'Det forhåndsvisningen melder som `customer_not_linked`/`project_not_linked` (`exportable: true`) eksporteres med synkroniseringsmotoren — samme vei som POST /integration/sync, trygt mot duplikater, og en synkronisering som allerede går for arbeidsområdet brukes (`joined`). 202 med synkroniseringen; 200 `state: "nothing"` når ingenting mangler; 422 når integrasjonen er slått av eller kunder/prosjekter hentes fra 24SevenOffice (import).',
    tag: TAG,
    params: idParams,
    schemaNames: { response: 'InvoiceDependencyExport' },
    responses: {
      200: { description: 'Ingenting mangler', schema: exportStartedSchema },
      202: {
        description: 'Eksporten er startet (eller en pågående synkronisering brukes)',
        schema: exportStartedSchema,
      },
    },
    errors: [404, 422],
    idempotentAnswer: 'after',
    handler: async ({ c, deps, workspaceId, params: { id } }) => {
      const a = await getInvoiceAttachment(deps.db, workspaceId, id);
      if (!a) throw new HttpError(404, NOT_FOUND);
      try {
        const started = await exportDependencies(
          { db: deps.db, clock: deps.clock, queue: deps.sync.queue, links: twentyfourIdOf },
          workspaceId,
          a,
          actorOf(c),
        );
        if (started.state === 'nothing')
          return {
            status: 200,
            body: { state: 'nothing' as const, exporting: [], joined: false, run: null },
          };
        const { run } = started;
        return {
          status: 202,
          body: {
            state: 'started' as const,
            exporting: started.exporting,
            joined: started.joined,
            run: { id: run.id, state: run.state, entity: run.entity },
          },
        };
      } catch (error) {
        if (isDomainError(error)) throw new HttpError(422, error.message);
        throw error;
      }
    },
  }),
];

/** The declared operations (their routes and OpenAPI entries come from this list). */
export const invoicingOperations: ApiOperation[] = [...attachmentOperations, ...transferOperations];
