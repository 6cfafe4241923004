import type { LookupItem } from '../../../integration/lookup-types.ts';
import { formatDate } from '../format.ts';

// Norwegian names of the integration settings and their values, for the settings page and
// the audit log (which stores dotted paths and JSON values).

const SETTING_LABELS: Record<string, string> = {
  enabled: 'Integrasjonen slått på',
  'connection.connected': 'Tilkobling: koblet til',
  'connection.client': 'Tilkobling: byttet klient',
  'connection.login': 'Tilkobling: logget inn på nytt',
  'connection.disconnected': 'Tilkobling: koblet fra',
  'mappings.cleared': 'Koblinger: ugyldige koblinger fjernet (antall)',
  'mappings.reviewConfirmed': 'Koblinger: gjennomgått og bekreftet etter bytte av klient',
  'customers.sync': 'Kunder: synkronisering',
  'customers.direction': 'Kunder: retning',
  'customers.paymentTermsDays': 'Kunder: betalingstid (dager)',
  'projects.sync': 'Prosjekt: synkronisering',
  'projects.direction': 'Prosjekt: retning',
  'projects.includeCustomer': 'Prosjekt: ta med kunden',
  'hours.sync': 'Timer: synkronisering',
  'hours.startDate': 'Timer: startdato',
  'products.sync': 'Varelager: synkronisering',
  'products.direction': 'Varelager: retning',
  'invoicing.invoiceType': 'Fakturering: fakturatype',
  'invoicing.groupHoursByType': 'Fakturering: grupper timelinjer per timetype',
  'invoicing.productNo.hours': 'Fakturering: varenummer for timelinjer',
  'invoicing.productNo.transport': 'Fakturering: varenummer for kjøring (km, bomring og andre utgifter)',
  'invoicing.productNo.transport.km': 'Fakturering: varenummer for kjøring (km)',
  'invoicing.productNo.transport.toll': 'Fakturering: varenummer for bomring',
  'invoicing.productNo.transport.other': 'Fakturering: varenummer for andre utgifter',
  'invoicing.productNo.freeText': 'Fakturering: varenummer for fritekstlinjer',
};

/**
 * The Norwegian label of a setting path.
 * @example settingLabel('hours.workTypeByHourType.ORD') // 'Timer: arbeidstype for timetype ORD'
 */
export function settingLabel(path: string): string {
  const known = SETTING_LABELS[path];
  if (known) return known;
  if (path.startsWith('hours.workTypeByHourType.'))
    return `Timer: arbeidstype for timetype ${path.slice(25)}`;
  if (path.startsWith('invoicing.dimensionByMachine.'))
    return `Fakturering: dimensjon for maskin ${path.slice(29)}`;
  return path;
}

const VALUE_LABELS: Record<string, string> = {
  auto: 'Automatisk',
  manual: 'Manuell',
  import: 'Import til Broen',
  export: 'Eksport til 24SevenOffice',
  'single-line': 'Enlinjet',
  'multi-line': 'Flerlinjet',
};

/**
 * A stored value as the admin reads it.
 * @example valueLabel('manual') // 'Manuell'; valueLabel(true) // 'Ja'; valueLabel(null) // '–'
 */
export function valueLabel(value: unknown): string {
  if (value === null || value === undefined || value === '') return '–';
  if (value === true) return 'Ja';
  if (value === false) return 'Nei';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  if (typeof value === 'string') return VALUE_LABELS[value] ?? value;
  if (typeof value === 'object') {
    // The per-kind transport numbers, e.g. "km: KM, bomring: BOM, andre utgifter: UTL".
    const names: Record<string, string> = { km: 'km', toll: 'bomring', other: 'andre utgifter' };
    return Object.entries(value)
      .map(([k, v]) => `${names[k] ?? k}: ${valueLabel(v)}`)
      .join(', ');
  }
  return String(value);
}

/** A 24SO work type as the pickers and the audit show it. @example workTypeLabel(w) // 'Ordinær (1)' */
export const workTypeLabel = (w: LookupItem): string => `${w.name} (${w.id})`;

/** A product as the pickers show it. @example productLabel(p) // 'TIME – Timer' */
export const productLabel = (p: LookupItem): string => `${p.no} – ${p.name}`;

/** A dimension as the pickers and the audit show it. @example dimensionLabel(d) // 'Maskin: Gravemaskin (GM-01)' */
export const dimensionLabel = (d: LookupItem): string => `${d.typeName}: ${d.name} (${d.value})`;

export const SYNC_OPTIONS = [
  { value: 'manual', label: 'Manuell' },
  { value: 'auto', label: 'Automatisk' },
];
export const DIRECTION_OPTIONS = [
  { value: 'export', label: 'Eksport til 24SevenOffice' },
  { value: 'import', label: 'Import til Broen' },
];
export const INVOICE_TYPE_OPTIONS = [
  { value: 'multi-line', label: 'Flerlinjet (linjene beholdes; nødvendig for inntekt per maskin)' },
  { value: 'single-line', label: 'Enlinjet (én linje med totalen)' },
];
