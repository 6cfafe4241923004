import { z } from 'zod';
import type { LoginOutcome } from './service.ts';

// Fault injection for tests and demos, set through `PUT /_sandbox/faults`, and the call log
// read through `GET /_sandbox/calls`. Neither is saved with the state: they describe a test
// run, not the accounting data.

const RATE = z
  .number({ error: 'må være et tall mellom 0 og 1' })
  .min(0, 'må være mellom 0 og 1')
  .max(1, 'må være mellom 0 og 1');
const SWITCH = z.boolean({ error: 'må være true eller false' });

const FAULT_SHAPE = {
  /** Delay before every SOAP answer. */
  latencyMs: z
    .number({ error: 'må være et antall millisekunder' })
    .int('må være et helt antall millisekunder')
    .min(0, 'kan ikke være negativ')
    .max(60_000, 'kan være høyst 60000 (ett minutt)'),
  /** Share of SOAP calls (0–1) failing with a retryable Server fault before any change. */
  failRate: RATE,
  /** Share of SOAP calls (0–1) whose change is committed but whose answer is lost. */
  dropResponseRate: RATE,
  /** true: end every open session now (one-shot; reads back as false). */
  expireSessions: SWITCH,
  /** 24SO's hourly request limit; null switches it off. */
  requestsPerHour: z
    .number({ error: 'må være et helt tall, eller null for ingen grense' })
    .int('må være et helt tall, eller null for ingen grense')
    .min(1, 'må være minst 1, eller null for ingen grense')
    .nullable(),
  /**
   * Seconds in the window `requestsPerHour` is counted in (24SO: the clock hour, 3600). A
   * shorter window lets a test see a quarantine end without waiting for the hour.
   */
  limitWindowSeconds: z
    .number({ error: 'må være et helt antall sekunder' })
    .int('må være et helt antall sekunder')
    .min(1, 'må være minst 1 sekund')
    .max(3600, 'kan være høyst 3600 (én time)'),
  /** Write unset values as `xsi:nil="true"` instead of leaving them out. */
  xsiNil: SWITCH,
  /** Idle minutes after which a session ends (ASP.NET's default 20); null: sessions never expire. */
  sessionIdleMinutes: z
    .number({ error: 'må være et antall minutter, eller null for ingen utløpstid' })
    .positive('må være mer enn 0 minutter, eller null for ingen utløpstid')
    .max(24 * 60, 'kan være høyst 1440 (ett døgn)')
    .nullable(),
  /** Successful logins one user may make in any 60 seconds; past it Login faults. null: no throttle. */
  loginsPerMinute: z
    .number({ error: 'må være et helt tall, eller null for ingen grense' })
    .int('må være et helt tall, eller null for ingen grense')
    .min(1, 'må være minst 1, eller null for ingen grense')
    .nullable(),
};

// Messages in Norwegian: a typo in a test's or demo's fault set-up is told in plain words.
export const faultsSchema = z.strictObject(FAULT_SHAPE, {
  error: (issue) =>
    issue.code === 'unrecognized_keys'
      ? `ukjent innstilling ${issue.keys.join(', ')}; gyldige er ${Object.keys(FAULT_SHAPE).join(', ')}`
      : 'må være et JSON-objekt',
});

export type Faults = z.infer<typeof faultsSchema>;

export const DEFAULT_FAULTS: Faults = {
  latencyMs: 0,
  failRate: 0,
  dropResponseRate: 0,
  expireSessions: false,
  requestsPerHour: 7200,
  limitWindowSeconds: 3600,
  xsiNil: false,
  sessionIdleMinutes: 20,
  loginsPerMinute: 12,
};

export interface CallRecord {
  time: string;
  service: string;
  operation: string;
  /** Name of the client (identity) the session was on, or null before login. */
  client: string | null;
  clientId: number | null;
  outcome: 'ok' | 'fault' | 'dropped';
  /** The fault text, for outcome "fault". */
  fault?: string;
  /** On Login calls only: whether a session was opened, refused or throttled. */
  login?: LoginOutcome;
  durationMs: number;
}

const MAX_CALLS = 20_000;
const TRIM_SLACK = 2_000;

/** The call log: newest last, capped so a long demo cannot grow it without bound. */
export class CallLog {
  private all: CallRecord[] = [];
  // Tallies since the last clear, not capped like the list: a chaos run makes 90,000 calls, and
  // figures read from the last 20,000 alone described only its end.
  /** Calls per `Service.Operation`. */
  private totals: Record<string, number> = {};
  private outcomeTotals: Record<CallRecord['outcome'], number> = { ok: 0, fault: 0, dropped: 0 };
  private loginTotals: Record<LoginOutcome, number> = { ok: 0, refused: 0, throttled: 0 };

  add(call: CallRecord): void {
    const key = `${call.service}.${call.operation}`;
    this.totals[key] = (this.totals[key] ?? 0) + 1;
    this.outcomeTotals[call.outcome] += 1;
    if (call.login) this.loginTotals[call.login] += 1;
    this.all.push(call);
    // Trimmed a slack's worth at a time: cutting one record off the front of 20,000 on every
    // call cost the sandbox a copy of the whole log per call once a long chaos run filled it.
    if (this.all.length > MAX_CALLS + TRIM_SLACK) this.all.splice(0, this.all.length - MAX_CALLS);
  }

  /** The last MAX_CALLS calls, oldest first. */
  private get calls(): CallRecord[] {
    return this.all.length > MAX_CALLS ? this.all.slice(-MAX_CALLS) : this.all;
  }

  list(): CallRecord[] {
    return [...this.calls];
  }

  /** Calls per `Service.Operation`, the figure tests assert on ("no second SaveInvoices"). */
  counts(): Record<string, number> {
    return { ...this.totals };
  }

  /** Login calls by outcome; `ok` is the number of sessions opened ("one login per run"). */
  logins(): Record<LoginOutcome, number> {
    return { ...this.loginTotals };
  }

  /** Calls by outcome: answered, answered with a fault, or answer dropped (lost). */
  outcomes(): Record<CallRecord['outcome'], number> {
    return { ...this.outcomeTotals };
  }

  clear(): void {
    this.all = [];
    this.totals = {};
    this.outcomeTotals = { ok: 0, fault: 0, dropped: 0 };
    this.loginTotals = { ok: 0, refused: 0, throttled: 0 };
  }
}

/**
 * 24SO's limit: a number of requests per clock hour; past it every request is refused until
 * the hour ends ("quarantine"). Returns what the response headers report. `windowMs` shortens
 * the hour for tests (the `limitWindowSeconds` fault).
 * @example limiter.take(new Date(), 7200) // { allowed: true, remaining: 7199, resetAt: … }
 */
export class RateLimiter {
  private windowStart = 0;
  private count = 0;

  take(
    now: Date,
    limit: number | null,
    windowMs = 3_600_000,
  ): { allowed: boolean; remaining: number; resetAt: Date; over: number } {
    const hour = Math.floor(now.getTime() / windowMs) * windowMs;
    if (hour !== this.windowStart) {
      this.windowStart = hour;
      this.count = 0;
    }
    this.count += 1;
    const resetAt = new Date(hour + windowMs);
    if (limit === null) return { allowed: true, remaining: Number.MAX_SAFE_INTEGER, resetAt, over: 0 };
    return {
      allowed: this.count <= limit,
      remaining: Math.max(0, limit - this.count),
      resetAt,
      over: this.count - limit,
    };
  }

  reset(): void {
    this.count = 0;
  }
}
