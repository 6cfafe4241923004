import type { GatewaySession } from './gateway.ts';
import type { LookupItem, LookupKind } from './lookup-types.ts';

// 24SO throttles repeated logins, so a live session is kept per workspace in this process and
// page views reuse it. Concurrent requests share one login attempt. Live lists are cached for a
// short while too: a settings page needs four of them and a reload should not cost four calls.

const LIST_TTL_MS = 60_000;

interface Entry {
  /** Changes when the stored connection changes (new user, client or password). */
  fingerprint: string;
  session: Promise<GatewaySession | null>;
}

/** In-process cache of 24SO sessions and live lists, one per app instance. */
export class SessionCache {
  private readonly sessions = new Map<string, Entry>();
  private readonly lists = new Map<string, { at: number; items: LookupItem[] }>();

  constructor(private readonly clock: () => Date = () => new Date()) {}

  /**
   * The cached session for this workspace and fingerprint, or the result of `login` (run once
   * even when many requests ask at the same moment). A failed login is not cached.
   * @example const s = await cache.session(wsId, fp, () => openSession());
   */
  async session(
    workspaceId: string,
    fingerprint: string,
    login: () => Promise<GatewaySession | null>,
  ): Promise<{ session: GatewaySession | null; fresh: boolean }> {
    const entry = this.sessions.get(workspaceId);
    if (entry && entry.fingerprint === fingerprint) {
      const session = await entry.session;
      if (session) return { session, fresh: false };
    }
    const pending = login();
    this.sessions.set(workspaceId, { fingerprint, session: pending });
    const session = await pending.catch((error: unknown) => {
      this.sessions.delete(workspaceId);
      throw error;
    });
    if (!session) this.sessions.delete(workspaceId);
    return { session, fresh: true };
  }

  /** Forgets the session (and lists) of a workspace: after disconnect, a new login, or an expired session. */
  forget(workspaceId: string): void {
    this.sessions.delete(workspaceId);
    for (const key of [...this.lists.keys()]) if (key.startsWith(`${workspaceId}|`)) this.lists.delete(key);
  }

  /** A live list read less than a minute ago, if any. */
  cachedList(workspaceId: string, kind: LookupKind): LookupItem[] | undefined {
    const hit = this.lists.get(`${workspaceId}|${kind}`);
    if (!hit || this.clock().getTime() - hit.at > LIST_TTL_MS) return undefined;
    return hit.items;
  }

  rememberList(workspaceId: string, kind: LookupKind, items: LookupItem[]): void {
    this.lists.set(`${workspaceId}|${kind}`, { at: this.clock().getTime(), items });
  }
}
