import { z } from 'zod';
import { confirmMappingReview, getMappingReview } from '../../../integration/mapping-review.ts';
import { HttpError } from '../../errors.ts';
import { statusOf } from '../../outcome-status.ts';
import { apiActor } from '../api-env.ts';
import { type ApiOperation, defineOperation } from '../operations.ts';

// The mapping review after a login on another 24SO client, as the web page
// Integrasjoner → 24SevenOffice → Gjennomgang av koblinger shows it: one use case, two doors.

const confirmReviewSchema = z.strictObject({
  version: z
    .number({ error: 'version må være et helt tall (innstillingenes versjon du så over)' })
    .int('version må være et helt tall (innstillingenes versjon du så over)')
    .min(0)
    .optional()
    .meta({
      description: 'Innstillingenes versjon fra GET; er de endret siden, avvises bekreftelsen (409).',
    }),
});

const reviewSchema = z.object({
  state: z.enum(['none', 'pending', 'confirmed']).meta({
    description: 'pending: byttet klient, koblingene må bekreftes før integrasjonen kan slås på.',
  }),
  fromClient: z.string().nullable().meta({ description: 'Klienten koblingene ble laget for.' }),
  toClient: z.string().nullable().meta({ description: 'Klienten det er koblet til nå.' }),
  requestedAt: z.string().nullable(),
  requestedBy: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  confirmedBy: z.string().nullable(),
  version: z.number().int().meta({ description: 'Innstillingenes versjon koblingene under gjelder.' }),
  checked: z
    .boolean()
    .meta({ description: 'false: klientens lister kunne ikke leses (message sier hvorfor).' }),
  message: z.string().nullable(),
  items: z.array(
    z.object({
      path: z.string(),
      mapping: z.string().meta({ description: 'Koblingen på norsk, f.eks. «Arbeidstype for timetype ORD».' }),
      kind: z.enum(['work-types', 'dimensions', 'departments', 'products', 'contacts']),
      value: z.string(),
      valueText: z.string().meta({ description: 'Verdien i ord, f.eks. «avdeling 2».' }),
      previousName: z.string().nullable().meta({ description: 'Navnet i forrige klient, når det er kjent.' }),
      currentName: z
        .string()
        .nullable()
        .meta({ description: 'Navnet i klienten nå; null når den ikke finnes.' }),
      found: z.boolean(),
    }),
  ),
});

export const mappingReviewOperations: ApiOperation[] = [
  defineOperation({
    method: 'get',
    path: '/integration/mapping-review',
    operationId: 'getMappingReview',
    summary: 'Gjennomgang av koblingene etter bytte av klient: hver kobling med navnet før og nå',
    tag: '24SevenOffice',
    schemaNames: { response: 'MappingReview' },
    responses: { 200: { description: 'Gjennomgangen', schema: reviewSchema } },
    handler: async ({ deps, workspaceId }) => ({
      status: 200,
      body: await getMappingReview(deps.integration, workspaceId),
    }),
  }),
  defineOperation({
    method: 'post',
    path: '/integration/mapping-review/confirm',
    operationId: 'confirmMappingReview',
    summary: 'Bekreft koblingene for den nye klienten (kreves før integrasjonen kan slås på igjen)',
    tag: '24SevenOffice',
    body: confirmReviewSchema,
    schemaNames: { body: 'MappingReviewConfirmation', response: 'MappingReview' },
    responses: { 200: { description: 'Bekreftet', schema: reviewSchema } },
    errors: [
      { status: 409, description: 'Ingen gjennomgang venter, eller innstillingene er endret siden version.' },
      { status: 422, description: 'Klientens lister kan ikke leses (tilkoblingen må rettes først).' },
      { status: 503, description: '24SevenOffice svarer ikke akkurat nå.' },
    ],
    // It reads the client's lists from 24SO, which must not happen inside a transaction.
    idempotentAnswer: 'after',
    handler: async ({ c, deps, workspaceId, body }) => {
      const result = await confirmMappingReview(deps.integration, {
        workspaceId,
        actor: apiActor(c),
        expectedVersion: body.version,
      });
      if (!result.ok) throw new HttpError(statusOf(result.code), result.message);
      return { status: 200, body: result.review };
    },
  }),
];
