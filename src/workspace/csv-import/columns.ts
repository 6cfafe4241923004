// Which header names the import understands for each entity, in Norwegian (as the UI speaks)
// and English (as the REST API spells fields). Headers are compared loosely — case, spaces,
// hyphens, underscores and dots are ignored — so "E-post", "epost" and "e_post" are one column.

import type { CsvFileError } from './csv-parse.ts';

export const IMPORT_ENTITIES = ['customers', 'employees', 'projects', 'hours'] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];

export interface ColumnSpec<K extends string = string> {
  /** Field name used inside the import (the API's camelCase name). */
  key: K;
  /** The Norwegian header shown in templates and error messages. */
  label: string;
  /** Every accepted header, label included. */
  aliases: readonly string[];
  required?: boolean;
}

const customerColumns = [
  {
    key: 'number',
    label: 'kundenummer',
    aliases: ['kundenummer', 'kundenr', 'nummer', 'number', 'customerNumber'],
    required: true,
  },
  { key: 'name', label: 'navn', aliases: ['navn', 'kundenavn', 'name'], required: true },
  {
    key: 'orgNumber',
    label: 'organisasjonsnummer',
    aliases: ['organisasjonsnummer', 'orgnr', 'orgnummer', 'orgNumber', 'organizationNumber'],
  },
  { key: 'email', label: 'e-post', aliases: ['e-post', 'epost', 'email', 'e-mail'] },
  { key: 'invoiceEmail', label: 'fakturaepost', aliases: ['fakturaepost', 'faktura-e-post', 'invoiceEmail'] },
  { key: 'phone', label: 'telefon', aliases: ['telefon', 'tlf', 'telefonnummer', 'phone'] },
  {
    key: 'addressStreet',
    label: 'adresse',
    aliases: ['adresse', 'gateadresse', 'address', 'addressStreet', 'street'],
  },
  {
    key: 'addressPostalCode',
    label: 'postnummer',
    aliases: ['postnummer', 'postnr', 'postalCode', 'addressPostalCode', 'zip'],
  },
  { key: 'addressCity', label: 'poststed', aliases: ['poststed', 'sted', 'city', 'addressCity'] },
  { key: 'addressCountry', label: 'land', aliases: ['land', 'landkode', 'country', 'addressCountry'] },
  {
    key: 'paymentTermsDays',
    label: 'betalingsfrist',
    aliases: ['betalingsfrist', 'betalingstid', 'paymentTermsDays', 'paymentTerms'],
  },
  { key: 'active', label: 'aktiv', aliases: ['aktiv', 'active'] },
] as const satisfies readonly ColumnSpec[];

const employeeColumns = [
  {
    key: 'number',
    label: 'ansattnummer',
    aliases: ['ansattnummer', 'ansattnr', 'arbeidernummer', 'nummer', 'number', 'employeeNumber'],
    required: true,
  },
  { key: 'name', label: 'navn', aliases: ['navn', 'name'], required: true },
  { key: 'email', label: 'e-post', aliases: ['e-post', 'epost', 'email', 'e-mail'] },
  { key: 'phone', label: 'telefon', aliases: ['telefon', 'tlf', 'mobil', 'phone'] },
  {
    key: 'twentyfourContactId',
    label: 'kontakt-id',
    aliases: ['kontakt-id', 'kontaktid', '24so-kontakt-id', 'twentyfourContactId', 'contactId'],
  },
  { key: 'active', label: 'aktiv', aliases: ['aktiv', 'active'] },
] as const satisfies readonly ColumnSpec[];

const projectColumns = [
  {
    key: 'number',
    label: 'prosjektnummer',
    aliases: ['prosjektnummer', 'prosjektnr', 'nummer', 'number', 'projectNumber'],
    required: true,
  },
  { key: 'name', label: 'navn', aliases: ['navn', 'prosjektnavn', 'name'], required: true },
  {
    key: 'customerNumber',
    label: 'kundenummer',
    aliases: ['kundenummer', 'kundenr', 'kunde', 'customer', 'customerNumber'],
  },
  {
    key: 'projectManagerNumber',
    label: 'prosjektleder',
    aliases: ['prosjektleder', 'prosjektledernummer', 'projectManager', 'projectManagerNumber'],
  },
  { key: 'status', label: 'status', aliases: ['status'] },
  { key: 'startDate', label: 'startdato', aliases: ['startdato', 'startDate'] },
  { key: 'endDate', label: 'sluttdato', aliases: ['sluttdato', 'endDate'] },
] as const satisfies readonly ColumnSpec[];

const hourColumns = [
  {
    key: 'employeeNumber',
    label: 'ansattnummer',
    aliases: ['ansattnummer', 'ansattnr', 'ansatt', 'arbeider', 'employee', 'employeeNumber'],
    required: true,
  },
  {
    key: 'projectNumber',
    label: 'prosjektnummer',
    aliases: ['prosjektnummer', 'prosjektnr', 'prosjekt', 'project', 'projectNumber'],
    required: true,
  },
  {
    key: 'hourTypeCode',
    label: 'timetype',
    aliases: ['timetype', 'timetypekode', 'hourType', 'hourTypeCode'],
    required: true,
  },
  { key: 'machineNumber', label: 'maskin', aliases: ['maskin', 'maskinnummer', 'machine', 'machineNumber'] },
  { key: 'date', label: 'dato', aliases: ['dato', 'date'], required: true },
  { key: 'hours', label: 'timer', aliases: ['timer', 'antall timer', 'hours'] },
  { key: 'startTime', label: 'start', aliases: ['start', 'fra', 'starttid', 'startTime'] },
  { key: 'endTime', label: 'slutt', aliases: ['slutt', 'til', 'sluttid', 'endTime'] },
  { key: 'description', label: 'beskrivelse', aliases: ['beskrivelse', 'tekst', 'kommentar', 'description'] },
  { key: 'billable', label: 'fakturerbar', aliases: ['fakturerbar', 'billable'] },
  { key: 'approved', label: 'godkjent', aliases: ['godkjent', 'approved'] },
] as const satisfies readonly ColumnSpec[];

/** The column specs per entity, in the order a template file lists them. */
export const COLUMNS: Record<ImportEntity, readonly ColumnSpec[]> = {
  customers: customerColumns,
  employees: employeeColumns,
  projects: projectColumns,
  hours: hourColumns,
};

/** Norwegian names of the entities, for messages and page titles. */
export const ENTITY_LABELS: Record<ImportEntity, { plural: string; singular: string }> = {
  customers: { plural: 'kunder', singular: 'kunde' },
  employees: { plural: 'arbeidere', singular: 'arbeider' },
  projects: { plural: 'prosjekter', singular: 'prosjekt' },
  hours: { plural: 'timer', singular: 'timeregistrering' },
};

/** A header resolved against the specs: which field each file column feeds. */
export interface ColumnMapping<K extends string = string> {
  /** Index in the record for each mapped field. */
  indexOf: Partial<Record<K, number>>;
  /** The header text as the user wrote it, for error messages ("dato", "Date", …). */
  headerOf: Record<K, string>;
}

/** "E-post", "e_post " and "EPOST" all become "epost". */
export function normalizeHeader(header: string): string {
  return header.toLowerCase().replace(/[\s\-_.]/g, '');
}

/**
 * Resolves a file's header row for one entity. Unknown, repeated and missing required columns
 * are file errors (row 1), because guessing would import data into the wrong field.
 * @example mapColumns('hours', ['Dato', 'ansatt', 'prosjekt', 'timetype', 'timer']).ok // true
 */
export function mapColumns(
  entity: ImportEntity,
  header: string[],
): { ok: true; mapping: ColumnMapping } | { ok: false; errors: CsvFileError[] } {
  const specs = COLUMNS[entity];
  const byAlias = new Map<string, ColumnSpec>();
  for (const spec of specs) for (const alias of spec.aliases) byAlias.set(normalizeHeader(alias), spec);
  const indexOf: Record<string, number> = {};
  const headerOf: Record<string, string> = {};
  for (const spec of specs) headerOf[spec.key] = spec.label;
  const errors: CsvFileError[] = [];
  header.forEach((raw, index) => {
    if (raw === '') return; // Excel often leaves an empty trailing column
    const spec = byAlias.get(normalizeHeader(raw));
    if (!spec) {
      errors.push({
        row: 1,
        message: `Ukjent kolonne «${raw}». Gyldige kolonner: ${specs.map((s) => s.label).join(', ')}.`,
      });
    } else if (indexOf[spec.key] !== undefined) {
      errors.push({
        row: 1,
        message: `Kolonnen «${raw}» er det samme som «${header[indexOf[spec.key]]}». Bruk den bare én gang.`,
      });
    } else {
      indexOf[spec.key] = index;
      headerOf[spec.key] = raw;
    }
  });
  for (const spec of specs) {
    if (spec.required && indexOf[spec.key] === undefined) {
      errors.push({ row: 1, message: `Kolonnen «${spec.label}» mangler.` });
    }
  }
  if (
    entity === 'hours' &&
    indexOf.hours === undefined &&
    (indexOf.startTime === undefined || indexOf.endTime === undefined)
  ) {
    errors.push({ row: 1, message: 'Timer trenger enten kolonnen «timer» eller både «start» og «slutt».' });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, mapping: { indexOf, headerOf } };
}

/**
 * The raw text of each mapped field in one record, trimmed; absent columns are ''.
 * @example readFields(mapping, ['01.02.2026', '7,5']) // { date: '01.02.2026', hours: '7,5', … }
 */
export function readFields<K extends string>(mapping: ColumnMapping<K>, fields: string[]): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const key in mapping.headerOf) {
    const index = mapping.indexOf[key];
    out[key] = index === undefined ? '' : (fields[index] ?? '').trim();
  }
  return out;
}

/**
 * A ready-to-fill template header for an entity (Norwegian labels, `;`-separated).
 * @example templateHeader('customers') // 'kundenummer;navn;organisasjonsnummer;…'
 */
export function templateHeader(entity: ImportEntity): string {
  return COLUMNS[entity].map((s) => s.label).join(';');
}
