import { Hono } from 'hono';
import { z } from 'zod';
import { integrationRuntime } from '../../integration/runtime.ts';
import {
  attachmentCreateSchema,
  attachmentSchema,
  attachmentView,
  createInvoiceAttachment,
  deleteInvoiceAttachment,
  getInvoiceAttachment,
  listInvoiceAttachments,
} from '../../invoicing/attachments.ts';
import { getInvoiceBasis, invoiceBasisSchema, projectWithCustomer } from '../../invoicing/basis.ts';
import { linksFor } from '../../invoicing/links.ts';
import { loadPreview } from '../../invoicing/preview.ts';
import { previewSchema, previewView } from '../../invoicing/preview-view.ts';
import { transferAttachment } from '../../invoicing/transfer.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import type { ApiContext, ApiEnv } from './api-env.ts';
import { idParams } from './crud.ts';
import { type ApiOperation, defineOperation, documentRoute } from './operations.ts';
import { parseOr400 } from './validation.ts';

// Invoicing over REST: a project's invoice basis, its invoice attachments (create from all, a
// period or ticked lines; read; delete before transfer), the order preview and the transfer.
// The preview and the transfer talk to 24SO and run outside any request transaction (the
// transfer records each step as it goes), so they are a plain router documented beside it.

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

/** The declared operations (their routes and OpenAPI entries come from this list). */
export const invoicingOperations: ApiOperation[] = [
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

documentRoute({
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
});
documentRoute({
  method: 'post',
  path: '/invoice-attachments/:id/transfer',
  operationId: 'transferInvoiceAttachment',
  summary: 'Lag faktura (24SevenOffice): overfør vedlegget som ordre',
  description:
    'Lager ordren med InvoiceService.SaveInvoices (status Web, altså en ordre i Ordrelisten), leser den tilbake og sammenligner. Trygt å gjenta: et vedlegg blir aldri mer enn én ordre (Broen sjekker 24SevenOffice før den sender på nytt etter et tapt svar). 409: overføringen pågår allerede; 422: noe hindrer overføring (feltene i `errors`) eller 24SevenOffice avviste ordren; 503: svaret fra 24SevenOffice uteble — prøv igjen.',
  tag: TAG,
  params: idParams,
  schemaNames: { response: 'InvoiceTransferResult' },
  responses: { 200: { description: 'Overført (også når det var gjort før)', schema: transferResultSchema } },
  errors: [404, 409, 422, 503],
});

/**
 * The preview and transfer routes, mounted at /api/v1.
 * @example api.route('/', createInvoicingApiRoutes(deps));
 */
export function createInvoicingApiRoutes(deps: AppDeps): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();
  const previewDeps = () => ({
    db: deps.db,
    connection: integrationRuntime(deps),
    links: linksFor(deps),
    clock: deps.clock,
  });

  api.get('/invoice-attachments/:id/preview', async (c) => {
    const { id } = parseOr400(idParams, c.req.param(), 'Ugyldig adresse.');
    const workspaceId = c.get('principal').workspaceId;
    const a = await getInvoiceAttachment(deps.db, workspaceId, id);
    if (!a) throw new HttpError(404, NOT_FOUND);
    return c.json(previewView(await loadPreview(previewDeps(), workspaceId, a)));
  });

  api.post('/invoice-attachments/:id/transfer', async (c) => {
    const { id } = parseOr400(idParams, c.req.param(), 'Ugyldig adresse.');
    const outcome = await transferAttachment(previewDeps(), c.get('principal').workspaceId, id);
    switch (outcome.state) {
      case 'transferred':
        return c.json({ state: outcome.state, orderId: outcome.orderId, readBack: outcome.readBack });
      case 'blocked':
        throw new HttpError(
          422,
          'Fakturavedlegget kan ikke overføres ennå.',
          outcome.preview.blockers.map((b) => ({ path: b.code, message: b.message })),
        );
      case 'busy':
        throw new HttpError(409, outcome.message);
      case 'failed':
        throw new HttpError(422, outcome.message);
      case 'uncertain':
        throw new HttpError(503, outcome.message);
    }
  });
  return api;
}
