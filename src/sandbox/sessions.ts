import type { SandboxData, Session } from './state.ts';

// 24SO's session rules as the sandbox plays them (API-NOTES §2 and §4): a session ends after
// an idle time (ASP.NET sliding expiry), and repeated logins of one user are throttled. The
// notes give no numbers for either, so the fault settings carry conservative defaults.

const MINUTE_MS = 60_000;

/** When the session was last used: its last call, or its login for a session never used since. */
function lastUsedMs(session: Session): number {
  return Date.parse(session.lastUsedAt ?? session.createdAt);
}

/**
 * The session the cookie names if it is still live, touched so its idle time starts over;
 * an idle one is ended (removed) and undefined returned, as ASP.NET does.
 * @example const session = liveSession(data, sessionId, now, faults.sessionIdleMinutes);
 */
export function liveSession(
  data: SandboxData,
  sessionId: string | undefined,
  now: Date,
  idleMinutes: number | null,
): Session | undefined {
  const session = sessionId ? data.sessions[sessionId] : undefined;
  if (!session || !sessionId) return undefined;
  if (idleMinutes !== null && now.getTime() - lastUsedMs(session) >= idleMinutes * MINUTE_MS) {
    delete data.sessions[sessionId];
    return undefined;
  }
  session.lastUsedAt = now.toISOString();
  return session;
}

/**
 * Ends every session idle longer than the limit (called on Login, so state stays small).
 * @example endIdleSessions(data, now, 20);
 */
export function endIdleSessions(data: SandboxData, now: Date, idleMinutes: number | null): void {
  if (idleMinutes === null) return;
  const cutoff = now.getTime() - idleMinutes * MINUTE_MS;
  for (const [id, session] of Object.entries(data.sessions))
    if (lastUsedMs(session) <= cutoff) delete data.sessions[id];
}

/**
 * Repeated logins of one user: at most `limit` successful logins in any 60 seconds; past it a
 * login is refused until the oldest of those is a minute old. Refused logins do not count.
 * @example throttle.take('api@demo.no', now, 12) // { allowed: true } or { allowed: false, retryAt }
 */
export class LoginThrottle {
  private readonly logins = new Map<string, number[]>();

  take(
    username: string,
    now: Date,
    limit: number | null,
  ): { allowed: true } | { allowed: false; retryAt: Date } {
    if (limit === null) return { allowed: true };
    const key = username.toLowerCase();
    const at = now.getTime();
    const recent = (this.logins.get(key) ?? []).filter((t) => t > at - MINUTE_MS);
    if (recent.length >= limit) {
      this.logins.set(key, recent);
      return { allowed: false, retryAt: new Date(recent[recent.length - limit] + MINUTE_MS) };
    }
    recent.push(at);
    this.logins.set(key, recent);
    return { allowed: true };
  }

  reset(): void {
    this.logins.clear();
  }
}
