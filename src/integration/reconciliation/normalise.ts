// Keys the reconciliation matches on, normalised so that spelling differences between the
// workspace and 24SO do not hide a match: case, whitespace, punctuation, the company-form
// suffix written «AS», «A/S» or «A.S.», and spaces inside org. numbers.

const FORM_SUFFIX = /\s+(a\s*\/\s*s|a\s*\.\s*s\s*\.?|as|asa)$/u;

/**
 * A company or person name reduced to what identifies it: lower case, no punctuation, single
 * spaces, the «AS»/«A/S» suffix dropped. Empty when nothing is left.
 * @example normaliseName('Nordvik  Bygg A/S') // 'nordvik bygg'
 */
export function normaliseName(name: string | null | undefined): string {
  if (!name) return '';
  let s = name.normalize('NFKC').toLowerCase().trim().replace(/\s+/gu, ' ');
  s = s.replace(FORM_SUFFIX, '');
  return s
    .replace(/[^\p{L}\p{N} ]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * An org. number as digits only; empty when it has none.
 * @example normaliseOrgNumber('923 456 783') // '923456783'
 */
export function normaliseOrgNumber(value: string | null | undefined): string {
  return value ? value.replace(/\D+/gu, '') : '';
}

/**
 * An e-mail address trimmed and lower case; empty when it has no «@».
 * @example normaliseEmail(' Post@Nordvik.no ') // 'post@nordvik.no'
 */
export function normaliseEmail(value: string | null | undefined): string {
  const s = value?.trim().toLowerCase() ?? '';
  return s.includes('@') ? s : '';
}

/**
 * A record number (customer number, project number, product number) trimmed and upper case,
 * leading zeros dropped for all-digit numbers.
 * @example normaliseNumber(' 0042 ') // '42'
 */
export function normaliseNumber(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value).trim().toUpperCase();
  return /^\d+$/u.test(s) ? s.replace(/^0+(?=\d)/u, '') : s;
}
