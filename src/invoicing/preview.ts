import type { Db } from '../db/database.ts';
import type { ConnectionDeps } from '../integration/connection.ts';
import type { LookupItem, LookupResult } from '../integration/lookup-types.ts';
import { readLookup } from '../integration/lookups.ts';
import { productNoEntries } from '../integration/references.ts';
import { getSettings } from '../integration/settings.ts';
import { type IntegrationSettings, transportProductNos } from '../integration/settings-schema.ts';
import type { InvoiceOrder, InvoiceRow } from '../twentyfour/invoice-service.ts';
import type { CustomerRow, ProjectRow } from '../workspace/tables.ts';
import { TRANSPORT_KIND_LABELS } from '../workspace/transport.ts';
import { formatMoney, formatQuantity } from '../workspace/values.ts';
import type { Attachment } from './attachments.ts';
import { type BillableLine, projectWithCustomer } from './basis.ts';
import type { LinkLookup } from './links.ts';
import { lineUnits, orderTotals, parseRate, type RateBp, STANDARD_VAT, unitsToOre } from './money.ts';

// The order preview: exactly the InvoiceOrder Broen will send to 24SO for an attachment,
// computed from its frozen lines and the invoicing settings, with every blocker that keeps
// «Lag faktura (24SevenOffice)» disabled. computePreview is pure; loadPreview gathers what it
// needs (settings, links, 24SO's product and dimension lists).

const SETTINGS_HREF = '/integrasjoner/24sevenoffice/innstillinger';
const NAME_MAX = 200;

/** One order line as the preview shows it and as it will be sent. */
export interface PreviewRow {
  kind: BillableLine['kind'];
  productNo: string | null;
  productId: number | null;
  name: string;
  quantityHundredths: number;
  priceOre: number;
  rate: RateBp;
  dimension: { typeId: number; value: string } | { departmentId: number } | null;
  dimensionLabel: string;
  /** How many attachment lines this order line stands for. */
  sourceLines: number;
}

export interface Blocker {
  code:
    | 'not_connected'
    | 'customer_not_linked'
    | 'project_not_linked'
    | 'product_missing'
    | 'product_unknown'
    | 'no_price'
    | 'no_lines';
  message: string;
  /** Where to fix it. */
  href?: string;
  fixLabel?: string;
}

export interface OrderPreview {
  attachmentId: string;
  invoiceType: IntegrationSettings['invoicing']['invoiceType'];
  customer: { id: string; number: number; name: string; twentyfourId: number | null };
  project: { id: string; number: string; name: string; twentyfourId: number | null };
  yourReference: string;
  ourReference: number | null;
  paymentTermsDays: number;
  orderDate: string;
  deliveryDate: string;
  /** The key stored in 24SO's ReferenceNumber, by which Broen finds the order again. */
  referenceNumber: string;
  rows: PreviewRow[];
  totals: { netOre: number; vatOre: number; grossOre: number };
  blockers: Blocker[];
  /** The InvoiceOrder SaveInvoices gets, when nothing blocks. */
  order: InvoiceOrder | null;
}

export interface PreviewInput {
  attachment: Attachment;
  project: ProjectRow;
  customer: CustomerRow;
  settings: IntegrationSettings;
  customerId24: number | undefined;
  projectId24: number | undefined;
  /** 24SO's products (no, id, taxRate), or why they could not be read. */
  products: LookupResult;
  /** 24SO's dimension values ("<typeId>:<value>" ids), or why not; only needed for mapped machines. */
  dimensions: LookupResult | undefined;
  ourReference: number | undefined;
  today: string;
}

/**
 * The key Broen writes into the order's ReferenceNumber and searches for after an uncertain save.
 * @example transferKey({ number: 12, id: '3f2a9c1e-…' }) // 'BROEN-FV12-3f2a9c1e'
 */
export function transferKey(row: { number: number; id: string }): string {
  return `BROEN-FV${Number(row.number)}-${row.id.slice(0, 8)}`;
}

const clip = (text: string): string => (text.length > NAME_MAX ? `${text.slice(0, NAME_MAX - 1)}…` : text);

function machineLabel(l: BillableLine): string {
  return l.machineNumber ? ` – ${l.machineNumber} ${l.machineName ?? ''}`.trimEnd() : '';
}

type RawRow = Omit<PreviewRow, 'productId' | 'rate' | 'dimension' | 'dimensionLabel'> & {
  machineNumber: string | null;
};

/** Lines of the order before products and dimensions: multi-line keeps them, grouping hours. */
function orderLines(a: Attachment, s: IntegrationSettings, project: ProjectRow): RawRow[] {
  const p = s.invoicing.productNo;
  const transport = transportProductNos(p.transport);
  if (s.invoicing.invoiceType === 'single-line') {
    const net = a.lines.reduce((sum, l) => sum + lineUnits(l.quantityHundredths, l.unitPriceOre), 0n);
    return [
      {
        kind: 'hour',
        productNo: p.hours,
        name: clip(`Prosjekt ${project.number} ${project.name}, fakturavedlegg ${Number(a.row.number)}`),
        quantityHundredths: 100,
        priceOre: unitsToOre(net),
        sourceLines: a.lines.length,
        machineNumber: null,
      },
    ];
  }
  const rows: RawRow[] = [];
  const grouped = new Map<string, RawRow>();
  for (const l of a.lines) {
    if (l.kind === 'hour') {
      const name = s.invoicing.groupHoursByType
        ? `${l.hourTypeName ?? 'Timer'}${machineLabel(l)}`
        : `${l.date} ${l.employeeName ?? ''}: ${l.hourTypeName ?? 'Timer'}${machineLabel(l)}${l.text ? ` (${l.text})` : ''}`;
      const key = `${l.hourTypeId}|${l.machineId ?? ''}|${l.unitPriceOre}`;
      const existing = s.invoicing.groupHoursByType ? grouped.get(key) : undefined;
      if (existing) {
        existing.quantityHundredths += l.quantityHundredths;
        existing.sourceLines += 1;
        continue;
      }
      const row = {
        kind: l.kind,
        productNo: p.hours,
        name: clip(name),
        quantityHundredths: l.quantityHundredths,
        priceOre: l.unitPriceOre,
        sourceLines: 1,
        machineNumber: l.machineNumber,
      };
      grouped.set(key, row);
      rows.push(row);
      continue;
    }
    const kindLabel = l.transportKind ? TRANSPORT_KIND_LABELS[l.transportKind] : '';
    rows.push({
      kind: l.kind,
      productNo:
        l.kind === 'transport' && l.transportKind
          ? transport[l.transportKind]
          : l.kind === 'material'
            ? l.productNumber
            : p.freeText,
      name: clip(
        l.kind === 'transport' ? (l.text === kindLabel ? kindLabel : `${kindLabel}: ${l.text}`) : l.text,
      ),
      quantityHundredths: l.quantityHundredths,
      priceOre: l.unitPriceOre,
      sourceLines: 1,
      machineNumber: null,
    });
  }
  return rows;
}

/**
 * The order Broen will create for an attachment, and what blocks it.
 * @example const preview = computePreview({ attachment, project, customer, settings, … });
 */
export function computePreview(input: PreviewInput): OrderPreview {
  const { attachment: a, project, customer, settings } = input;
  const blockers: Blocker[] = [];
  if (input.customerId24 === undefined) {
    blockers.push({
      code: 'customer_not_linked',
      message: `Kunden ${Number(customer.number)} ${customer.name} finnes ikke i 24SevenOffice ennå. Eksporter kunden til 24SevenOffice (synkronisering av kunder) og prøv igjen.`,
      href: `/kunder/${customer.id}`,
      fixLabel: 'Åpne kunden',
    });
  }
  if (input.projectId24 === undefined) {
    blockers.push({
      code: 'project_not_linked',
      message: `Prosjekt ${project.number} ${project.name} finnes ikke i 24SevenOffice ennå. Eksporter prosjektet til 24SevenOffice (synkronisering av prosjekter) og prøv igjen.`,
      href: `/prosjekter/${project.id}`,
      fixLabel: 'Åpne prosjektet',
    });
  }
  if (a.lines.length === 0)
    blockers.push({ code: 'no_lines', message: 'Fakturavedlegget har ingen linjer.' });
  for (const l of a.lines) {
    if (l.unitPriceOre === 0) {
      blockers.push({
        code: 'no_price',
        message: `Linjen «${l.text || l.hourTypeName || l.productName || ''}» (${l.date}) har ingen pris. Sett pris (timetype, maskin eller linjen) og lag fakturavedlegget på nytt.`,
      });
    }
  }

  const products = input.products.ok ? input.products.items : [];
  if (!input.products.ok) {
    blockers.push({
      code: 'not_connected',
      message: `Kan ikke lese varene i 24SevenOffice: ${input.products.message}`,
      href: '/integrasjoner',
      fixLabel: 'Se tilkoblingen',
    });
  }
  const productByNo = new Map<string, LookupItem>(products.map((p) => [String(p.no), p]));
  const labels = new Map(productNoEntries(settings).map((e) => [e.path, e.label]));
  const raw = orderLines(a, settings, project);
  const missingReported = new Set<string>();
  const rows: PreviewRow[] = raw.map((r) => {
    let productId: number | null = null;
    let rate = STANDARD_VAT;
    if (r.productNo === null) {
      const what =
        r.kind === 'hour'
          ? labels.get('invoicing.productNo.hours')
          : r.kind === 'freeText'
            ? labels.get('invoicing.productNo.freeText')
            : 'kjøring';
      if (!missingReported.has(`${r.kind}`)) {
        missingReported.add(`${r.kind}`);
        blockers.push({
          code: 'product_missing',
          message: `Varenummer for ${what} mangler i innstillingene for fakturering. Hver ordrelinje i 24SevenOffice må ha et varenummer.`,
          href: SETTINGS_HREF,
          fixLabel: 'Åpne innstillingene',
        });
      }
    } else if (input.products.ok) {
      const found = productByNo.get(r.productNo);
      if (!found) {
        if (!missingReported.has(`no:${r.productNo}`)) {
          missingReported.add(`no:${r.productNo}`);
          blockers.push({
            code: 'product_unknown',
            message: `Varenummer «${r.productNo}» finnes ikke i 24SevenOffice.${r.kind === 'material' ? ' Eksporter varen eller opprett den i 24SevenOffice.' : ' Rett varenummeret i innstillingene.'}`,
            href: r.kind === 'material' ? '/varelager' : SETTINGS_HREF,
            fixLabel: r.kind === 'material' ? 'Åpne varelageret' : 'Åpne innstillingene',
          });
        }
      } else {
        productId = Number(found.id);
        rate = parseRate(found.taxRate as string | null | undefined) ?? STANDARD_VAT;
      }
    }
    let dimension: PreviewRow['dimension'] = null;
    let dimensionLabel = 'uten dimensjon';
    const mapped = r.machineNumber ? settings.invoicing.dimensionByMachine[r.machineNumber] : undefined;
    if (mapped) {
      const [typeId, ...rest] = mapped.split(':');
      const value = rest.join(':');
      const item = input.dimensions?.ok ? input.dimensions.items.find((d) => d.id === mapped) : undefined;
      if (typeId === 'department') {
        dimension = { departmentId: Number(value) };
        dimensionLabel = `Avdeling: ${item?.name ?? value}`;
      } else {
        dimension = { typeId: Number(typeId), value };
        dimensionLabel = `${item?.typeName ?? 'Dimensjon'}: ${value}${item ? ` (${item.name})` : ''}`;
      }
    }
    const { machineNumber: _m, ...rest } = r;
    return { ...rest, productId, rate, dimension, dimensionLabel };
  });

  const totals = orderTotals(
    rows.map((r) => ({ units: lineUnits(r.quantityHundredths, r.priceOre), rate: r.rate })),
  );
  // The last date on the attachment (ISO dates sort as text).
  const deliveryDate =
    a.lines
      .map((l) => l.date)
      .sort()
      .at(-1) ?? input.today;
  const referenceNumber = transferKey(a.row);
  const preview: OrderPreview = {
    attachmentId: a.row.id,
    invoiceType: settings.invoicing.invoiceType,
    customer: {
      id: customer.id,
      number: Number(customer.number),
      name: customer.name,
      twentyfourId: input.customerId24 ?? null,
    },
    project: {
      id: project.id,
      number: project.number,
      name: project.name,
      twentyfourId: input.projectId24 ?? null,
    },
    yourReference: a.row.your_reference,
    ourReference: input.ourReference ?? null,
    paymentTermsDays: Number(customer.payment_terms_days),
    orderDate: input.today,
    deliveryDate,
    referenceNumber,
    rows,
    totals,
    blockers,
    order: null,
  };
  if (blockers.length === 0) preview.order = toInvoiceOrder(preview);
  return preview;
}

/** The SaveInvoices item for a preview without blockers. */
function toInvoiceOrder(p: OrderPreview): InvoiceOrder {
  const rows: InvoiceRow[] = p.rows.map((r) => ({
    productId: r.productId ?? undefined,
    name: r.name,
    quantity: formatQuantity(r.quantityHundredths),
    price: formatMoney(r.priceOre),
    changeState: 'Add',
    ...(r.dimension && 'departmentId' in r.dimension ? { departmentId: r.dimension.departmentId } : {}),
    ...(r.dimension && 'typeId' in r.dimension
      ? { userDefinedDimensions: [{ typeId: r.dimension.typeId, value: r.dimension.value }] }
      : {}),
  }));
  return {
    customerId: p.customer.twentyfourId ?? undefined,
    orderStatus: 'Web',
    dateOrdered: new Date(`${p.orderDate}T00:00:00Z`),
    deliveryDate: new Date(`${p.deliveryDate}T00:00:00Z`),
    paymentTime: p.paymentTermsDays,
    projectId: p.project.twentyfourId ?? undefined,
    ...(p.ourReference !== null ? { ourReference: p.ourReference } : {}),
    ...(p.yourReference ? { yourReference: p.yourReference } : {}),
    referenceNumber: p.referenceNumber,
    invoiceTitle: clip(`Prosjekt ${p.project.number} ${p.project.name}`),
    invoiceRows: rows,
  };
}

export interface PreviewDeps {
  db: Db;
  connection: ConnectionDeps;
  links: LinkLookup;
  clock: () => Date;
}

/**
 * Gathers settings, links and 24SO's lists for an attachment and computes its preview.
 * @example const preview = await loadPreview({ db, connection, links, clock }, ws.id, attachment);
 */
export async function loadPreview(
  deps: PreviewDeps,
  workspaceId: string,
  a: Attachment,
): Promise<OrderPreview> {
  const { project, customer } = await projectWithCustomer(deps.db, workspaceId, a.row.project_id);
  const customerRow =
    customer ??
    (await deps.db
      .selectFrom('customers')
      .selectAll()
      .where('id', '=', a.row.customer_id ?? '')
      .executeTakeFirstOrThrow());
  const { settings } = await getSettings(deps.db, workspaceId);
  const products = await readLookup(deps.connection, workspaceId, 'products');
  const needsDimensions = a.lines.some(
    (l) => l.machineNumber && settings.invoicing.dimensionByMachine[l.machineNumber] !== undefined,
  );
  const dimensions = needsDimensions
    ? await readLookup(deps.connection, workspaceId, 'dimensions')
    : undefined;
  let ourReference: number | undefined;
  if (project.project_manager_id) {
    const manager = await deps.db
      .selectFrom('employees')
      .select('twentyfour_contact_id')
      .where('id', '=', project.project_manager_id)
      .executeTakeFirst();
    if (manager?.twentyfour_contact_id) {
      const contacts = await readLookup(deps.connection, workspaceId, 'contacts');
      const contact = contacts.ok
        ? contacts.items.find((c) => c.id === String(manager.twentyfour_contact_id))
        : undefined;
      if (contact?.employeeId) ourReference = Number(contact.employeeId);
    }
  }
  return computePreview({
    attachment: a,
    project,
    customer: customerRow,
    settings,
    customerId24: await deps.links(deps.db, workspaceId, 'customer', customerRow.id),
    projectId24: await deps.links(deps.db, workspaceId, 'project', project.id),
    products,
    dimensions,
    ourReference,
    today: deps.clock().toISOString().slice(0, 10),
  });
}
