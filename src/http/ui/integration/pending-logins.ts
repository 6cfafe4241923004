import { randomBytes } from 'node:crypto';

// Between "Logg inn" and "Lagre" on the client picker, the typed 24SO credentials wait here,
// in this process's memory only, for a few minutes, tied to the web session. This keeps the
// password out of the picker page's HTML and out of the database until the connection is saved.

const TTL_MS = 10 * 60_000;

interface Pending {
  sessionHash: string;
  username: string;
  password: string;
  clients: { identityId: string; name: string }[];
  expiresAt: number;
}

/** Short-lived credentials of a login in progress, keyed by a random id. */
export class PendingLogins {
  private readonly items = new Map<string, Pending>();

  constructor(private readonly clock: () => Date) {}

  /**
   * Keeps the credentials and the client list for the picker; returns the key to put in the form.
   * @example const key = pending.put(session.sessionHash, { username, password, clients });
   */
  put(sessionHash: string, value: Omit<Pending, 'sessionHash' | 'expiresAt'>): string {
    this.sweep();
    // One login in progress per web session.
    for (const [key, item] of this.items) if (item.sessionHash === sessionHash) this.items.delete(key);
    const key = randomBytes(18).toString('base64url');
    this.items.set(key, { ...value, sessionHash, expiresAt: this.clock().getTime() + TTL_MS });
    return key;
  }

  /** The pending login for this key, only for the same web session and before it expires. */
  get(sessionHash: string, key: string | undefined): Pending | undefined {
    this.sweep();
    if (!key) return undefined;
    const item = this.items.get(key);
    return item && item.sessionHash === sessionHash ? item : undefined;
  }

  delete(key: string): void {
    this.items.delete(key);
  }

  private sweep(): void {
    const now = this.clock().getTime();
    for (const [key, item] of this.items) if (item.expiresAt <= now) this.items.delete(key);
  }
}
