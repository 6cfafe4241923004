// The port between the integration and the 24SO client: the few calls this capability needs,
// with every expected failure as a value. twentyfour-gateway.ts implements it over the 24SO
// client; tests may implement it directly.

export interface TwentyFourCredentials {
  username: string;
  password: string;
}

/** Why a 24SO call did not give an answer; maps onto the connection states. */
export type GatewayFailureKind =
  | 'invalid_credentials'
  | 'client_unavailable'
  | 'unreachable'
  /** The session is gone; logging in again may help. */
  | 'session_expired'
  /** This 24SO user may not read that list. */
  | 'forbidden'
  /** The hour's 24SO calls are used up or 24SO has put us in quarantine; nothing was sent. */
  | 'rate_limited'
  /**
   * A write went out and no usable answer came back (timeout, dropped or unreadable answer,
   * a server failure while handling it): it may or may not have taken effect in 24SO.
   */
  | 'outcome_unknown';

export interface GatewayFailure {
  ok: false;
  kind: GatewayFailureKind;
  /** Technical detail for logs and the connection box; never contains the password. */
  detail: string;
  /** rate_limited: when 24SO takes calls again. */
  retryAt?: Date;
}

/**
 * What a job runner may do after a failure:
 * - `retry`: nothing took effect; the same call may be sent again (after `retryAt` if given);
 * - `resolve`: the outcome is unknown; look the record up in 24SO before sending the write again
 *   (a read may simply be retried);
 * - `give_up`: it will fail the same way until someone acts (password, client, rights).
 * No layer below the job runner re-sends a call on its own, except TwentyFourSession's one
 * re-login after a "not authenticated" fault, which 24SO gives before running the call.
 * @example if (retryAdvice(result) === 'retry') await job.retryAt(result.retryAt);
 */
export function retryAdvice(failure: GatewayFailure): 'retry' | 'resolve' | 'give_up' {
  switch (failure.kind) {
    case 'unreachable':
    case 'session_expired':
    case 'rate_limited':
      return 'retry';
    case 'outcome_unknown':
      return 'resolve';
    case 'invalid_credentials':
    case 'client_unavailable':
    case 'forbidden':
      return 'give_up';
  }
}

/** How to open a session: reuse a stored session id first, and hear about every new one. */
export interface OpenSessionOptions {
  /** A session id stored by this or another process; checked with HasSession before use. */
  sessionId?: string;
  /** Told (and awaited) about every new session id, to store it for the other processes. */
  onSessionId?: (sessionId: string) => Promise<void>;
}

export type GatewayResult<T> = { ok: true; value: T } | GatewayFailure;

export interface ClientChoice {
  identityId: string;
  name: string;
}

export interface RawWorkType {
  id: string;
  name: string;
  description: string | null;
  invoiceable: boolean | null;
}
export interface RawProduct {
  id: string;
  no: string | null;
  name: string;
  active: boolean | null;
}
export interface RawDimensionType {
  typeId: string;
  name: string;
}
export interface RawDimensionValue {
  value: string;
  name: string;
}
export interface RawDepartment {
  id: string;
  name: string;
}
export interface RawContact {
  id: string;
  name: string;
  email: string | null;
  employeeId: string | null;
}

/** A logged-in 24SO session on one client (identity). */
export interface GatewaySession {
  readonly identityId: string;
  /** Cheap liveness check (HasSession + the current identity). */
  verify(): Promise<GatewayResult<{ clientName: string | null }>>;
  workTypes(): Promise<GatewayResult<RawWorkType[]>>;
  products(): Promise<GatewayResult<RawProduct[]>>;
  dimensionTypes(): Promise<GatewayResult<RawDimensionType[]>>;
  dimensionValues(typeId: string): Promise<GatewayResult<RawDimensionValue[]>>;
  departments(): Promise<GatewayResult<RawDepartment[]>>;
  contacts(): Promise<GatewayResult<RawContact[]>>;
}

export interface TwentyFourGateway {
  /** Every client the user can reach (GetIdentitiesWithCredential); needs no session. */
  listClients(credentials: TwentyFourCredentials): Promise<GatewayResult<ClientChoice[]>>;
  /** Logs in directly on one identity, or reuses `options.sessionId` when 24SO still knows it. */
  openSession(
    credentials: TwentyFourCredentials,
    identityId: string,
    options?: OpenSessionOptions,
  ): Promise<GatewayResult<GatewaySession>>;
}
