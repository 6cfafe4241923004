import type { Obj } from './codec.ts';
import { format, mul, toScaled } from './decimal.ts';

// Order totals as 24SO shows them, computed exactly from the rows (no binary floats).

const HUNDRED = toScaled('100');

/**
 * Recomputes OrderTotalIncVat / OrderTotalVat from the rows (price × qty × (1 − discount)).
 * @example computeTotals(order); order.OrderTotalIncVat // '13631.63'
 */
export function computeTotals(order: Obj): void {
  let net = 0n;
  let vat = 0n;
  for (const row of (order.InvoiceRows as Obj[] | undefined) ?? []) {
    if (row.Type === 'Text' || row.Type === 'TextBold') continue;
    const gross = mul(
      toScaled(row.Price as string | undefined),
      toScaled(row.Quantity as string | undefined),
    );
    const amount = mul(gross, HUNDRED - toScaled(row.DiscountRate as string | undefined)) / 100n;
    net += amount;
    vat += mul(amount, toScaled((row.VatRate as string | undefined) ?? '25')) / 100n;
  }
  order.OrderTotalVat = format(vat);
  order.OrderTotalIncVat = format(net + vat);
}
