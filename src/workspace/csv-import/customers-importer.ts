import type { Insertable } from 'kysely';
import { toDbBool } from '../../db/database.ts';
import {
  type CustomerCreate,
  customerCreateSchema,
  DEFAULT_PAYMENT_TERMS_DAYS,
  postalCodeProblem,
  sameOrgNumberMessage,
} from '../customers.ts';
import type { CustomerRow } from '../tables.ts';
import { parseEmail, parseOrgNumber } from '../values.ts';
import { csvBoolean, csvOptional, csvWholeNumber } from './csv-values.ts';
import { addNewProblems, type EntityImporter, type FieldProblem, type ImportWarning } from './importer.ts';
import { existingNumbers, type NumberIndex, numberTakenMessage } from './lookups.ts';
import { checkWithSchema } from './schema-check.ts';

// Customers (kunder): each row is checked with customerCreateSchema, the API's own schema; the
// number is required in a file (no auto-numbering) so that a re-import is recognised as such.

interface Context {
  numbers: NumberIndex;
  /** Live customers by org. number, for the «same org. number» warning. */
  orgs: Map<string, { id: string; number: number; name: string }>;
  /** Org. numbers seen earlier in this file, with that row's customer number. */
  fileOrgs: Map<string, number>;
}

const SCHEMA_FIELDS: Record<string, string> = {
  'address.street': 'addressStreet',
  'address.postalCode': 'addressPostalCode',
  'address.city': 'addressCity',
  'address.country': 'addressCountry',
};

export const customersImporter: EntityImporter<Context> = {
  table: 'customers',
  async load(db, workspaceId) {
    const live = await db
      .selectFrom('customers')
      .select(['id', 'number', 'name', 'org_number'])
      .where('workspace_id', '=', workspaceId)
      .where('deleted_at', 'is', null)
      .where('org_number', 'is not', null)
      .orderBy('number')
      .execute();
    const orgs = new Map<string, { id: string; number: number; name: string }>();
    for (const c of live)
      if (c.org_number && !orgs.has(c.org_number)) orgs.set(c.org_number, { ...c, number: Number(c.number) });
    return { numbers: await existingNumbers(db, 'customers', workspaceId), orgs, fileOrgs: new Map() };
  },
  key: {
    field: 'number',
    label: 'Kundenummer',
    existing: (context, key) => numberTakenMessage('Kundenummer', key, context.numbers.get(key)),
  },
  prepare(fields, context, env) {
    const problems: FieldProblem[] = [];
    const number = csvWholeNumber(fields.number, 'Kundenummeret');
    if (!number.ok) problems.push({ field: 'number', message: number.message });
    const active = csvBoolean(fields.active, true);
    if (!active.ok) problems.push({ field: 'active', message: active.message });
    let paymentTermsDays: number | undefined;
    if (fields.paymentTermsDays !== '') {
      const days = csvWholeNumber(fields.paymentTermsDays, 'Betalingsfristen');
      if (days.ok) paymentTermsDays = days.value;
      else problems.push({ field: 'paymentTermsDays', message: days.message });
    }
    const country = csvOptional(fields.addressCountry.toUpperCase());
    const input: CustomerCreate = {
      number: number.ok ? number.value : 1,
      name: fields.name,
      orgNumber: csvOptional(fields.orgNumber),
      email: csvOptional(fields.email),
      invoiceEmail: csvOptional(fields.invoiceEmail),
      phone: csvOptional(fields.phone),
      address: {
        street: csvOptional(fields.addressStreet),
        postalCode: csvOptional(fields.addressPostalCode),
        city: csvOptional(fields.addressCity),
        country,
      },
      paymentTermsDays,
      active: active.ok ? active.value : true,
    };
    const checked = checkWithSchema(customerCreateSchema, input, SCHEMA_FIELDS);
    if (!checked.ok) addNewProblems(problems, checked.errors);
    const postalProblem = postalCodeProblem(country, input.address?.postalCode);
    if (postalProblem) problems.push({ field: 'addressPostalCode', message: postalProblem });
    if (problems.length > 0 || !checked.ok || !number.ok)
      return { ok: false, errors: problems, key: number.ok ? String(number.value) : undefined };

    const v = checked.value;
    const orgNumber = v.orgNumber ? valueOrNull(parseOrgNumber(v.orgNumber)) : null;
    const email = v.email ? valueOrNull(parseEmail(v.email)) : null;
    const invoiceEmail = v.invoiceEmail ? valueOrNull(parseEmail(v.invoiceEmail)) : null;
    const row: Insertable<CustomerRow> = {
      id: env.newId(),
      workspace_id: env.workspaceId,
      number: number.value,
      name: v.name.trim(),
      org_number: orgNumber,
      email,
      invoice_email: invoiceEmail,
      phone: v.phone?.trim() || null,
      address_street: v.address?.street?.trim() || null,
      address_postal_code: v.address?.postalCode?.trim() || null,
      address_city: v.address?.city?.trim() || null,
      address_country: v.address?.country ?? 'NO',
      payment_terms_days: v.paymentTermsDays ?? DEFAULT_PAYMENT_TERMS_DAYS,
      active: toDbBool(v.active ?? true),
      created_at: env.now,
      updated_at: env.now,
      deleted_at: null,
    };
    const warnings: ImportWarning[] = [];
    if (orgNumber) {
      const other = context.orgs.get(orgNumber);
      const earlier = context.fileOrgs.get(orgNumber);
      if (other && other.number !== number.value)
        warnings.push({
          field: 'orgNumber',
          message: sameOrgNumberMessage(other.number, other.name),
          href: `/kunder/${encodeURIComponent(other.id)}`,
        });
      else if (earlier !== undefined)
        warnings.push({
          field: 'orgNumber',
          message: `Kundenummer ${earlier} i filen har samme organisasjonsnummer. Det er lov (for eksempel flere avdelinger), men sjekk at det ikke er samme kunde to ganger.`,
        });
      if (earlier === undefined) context.fileOrgs.set(orgNumber, number.value);
    }
    return {
      ok: true,
      key: String(number.value),
      warnings,
      row,
      sample: {
        number: row.number,
        name: row.name,
        orgNumber: orgNumber,
        email,
        invoiceEmail,
        phone: row.phone ?? null,
        addressStreet: row.address_street ?? null,
        addressPostalCode: row.address_postal_code ?? null,
        addressCity: row.address_city ?? null,
        addressCountry: row.address_country ?? 'NO',
        paymentTermsDays: row.payment_terms_days ?? DEFAULT_PAYMENT_TERMS_DAYS,
        active: v.active ?? true,
      },
    };
  },
};

function valueOrNull<T>(result: { ok: true; value: T } | { ok: false }): T | null {
  return result.ok ? result.value : null;
}
