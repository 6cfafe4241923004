/**
 * Counts failed logins per key (e-mail + IP) in a sliding window and refuses further attempts
 * once the limit is reached. In memory: one process serves the web UI per store in the demo,
 * and a restart forgetting the count is acceptable for a brute-force brake.
 * @example const limiter = new LoginRateLimiter(clock); if (limiter.isBlocked(key)) …
 */
export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly clock: () => Date,
    readonly maxFailures = 5,
    readonly windowMs = 15 * 60 * 1000,
  ) {}

  /** True when the key has used up its failed attempts in the window. */
  isBlocked(key: string): boolean {
    return this.recent(key).length >= this.maxFailures;
  }

  /** Records one failed attempt. */
  recordFailure(key: string): void {
    const list = this.recent(key);
    list.push(this.clock().getTime());
    this.failures.set(key, list);
    if (this.failures.size > 10_000) this.prune();
  }

  /** A successful login clears the key's failures. */
  reset(key: string): void {
    this.failures.delete(key);
  }

  /** Minutes until the oldest failure in the window expires (for the message). */
  minutesUntilUnblocked(key: string): number {
    const list = this.recent(key);
    if (list.length === 0) return 0;
    return Math.max(1, Math.ceil((list[0] + this.windowMs - this.clock().getTime()) / 60_000));
  }

  private recent(key: string): number[] {
    const since = this.clock().getTime() - this.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }

  private prune(): void {
    for (const key of [...this.failures.keys()]) {
      if (this.recent(key).length === 0) this.failures.delete(key);
    }
  }
}
