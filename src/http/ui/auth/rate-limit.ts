import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { type Db, dialectOf } from '../../../db/database.ts';

/** How many failed logins a window allows, per e-mail and address and per e-mail overall. */
export interface LoginLimits {
  perAddress: number;
  perAccount: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perAddress: 5, perAccount: 20, windowMs: 15 * 60 * 1000 };

/**
 * Why a login is refused: too many failures for this e-mail from this address, or for this
 * e-mail from all addresses together; `minutes` until one more attempt is allowed.
 */
export interface LoginBlock {
  scope: 'address' | 'account';
  minutes: number;
}

/**
 * Counts failed logins in the database (`login_failures`), so every process serving the UI
 * shares the count, and refuses attempts once either limit is reached in the sliding window.
 * `begin` checks and counts an attempt in one transaction (serialised per e-mail), so a burst
 * of simultaneous guesses cannot all slip under the limit; a successful login uncounts it.
 * The database is passed per call; the limiter itself holds only the clock and the limits.
 * @example const block = await limiter.begin(db, email, ip); if (!block && ok) await limiter.clear(db, email, ip);
 */
export class LoginRateLimiter {
  constructor(
    private readonly clock: () => Date,
    readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
  ) {}

  /**
   * Starts a login attempt: the block in force, or undefined after counting this attempt as a
   * failure until `clear` says it succeeded. Check and count happen in one transaction, under a
   * per-e-mail lock on PostgreSQL (SQLite runs one transaction at a time anyway).
   */
  async begin(db: Db, email: string, ip: string): Promise<LoginBlock | undefined> {
    const postgres = dialectOf(db) === 'postgres';
    return db.transaction().execute(async (trx) => {
      if (postgres) {
        await sql`select pg_advisory_xact_lock(hashtext(${`login:${email}`}))`.execute(trx);
      }
      const block = await this.check(trx, email, ip);
      if (!block) await this.recordFailure(trx, email, ip);
      return block;
    });
  }

  /** The block in force for this e-mail from this address, or undefined when it may try. */
  async check(db: Db, email: string, ip: string): Promise<LoginBlock | undefined> {
    const address = await this.blockedUntil(db, email, ip, this.limits.perAddress);
    if (address) return { scope: 'address', minutes: this.minutesUntil(address) };
    const account = await this.blockedUntil(db, email, undefined, this.limits.perAccount);
    if (account) return { scope: 'account', minutes: this.minutesUntil(account) };
    return undefined;
  }

  /** Records one failed attempt and purges failures that have left the window (anyone's). */
  async recordFailure(db: Db, email: string, ip: string): Promise<void> {
    const now = this.clock();
    await db
      .insertInto('login_failures')
      .values({ id: randomUUID(), email, ip, failed_at: now.toISOString() })
      .execute();
    await db.deleteFrom('login_failures').where('failed_at', '<=', this.windowStart(now)).execute();
  }

  /** A successful login clears this e-mail's failures from this address (not from others). */
  async clear(db: Db, email: string, ip: string): Promise<void> {
    await db.deleteFrom('login_failures').where('email', '=', email).where('ip', '=', ip).execute();
  }

  /**
   * When the limit is reached, the moment the block lifts: the limit-th most recent failure in
   * the window leaving it. Undefined when fewer failures than the limit are in the window.
   */
  private async blockedUntil(
    db: Db,
    email: string,
    ip: string | undefined,
    limit: number,
  ): Promise<number | undefined> {
    let query = db
      .selectFrom('login_failures')
      .select('failed_at')
      .where('email', '=', email)
      .where('failed_at', '>', this.windowStart(this.clock()));
    if (ip !== undefined) query = query.where('ip', '=', ip);
    const row = await query
      .orderBy('failed_at', 'desc')
      .limit(1)
      .offset(limit - 1)
      .executeTakeFirst();
    return row ? Date.parse(row.failed_at) + this.limits.windowMs : undefined;
  }

  private minutesUntil(at: number): number {
    return Math.max(1, Math.ceil((at - this.clock().getTime()) / 60_000));
  }

  private windowStart(now: Date): string {
    return new Date(now.getTime() - this.limits.windowMs).toISOString();
  }
}
