// Norwegian display formats and their parsers. The store keeps øre, hundredths and minutes;
// the domain layer speaks decimal strings ("1250.00", "7.5") and ISO dates. This file converts
// between those and what a Norwegian reads and types: "kr 1 234,50", "7,5", "31.12.2026".

/** Narrow no-break space: the thousands separator Norwegian typography uses. */
const THIN = '\u202f';

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, THIN);
}

/**
 * Formats an ISO date (or timestamp) as dd.mm.åååå; empty for null.
 * @example formatDate('2026-03-05') // '05.03.2026'
 */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

/**
 * Formats an ISO timestamp as dd.mm.åååå kl. tt:mm in Norwegian time.
 * @example formatDateTime('2026-03-05T08:30:00Z') // '05.03.2026 kl. 09:30'
 */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('nb-NO', {
    timeZone: 'Europe/Oslo',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}.${get('month')}.${get('year')} kl. ${get('hour')}:${get('minute')}`;
}

/**
 * Parses a date typed as dd.mm.åååå (or d.m.åååå) or sent by `<input type=date>` as
 * åååå-mm-dd into ISO åååå-mm-dd; undefined when it is not a real calendar date.
 * @example parseDate('5.3.2026') // '2026-03-05'
 */
export function parseDate(text: string): string | undefined {
  const t = text.trim();
  let y: number;
  let mo: number;
  let d: number;
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) {
    y = Number(m[1]);
    mo = Number(m[2]);
    d = Number(m[3]);
  } else {
    m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
    if (!m) return undefined;
    d = Number(m[1]);
    mo = Number(m[2]);
    y = Number(m[3]);
  }
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d)
    return undefined;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Formats a decimal string with a fixed number of decimals the Norwegian way:
 * comma decimal mark, narrow no-break space between thousands.
 * @example formatDecimal('1234.5', 2) // '1 234,50'
 */
export function formatDecimal(decimal: string | number | bigint, decimals: number): string {
  const text = String(decimal).trim();
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m) return text;
  const sign = m[1];
  const whole = m[2] || '0';
  const frac = (m[3] ?? '').padEnd(decimals, '0').slice(0, decimals);
  return `${sign}${groupThousands(whole.replace(/^0+(?=\d)/, ''))}${decimals > 0 ? `,${frac}` : ''}`;
}

/**
 * Formats an amount given in øre (integer) or as a decimal string in kroner.
 * @example formatMoney(123450) // 'kr 1 234,50'
 * @example formatMoney('1250.00') // 'kr 1 250,00'
 */
export function formatMoney(amount: number | bigint | string | null | undefined): string {
  if (amount === null || amount === undefined || amount === '') return '';
  if (typeof amount === 'string') {
    const formatted = formatDecimal(amount, 2);
    return formatted.startsWith('-') ? `−kr ${formatted.slice(1)}` : `kr ${formatted}`;
  }
  return formatMoney(oreToDecimal(amount));
}

/**
 * Converts øre to a decimal kroner string without floats.
 * @example oreToDecimal(123450) // '1234.50'
 */
export function oreToDecimal(ore: number | bigint): string {
  const n = BigInt(ore);
  const sign = n < 0n ? '-' : '';
  const abs = n < 0n ? -n : n;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/**
 * Formats hours with a comma and only the decimals needed; accepts minutes or a decimal string.
 * @example formatHours({ minutes: 450 }) // '7,5'
 * @example formatHours('7.50') // '7,5'
 */
export function formatHours(value: { minutes: number } | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const decimal = typeof value === 'string' ? value : minutesToDecimalHours(value.minutes);
  const formatted = formatDecimal(decimal, 2);
  return formatted.replace(/,?0+$/, '').replace(/,$/, '') || '0';
}

/** Minutes as a decimal hour string with two decimals, e.g. 450 → "7.50". */
export function minutesToDecimalHours(minutes: number): string {
  const sign = minutes < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(minutes));
  // Hundredths of an hour, rounded half up, computed in integers.
  const hundredths = Math.floor((abs * 100 + 30) / 60);
  return `${sign}${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}

/**
 * Parses a number as a Norwegian types it ("1 234,50", "1234.5", "kr 99") into a normalised
 * decimal string with at most `maxDecimals` decimals; undefined when it is not a number.
 * @example parseDecimalInput('1 234,5', 2) // '1234.5'
 */
export function parseDecimalInput(text: string, maxDecimals: number): string | undefined {
  let t = text
    .trim()
    .replace(/^kr\.?\s*/i, '')
    .replace(/\s*kr\.?$/i, '');
  t = t.replace(/[\s\u00a0\u202f]/g, '').replace(/^[−–]/, '-');
  if (t.includes(',')) {
    // A comma is the decimal mark; dots may then only be thousands separators.
    t = t.replace(/\./g, '').replace(',', '.');
  }
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(t);
  if (!m) return undefined;
  const frac = m[3] ?? '';
  if (frac.length > maxDecimals) return undefined;
  const whole = m[2].replace(/^0+(?=\d)/, '');
  return `${m[1]}${whole}${frac ? `.${frac}` : ''}`;
}

/**
 * Parses a whole positive number (e.g. a 24SO contact id); undefined unless it is one.
 * @example parsePositiveInteger(' 501 ') // 501
 */
export function parsePositiveInteger(text: string): number | undefined {
  const t = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (!/^\d{1,15}$/.test(t)) return undefined;
  const n = Number(t);
  return n > 0 ? n : undefined;
}

/**
 * Converts an ISO date to what `<input type=date>` expects (the same ISO form); empty for null.
 * @example dateInputValue('2026-03-05') // '2026-03-05'
 */
export function dateInputValue(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : '';
}

/**
 * Formats a Norwegian organisation number in groups of three.
 * @example formatOrgNumber('923456783') // '923 456 783'
 */
export function formatOrgNumber(orgNumber: string | null | undefined): string {
  if (!orgNumber) return '';
  return /^\d{9}$/.test(orgNumber)
    ? `${orgNumber.slice(0, 3)} ${orgNumber.slice(3, 6)} ${orgNumber.slice(6)}`
    : orgNumber;
}

/**
 * Formats a quantity (decimal string, e.g. stock or km) with a comma and no needless zeros.
 * @example formatQuantity('1250.5') // '1 250,5'
 */
export function formatQuantity(decimal: string | null | undefined): string {
  return formatHours(decimal);
}
