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
  acknowledgeDuplicates: z.boolean().optional().meta({
    description:
      'Trengs ikke lenger (godtas og overses): avstemmingen (POST /integration/reconciliation) har erstattet advarselen om duplikater.',
  }),
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

/** One entry of a live 24SO list; `id` is always a string (ids keep leading zeros). */
const lookupItemSchema = z
  .object({
    id: z.string().meta({ description: 'Id i 24SevenOffice, alltid som tekst.' }),
    name: z.string(),
  })
  .catchall(z.union([z.string(), z.number(), z.boolean(), z.null()]))
  .meta({
    description:
      'Felt utover id og name per liste: work-types {description, invoiceable}; products {no, active}; ' +
      'dimensions {typeId, typeName, value}; contacts {email, employeeId, isEmployee} (id er Kontakt ID, PersonItem.Id, som en arbeider kobles til).',
  });

export const lookupListSchema = z.object({
  items: z.array(lookupItemSchema),
  nextCursor: z.null().meta({ description: 'Alltid null: hele listen kommer i ett svar.' }),
});

export const permissionsSchema = z.object({
  items: z.array(
    z.object({
      kind: z.enum(LOOKUP_KINDS),
      label: z.string(),
      neededFor: z.string().meta({ description: 'Hvilken innstilling som trenger listen.' }),
      ok: z.boolean(),
      message: z.string().nullable().meta({ description: 'Hvorfor brukeren ikke når listen.' }),
      timedOut: z
        .literal(true)
        .optional()
        .meta({ description: 'Kontrollen ble ikke ferdig innen fristen (24SevenOffice svarte for sakte).' }),
    }),
  ),
});

const hourCounts = {
  heldBackEntries: z
    .number()
    .int()
    .meta({ description: 'Antall godkjente timeregistreringer som holdes igjen.' }),
  heldBackHours: z.number().int().meta({
    description: 'Foreldet: samme antall timeregistreringer som heldBackEntries (ikke timer).',
    deprecated: true,
  }),
  heldBackMinutes: z.number().int().meta({ description: 'Deres varighet i minutter.' }),
};
const machineCounts = {
  entriesWithoutDimension: z
    .number()
    .int()
    .meta({ description: 'Antall godkjente timeregistreringer som kommer til 24SO uten dimensjon.' }),
  hoursWithoutDimension: z.number().int().meta({
    description: 'Foreldet: samme antall som entriesWithoutDimension (ikke timer).',
    deprecated: true,
  }),
  minutesWithoutDimension: z.number().int().meta({ description: 'Deres varighet i minutter.' }),
};

const missingInClient = z.boolean().meta({
  description: 'true: koblet til noe den tilkoblede klienten ikke har (telles som ikke koblet).',
});

const invalidMappingSchema = z.object({
  path: z.string().meta({ description: 'Innstillingen, f.eks. "hours.workTypeByHourType.MASK".' }),
  value: z.string().meta({ description: 'Id-en eller varenummeret klienten ikke har.' }),
  message: z.string().meta({ description: 'Hva som er galt, på norsk.' }),
});

export const coverageSchema = z.object({
  hourTypes: z.object({
    mapped: z.number().int(),
    total: z.number().int(),
    unmapped: z.array(z.object({ code: z.string(), name: z.string(), missingInClient, ...hourCounts })),
    ...hourCounts,
  }),
  machines: z.object({
    mapped: z.number().int(),
    total: z.number().int(),
    unmapped: z.array(z.object({ number: z.string(), name: z.string(), missingInClient, ...machineCounts })),
    ...machineCounts,
  }),
  messages: z.array(z.string()).meta({
    description: 'F.eks. "2 timetyper uten arbeidstype → 37 godkjente timer blir holdt igjen".',
  }),
  invalidMappings: z
    .object({
      checked: z.boolean().meta({
        description: 'false når listene i 24SevenOffice ikke kunne leses; da sier message hvorfor.',
      }),
      message: z.string().nullable(),
      items: z.array(invalidMappingSchema),
    })
    .meta({
      description:
        'Koblinger som viser til noe den tilkoblede klienten ikke har (f.eks. etter innlogging på en annen klient). De hindrer aktivering til de er rettet eller fjernet.',
    }),
});

export const clearedMappingsSchema = z.object({
  cleared: z.array(invalidMappingSchema).meta({ description: 'Koblingene som ble fjernet (tom: ingen).' }),
  settings: z.lazy(() => settingsDocumentSchema),
});

const settingValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.record(z.string(), z.string().nullable()).meta({ description: 'Varenumre per type kjøring.' }),
]);

export const auditPageSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      version: z.number().int(),
      actor: z.string().meta({ description: 'E-post til brukeren, eller API-tokenets navn.' }),
      at: z.string(),
      path: z.string().meta({
        description:
          'Innstillingen, f.eks. "hours.workTypeByHourType.ORD" eller "enabled", eller en hendelse: ' +
          '"connection.connected", "connection.client" (byttet klient), "connection.login" (logget inn på nytt), ' +
          '"connection.disconnected", "mappings.cleared" (antall ugyldige koblinger fjernet), ' +
          '"mappings.reviewConfirmed" (koblingene bekreftet etter bytte av klient).',
      }),
      oldValue: settingValue,
      newValue: settingValue,
    }),
  ),
  nextCursor: z.string().nullable(),
});

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
      transport: z.union([productNo, z.object({ km: productNo, toll: productNo, other: productNo })]).meta({
        description:
          'Kjøring: ett varenummer for km, bomring og andre utgifter, eller ett per type ' +
          '({km, toll, other}). Lagres som ett nummer når alle tre er like.',
      }),
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

const sections = settingsDocumentSchema.shape;
const productNumbers = sections.invoicing.shape.productNo.shape;

/** What PUT accepts: any sections and any fields in them; omitted ones keep their value. */
export const settingsInputSchema = z.strictObject({
  customers: sections.customers.strict().partial().optional(),
  projects: sections.projects.strict().partial().optional(),
  hours: sections.hours.strict().partial().optional(),
  products: sections.products.strict().partial().optional(),
  invoicing: sections.invoicing
    .extend({
      productNo: z
        .strictObject({
          hours: productNumbers.hours,
          transport: z.union([
            productNo.meta({ description: 'Ett varenummer for km, bomring og andre utgifter.' }),
            z
              .strictObject({ km: productNo, toll: productNo, other: productNo })
              .partial()
              .meta({ description: 'Varenummer per type; utelatte typer beholder sitt.' }),
          ]),
          freeText: productNumbers.freeText,
        })
        .partial(),
    })
    .strict()
    .partial()
    .optional(),
});
