// Exact money for invoice lines, as 24SO computes an order: a line's amount is quantity ×
// unit price without rounding (quantities and prices have two decimals, so an amount is a
// whole number of 1/100 øre), VAT is the sum of each line's amount × its rate, and only the
// order's totals are rounded (half away from zero): OrderTotalVat and OrderTotalIncVat; the
// net total shown is their difference. See docs/decisions.md, "Invoice money".

/** Hundredths of an øre: quantity (hundredths) × unit price (øre). */
export type Units = bigint;

/**
 * A line's exact amount.
 * @example lineUnits(1250, 455) // 12.5 × 4.55 kr = 568750n (56.875 kr)
 */
export function lineUnits(quantityHundredths: number, unitPriceOre: number): Units {
  return BigInt(quantityHundredths) * BigInt(unitPriceOre);
}

/** Integer division rounding half away from zero. */
export function roundDiv(n: bigint, d: bigint): bigint {
  const negative = n < 0n;
  const abs = negative ? -n : n;
  const q = (abs * 2n + d) / (d * 2n);
  return negative ? -q : q;
}

/**
 * Units → whole øre, rounded half away from zero.
 * @example unitsToOre(568750n) // 5688
 */
export function unitsToOre(units: Units): number {
  return Number(roundDiv(units, 100n));
}

/**
 * Hours for an invoice line: minutes → hundredths of an hour, rounded half up. Exact whenever
 * the minutes divide by 3 (quarter hours, tenths of an hour); otherwise the nearest 0.01 h.
 * @example hoursHundredths(450) // 750 (7.5 h); hoursHundredths(20) // 33
 */
export function hoursHundredths(minutes: number): number {
  return Number(roundDiv(BigInt(minutes) * 100n, 60n));
}

/** A VAT rate in hundredths of a percent: 25 % → 2500. */
export type RateBp = number;
export const STANDARD_VAT: RateBp = 2500;

/**
 * Parses 24SO's rate text ("25", "15.00", "0") into hundredths of a percent.
 * @example parseRate('25') // 2500
 */
export function parseRate(text: string | number | null | undefined): RateBp | undefined {
  if (text === null || text === undefined || text === '') return undefined;
  const m = /^(\d+)(?:\.(\d+))?$/.exec(String(text).trim());
  if (!m) return undefined;
  const frac = (m[2] ?? '').padEnd(2, '0');
  if (frac.slice(2).replace(/0/g, '') !== '') return undefined;
  return Number(m[1]) * 100 + Number(frac.slice(0, 2));
}

/** "25" / "12.5" from hundredths of a percent. */
export function formatRate(rate: RateBp): string {
  const whole = Math.trunc(rate / 100);
  const frac = rate % 100;
  return frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}`;
}

export interface Totals {
  /** Sum before VAT, in øre (gross − vat, as 24SO shows it). */
  netOre: number;
  vatOre: number;
  grossOre: number;
}

/**
 * Order totals the way 24SO computes them.
 * @example orderTotals([{ units: 568750n, rate: 2500 }]) // { netOre: 5688, vatOre: 1422, grossOre: 7109 }
 */
export function orderTotals(lines: readonly { units: Units; rate: RateBp }[]): Totals {
  let net = 0n;
  let vat = 0n; // in 1/100 øre × 1/10000 (rate in hundredths of a percent)
  for (const l of lines) {
    net += l.units;
    vat += l.units * BigInt(l.rate);
  }
  const grossOre = Number(roundDiv(net * 10_000n + vat, 1_000_000n));
  const vatOre = Number(roundDiv(vat, 1_000_000n));
  return { netOre: grossOre - vatOre, vatOre, grossOre };
}
