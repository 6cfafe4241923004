import type { Logger } from '../config/logger.ts';
import type { CallBudget } from '../twentyfour/call-budget.ts';
import {
  ClientFaultError,
  getDepartmentList,
  getIdentitiesWithCredential,
  getInvoices,
  getPersons,
  getProducts,
  getUserDefinedDimensions,
  getUserDefinedDimensionValues,
  getWorkTypeList,
  IdentityBlockedError,
  NotAuthenticatedError,
  RateLimitError,
  saveInvoices,
  TwentyFourError,
  TwentyFourSession,
  WrongCredentialsError,
} from '../twentyfour/index.ts';
import type { CallRecord, FetchLike } from '../twentyfour/transport.ts';
import type {
  GatewayFailure,
  GatewayFailureKind,
  GatewayResult,
  GatewaySession,
  OpenSessionOptions,
  TwentyFourCredentials,
  TwentyFourGateway,
} from './gateway.ts';

// The integration's gateway over the 24SO client: its typed errors become failure values with
// the connection state they stand for, and raw SOAP types become the small shapes lookups use.

export interface GatewayOptions {
  /** A web fetch to send through (tests, the in-process sandbox); node:http when omitted. */
  fetch?: FetchLike;
  logger: Logger;
  clock: () => Date;
  applicationId: string | undefined;
  /** Every service on this host (the sandbox); undefined for the real 24SO hosts. */
  baseUrl: string | undefined;
  /** Per-call time limit; a page must not hang on a slow 24SO. */
  timeoutMs?: number;
  /** The shared account every 24SO call is taken from (see integration/call-budget.ts). */
  budget?: CallBudget;
  /** Told about every 24SO call (metrics). */
  onCall?: (call: CallRecord) => void;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * The gateway the app uses: one TwentyFourSession per opened connection.
 * @example const gateway = createTwentyFourGateway({ logger, clock, applicationId, baseUrl });
 */
export function createTwentyFourGateway(options: GatewayOptions): TwentyFourGateway {
  const deps = {
    fetch: options.fetch,
    logger: options.logger,
    clock: options.clock,
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    onCall: options.onCall,
  };
  const sessionFor = (
    credentials: TwentyFourCredentials,
    applicationId: string,
    identityId?: string,
    stored: OpenSessionOptions = {},
  ) =>
    new TwentyFourSession(deps, {
      applicationId,
      username: credentials.username,
      password: credentials.password,
      identityId,
      baseUrl: options.baseUrl,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      // The session cache already spaces logins per workspace; a user waiting on a page should not.
      minLoginIntervalMs: 0,
      budget: options.budget,
      sessionId: stored.sessionId,
      onSessionId: stored.onSessionId,
    });

  return {
    async listClients(credentials) {
      const applicationId = options.applicationId;
      if (!applicationId) return missingApplicationId();
      const session = sessionFor(credentials, applicationId);
      return attempt('login', async () => {
        const identities = await getIdentitiesWithCredential(session.anonymous, {
          applicationId,
          username: credentials.username,
          password: credentials.password,
        });
        // 24SO answers an unknown user or wrong password with an empty list (no fault).
        if (identities.length === 0) throw new WrongCredentialsError();
        return identities
          .filter((i) => i.id && !i.isDisabled)
          .map((i) => ({ identityId: String(i.id), name: i.client?.name ?? String(i.client?.id ?? i.id) }));
      });
    },

    async openSession(credentials, identityId, stored) {
      const applicationId = options.applicationId;
      if (!applicationId) return missingApplicationId();
      const session = sessionFor(credentials, applicationId, identityId, stored);
      // A stored session is checked with HasSession and only replaced by a login when it is gone.
      const loggedIn = await attempt('login', () =>
        stored?.sessionId ? session.ensureSession() : session.login().then(() => undefined),
      );
      if (!loggedIn.ok) return loggedIn;
      return { ok: true, value: wrapSession(session, identityId) };
    },
  };
}

function wrapSession(session: TwentyFourSession, identityId: string): GatewaySession {
  return {
    identityId,
    soap: session,
    async verify() {
      return attempt('read', async () => {
        const identities = await session.identities();
        const current = identities.find((i) => i.isCurrent);
        if (!current || String(current.id).toLowerCase() !== identityId.toLowerCase()) {
          throw new IdentityBlockedError(
            `session is on identity ${current?.id ?? 'none'}, not ${identityId}`,
          );
        }
        return { clientName: current.client?.name ?? null };
      });
    },
    workTypes: () =>
      attempt('read', async () =>
        (await getWorkTypeList(session)).map((w) => ({
          id: String(w.id ?? ''),
          name: w.name ?? '',
          description: w.description ?? null,
          invoiceable: w.invoiceable ?? null,
        })),
      ),
    products: () =>
      attempt('read', async () =>
        (await getProducts(session, {}, ['Id', 'No', 'Name', 'StatusId', 'TaxRate'])).map((p) => ({
          id: String(p.id ?? ''),
          no: p.no ?? null,
          name: p.name ?? '',
          active: p.statusId === undefined ? null : p.statusId === 1,
          taxRate: p.taxRate ?? null,
        })),
      ),
    dimensionTypes: () =>
      attempt('read', async () =>
        (await getUserDefinedDimensions(session))
          .filter((d) => d.typeId !== undefined)
          .map((d) => ({ typeId: String(d.typeId), name: d.name ?? String(d.typeId) })),
      ),
    dimensionValues: (typeId) =>
      attempt('read', async () =>
        (await getUserDefinedDimensionValues(session, Number(typeId)))
          .filter((d) => d.value !== undefined && d.value !== '')
          .map((d) => ({ value: String(d.value), name: d.name ?? String(d.value) })),
      ),
    departments: () =>
      attempt('read', async () =>
        (await getDepartmentList(session)).map((d) => ({ id: String(d.id ?? ''), name: d.name ?? '' })),
      ),
    contacts: () =>
      attempt('read', async () =>
        (await getPersons(session, {})).map((p) => ({
          id: String(p.id ?? ''),
          name: [p.firstName, p.lastName].filter(Boolean).join(' ') || String(p.id ?? ''),
          email: p.emailAddresses?.find((e) => e.value)?.value ?? null,
          employeeId: p.employeeId === undefined ? null : String(p.employeeId),
        })),
      ),
    saveOrder: (order) =>
      attempt('write', async () => {
        const [result] = await saveInvoices(session, [order]);
        if (!result) throw new Error('SaveInvoices answered without the order');
        return result.ok
          ? { saved: true as const, order: result.item }
          : { saved: false as const, message: result.error.message ?? result.error.type ?? 'ukjent feil' };
      }),
    findOrders: (search) => attempt('read', () => getInvoices(session, search)),
  };
}

/** What a 24SO call does, which decides what an unanswered call means. */
export type CallPhase = 'login' | 'read' | 'write';

/**
 * Runs a 24SO call once and turns the client's typed errors into failure values. Nothing here
 * sends a call again: a read that met an outage is `unreachable` (the caller may retry it), a
 * write that may have run is `outcome_unknown`. A soap:Client fault on a read is taken as "this
 * user may not read that", the common cause in 24SO.
 * @example const r = await attempt('write', () => saveCompanies(session.soap, companies));
 */
export async function attempt<T>(phase: CallPhase, call: () => Promise<T>): Promise<GatewayResult<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    if (!(error instanceof TwentyFourError)) throw error;
    return gatewayFailureOf(error, phase);
  }
}

/**
 * The failure value a 24SO client error stands for in a call of this phase.
 * @example gatewayFailureOf(new TimeoutError(15000), 'write').kind // 'outcome_unknown'
 */
export function gatewayFailureOf(error: TwentyFourError, phase: CallPhase): GatewayFailure {
  const result = failure(kindOf(error, phase), error);
  if (error instanceof RateLimitError && error.quarantineEndsAt) result.retryAt = error.quarantineEndsAt;
  return result;
}

function kindOf(error: TwentyFourError, phase: CallPhase): GatewayFailureKind {
  if (error instanceof WrongCredentialsError) return 'invalid_credentials';
  if (error instanceof IdentityBlockedError) return 'client_unavailable';
  if (error instanceof NotAuthenticatedError) return 'session_expired';
  if (error instanceof RateLimitError) return 'rate_limited';
  if (error instanceof ClientFaultError && phase === 'read') return 'forbidden';
  if (phase === 'write' && error.outcome === 'unknown') return 'outcome_unknown';
  return 'unreachable';
}

function failure(kind: GatewayFailureKind, error: TwentyFourError): GatewayFailure {
  // The client's message often quotes the fault already; say it once.
  const detail =
    error.faultString && !error.message.includes(error.faultString)
      ? `${error.message} (${error.faultString})`
      : error.message;
  return { ok: false, kind, detail };
}

function missingApplicationId(): GatewayFailure {
  return { ok: false, kind: 'unreachable', detail: 'TWENTYFOUR_APPLICATION_ID er ikke satt' };
}
