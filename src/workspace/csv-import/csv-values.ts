// The spellings spreadsheets use for dates, yes/no and numbers, turned into the API's input
// forms so that the domain's own parsers and schemas then judge each value exactly as they
// judge an API call or a form post. Only the spelling is converted here, never the rules.

export type Converted<T> = { ok: true; value: T } | { ok: false; message: string };

const NORWEGIAN_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/**
 * `dd.mm.åååå` (also `d.m.åååå`) or `YYYY-MM-DD` → `YYYY-MM-DD`; calendar validity is left
 * to the domain's date rule.
 * @example csvDate('1.2.2026') // { ok: true, value: '2026-02-01' }
 */
export function csvDate(text: string): Converted<string> {
  const m = NORWEGIAN_DATE.exec(text);
  if (m) return { ok: true, value: `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` };
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return { ok: true, value: text };
  return { ok: false, message: 'Datoen må skrives dd.mm.åååå eller ÅÅÅÅ-MM-DD, for eksempel 14.03.2025.' };
}

const TRUE_WORDS = new Set(['ja', 'j', 'yes', 'y', 'true', 'sann', '1', 'x']);
const FALSE_WORDS = new Set(['nei', 'n', 'no', 'false', 'usann', '0']);

/**
 * Yes/no as spreadsheets write it: ja/nei, true/false, 1/0, x. Empty means the default.
 * @example csvBoolean('Ja', false) // { ok: true, value: true }
 */
export function csvBoolean(text: string, defaultValue: boolean): Converted<boolean> {
  if (text === '') return { ok: true, value: defaultValue };
  const word = text.toLowerCase();
  if (TRUE_WORDS.has(word)) return { ok: true, value: true };
  if (FALSE_WORDS.has(word)) return { ok: true, value: false };
  return { ok: false, message: 'Skriv «ja» eller «nei».' };
}

/**
 * `7.30`, `7:30`, `730` or `0730` → `07:30`, the API's time form; the domain checks the range.
 * @example csvTime('7.30') // { ok: true, value: '07:30' }
 */
export function csvTime(text: string): Converted<string> {
  const m = /^(\d{1,2})[:.]?(\d{2})$/.exec(text);
  if (!m) return { ok: false, message: 'Klokkeslettet må skrives TT:MM, for eksempel 07:30.' };
  return { ok: true, value: `${m[1].padStart(2, '0')}:${m[2]}` };
}

/**
 * Whole positive numbers (customer and employee numbers, payment days), allowing the thousands
 * spaces Excel puts in ("10 001").
 * @example csvWholeNumber('10 001') // { ok: true, value: 10001 }
 */
export function csvWholeNumber(text: string, what: string): Converted<number> {
  const digits = text.replace(/[ \u00a0\u202f]/g, '');
  if (!/^\d{1,15}$/.test(digits)) return { ok: false, message: `${what} må være et helt tall.` };
  return { ok: true, value: Number(digits) };
}

/**
 * An empty cell means "not given", the way the create schemas take an omitted field.
 * @example csvOptional('') // undefined
 */
export const csvOptional = (text: string): string | undefined => (text === '' ? undefined : text);
