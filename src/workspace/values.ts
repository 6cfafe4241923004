import { z } from 'zod';
import { DomainError } from './errors.ts';

// Value rules shared by every resource. Money, quantities and durations travel as decimal
// strings and are stored as integers (øre, hundredths, minutes); nothing here goes through a
// binary float, so "0.10" + "0.20" never turns into 0.30000000000000004 on an invoice.

/** A value that failed its rule; `message` is Norwegian and fit for a user. */
export interface ValueError {
  ok: false;
  message: string;
}
export type ValueResult<T> = { ok: true; value: T } | ValueError;

const ok = <T>(value: T): ValueResult<T> => ({ ok: true, value });
const fail = (message: string): ValueError => ({ ok: false, message });

// Digits with optional thousands groups separated by a space or no-break space (the
// Norwegian way, "1 250,50"), or plain digits; then an optional decimal part after . or ,.
const DECIMAL_PATTERN = /^([+-])?(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,](\d+))?$/;

/** Regex source for decimal input strings (money and quantities), for zod and OpenAPI. */
export const DECIMAL_INPUT_REGEX = /^[+-]?(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,]\d+)?$/;

/**
 * Parses a decimal string into an integer count of 1/10^scale units, refusing extra precision.
 * @example parseScaled('1 250,50', 2, 'Beløpet') // { ok: true, value: 125050 }
 */
function parseScaled(text: string, scale: number, what: string): ValueResult<number> {
  const match = DECIMAL_PATTERN.exec(text.trim());
  if (!match) return fail(`${what} må være et tall, for eksempel 1 250,50.`);
  const [, sign, whole, fraction = ''] = match;
  const trimmedFraction = fraction.replace(/0+$/, '');
  if (trimmedFraction.length > scale) {
    return fail(`${what} kan ha høyst ${scale} desimaler.`);
  }
  const digits = whole.replace(/[ \u00a0\u202f]/g, '') + trimmedFraction.padEnd(scale, '0');
  const big = BigInt(digits);
  if (big > BigInt(Number.MAX_SAFE_INTEGER)) return fail(`${what} er for stort.`);
  const value = Number(big);
  return ok(sign === '-' && value !== 0 ? -value : value);
}

/**
 * Formats an integer count of 1/10^scale units as a decimal string with `.`.
 * @example formatScaled(125050, 2, 2) // "1250.50"; formatScaled(750, 2, 0) // "7.5"
 */
function formatScaled(units: number, scale: number, minDecimals: number): string {
  if (!Number.isSafeInteger(units)) throw new RangeError(`not a safe integer: ${units}`);
  const negative = units < 0;
  const digits = String(Math.abs(units)).padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  let fraction = digits.slice(digits.length - scale);
  while (fraction.length > minDecimals && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/**
 * Money text → øre. Accepts "1250", "1250.5", "1250.00" and Norwegian "1 250,50".
 * @example parseMoney('1 250,50') // { ok: true, value: 125050 }
 */
export function parseMoney(text: string, what = 'Beløpet'): ValueResult<number> {
  return parseScaled(text, 2, what);
}

/**
 * Øre → money text with two decimals, as the API shows it.
 * @example formatMoney(125050) // "1250.50"
 */
export function formatMoney(ore: number): string {
  return formatScaled(ore, 2, 2);
}

/**
 * Quantity text → hundredths ("12,5" km → 1250).
 * @example parseQuantity('12,5') // { ok: true, value: 1250 }
 */
export function parseQuantity(text: string, what = 'Antallet'): ValueResult<number> {
  return parseScaled(text, 2, what);
}

/**
 * Hundredths → quantity text without trailing zeros.
 * @example formatQuantity(1250) // "12.5"; formatQuantity(300) // "3"
 */
export function formatQuantity(hundredths: number): string {
  return formatScaled(hundredths, 2, 0);
}

/**
 * Hours text → whole minutes; refuses what is finer than a minute ("0.01" h is 36 seconds).
 * @example parseHours('7.5') // { ok: true, value: 450 }
 */
export function parseHours(text: string, what = 'Timer'): ValueResult<number> {
  // Ten-thousandths of an hour are exact for any decimal up to 4 places; a minute is 1/60 h,
  // so a value is whole minutes exactly when ten-thousandths × 60 divides by 10 000.
  const parsed = parseScaled(text, 4, what);
  if (!parsed.ok) return fail(`${what} må være et tall med høyst hele minutter, for eksempel 7,5.`);
  const scaled = parsed.value * 60;
  if (scaled % 10_000 !== 0) return fail(`${what} må gå opp i hele minutter (for eksempel 7.5 eller 0.25).`);
  const minutes = scaled / 10_000;
  return ok(minutes === 0 ? 0 : minutes);
}

/**
 * Minutes → hours text: exact where a decimal can be ("7.5", "0.25"), otherwise rounded to
 * two decimals (20 minutes → "0.33"); `minutes` stays the exact value beside it.
 * @example formatHours(450) // "7.5"
 */
export function formatHours(minutes: number): string {
  const tenThousandths = (minutes * 10_000) / 60;
  if (Number.isInteger(tenThousandths)) return formatScaled(tenThousandths, 4, 0);
  // Round half away from zero on integers, not floats.
  const sign = minutes < 0 ? -1 : 1;
  const abs = Math.abs(minutes);
  const hundredths = Math.floor((abs * 100 * 2 + 60) / 120);
  return formatScaled(sign * hundredths, 2, 0);
}

/**
 * Amount for a quantity at a unit price, rounded to whole øre (half away from zero).
 * @example amountForQuantity(1250, 500) // 12.5 km × 5.00 kr = 6250 øre
 */
export function amountForQuantity(hundredths: number, unitPriceOre: number): number {
  return roundedDivide(BigInt(hundredths) * BigInt(unitPriceOre), 100n);
}

/**
 * Amount for a duration at an hourly price, rounded to whole øre (half away from zero).
 * @example amountForMinutes(450, 95000) // 7.5 h × 950.00 kr = 712500 øre
 */
export function amountForMinutes(minutes: number, hourlyPriceOre: number): number {
  return roundedDivide(BigInt(minutes) * BigInt(hourlyPriceOre), 60n);
}

function roundedDivide(numerator: bigint, denominator: bigint): number {
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const q = (abs * 2n + denominator) / (denominator * 2n);
  return Number(negative ? -q : q);
}

/** Weights of the mod-11 check on the first eight digits of a Norwegian org. number. */
const ORG_WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2];

/**
 * Norwegian organisation number: 9 digits (spaces allowed on input) with a valid mod-11
 * check digit; returns the 9 digits without spaces.
 * @example parseOrgNumber('923 456 783') // { ok: true, value: '923456783' }
 */
export function parseOrgNumber(text: string): ValueResult<string> {
  const digits = text.replace(/[ \u00a0]/g, '');
  if (!/^\d{9}$/.test(digits)) return fail('Organisasjonsnummeret må ha 9 siffer.');
  if (!isValidOrgNumber(digits))
    return fail('Organisasjonsnummeret er ikke gyldig (kontrollsifferet stemmer ikke).');
  return ok(digits);
}

/**
 * True when 9 digits carry a valid mod-11 check digit.
 * @example isValidOrgNumber('923456783') // true
 */
export function isValidOrgNumber(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const sum = ORG_WEIGHTS.reduce((acc, w, i) => acc + w * Number(digits[i]), 0);
  const remainder = sum % 11;
  const check = remainder === 0 ? 0 : 11 - remainder;
  return check !== 10 && check === Number(digits[8]);
}

/**
 * Check digit for eight digits, or undefined when none exists (remainder 1); used by the seed.
 * @example orgNumberCheckDigit('92345678') // 3
 */
export function orgNumberCheckDigit(first8: string): number | undefined {
  const sum = ORG_WEIGHTS.reduce((acc, w, i) => acc + w * Number(first8[i]), 0);
  const remainder = sum % 11;
  const check = remainder === 0 ? 0 : 11 - remainder;
  return check === 10 ? undefined : check;
}

// Pragmatic e-mail rule: one @, no spaces, a dot in the domain. Full RFC 5322 accepts
// addresses no mail system a contractor uses would deliver to.
const EMAIL_PATTERN = /^[^\s@"<>(),;:]+@[^\s@"<>(),;:]+\.[^\s@"<>(),;:.]{2,}$/;

/**
 * E-mail address, trimmed and lower-cased.
 * @example parseEmail(' Ola@Firma.no ') // { ok: true, value: 'ola@firma.no' }
 */
export function parseEmail(text: string): ValueResult<string> {
  const value = text.trim().toLowerCase();
  if (value.length > 254 || !EMAIL_PATTERN.test(value)) return fail('E-postadressen er ikke gyldig.');
  return ok(value);
}

export const DATE_REGEX = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `YYYY-MM-DD` that is a real calendar date (no 31 April, 29 February only in leap years).
 * @example parseDate('2024-02-29') // { ok: true, value: '2024-02-29' }
 */
export function parseDate(text: string): ValueResult<string> {
  if (!DATE_REGEX.test(text)) return fail('Datoen må skrives ÅÅÅÅ-MM-DD, for eksempel 2025-03-14.');
  if (!isCalendarDate(text)) return fail('Datoen finnes ikke i kalenderen.');
  return ok(text);
}

/**
 * True for `YYYY-MM-DD` strings naming a real day.
 * @example isCalendarDate('2025-02-29') // false
 */
export function isCalendarDate(text: string): boolean {
  if (!DATE_REGEX.test(text)) return false;
  // Read digit by digit: a CSV import checks 100k dates, and split/map/Date took ten times as long.
  const y = digitAt(text, 0) * 1000 + digitAt(text, 1) * 100 + digitAt(text, 2) * 10 + digitAt(text, 3);
  const m = digitAt(text, 5) * 10 + digitAt(text, 6);
  const d = digitAt(text, 8) * 10 + digitAt(text, 9);
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return false;
  const leapDay = m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 1 : 0;
  return d <= DAYS_IN_MONTH[m - 1] + leapDay;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const digitAt = (text: string, index: number): number => text.charCodeAt(index) - 48;

export const TIME_REGEX = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * `HH:MM` on a 24-hour clock → minutes after midnight.
 * @example parseTime('07:30') // { ok: true, value: 450 }
 */
export function parseTime(text: string): ValueResult<number> {
  if (!TIME_REGEX.test(text)) return fail('Klokkeslettet må skrives TT:MM, for eksempel 07:30.');
  const [h, m] = text.split(':').map(Number);
  return ok(h * 60 + m);
}

// ---- zod helpers: strings with a regex (JSON-schema friendly) plus a refinement running the
// exact rule, so `z.toJSONSchema(schema, { io: 'input' })` works and nothing is transformed.

function refined<T>(base: z.ZodString, parse: (text: string) => ValueResult<T>): z.ZodString {
  return base.superRefine((value, ctx) => {
    const result = parse(value);
    if (!result.ok) ctx.addIssue({ code: 'custom', message: result.message, input: value });
  });
}

/** Money input: "1250.00" or "1 250,50". */
export const moneyInput = (description = 'Beløp i kroner som desimaltekst, f.eks. "1250.00"') =>
  refined(z.string().regex(DECIMAL_INPUT_REGEX, 'Beløpet må være et tall, for eksempel 1 250,50.'), (t) => {
    const r = parseMoney(t);
    return r.ok && r.value < 0 ? fail('Beløpet kan ikke være negativt.') : r;
  }).describe(description);

/**
 * Money input that may be negative (e.g. a discount line on an order).
 * @public — the invoicing work (order lines) uses it; kept although nothing here does yet.
 */
export const signedMoneyInput = (description = 'Beløp i kroner som desimaltekst, kan være negativt') =>
  refined(z.string().regex(DECIMAL_INPUT_REGEX, 'Beløpet må være et tall, for eksempel 1 250,50.'), (t) =>
    parseMoney(t),
  ).describe(description);

/** Money output: always two decimals with a dot. */
export const moneyOutput = (description = 'Beløp i kroner, to desimaler') =>
  z
    .string()
    .regex(/^-?\d+\.\d{2}$/)
    .describe(description)
    .meta({ examples: ['1250.00'] });

/** Quantity input, up to two decimals ("12,5"); may be negative when `signed`. */
export const quantityInput = (description = 'Antall som desimaltekst, f.eks. "12.5"', signed = false) =>
  refined(z.string().regex(DECIMAL_INPUT_REGEX, 'Antallet må være et tall, for eksempel 12,5.'), (t) => {
    const r = parseQuantity(t);
    return r.ok && !signed && r.value < 0 ? fail('Antallet kan ikke være negativt.') : r;
  }).describe(description);

/** Quantity output: decimal text without trailing zeros. */
export const quantityOutput = (description = 'Antall som desimaltekst') =>
  z
    .string()
    .regex(/^-?\d+(\.\d{1,2})?$/)
    .describe(description)
    .meta({ examples: ['12.5'] });

/** Hours input ("7.5"), whole minutes only. */
export const hoursInput = (description = 'Timer som desimaltekst, f.eks. "7.5" (hele minutter)') =>
  refined(z.string().regex(DECIMAL_INPUT_REGEX, 'Timer må være et tall, for eksempel 7,5.'), (t) => {
    const r = parseHours(t);
    return r.ok && r.value < 0 ? fail('Timer kan ikke være negative.') : r;
  }).describe(description);

/** Hours output ("7.5"). */
export const hoursOutput = (description = 'Timer som desimaltekst') =>
  z
    .string()
    .regex(/^-?\d+(\.\d{1,4})?$/)
    .describe(description)
    .meta({ examples: ['7.5'] });

/** Org. number input: 9 digits with mod-11 check, spaces allowed. */
export const orgNumberInput = () =>
  refined(z.string().regex(/^[\d \u00a0]{9,13}$/, 'Organisasjonsnummeret må ha 9 siffer.'), parseOrgNumber)
    .describe('Organisasjonsnummer, 9 siffer med gyldig kontrollsiffer (mod 11)')
    .meta({ examples: ['923456783'] });

/** E-mail input. */
export const emailInput = (description = 'E-postadresse') =>
  refined(z.string().max(254), parseEmail).describe(description);

/** `YYYY-MM-DD` calendar date. */
export const dateString = (description = 'Dato, ÅÅÅÅ-MM-DD') =>
  refined(z.string().regex(DATE_REGEX, 'Datoen må skrives ÅÅÅÅ-MM-DD.'), parseDate)
    .describe(description)
    .meta({ format: 'date', examples: ['2025-03-14'] });

/** `HH:MM` time of day. */
export const timeString = (description = 'Klokkeslett, TT:MM') =>
  z.string().regex(TIME_REGEX, 'Klokkeslettet må skrives TT:MM, for eksempel 07:30.').describe(description);

/** ISO-8601 UTC timestamp as stored. */
export const timestampOutput = (description = 'Tidspunkt, ISO 8601 (UTC)') =>
  z.string().describe(description).meta({ format: 'date-time' });

// Control characters: no field has a place for NUL, escape or the other C0/C1 codes (PostgreSQL
// cannot even store NUL in text); tab and line breaks belong only in a text area.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL_ANYWHERE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL_SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** The Norwegian message for text holding a control character where none belongs. */
export const CONTROL_CHARACTER_MESSAGE =
  'Teksten inneholder et usynlig kontrolltegn (for eksempel NUL) som ikke er tillatt. Fjern det og prøv igjen.';

/**
 * True when text holds a control character that has no place in it. A single-line field
 * refuses tab and line breaks too; a text area (`multiline`) allows tab, CR and LF.
 * @example hasControlCharacters('a\u0000b') // true; hasControlCharacters('a\nb', { multiline: true }) // false
 */
export function hasControlCharacters(text: string, options: { multiline?: boolean } = {}): boolean {
  return (options.multiline ? CONTROL_ANYWHERE : CONTROL_SINGLE_LINE).test(text);
}

/** Refuses control characters in a zod string (single-line unless `multiline`). */
const noControl = (base: z.ZodString, multiline = false): z.ZodString =>
  base.refine((v) => !hasControlCharacters(v, { multiline }), { message: CONTROL_CHARACTER_MESSAGE });

/** Non-empty trimmed text up to `max` characters, on one line. */
export const requiredText = (max: number, description: string) =>
  noControl(z.string().trim().min(1, 'Feltet må fylles ut.').max(max, `Høyst ${max} tegn.`)).describe(
    description,
  );

/** Optional free text on one line; empty strings are kept as they are. */
export const optionalText = (max: number, description: string) =>
  noControl(z.string().trim().max(max, `Høyst ${max} tegn.`)).describe(description);

/** Optional free text from a text area: tab and line breaks allowed, other control characters not. */
export const multilineText = (max: number, description: string) =>
  noControl(z.string().trim().max(max, `Høyst ${max} tegn.`), true).describe(description);

/** An optional field where "" means the same as null ("no value"), as forms and files send it. */
export const blankable = <T extends z.ZodType>(schema: T) =>
  z
    .union([z.literal(''), schema])
    .nullable()
    .optional();

/** Record id (a UUID made by the app). */
export const idString = (description = 'Id') => noControl(z.string().min(1).max(64)).describe(description);

/** Pattern for record numbers and codes held as text ("GM-01", "1001", "P-1001", "OT50"). */
export const CODE_REGEX = /^[A-Za-z0-9ÆØÅæøå][A-Za-z0-9ÆØÅæøå._/-]{0,29}$/;

/** A number or code held as text: letters, digits and . _ / -, at most 30 characters. */
export const codeInput = (description: string) =>
  z
    .string()
    .trim()
    .regex(CODE_REGEX, 'Bruk bokstaver, tall og . _ / - (høyst 30 tegn, ingen mellomrom).')
    .describe(description);

/**
 * Unwraps a value-rule result or throws an 'invalid' DomainError on `field`.
 * @example const ore = unwrapValue(parseMoney(input.hourlyPrice), 'hourlyPrice');
 */
export function unwrapValue<T>(result: ValueResult<T>, field: string): T {
  if (!result.ok) throw new DomainError('invalid', result.message, field);
  return result.value;
}

/** Blank text means "no value": "" and whitespace become null, undefined stays "not given". */
export const blankToNull = (v: string | null | undefined): string | null | undefined =>
  v === undefined ? undefined : v === null || v.trim() === '' ? null : v.trim();
