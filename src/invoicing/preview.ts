import type { LookupItem, LookupResult } from '../integration/lookup-types.ts';
import { productNoEntries } from '../integration/references.ts';
import type { IntegrationSettings } from '../integration/settings-schema.ts';
import type { InvoiceOrder, InvoiceRow } from '../twentyfour/invoice-service.ts';
import type { CustomerRow, ProjectRow } from '../workspace/tables.ts';
import { formatMoney, formatQuantity } from '../workspace/values.ts';
import type { Attachment } from './attachment-schemas.ts';
import { lineUnits, orderTotals, parseRate, STANDARD_VAT } from './money.ts';
import { clip, orderLines, type PreviewRow, transferKey } from './order-lines.ts';

// The order preview: exactly the InvoiceOrder Broen will send to 24SO for an attachment,
// computed from its frozen lines (order-lines.ts) and the invoicing settings, with every blocker that keeps
// «Lag faktura (24SevenOffice)» disabled. computePreview is pure; loadPreview (preview-load.ts)
// gathers what it needs (settings, links, 24SO's product and dimension lists).

const SETTINGS_HREF = '/integrasjoner/24sevenoffice/innstillinger';

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
  /** The customer or project can be exported from here («Eksporter nå», export-dependencies.ts). */
  exportable?: boolean;
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
  /** The project manager whose 24SO employee id is `ourReference`, by the name the office knows. */
  ourReferenceName: string | null;
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
  ourReferenceName: string | undefined;
  today: string;
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
      message: `Kunden ${Number(customer.number)} ${customer.name} finnes ikke i 24SevenOffice ennå.`,
      exportable: true,
      href: `/kunder/${customer.id}`,
      fixLabel: 'Åpne kunden',
    });
  }
  if (input.projectId24 === undefined) {
    blockers.push({
      code: 'project_not_linked',
      message: `Prosjekt ${project.number} ${project.name} finnes ikke i 24SevenOffice ennå.`,
      exportable: true,
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
    ourReferenceName: input.ourReference !== undefined ? (input.ourReferenceName ?? null) : null,
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
