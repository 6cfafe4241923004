import type { LookupItem, LookupKind } from './lookup-types.ts';
import { type IntegrationSettings, type TransportKind, transportEntries } from './settings-schema.ts';

// The settings' references into 24SO (work type ids, product numbers, dimension ids), each
// with its setting path, a Norwegian name, and how to clear it. Used when a save is checked
// against 24SO, when activation lists the missing product numbers, and when mappings that the
// connected client does not have are found and cleared.

const TRANSPORT_LABELS: Record<TransportKind | 'all', string> = {
  all: 'kjøring (km, bomring og andre utgifter)',
  km: 'kjøring (km)',
  toll: 'bomring',
  other: 'andre utgifter',
};

/**
 * Every product number the order lines need, set or not, with the line kind in Norwegian.
 * @example productNoEntries(settings)[0] // { path: 'invoicing.productNo.hours', value: 'TIME', label: 'timelinjer', clear }
 */
export function productNoEntries(
  settings: IntegrationSettings,
): { path: string; value: string | null; label: string; clear: (s: IntegrationSettings) => void }[] {
  const p = settings.invoicing.productNo;
  return [
    {
      path: 'invoicing.productNo.hours',
      value: p.hours,
      label: 'timelinjer',
      clear: (s: IntegrationSettings) => {
        s.invoicing.productNo.hours = null;
      },
    },
    ...transportEntries(p.transport).map((t) => ({
      path: t.path,
      value: t.value,
      label: TRANSPORT_LABELS[t.kind],
      clear: (s: IntegrationSettings) => {
        const current = s.invoicing.productNo.transport;
        s.invoicing.productNo.transport =
          t.kind === 'all' || current === null || typeof current === 'string'
            ? null
            : { ...current, [t.kind]: null };
      },
    })),
    {
      path: 'invoicing.productNo.freeText',
      value: p.freeText,
      label: 'fritekstlinjer',
      clear: (s: IntegrationSettings) => {
        s.invoicing.productNo.freeText = null;
      },
    },
  ];
}

export interface Reference {
  path: string;
  kind: LookupKind;
  /** Which field of a list item the value must match. */
  field: 'id' | 'no';
  value: string;
  /** The start of a sentence about the value, e.g. "Arbeidstypen". */
  label: string;
  /** The mapping in Norwegian, e.g. "Arbeidstype for timetype ORD". */
  mapping: string;
  /** Removes this reference from a (copied) document. */
  clear: (s: IntegrationSettings) => void;
}

/**
 * The 24SO references of a document: work type ids, product numbers, dimension ids.
 * @example referencesOf(settings).map((r) => r.path) // ['hours.workTypeByHourType.ORD', …]
 */
export function referencesOf(s: IntegrationSettings): Reference[] {
  const refs: Reference[] = [];
  for (const [code, value] of Object.entries(s.hours.workTypeByHourType)) {
    refs.push({
      path: `hours.workTypeByHourType.${code}`,
      kind: 'work-types',
      field: 'id',
      value,
      label: 'Arbeidstypen',
      mapping: `Arbeidstype for timetype ${code}`,
      clear: (doc) => {
        delete doc.hours.workTypeByHourType[code];
      },
    });
  }
  for (const entry of productNoEntries(s)) {
    if (entry.value === null) continue;
    refs.push({
      path: entry.path,
      kind: 'products',
      field: 'no',
      value: entry.value,
      label: 'Varenummeret',
      mapping: `Varenummer for ${entry.label}`,
      clear: entry.clear,
    });
  }
  for (const [machine, value] of Object.entries(s.invoicing.dimensionByMachine)) {
    refs.push({
      path: `invoicing.dimensionByMachine.${machine}`,
      kind: 'dimensions',
      field: 'id',
      value,
      label: 'Dimensjonen',
      mapping: `Dimensjon for maskin ${machine}`,
      clear: (doc) => {
        delete doc.invoicing.dimensionByMachine[machine];
      },
    });
  }
  return refs;
}

/**
 * Whether a live list holds the referenced value.
 * @example foundIn(items, ref) // true when some item's id (or no) equals ref.value
 */
export function foundIn(items: LookupItem[], ref: Reference): boolean {
  return items.some((item) => String(item[ref.field]) === ref.value);
}

/**
 * A stored value in words, for when no name is known: never the internal «department:2» or
 * «101:GM-01» form of a dimension id.
 * @example describeValue('dimensions', 'department:2') // 'avdeling 2'
 */
export function describeValue(kind: LookupKind, value: string): string {
  if (kind === 'products') return `varenummer ${value}`;
  if (kind === 'work-types') return `arbeidstype-id ${value}`;
  const sep = value.indexOf(':');
  if (sep < 0) return `dimensjon ${value}`;
  const type = value.slice(0, sep);
  const code = value.slice(sep + 1);
  return type === 'department' ? `avdeling ${code}` : `verdi ${code} i dimensjonstype ${type}`;
}
