import { z } from 'zod';

// The settings document, exactly the shape of GET/PUT /api/v1/integration/settings. Every
// message a user can see is Norwegian and names the field through its path.

const sync = z.enum(['auto', 'manual'], { error: 'Velg «auto» (automatisk) eller «manual» (manuell)' });
const direction = z.enum(['import', 'export'], { error: 'Velg «import» eller «export»' });
const productNo = z
  .string({ error: 'Skriv et varenummer fra 24SevenOffice' })
  .trim()
  .min(1, 'Varenummeret kan ikke være tomt')
  .max(100, 'Varenummeret kan være høyst 100 tegn')
  .nullable();
// Ids from 24SO arrive as numbers or strings; they are kept as strings so nothing is lost.
const id = z
  .union([z.string().trim().min(1, 'Verdien kan ikke være tom').max(100), z.number().int()], {
    error: 'Skriv en id fra 24SevenOffice',
  })
  .transform(String);

/** A section of the document; `null`, a list or text in its place is named in Norwegian. */
const section = <T extends z.core.$ZodLooseShape>(shape: T) =>
  z.strictObject(shape, { error: 'Må være et objekt med innstillinger' });
/** A mapping table keyed by a workspace record (hour type code, machine number). */
const mapping = (key: string) =>
  z
    .record(z.string().min(1, `${key} kan ikke være tom`), id.nullable(), {
      error: `Må være et objekt: ${key.toLowerCase()} → id i 24SevenOffice`,
    })
    .transform(dropNulls);

export const settingsSchema = section({
  customers: section({
    sync,
    direction,
    paymentTermsDays: z
      .number({ error: 'Betalingstid må være et helt antall dager' })
      .int('Betalingstid må være et helt antall dager')
      .min(0, 'Betalingstid kan ikke være negativ')
      .max(365, 'Betalingstid kan være høyst 365 dager'),
  }),
  projects: section({
    sync,
    direction,
    includeCustomer: z.boolean({ error: 'Velg om kunden skal tas med (true/false)' }),
  }),
  hours: section({
    sync,
    startDate: z.iso.date({ error: 'Startdato må være en dato på formen ÅÅÅÅ-MM-DD' }).nullable(),
    workTypeByHourType: mapping('Timetypekoden'),
  }),
  products: section({ sync, direction }),
  invoicing: section({
    invoiceType: z.enum(['single-line', 'multi-line'], {
      error: 'Velg «single-line» (enlinjet) eller «multi-line» (flerlinjet)',
    }),
    groupHoursByType: z.boolean({ error: 'Velg om timelinjer skal grupperes per timetype (true/false)' }),
    productNo: section({
      hours: productNo,
      // One number for every transport line (km, toll, other expenses), or one per kind; see
      // canonicalTransport for which form is stored.
      transport: z
        .union([productNo, z.strictObject({ km: productNo, toll: productNo, other: productNo })], {
          error: 'Skriv ett varenummer, eller et objekt med km, toll og other',
        })
        .transform(canonicalTransport),
      freeText: productNo,
    }),
    dimensionByMachine: mapping('Maskinnummeret'),
  }),
});

export type IntegrationSettings = z.output<typeof settingsSchema>;

/** The transport lines' product number: one for all kinds, or one per kind. */
export type TransportProductNo = string | null | Record<TransportKind, string | null>;
export type TransportKind = 'km' | 'toll' | 'other';
const TRANSPORT_KINDS: TransportKind[] = ['km', 'toll', 'other'];

/**
 * The stored form: a single number (or null) when all kinds share it, the per-kind object only
 * when they differ, so `productNo` reads `{hours, transport, freeText}` in the common case.
 * @example canonicalTransport({ km: 'KM', toll: 'KM', other: 'KM' }) // 'KM'
 */
function canonicalTransport(t: TransportProductNo): TransportProductNo {
  if (t === null || typeof t === 'string') return t;
  return t.km === t.toll && t.km === t.other ? t.km : t;
}

/**
 * The product number of each transport kind, whichever form the document holds.
 * @example transportProductNos('KM') // { km: 'KM', toll: 'KM', other: 'KM' }
 */
export function transportProductNos(t: TransportProductNo): Record<TransportKind, string | null> {
  return t === null || typeof t === 'string' ? { km: t, toll: t, other: t } : t;
}

/**
 * The transport product number(s) with their setting paths: one entry for the single form,
 * one per kind otherwise (so errors and blockers name what the document holds).
 * @example transportEntries('KM') // [{ path: 'invoicing.productNo.transport', kind: 'all', value: 'KM' }]
 */
export function transportEntries(
  t: TransportProductNo,
): { path: string; kind: TransportKind | 'all'; value: string | null }[] {
  const base = 'invoicing.productNo.transport';
  if (t === null || typeof t === 'string') return [{ path: base, kind: 'all', value: t }];
  return TRANSPORT_KINDS.map((kind) => ({ path: `${base}.${kind}`, kind, value: t[kind] }));
}

function dropNulls(map: Record<string, string | null>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map)) if (v !== null) out[k] = v;
  return out;
}

/**
 * The settings a workspace starts with: everything manual (nothing moves before the admin
 * says so), export to 24SO, 14 days payment terms, no mappings yet.
 * @example const settings = defaultSettings();
 */
export function defaultSettings(): IntegrationSettings {
  return {
    customers: { sync: 'manual', direction: 'export', paymentTermsDays: 14 },
    projects: { sync: 'manual', direction: 'export', includeCustomer: true },
    hours: { sync: 'manual', startDate: null, workTypeByHourType: {} },
    products: { sync: 'manual', direction: 'export' },
    invoicing: {
      invoiceType: 'multi-line',
      groupHoursByType: true,
      productNo: { hours: null, transport: null, freeText: null },
      dimensionByMachine: {},
    },
  };
}

/** Maps whose keys are workspace records: a PUT replaces them whole instead of merging. */
const REPLACED_MAPS = new Set(['hours.workTypeByHourType', 'invoicing.dimensionByMachine']);

/**
 * Lays a (possibly partial) input over the current document, so a client may send only the
 * sections it changes. The two mapping tables are replaced whole when given.
 * @example mergeSettingsInput(current, { customers: { paymentTermsDays: 30 } })
 */
export function mergeSettingsInput(current: unknown, input: unknown, path = ''): unknown {
  // A single transport number merges like the three per-kind numbers it stands for.
  const base =
    path === 'invoicing.productNo.transport' && isPlainObject(input) && !isPlainObject(current)
      ? transportProductNos(typeof current === 'string' ? current : null)
      : current;
  if (!isPlainObject(base) || !isPlainObject(input) || REPLACED_MAPS.has(path)) return input;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(input)) {
    const childPath = path ? `${path}.${key}` : key;
    out[key] = key in base ? mergeSettingsInput(base[key], value, childPath) : value;
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface SettingsFieldError {
  path: string;
  message: string;
}

/**
 * Validates a full document; issues become Norwegian messages with dotted field paths.
 * @example const r = validateSettingsShape(doc); if (!r.ok) console.log(r.errors[0].path);
 */
export function validateSettingsShape(
  doc: unknown,
): { ok: true; settings: IntegrationSettings } | { ok: false; errors: SettingsFieldError[] } {
  // Every schema above names its own error; the per-parse map only keeps a missed case Norwegian.
  const parsed = settingsSchema.safeParse(doc, { error: () => 'Ugyldig verdi' });
  if (parsed.success) return { ok: true, settings: parsed.data };
  const errors: SettingsFieldError[] = [];
  for (const issue of parsed.error.issues) {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        errors.push({ path: base ? `${base}.${key}` : key, message: 'Ukjent innstilling' });
    } else if (issue.code === 'invalid_type' && valueAt(doc, issue.path) === undefined) {
      errors.push({ path: base, message: 'Feltet mangler' });
    } else {
      errors.push({ path: base, message: issue.message });
    }
  }
  return { ok: false, errors };
}

// zod does not report the offending input by default; look it up to tell "missing" from "wrong".
function valueAt(doc: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = doc;
  for (const key of path) {
    if (!isPlainObject(v)) return undefined;
    v = v[key as string];
  }
  return v;
}
