import type { SoapCaller } from '../twentyfour/transport.ts';

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
  | 'forbidden';

export interface GatewayFailure {
  ok: false;
  kind: GatewayFailureKind;
  /** Technical detail for logs and the connection box; never contains the password. */
  detail: string;
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
  /**
   * The typed 24SO service functions' caller on this session, for the sync engine (which
   * classifies the client's thrown errors itself: a write's timeout is an unknown outcome).
   * Absent on gateways that do not reach a real 24SO client.
   */
  readonly soap?: SoapCaller;
}

export interface TwentyFourGateway {
  /** Every client the user can reach (GetIdentitiesWithCredential); needs no session. */
  listClients(credentials: TwentyFourCredentials): Promise<GatewayResult<ClientChoice[]>>;
  /** Logs in directly on one identity. */
  openSession(credentials: TwentyFourCredentials, identityId: string): Promise<GatewayResult<GatewaySession>>;
}
