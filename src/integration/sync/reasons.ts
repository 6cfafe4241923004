import { hash } from 'node:crypto';
import {
  ClientFaultError,
  IdentityBlockedError,
  NotAuthenticatedError,
  RateLimitError,
  ResponseFormatError,
  ServerFaultError,
  TimeoutError,
  TransportError,
  type TwentyFourError,
  WrongCredentialsError,
} from '../../twentyfour/errors.ts';

// 24SO's refusals in plain Norwegian, and how the engine reads a failed call: certain (nothing
// was written) or uncertain (it may have been written; read 24SO before writing again).

const PATTERNS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/OrganizationNumber.*(not valid|invalid)/i, () => 'Organisasjonsnummeret er ugyldig i 24SevenOffice.'],
  [
    /(\w+) cannot be longer than (\d+) characters/i,
    (m) => `${fieldName(m[1] ?? '')} er for langt for 24SevenOffice (høyst ${m[2]} tegn).`,
  ],
  [/Customer with Id (\d+) does not exist/i, (m) => `Kunden (id ${m[1]}) finnes ikke i 24SevenOffice.`],
  [/Category (\d+) does not exist/i, (m) => `Varekategorien ${m[1]} finnes ikke i 24SevenOffice.`],
  [/CategoryId is required/i, () => 'Varen mangler varekategori i 24SevenOffice.'],
  [/Project status (\d+) does not exist/i, (m) => `Prosjektstatus ${m[1]} finnes ikke i 24SevenOffice.`],
  [/name is required/i, () => 'Navn mangler.'],
  [
    /(Company|Product) with Id (\d+) does not exist/i,
    (m) => `Posten (id ${m[2]}) finnes ikke lenger i 24SevenOffice.`,
  ],
];

function fieldName(field: string): string {
  switch (field.toLowerCase()) {
    case 'name':
      return 'Navnet';
    case 'no':
      return 'Varenummeret';
    case 'organizationnumber':
      return 'Organisasjonsnummeret';
    case 'nickname':
      return 'Kallenavnet';
    case 'ean1':
      return 'EAN-koden';
    default:
      return `Feltet ${field}`;
  }
}

/**
 * A 24SO refusal message in plain Norwegian (known patterns translated, others quoted).
 * @example norwegianReason('OrganizationNumber is not valid.') // 'Organisasjonsnummeret er ugyldig i 24SevenOffice.'
 */
export function norwegianReason(message: string | undefined): string {
  const text = (message ?? '').trim();
  for (const [pattern, say] of PATTERNS) {
    const m = text.match(pattern);
    if (m) return say(m);
  }
  return text ? `24SevenOffice avviste posten: ${text}` : '24SevenOffice avviste posten uten å si hvorfor.';
}

/** How a thrown error from a write call is to be read. */
export type WriteFailure =
  /** 24SO refused the request before doing anything; nothing was written. */
  | { kind: 'refused'; reason: string; reasonCode: string }
  /** Quarantine / call limit: nothing was written; wait until `until`. */
  | { kind: 'rate_limited'; until: Date; reason: string }
  /** Login, password or client: nothing was written; the run cannot go on. */
  | { kind: 'connection'; reason: string }
  /** It may or may not have been written. */
  | { kind: 'uncertain'; reason: string; refusal: boolean };

/**
 * Classifies an error thrown by a 24SO write.
 * @example classifyWriteError(new TimeoutError(15000)).kind // 'uncertain'
 */
export function classifyWriteError(error: TwentyFourError, clock: () => Date): WriteFailure {
  if (error instanceof RateLimitError) {
    return {
      kind: 'rate_limited',
      until: error.quarantineEndsAt ?? nextHour(clock()),
      reason: error.message,
    };
  }
  if (
    error instanceof WrongCredentialsError ||
    error instanceof IdentityBlockedError ||
    error instanceof NotAuthenticatedError
  ) {
    return { kind: 'connection', reason: error.message };
  }
  if (error instanceof ClientFaultError) {
    return { kind: 'refused', reason: norwegianReason(error.faultString), reasonCode: 'refused' };
  }
  if (error instanceof ServerFaultError) {
    // A soap:Server fault with a validation text is a refusal in practice, but it came from
    // inside 24SO's handling: settle by reading before deciding.
    const transient = /deadlock|rerun|timeout|temporar|unavailable/i.test(error.faultString ?? '');
    return transient
      ? { kind: 'uncertain', reason: error.message, refusal: false }
      : { kind: 'uncertain', reason: norwegianReason(error.faultString), refusal: true };
  }
  if (
    error instanceof TimeoutError ||
    error instanceof TransportError ||
    error instanceof ResponseFormatError
  ) {
    return { kind: 'uncertain', reason: error.message, refusal: false };
  }
  return { kind: 'uncertain', reason: error.message, refusal: false };
}

function nextHour(now: Date): Date {
  const d = new Date(now);
  d.setUTCMinutes(60, 0, 0);
  return d;
}

/**
 * Fingerprint of what is sent: equal ⇒ nothing to send.
 * @example fingerprintOf({ name: 'A' }) === fingerprintOf({ name: 'A' }) // true
 */
export function fingerprintOf(value: unknown): string {
  // One-shot hash: no Hash object per record (the engine fingerprints every record each run).
  return hash('sha1', typeof value === 'string' ? value : JSON.stringify(value), 'base64url');
}
