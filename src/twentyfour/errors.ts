// Unexpected failures of a 24SO call, as named classes that say whether trying again can help.
// Expected, in-band failures (a batch item's APIException, a `false` result) are values, not
// these. Messages are Norwegian because they reach users through the integration pages; the
// vendor's own text is kept in `faultString` for logs and support.

export type TwentyFourErrorCode =
  | 'wrong_credentials'
  | 'identity_blocked'
  | 'not_authenticated'
  | 'rate_limited'
  | 'client_fault'
  | 'server_fault'
  | 'timeout'
  | 'transport'
  | 'bad_response';

/**
 * Whether 24SO may have carried out the call that failed:
 * - `not_executed`: certainly not (refused before executing — a "not authenticated" fault, a
 *   rate-limit block, a refused login —, or never sent); sending it again cannot duplicate it;
 * - `unknown`: the request went out and no usable answer came back (timeout, dropped or
 *   unreadable answer, a server failure while handling it). A read may be sent again; a write
 *   must not be, until its effect has been looked up in 24SO.
 */
export type CallOutcome = 'not_executed' | 'unknown';

/** Base class of every error the 24SO client throws. */
export abstract class TwentyFourError extends Error {
  abstract readonly code: TwentyFourErrorCode;
  /** Whether the same call may succeed later (see `outcome` before re-sending a write). */
  abstract readonly retryable: boolean;
  /** Whether 24SO may have executed the call; only `not_executed` makes a re-sent write safe. */
  readonly outcome: CallOutcome = 'not_executed';
  /** The vendor's fault text, when there was one. */
  readonly faultString: string | undefined;

  constructor(message: string, options: { faultString?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.faultString = options.faultString;
  }
}

/** Login answered with an empty LoginResult: the username or password is wrong. */
export class WrongCredentialsError extends TwentyFourError {
  readonly code = 'wrong_credentials';
  readonly retryable = false;
  constructor() {
    super('24SevenOffice avviste innloggingen: feil brukernavn eller passord.');
  }
}

/** Login with an IdentityId the user may not use. */
export class IdentityBlockedError extends TwentyFourError {
  readonly code = 'identity_blocked';
  readonly retryable = false;
  constructor(faultString: string) {
    super('Den valgte 24SevenOffice-klienten (identiteten) er ikke tilgjengelig for denne brukeren.', {
      faultString,
    });
  }
}

/** The session is gone or is on another identity, and logging in again did not help. */
export class NotAuthenticatedError extends TwentyFourError {
  readonly code = 'not_authenticated';
  readonly retryable: boolean;
  constructor(faultString: string, options: { retryable?: boolean } = {}) {
    super('24SevenOffice-økten er ikke innlogget.', { faultString });
    this.retryable = options.retryable ?? true;
  }
}

/** 24SO's hourly request quota is used up; nothing goes through before `quarantineEndsAt`. */
export class RateLimitError extends TwentyFourError {
  readonly code = 'rate_limited';
  readonly retryable = true;
  readonly quarantineEndsAt: Date | undefined;
  constructor(quarantineEndsAt: Date | undefined, faultString?: string) {
    super(
      quarantineEndsAt
        ? `24SevenOffice har stengt for flere kall til ${quarantineEndsAt.toISOString()} (kvoten per time er brukt opp).`
        : '24SevenOffice har stengt for flere kall denne timen (kvoten per time er brukt opp).',
      { faultString },
    );
    this.quarantineEndsAt = quarantineEndsAt;
  }
}

/** 24SO refused the request itself (soap:Client); sending it again unchanged will fail again. */
export class ClientFaultError extends TwentyFourError {
  readonly code = 'client_fault';
  readonly retryable = false;
  constructor(faultString: string) {
    super(`24SevenOffice avviste forespørselen: ${faultString}`, { faultString });
  }
}

/** 24SO failed while handling the request (soap:Server, HTTP 5xx); a later retry may succeed. */
export class ServerFaultError extends TwentyFourError {
  readonly code = 'server_fault';
  readonly retryable = true;
  /** 24SO failed somewhere while handling it: part of the work may be done. */
  override readonly outcome = 'unknown';
  constructor(faultString: string) {
    super(`Feil hos 24SevenOffice: ${faultString}`, { faultString });
  }
}

/** No complete answer within the time limit. The call may or may not have taken effect. */
export class TimeoutError extends TwentyFourError {
  readonly code = 'timeout';
  readonly retryable = true;
  override readonly outcome = 'unknown';
  constructor(timeoutMs: number) {
    super(`24SevenOffice svarte ikke innen ${timeoutMs / 1000} sekunder.`);
  }
}

/** The connection failed or was dropped before a full answer arrived. */
export class TransportError extends TwentyFourError {
  readonly code = 'transport';
  readonly retryable = true;
  override readonly outcome: CallOutcome;
  constructor(detail: string, cause?: unknown) {
    super(`Kunne ikke nå 24SevenOffice (${detail}).`, { cause });
    this.outcome = neverSent(cause) ? 'not_executed' : 'unknown';
  }
}

// Socket errors that happen before a byte of the request can have reached 24SO.
const CONNECT_PHASE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_CONNECT_TIMEOUT', // node-http.ts
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
]);

/** True when a connection failure (or its cause chain) says no connection was made. */
function neverSent(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECT_PHASE_CODES.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** The answer was not a usable SOAP response: malformed, hostile, too large or of the wrong shape. */
export class ResponseFormatError extends TwentyFourError {
  readonly code = 'bad_response';
  readonly retryable = false;
  /** An answer came, so the call was handled; what it did cannot be read from it. */
  override readonly outcome = 'unknown';
  constructor(detail: string, cause?: unknown) {
    super(`Uventet svar fra 24SevenOffice: ${detail}`, { cause });
  }
}
