import { type Clock, systemClock } from '../db/clock.ts';
import { type Db, fromDbBool, nowIso, toDbBool } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import type { Page, PageOptions } from '../db/paging.ts';
import { containsText } from '../db/text-search.ts';
import {
  type Customer,
  type CustomerCreate,
  type CustomerFilter,
  type CustomerUpdate,
  type CustomerWarning,
  customerCreateSchema,
  customerUpdateSchema,
  DEFAULT_PAYMENT_TERMS_DAYS,
  postalCodeProblem,
  sameOrgNumberMessage,
} from './customer-schemas.ts';
import { DomainError, type DomainFieldError } from './errors.ts';
import type { FieldProblems } from './field-errors.ts';
import { keyedRegister } from './keyed-register.ts';
import type { CustomerRow } from './tables.ts';
import { blankToNull, parseEmail, parseOrgNumber, unwrapValue } from './values.ts';

// Customers (kunder): the repository. Schemas and types live in customer-schemas.ts and are
// re-exported here, so callers import everything about customers from this one file.
export * from './customer-schemas.ts';

const FIRST_CUSTOMER_NUMBER = 10001;

function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    number: Number(row.number),
    name: row.name,
    orgNumber: row.org_number,
    email: row.email,
    invoiceEmail: row.invoice_email,
    phone: row.phone,
    address: {
      street: row.address_street,
      postalCode: row.address_postal_code,
      city: row.address_city,
      country: row.address_country,
    },
    deliveryAddress:
      row.delivery_street === null && row.delivery_postal_code === null && row.delivery_city === null
        ? null
        : {
            street: row.delivery_street,
            postalCode: row.delivery_postal_code,
            city: row.delivery_city,
            country: row.delivery_country ?? 'NO',
          },
    paymentTermsDays: Number(row.payment_terms_days),
    active: fromDbBool(row.active),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Input fields → stored columns (only those present), normalising org. number and e-mails. */
function toColumns(input: CustomerUpdate): Partial<CustomerRow> {
  const cols: Partial<CustomerRow> = {};
  if (input.number !== undefined) cols.number = input.number;
  if (input.name !== undefined) cols.name = input.name.trim();
  const org = blankToNull(input.orgNumber);
  if (org !== undefined)
    cols.org_number = org === null ? null : unwrapValue(parseOrgNumber(org), 'orgNumber');
  const email = blankToNull(input.email);
  if (email !== undefined) cols.email = email === null ? null : unwrapValue(parseEmail(email), 'email');
  const invoiceEmail = blankToNull(input.invoiceEmail);
  if (invoiceEmail !== undefined) {
    cols.invoice_email = invoiceEmail === null ? null : unwrapValue(parseEmail(invoiceEmail), 'invoiceEmail');
  }
  const phone = blankToNull(input.phone);
  if (phone !== undefined) cols.phone = phone;
  if (input.address) {
    const street = blankToNull(input.address.street);
    const postal = blankToNull(input.address.postalCode);
    const city = blankToNull(input.address.city);
    if (street !== undefined) cols.address_street = street;
    if (postal !== undefined) cols.address_postal_code = postal;
    if (city !== undefined) cols.address_city = city;
    if (input.address.country !== undefined) cols.address_country = input.address.country;
  }
  if (input.deliveryAddress === null) {
    cols.delivery_street = null;
    cols.delivery_postal_code = null;
    cols.delivery_city = null;
    cols.delivery_country = null;
  } else if (input.deliveryAddress) {
    const street = blankToNull(input.deliveryAddress.street);
    const postal = blankToNull(input.deliveryAddress.postalCode);
    const city = blankToNull(input.deliveryAddress.city);
    if (street !== undefined) cols.delivery_street = street;
    if (postal !== undefined) cols.delivery_postal_code = postal;
    if (city !== undefined) cols.delivery_city = city;
    if (input.deliveryAddress.country !== undefined) cols.delivery_country = input.deliveryAddress.country;
  }
  if (input.paymentTermsDays !== undefined) cols.payment_terms_days = input.paymentTermsDays;
  if (input.active !== undefined) cols.active = toDbBool(input.active);
  return cols;
}

function checkNorwegianPostalCode(
  cols: Partial<CustomerRow>,
  existing: CustomerRow | undefined,
  problems: FieldProblems,
): void {
  const checks = [
    {
      country: cols.address_country ?? existing?.address_country,
      postal: cols.address_postal_code,
      field: 'address',
    },
    {
      country: cols.delivery_country ?? existing?.delivery_country,
      postal: cols.delivery_postal_code,
      field: 'deliveryAddress',
    },
  ];
  for (const { country, postal, field } of checks) {
    const problem = postalCodeProblem(country, postal);
    if (problem) problems.add(`${field}.postalCode`, problem);
  }
}

function numberConflict(number: number, deleted = false): DomainError {
  return new DomainError(
    'conflict',
    deleted
      ? `Kundenummer ${number} er brukt av en slettet kunde. Opprett en ny kunde med nummeret for å hente den tilbake.`
      : `Kundenummer ${number} er allerede i bruk.`,
    'number',
  );
}

const customerRows = keyedRegister<CustomerRow, Customer, number>({
  table: 'customers',
  key: 'number',
  keyKind: 'integer',
  toDomain: toCustomer,
  notFound: 'Kunden finnes ikke.',
  describe: (row) => `Kunden ${row.number} ${row.name}`,
  conflict: numberConflict,
});

/** Every problem of a customer write at once, or the columns to store. */
function prepareCustomer(db: Db, workspaceId: string, input: unknown, existing?: CustomerRow) {
  return customerRows.prepare<CustomerUpdate, Partial<CustomerRow>>(
    db,
    workspaceId,
    existing ? customerUpdateSchema : customerCreateSchema,
    input,
    toColumns,
    existing,
    (cols, problems) => checkNorwegianPostalCode(cols, existing, problems),
  );
}

/**
 * What a customer form would be told, without writing: every field's problem, or none.
 * @example const errors = await customerInputProblems(db, ws.id, body); // [{ path: 'orgNumber', … }, …]
 */
export async function customerInputProblems(
  db: Db,
  workspaceId: string,
  input: unknown,
  id?: string,
): Promise<DomainFieldError[]> {
  const existing = id ? await customerRows.existing(db, workspaceId, id) : undefined;
  return customerRows.problems(() => prepareCustomer(db, workspaceId, input, existing));
}

/**
 * Creates a customer; a missing number gets the next free one from 10001.
 * @example const c = await createCustomer(db, ws.id, { name: 'Nordvik Bygg AS', orgNumber: '923456783' });
 */
export async function createCustomer(
  db: Db,
  workspaceId: string,
  input: CustomerCreate,
  clock: Clock = systemClock,
): Promise<Customer> {
  const prepared = await prepareCustomer(db, workspaceId, input);
  const parsed = prepared.parsed as CustomerCreate;
  const cols = prepared.cols;
  const number = parsed.number ?? (await customerRows.nextNumber(db, workspaceId, FIRST_CUSTOMER_NUMBER));
  const now = nowIso(clock);
  return customerRows.insert(db, {
    id: newId(),
    workspace_id: workspaceId,
    number,
    name: parsed.name.trim(),
    org_number: cols.org_number ?? null,
    email: cols.email ?? null,
    invoice_email: cols.invoice_email ?? null,
    phone: cols.phone ?? null,
    address_street: cols.address_street ?? null,
    address_postal_code: cols.address_postal_code ?? null,
    address_city: cols.address_city ?? null,
    address_country: cols.address_country ?? 'NO',
    delivery_street: cols.delivery_street ?? null,
    delivery_postal_code: cols.delivery_postal_code ?? null,
    delivery_city: cols.delivery_city ?? null,
    delivery_country: cols.delivery_country ?? null,
    payment_terms_days: cols.payment_terms_days ?? DEFAULT_PAYMENT_TERMS_DAYS,
    active: cols.active ?? 1,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  });
}

/**
 * The customer, or undefined when missing, deleted or in another workspace.
 * @example const c = await getCustomer(db, ws.id, id);
 */
export async function getCustomer(db: Db, workspaceId: string, id: string): Promise<Customer | undefined> {
  return customerRows.get(db, workspaceId, id);
}

/**
 * Looks a customer up by its customer number.
 * @example await getCustomerByNumber(db, ws.id, 10001)
 */
export async function getCustomerByNumber(
  db: Db,
  workspaceId: string,
  number: number,
): Promise<Customer | undefined> {
  return customerRows.getByKey(db, workspaceId, number);
}

/**
 * Customers carrying an org. number (spaces ignored), for reconciliation with 24SO.
 * @example await findCustomersByOrgNumber(db, ws.id, '923 456 783')
 */
export async function findCustomersByOrgNumber(
  db: Db,
  workspaceId: string,
  orgNumber: string,
): Promise<Customer[]> {
  const rows = await db
    .selectFrom('customers')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('org_number', '=', orgNumber.replace(/\s/g, ''))
    .where('deleted_at', 'is', null)
    .orderBy('number')
    .execute();
  return rows.map(toCustomer);
}

/**
 * The customers among `ids` that exist in this workspace (unknown ids are left out).
 * @example const byId = new Map((await findCustomersByIds(db, ws.id, ids)).map((c) => [c.id, c]));
 */
export async function findCustomersByIds(
  db: Db,
  workspaceId: string,
  ids: readonly string[],
): Promise<Customer[]> {
  return customerRows.findByIds(db, workspaceId, ids);
}

/**
 * Changes the fields given; throws DomainError not_found / conflict / invalid.
 * @example await updateCustomer(db, ws.id, id, { paymentTermsDays: 30 });
 */
export async function updateCustomer(
  db: Db,
  workspaceId: string,
  id: string,
  input: CustomerUpdate,
  clock: Clock = systemClock,
): Promise<Customer> {
  const existing = await customerRows.existing(db, workspaceId, id);
  const { cols } = await prepareCustomer(db, workspaceId, input, existing);
  return customerRows.update(db, existing, cols, clock);
}

/**
 * Soft-deletes: the row stays (it may already exist in 24SO) but leaves lists and lookups.
 * Refused (ReferencedRecordError, 409) while live projects still point at the customer, since
 * their hours would otherwise be invoiced to nobody. False when there was nothing to delete.
 * @example if (!(await softDeleteCustomer(db, ws.id, id))) throw notFound;
 */
export async function softDeleteCustomer(
  db: Db,
  workspaceId: string,
  id: string,
  clock: Clock = systemClock,
): Promise<boolean> {
  return customerRows.softDelete(db, workspaceId, id, clock);
}

/**
 * One page of customers ordered by number.
 * @example const { items, nextCursor } = await listCustomers(db, ws.id, { active: true }, { limit: 20 });
 */
export async function listCustomers(
  db: Db,
  workspaceId: string,
  filter: CustomerFilter = {},
  page: PageOptions = {},
): Promise<Page<Customer>> {
  const { active } = filter;
  const search = filter.search?.trim();
  return customerRows.list(
    db,
    workspaceId,
    {
      narrow: (q) => {
        const narrowed = active === undefined ? q : q.where('active', '=', toDbBool(active));
        if (!search) return narrowed;
        // Digits also find the org. number (any part) and the customer number (exactly).
        const digits = search.replace(/\s/g, '');
        return narrowed.where((eb) =>
          eb.or([
            containsText(db, eb, 'name', search),
            ...(/^\d+$/.test(digits)
              ? [eb('org_number', 'like', `%${digits}%`), eb('number', '=', Number(digits.slice(0, 15)))]
              : []),
          ]),
        );
      },
    },
    page,
  );
}

/**
 * Warnings about a customer that do not stop a save: other live customers with the same org.
 * number, each named and linked by id.
 * @example const warnings = await customerWarnings(db, ws.id, customer);
 */
export async function customerWarnings(
  db: Db,
  workspaceId: string,
  customer: Pick<Customer, 'id' | 'orgNumber'>,
): Promise<CustomerWarning[]> {
  if (!customer.orgNumber) return [];
  const others = (await findCustomersByOrgNumber(db, workspaceId, customer.orgNumber)).filter(
    (c) => c.id !== customer.id,
  );
  return others.map((o) => ({
    path: 'orgNumber',
    message: sameOrgNumberMessage(o.number, o.name),
    customerId: o.id,
    customerNumber: o.number,
  }));
}

/**
 * Creates a customer and says what to look at: the record with `warnings` when another
 * customer has the same org. number. For the REST API's answer.
 * @example const c = await createCustomerWithWarnings(db, ws.id, input); c.warnings // [{ path: 'orgNumber', … }]
 */
export async function createCustomerWithWarnings(
  db: Db,
  workspaceId: string,
  input: CustomerCreate,
  clock: Clock = systemClock,
): Promise<Customer> {
  const customer = await createCustomer(db, workspaceId, input, clock);
  const warnings = await customerWarnings(db, workspaceId, customer);
  return warnings.length > 0 ? { ...customer, warnings } : customer;
}

/**
 * Changes a customer and returns it with `warnings` as createCustomerWithWarnings does.
 * @example await updateCustomerWithWarnings(db, ws.id, id, { orgNumber: '923456783' });
 */
export async function updateCustomerWithWarnings(
  db: Db,
  workspaceId: string,
  id: string,
  input: CustomerUpdate,
  clock: Clock = systemClock,
): Promise<Customer> {
  const customer = await updateCustomer(db, workspaceId, id, input, clock);
  const warnings = await customerWarnings(db, workspaceId, customer);
  return warnings.length > 0 ? { ...customer, warnings } : customer;
}
