import type { InvoiceOrder, InvoiceRow } from '../twentyfour/invoice-service.ts';
import { formatMoney } from '../workspace/values.ts';

// The read-back: the order as 24SO stored it (GetInvoices with rows) compared with what Broen
// sent — line count, each line's product, quantity, price and dimension, customer, project and
// the totals 24SO computed — so the attachment says «Overført som ordre N» only when they
// agree, and otherwise exactly what differs.

export interface ReadBack {
  matches: boolean;
  /** What was compared, in Norwegian. */
  checked: string[];
  /** Each difference, in Norwegian. */
  differences: string[];
}

/** "7.00" → "7", "129.50" → "129.5": decimals compared by value. */
function norm(value: string | number | undefined | null): string {
  if (value === undefined || value === null || value === '') return '0';
  let text = String(value).trim();
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return text === '-0' ? '0' : text;
}

function dimensionText(row: InvoiceRow): string {
  const parts: string[] = [];
  if (row.departmentId !== undefined) parts.push(`avdeling ${row.departmentId}`);
  for (const d of row.userDefinedDimensions ?? []) parts.push(`${d.typeId}:${d.value}`);
  return parts.length > 0 ? parts.sort().join(', ') : 'uten dimensjon';
}

/**
 * Compares the sent order with the one read back.
 * @example const r = compareReadBack(sent, preview.totals, readOrder); r.matches
 */
export function compareReadBack(
  sent: InvoiceOrder,
  totals: { netOre: number; vatOre: number; grossOre: number },
  read: InvoiceOrder | undefined,
): ReadBack {
  if (!read) {
    return {
      matches: false,
      checked: [],
      differences: ['Ordren ble ikke funnet da Broen leste den tilbake fra 24SevenOffice.'],
    };
  }
  const differences: string[] = [];
  const sentRows = sent.invoiceRows ?? [];
  const readRows = (read.invoiceRows ?? []).filter((r) => r.type !== 'Text' && r.type !== 'TextBold');
  if (read.customerId !== sent.customerId)
    differences.push(`Kunde: sendt ${sent.customerId}, i 24SevenOffice ${read.customerId ?? 'ingen'}.`);
  if (read.projectId !== sent.projectId)
    differences.push(`Prosjekt: sendt ${sent.projectId}, i 24SevenOffice ${read.projectId ?? 'ingen'}.`);
  if (readRows.length !== sentRows.length)
    differences.push(`Antall linjer: sendt ${sentRows.length}, i 24SevenOffice ${readRows.length}.`);
  sentRows.forEach((s, i) => {
    const r = readRows[i];
    if (!r) return;
    const n = i + 1;
    if (r.productId !== s.productId)
      differences.push(`Linje ${n}: vare sendt ${s.productId}, i 24SevenOffice ${r.productId ?? 'ingen'}.`);
    if (norm(r.quantity) !== norm(s.quantity))
      differences.push(`Linje ${n}: antall sendt ${norm(s.quantity)}, i 24SevenOffice ${norm(r.quantity)}.`);
    if (norm(r.price) !== norm(s.price))
      differences.push(`Linje ${n}: pris sendt ${norm(s.price)}, i 24SevenOffice ${norm(r.price)}.`);
    if (dimensionText(r) !== dimensionText(s))
      differences.push(
        `Linje ${n}: dimensjon sendt ${dimensionText(s)}, i 24SevenOffice ${dimensionText(r)}.`,
      );
  });
  const gross = formatMoney(totals.grossOre);
  const vat = formatMoney(totals.vatOre);
  if (norm(read.orderTotalIncVat) !== norm(gross))
    differences.push(`Sum inkl. mva: ventet ${gross}, i 24SevenOffice ${read.orderTotalIncVat ?? 'ingen'}.`);
  if (norm(read.orderTotalVat) !== norm(vat))
    differences.push(`Mva: ventet ${vat}, i 24SevenOffice ${read.orderTotalVat ?? 'ingen'}.`);
  const dims = sentRows.filter((s) => dimensionText(s) !== 'uten dimensjon').length;
  return {
    matches: differences.length === 0,
    checked: [
      `${sentRows.length} linjer med vare, antall og pris`,
      `${dims} linjer med dimensjon`,
      `kunde og prosjekt`,
      `sum inkl. mva ${gross} og mva ${vat}`,
    ],
    differences,
  };
}
