import { getIdentities, hasSession, login, setIdentityById } from './authenticate.ts';
import type { CallBudget } from './call-budget.ts';
import { NotAuthenticatedError, RateLimitError } from './errors.ts';
import type { ServiceName } from './services.ts';
import { type RateLimitState, type SoapCaller, sendSoap, type TwentyFourDeps } from './transport.ts';

// The one stateful piece of the client: the session cookie, when it was last checked, when we
// last logged in, and the rate-limit state 24SO reported. Service functions take a session as
// their first argument and never see the cookie.

export interface SessionOptions {
  applicationId: string;
  username: string;
  password: string;
  /** Log in straight onto this identity (24SO client); omit for the user's default. */
  identityId?: string;
  /** A stored session id to try first (checked with HasSession before use). */
  sessionId?: string;
  /** When set, every service lives on this host (sandbox, TWENTYFOUR_BASE_URL). */
  baseUrl?: string;
  /** Per-call limit for the whole exchange. */
  timeoutMs?: number;
  maxResponseBytes?: number;
  /** 24SO throttles repeated logins; successive logins are at least this far apart. */
  minLoginIntervalMs?: number;
  /** A session idle longer than this is checked with HasSession before the next call. */
  sessionCheckAfterMs?: number;
  /** With the quota used up, wait for the reset only when it is this close; else throw. */
  maxRateLimitWaitMs?: number;
  /**
   * Told about every new session id, so the caller can store it (encrypted) for reuse by other
   * processes; a returned promise is awaited before the call goes on.
   */
  onSessionId?: (sessionId: string) => unknown;
  /** The shared account every call is taken from before it is sent (see call-budget.ts). */
  budget?: CallBudget;
}

const DEFAULTS = {
  timeoutMs: 30_000,
  minLoginIntervalMs: 5_000,
  sessionCheckAfterMs: 10 * 60_000,
  maxRateLimitWaitMs: 60_000,
};

/**
 * A logged-in connection to 24SO. Calls log in on first use, reuse a stored session after
 * HasSession confirms it, and on a "not authenticated" fault log in once more and retry once —
 * the only re-send anywhere in the client, safe because 24SO refused the call before running it.
 * Every other failure is thrown to the caller, with `outcome` saying whether it may have run.
 * @example
 *   const session = new TwentyFourSession(deps, { applicationId, username, password, baseUrl });
 *   const companies = await getCompanies(session, { changedAfter }, ['Id', 'Name']);
 */
export class TwentyFourSession implements SoapCaller {
  private currentSessionId: string | undefined;
  private verifiedAt = -Infinity;
  private lastUsedAt = -Infinity;
  private lastLoginAt = -Infinity;
  private loginInFlight: Promise<string> | undefined;
  private limit: RateLimitState | undefined;
  private readonly options: SessionOptions & typeof DEFAULTS;

  /** Sends without the session machinery (for Login, HasSession, GetIdentitiesWithCredential). */
  readonly anonymous: SoapCaller;
  /** Sends with the current cookie but without ensuring or renewing the session. */
  private readonly raw: SoapCaller;

  constructor(
    private readonly deps: TwentyFourDeps,
    options: SessionOptions,
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.currentSessionId = options.sessionId || undefined;
    this.anonymous = {
      call: (service, operation, params) => this.send(service, operation, params, undefined),
    };
    this.raw = {
      call: (service, operation, params) => this.send(service, operation, params, this.currentSessionId),
    };
  }

  /** The current session id (for storing); undefined before the first login. */
  get sessionId(): string | undefined {
    return this.currentSessionId;
  }

  /** The last rate-limit figures 24SO sent, if any. */
  get rateLimit(): RateLimitState | undefined {
    return this.limit;
  }

  /**
   * Sends one business operation on a live session, renewing it once if 24SO says it is gone.
   * @example const element = await session.call('company', 'GetCompanies', paramsXml);
   */
  async call(service: ServiceName, operation: string, paramsXml: string): Promise<Record<string, unknown>> {
    await this.ensureSession();
    const usedSession = this.currentSessionId;
    try {
      return await this.raw.call(service, operation, paramsXml);
    } catch (error) {
      if (!(error instanceof NotAuthenticatedError)) throw error;
      this.deps.logger.info({ service, operation }, '24SO session not authenticated; logging in again');
      await this.renew(usedSession);
      try {
        return await this.raw.call(service, operation, paramsXml);
      } catch (second) {
        if (second instanceof NotAuthenticatedError) {
          throw new NotAuthenticatedError(second.faultString ?? '', { retryable: false });
        }
        throw second;
      }
    }
  }

  /**
   * Makes sure there is a usable session: logs in when there is none, and checks a stored or
   * long-idle one with HasSession first (reuse saves a throttled login).
   */
  async ensureSession(): Promise<void> {
    if (!this.currentSessionId) {
      await this.login();
      return;
    }
    // A session known good and in use is trusted; a stored or long-idle one is checked first.
    if (this.verifiedAt > -Infinity && this.now() - this.lastUsedAt < this.options.sessionCheckAfterMs)
      return;
    if (await hasSession(this.raw)) {
      this.verifiedAt = this.now();
      return;
    }
    await this.renew(this.currentSessionId);
  }

  /**
   * Logs in now (spaced from the previous login) and returns the new session id.
   * Concurrent callers share one login.
   */
  login(): Promise<string> {
    if (this.loginInFlight === undefined) {
      this.loginInFlight = this.doLogin().finally(() => {
        this.loginInFlight = undefined;
      });
    }
    return this.loginInFlight;
  }

  /**
   * Switches this session to another identity (24SO client); false when 24SO refuses.
   * @example await session.useIdentity(identities.find((i) => i.client?.name === 'Demo Maskin AS')!.id!);
   */
  async useIdentity(identityId: string): Promise<boolean> {
    await this.ensureSession();
    const switched = await setIdentityById(this.raw, identityId);
    if (switched) this.options.identityId = identityId; // a re-login lands on the same client
    return switched;
  }

  /** The logged-in user's identities (see authenticate.getIdentities). */
  async identities() {
    return getIdentities(this);
  }

  /** Forgets the session (e.g. after the credentials were changed). */
  forget(): void {
    this.currentSessionId = undefined;
    this.verifiedAt = -Infinity;
  }

  private async renew(staleSessionId: string | undefined): Promise<void> {
    // Another caller may already have replaced the stale session while we waited.
    const inFlight = this.loginInFlight;
    if (inFlight !== undefined) {
      await inFlight;
      return;
    }
    if (this.currentSessionId !== staleSessionId && this.currentSessionId) return;
    await this.login();
  }

  private async doLogin(): Promise<string> {
    const wait = this.lastLoginAt + this.options.minLoginIntervalMs - this.now();
    if (wait > 0) {
      this.deps.logger.debug({ waitMs: wait }, 'spacing 24SO logins');
      await this.deps.sleep(wait);
    }
    this.lastLoginAt = this.now();
    const sessionId = await login(this.anonymous, {
      applicationId: this.options.applicationId,
      username: this.options.username,
      password: this.options.password,
      identityId: this.options.identityId,
    });
    this.currentSessionId = sessionId;
    this.verifiedAt = this.now();
    this.lastUsedAt = this.verifiedAt;
    this.deps.logger.info({ baseUrl: this.options.baseUrl ?? '24SO' }, 'logged in to 24SO');
    await this.options.onSessionId?.(sessionId);
    return sessionId;
  }

  private async send(
    service: ServiceName,
    operation: string,
    paramsXml: string,
    sessionId: string | undefined,
  ): Promise<Record<string, unknown>> {
    await this.respectRateLimit();
    try {
      await this.options.budget?.take();
    } catch (error) {
      this.deps.onCall?.({ service, operation, outcome: 'budget_refused' });
      throw error;
    }
    try {
      const result = await sendSoap(this.deps, {
        service,
        operation,
        paramsXml,
        sessionId,
        baseUrl: this.options.baseUrl,
        timeoutMs: this.options.timeoutMs,
        maxResponseBytes: this.options.maxResponseBytes,
      });
      if (result.rateLimit) {
        this.limit = this.withReset(result.rateLimit);
        if (this.limit.remaining <= 0 && this.limit.resetAt)
          await this.options.budget?.quarantine(this.limit.resetAt);
      }
      if (sessionId) {
        this.lastUsedAt = this.now();
        // Like .NET's CookieContainer: a session cookie the server replaces is used from then on.
        if (result.setSessionId && result.setSessionId !== sessionId && sessionId === this.currentSessionId) {
          this.currentSessionId = result.setSessionId;
          await this.options.onSessionId?.(result.setSessionId);
        }
      }
      this.deps.onCall?.({ service, operation, outcome: 'ok' });
      return result.element;
    } catch (error) {
      this.deps.onCall?.({ service, operation, outcome: callOutcomeOf(error) });
      if (error instanceof RateLimitError) {
        this.limit = this.withReset({ remaining: 0, resetAt: error.quarantineEndsAt });
        // Every process sharing the budget honours the quarantine, not just this session.
        if (this.limit.resetAt) await this.options.budget?.quarantine(this.limit.resetAt);
      }
      throw error;
    }
  }

  // With the quota used up, a call would only extend the quarantine: wait if the reset is near,
  // otherwise fail fast with the time it ends.
  private async respectRateLimit(): Promise<void> {
    const limit = this.limit;
    if (!limit || limit.remaining > 0) return;
    const resetAt = limit.resetAt;
    const wait = resetAt ? resetAt.getTime() - this.now() : Number.POSITIVE_INFINITY;
    if (wait <= 0) {
      this.limit = undefined;
      return;
    }
    if (wait > this.options.maxRateLimitWaitMs) throw new RateLimitError(resetAt);
    await this.deps.sleep(wait);
    this.limit = undefined;
  }

  // 24SO's quota is per clock hour: without a stated reset time, the next full hour is it.
  private withReset(limit: RateLimitState): RateLimitState {
    if (limit.resetAt || limit.remaining > 0) return limit;
    const nextHour = new Date(this.now());
    nextHour.setUTCMinutes(60, 0, 0);
    return { remaining: limit.remaining, resetAt: nextHour };
  }

  private now(): number {
    return this.deps.clock().getTime();
  }
}

/** The metrics label of a failed call: the client's error class, e.g. `timeout`, `server_fault`. */
function callOutcomeOf(error: unknown): string {
  if (!(error instanceof Error)) return 'error';
  const name = error.constructor.name.replace(/Error$/, '');
  return name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase() || 'error';
}
