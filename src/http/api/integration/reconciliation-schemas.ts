import { z } from 'zod';

// Request and response schemas of /integration/reconciliation (validated requests; responses
// described for the OpenAPI document).

/** Kinds as the rest of the API names them (resource paths, /integration/sync). */
export const API_ENTITIES = ['customers', 'projects', 'products', 'employees'] as const;
const entity = z.enum(API_ENTITIES, { error: `Velg en av: ${API_ENTITIES.join(', ')}` });
const action = z.enum(['link', 'create', 'skip', 'undecided', 'import', 'ignore']).meta({
  description:
    'link: kobles til remote; create: opprettes i 24SevenOffice ved første synkronisering; skip: ikke synkroniser; ' +
    'undecided: må avgjøres av en person; import: hentes inn fra 24SevenOffice; ignore: blir liggende (finnes bare på den ene siden).',
});

export const reconciliationIdSchema = z.object({ id: z.string().uuid('Ukjent avstemming') });
export const reconciliationRowParamsSchema = z.object({
  id: z.string().uuid('Ukjent avstemming'),
  rowId: z.string().uuid('Ukjent rad'),
});

export const reconciliationQuerySchema = z.strictObject({
  entity: entity.optional(),
  action: action.optional(),
  q: z.string().trim().max(100).optional(),
  offset: z.coerce.number().int().min(0, 'offset kan ikke være negativ').optional(),
  limit: z.coerce.number().int().min(1).max(500, 'limit kan være høyst 500').optional(),
});

export const remoteSearchQuerySchema = z.strictObject({
  entity: entity.optional(),
  q: z.string().trim().max(100).optional(),
});

export const decisionSchema = z.strictObject({
  action: z.enum(['link', 'create', 'skip'], { error: 'Velg link, create eller skip' }),
  remoteId: z.string().trim().max(40).nullable().optional().meta({
    description: 'Id-en i 24SevenOffice raden skal kobles til (kreves for link).',
  }),
});

const remote = z.object({
  id: z.string(),
  label: z.string(),
  detail: z.record(z.string(), z.string().nullable()),
});

const summary = z.object({
  link: z.number().int().meta({ description: '«N kobles til eksisterende»' }),
  create: z.number().int().meta({ description: '«M opprettes i 24SO»' }),
  import: z.number().int().meta({ description: '«K hentes inn»' }),
  undecided: z.number().int().meta({ description: '«L må avgjøres»' }),
  skip: z.number().int(),
  ignore: z.number().int(),
  perEntity: z.record(z.enum(API_ENTITIES), z.record(z.string(), z.number().int())),
});

export const reconciliationSchema = z.object({
  id: z.string(),
  state: z.enum(['reading', 'ready', 'confirmed', 'failed', 'superseded']).meta({
    description:
      'reading: leser fra 24SevenOffice; ready: venter på avgjørelser og bekreftelse; confirmed: brukt; failed: lesingen feilet (message sier hvorfor); superseded: en nyere er startet.',
  }),
  message: z.string().nullable(),
  calls: z.number().int().meta({ description: 'Kall mot 24SevenOffice lesingen brukte.' }),
  requestedBy: z.string(),
  confirmedBy: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  createdAt: z.string(),
  summary,
  rows: z.array(
    z.object({
      id: z.string(),
      entity,
      action,
      proposedAction: action,
      matchedBy: z.enum(['link', 'org_number', 'number', 'email', 'name']).nullable().meta({
        description: 'Hva som ga treffet: eksisterende kobling, org.nr., nummer, e-post eller bare navn.',
      }),
      certainty: z.enum(['exact', 'name', 'none']),
      local: z.record(z.string(), z.string().nullable()).nullable(),
      remote: remote.nullable(),
      candidates: z.array(remote),
      decidedBy: z.string().nullable(),
      decidedAt: z.string().nullable(),
    }),
  ),
  total: z.number().int().meta({ description: 'Rader som passer filteret (rows er én side av dem).' }),
});

export const startedSchema = z.object({ id: z.string(), state: z.literal('reading') });

export const remoteListSchema = z.object({ items: z.array(remote.extend({ entity })) });

const reconciliationHead = {
  id: z.string(),
  state: z.enum(['reading', 'ready', 'confirmed', 'failed', 'superseded']),
  message: z.string().nullable(),
  calls: z.number().int(),
  requestedBy: z.string(),
  confirmedBy: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  createdAt: z.string(),
};

export const reconciliationListSchema = z.object({ items: z.array(z.object(reconciliationHead)) });

export const decidedSchema = z.object({
  id: z.string(),
  action,
  remoteId: z.string().nullable(),
  decidedBy: z.string().nullable(),
});

export const confirmedSchema = z.object({
  linked: z.number().int(),
  skipped: z.number().int(),
  toCreate: z.number().int(),
  workersLinked: z.number().int(),
});
