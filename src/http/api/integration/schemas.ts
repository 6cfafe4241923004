import { z } from 'zod';
import { LOOKUP_KINDS } from '../../../integration/lookup-types.ts';

// Request schemas of /integration (validated) and response schemas (for the OpenAPI document).
// The settings document itself is validated by integration/settings-schema.ts, which names
// each field in Norwegian; the schema here describes it for API clients.

export const credentialsSchema = z.strictObject({
  username: z.string().trim().min(1, 'Skriv brukernavnet (e-post) til 24SevenOffice-brukeren').max(200),
  password: z.string().min(1, 'Skriv passordet').max(500),
});

export const connectSchema = credentialsSchema.extend({
  identityId: z.string().trim().min(1, 'Velg en klient').max(100),
});

export const activationSchema = z.strictObject({
  enabled: z.boolean({ error: 'enabled må være true eller false' }),
  acknowledgeDuplicates: z
    .boolean()
    .optional()
    .meta({ description: 'Må være true for å slå på: bekrefter advarselen om duplikater.' }),
});

export const kindSchema = z.object({
  kind: z.enum(LOOKUP_KINDS, { error: `Ukjent liste. Velg en av: ${LOOKUP_KINDS.join(', ')}` }),
});

const stateSchema = z
  .enum(['not_connected', 'connected', 'invalid_credentials', 'client_unavailable', 'unreachable'])
  .meta({ description: 'Tilkoblingens tilstand.' });

export const connectionStatusSchema = z.object({
  state: stateSchema,
  username: z.string().nullable(),
  client: z.object({ identityId: z.string(), name: z.string() }).nullable(),
  lastCheckedAt: z.string().nullable(),
  lastError: z.string().nullable(),
  message: z.string().meta({ description: 'Hva tilstanden betyr, på norsk.' }),
});

export const clientsSchema = z.object({
  clients: z.array(z.object({ identityId: z.string(), name: z.string() })),
});

const sync = z.enum(['auto', 'manual']);
const direction = z.enum(['import', 'export']);
const productNo = z.string().nullable().meta({ description: 'Varenummer (Product.No) i 24SevenOffice.' });

export const settingsDocumentSchema = z.object({
  customers: z.object({ sync, direction, paymentTermsDays: z.number().int().min(0).max(365) }),
  projects: z.object({ sync, direction, includeCustomer: z.boolean() }),
  hours: z.object({
    sync,
    startDate: z.string().nullable().meta({ description: 'ÅÅÅÅ-MM-DD; tidligste timer som overføres.' }),
    workTypeByHourType: z
      .record(z.string(), z.string())
      .meta({ description: 'Timetypekode → arbeidstype-id i 24SevenOffice (lookups/work-types).' }),
  }),
  products: z.object({ sync, direction }),
  invoicing: z.object({
    invoiceType: z.enum(['single-line', 'multi-line']),
    groupHoursByType: z.boolean(),
    productNo: z.object({
      hours: productNo,
      transport: z.object({ km: productNo, toll: productNo, other: productNo }),
      freeText: productNo,
    }),
    dimensionByMachine: z.record(z.string(), z.string()).meta({
      description:
        'Maskinnummer → dimensjons-id fra lookups/dimensions ("<typeId>:<verdi>" eller "department:<id>").',
    }),
  }),
});

export const activationStateSchema = z.object({
  enabled: z.boolean(),
  blockers: z.array(z.object({ path: z.string(), message: z.string() })),
  duplicatesWarning: z.string(),
});
