import type { Db } from '../db/database.ts';
import type { Page, PageOptions } from '../db/paging.ts';
import { type ImportEntity, templateHeader } from './csv-import/columns.ts';
import type { Customer } from './customers.ts';
import type { Employee } from './employees.ts';
import type { FreeTextLine } from './free-text-lines.ts';
import type { HourEntry } from './hour-schemas.ts';
import type { HourType } from './hour-types.ts';
import type { Machine } from './machines.ts';
import type { MaterialLine } from './material-lines.ts';
import type { Product } from './products.ts';
import { PROJECT_STATUS_LABELS, type Project } from './projects.ts';
import type { ReferencedRegister } from './references.ts';
import { TRANSPORT_KIND_LABELS, type TransportEntry } from './transport.ts';
import { registerRowsByIds } from './usable-references.ts';

// Lists as CSV for Excel: UTF-8 with BOM, `;` between fields, decimal comma, dd.mm.åååå, ja/nei
// — and for customers, workers, projects, hours, material and free-text lines exactly the import
// template's columns, so a downloaded file can be imported again. The filtered selection is exported, every page of it.

/** Most rows one download holds; a bigger selection is cut here (filter it first). */
export const MAX_EXPORT_ROWS = 100_000;

type Cell = string | number | boolean | null | undefined;

/**
 * The filtered selection as a CSV stream, rendered a page (500 rows) at a time: only one page
 * is held, where collecting the whole selection first held every row, its cells and the whole
 * document at once (a 20,000-hour download was the app's biggest peak, decision 83). `render`
 * makes a CSV document of one page; the pages after the first give only their rows. Stops after
 * MAX_EXPORT_ROWS. A failure after the first page ends the stream with an
 * error (the download breaks off rather than ending short).
 * @example new Response(csvStream((p) => listHours(db, ws, q, p), (items) => hoursCsv(db, ws, items)))
 */
export function csvStream<T>(
  fetch: (page: PageOptions) => Promise<Page<T>>,
  render: (items: T[]) => Promise<string> | string,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: string | null = null;
  let rows = 0;
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const page: Page<T> = await fetch({ limit: 500, cursor });
      const items = page.items.slice(0, MAX_EXPORT_ROWS - rows);
      rows += items.length;
      cursor = page.nextCursor;
      if (first || items.length > 0) {
        const document = await render(items);
        // The header ends at the first CRLF: header cells are fixed names, never quoted.
        controller.enqueue(encoder.encode(first ? document : document.slice(document.indexOf('\r\n') + 2)));
      }
      first = false;
      if (!cursor || rows >= MAX_EXPORT_ROWS) controller.close();
    },
  });
}

const cell = (value: Cell): string => {
  const text =
    value === null || value === undefined
      ? ''
      : typeof value === 'boolean'
        ? value
          ? 'ja'
          : 'nei'
        : String(value);
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * A CSV document as Excel in Norway opens it: BOM, `;`, CRLF.
 * @example csvDocument(['navn'], [['Nordvik']]) // '\uFEFFnavn\r\nNordvik\r\n'
 */
export function csvDocument(header: readonly string[], rows: Cell[][]): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(';')).join('\r\n')}\r\n`;
}

/** "1250.50" → "1250,50"; the import reads it back. */
const comma = (decimal: string | null | undefined): string => (decimal ? decimal.replace('.', ',') : '');
/** "2025-03-14" → "14.03.2025". */
const date = (iso: string | null | undefined): string => {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
  return m ? `${m[3]}.${m[2]}.${m[1]}` : '';
};

async function keysById(
  db: Db,
  workspaceId: string,
  register: ReferencedRegister,
  ids: Array<string | null | undefined>,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  for (let i = 0; i < unique.length; i += 500) {
    for (const row of await registerRowsByIds(db, workspaceId, register, unique.slice(i, i + 500)))
      out.set(row.id, String(row.number ?? row.code));
  }
  return out;
}

const header = (entity: ImportEntity): string[] => templateHeader(entity).split(';');

/** Customers in the import template's columns. */
export function customersCsv(items: Customer[]): string {
  return csvDocument(
    header('customers'),
    items.map((c) => [
      c.number,
      c.name,
      c.orgNumber,
      c.email,
      c.invoiceEmail,
      c.phone,
      c.address.street,
      c.address.postalCode,
      c.address.city,
      c.address.country,
      c.paymentTermsDays,
      c.active,
    ]),
  );
}

/** Workers in the import template's columns. */
export function employeesCsv(items: Employee[]): string {
  return csvDocument(
    header('employees'),
    items.map((e) => [e.number, e.name, e.email, e.phone, e.twentyfourContactId, e.active]),
  );
}

/** Projects in the import template's columns (customer and manager by number, status in Norwegian). */
export async function projectsCsv(db: Db, workspaceId: string, items: Project[]): Promise<string> {
  const customers = await keysById(
    db,
    workspaceId,
    'customers',
    items.map((p) => p.customerId),
  );
  const managers = await keysById(
    db,
    workspaceId,
    'employees',
    items.map((p) => p.projectManagerId),
  );
  return csvDocument(
    header('projects'),
    items.map((p) => [
      p.number,
      p.name,
      p.customerId ? customers.get(p.customerId) : '',
      p.projectManagerId ? managers.get(p.projectManagerId) : '',
      PROJECT_STATUS_LABELS[p.status],
      date(p.startDate),
      date(p.endDate),
    ]),
  );
}

/** Hours in the import template's columns (references by number or code). */
export async function hoursCsv(db: Db, workspaceId: string, items: HourEntry[]): Promise<string> {
  const employees = await keysById(
    db,
    workspaceId,
    'employees',
    items.map((h) => h.employeeId),
  );
  const projects = await keysById(
    db,
    workspaceId,
    'projects',
    items.map((h) => h.projectId),
  );
  const hourTypes = await keysById(
    db,
    workspaceId,
    'hour_types',
    items.map((h) => h.hourTypeId),
  );
  const machines = await keysById(
    db,
    workspaceId,
    'machines',
    items.map((h) => h.machineId),
  );
  return csvDocument(
    header('hours'),
    items.map((h) => [
      employees.get(h.employeeId),
      projects.get(h.projectId),
      hourTypes.get(h.hourTypeId),
      h.machineId ? machines.get(h.machineId) : '',
      date(h.date),
      comma(h.hours),
      h.startTime,
      h.endTime,
      h.description,
      h.billable,
      h.approved,
    ]),
  );
}

/** Material lines (varelinjer) in the import template's columns (project and product by number). */
export async function materialLinesCsv(db: Db, workspaceId: string, items: MaterialLine[]): Promise<string> {
  const projects = await keysById(
    db,
    workspaceId,
    'projects',
    items.map((m) => m.projectId),
  );
  const products = await keysById(
    db,
    workspaceId,
    'products',
    items.map((m) => m.productId),
  );
  return csvDocument(
    header('material-lines'),
    items.map((m) => [
      projects.get(m.projectId),
      products.get(m.productId),
      date(m.date),
      comma(m.quantity),
      comma(m.unitPrice),
      m.description,
    ]),
  );
}

/** Free-text lines (fritekstlinjer) in the import template's columns (project by number). */
export async function freeTextLinesCsv(db: Db, workspaceId: string, items: FreeTextLine[]): Promise<string> {
  const projects = await keysById(
    db,
    workspaceId,
    'projects',
    items.map((f) => f.projectId),
  );
  return csvDocument(
    header('free-text-lines'),
    items.map((f) => [
      projects.get(f.projectId),
      date(f.date),
      f.text,
      comma(f.quantity),
      comma(f.unitPrice),
    ]),
  );
}

/** Hour types (no import template): the form's fields. */
export function hourTypesCsv(items: HourType[]): string {
  return csvDocument(
    ['kode', 'navn', 'timepris', 'fakturerbar', 'aktiv'],
    items.map((h) => [h.code, h.name, comma(h.hourlyPrice), h.billable, h.active]),
  );
}

/** Machines (no import template): the form's fields. */
export function machinesCsv(items: Machine[]): string {
  return csvDocument(
    ['maskinnummer', 'navn', 'timepris', 'aktiv'],
    items.map((m) => [m.number, m.name, comma(m.hourlyPrice), m.active]),
  );
}

/** Products (no import template): the form's fields. */
export function productsCsv(items: Product[]): string {
  return csvDocument(
    ['varenummer', 'navn', 'enhet', 'salgspris', 'innpris', 'beholdning', 'aktiv'],
    items.map((p) => [
      p.number,
      p.name,
      p.unit,
      comma(p.salesPrice),
      comma(p.costPrice),
      comma(p.stock),
      p.active,
    ]),
  );
}

/** Transport entries (no import template): project and worker by number. */
export async function transportCsv(db: Db, workspaceId: string, items: TransportEntry[]): Promise<string> {
  const projects = await keysById(
    db,
    workspaceId,
    'projects',
    items.map((t) => t.projectId),
  );
  const employees = await keysById(
    db,
    workspaceId,
    'employees',
    items.map((t) => t.employeeId),
  );
  return csvDocument(
    ['prosjektnummer', 'ansattnummer', 'dato', 'art', 'antall', 'pris', 'beløp', 'beskrivelse'],
    items.map((t) => [
      projects.get(t.projectId),
      t.employeeId ? employees.get(t.employeeId) : '',
      date(t.date),
      TRANSPORT_KIND_LABELS[t.kind],
      comma(t.quantity),
      comma(t.unitPrice),
      comma(t.amount),
      t.description,
    ]),
  );
}
