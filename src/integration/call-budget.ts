import { hostname } from 'node:os';
import { sql } from 'kysely';
import type { BudgetScope } from '../config/config.ts';
import type { Logger } from '../config/logger.ts';
import type { Db } from '../db/database.ts';
import type { CallBudget } from '../twentyfour/call-budget.ts';
import { RateLimitError } from '../twentyfour/errors.ts';

// The 24SO call budget as one account in the database, shared by every process of the
// installation: each call takes one from the current clock hour's row in a single atomic
// statement, and a quarantine 24SO imposes is recorded so that every process waits it out.

export interface CallBudgetOptions {
  /** Calls allowed per clock hour (24SO: 7200). */
  callsPerHour: number;
  /** The account's name; see budgetScopeKey. */
  scope: string;
}

/**
 * The name of the account calls are counted in, for the configured unit.
 * @example budgetScopeKey('application', appId) // 'application:0f5f24a0-…'
 */
export function budgetScopeKey(scope: BudgetScope, applicationId: string | undefined): string {
  switch (scope) {
    case 'application':
      return `application:${(applicationId ?? 'none').toLowerCase()}`;
    case 'host':
      return `host:${hostname()}`;
    case 'installation':
      return 'installation';
  }
}

/**
 * A CallBudget kept in `twentyfour_call_windows` / `twentyfour_quarantines`. Pass the app's
 * database handle, never a transaction: a taken call stays taken whatever happens around it.
 * @example const budget = createDbCallBudget({ db, clock, logger }, { callsPerHour: 7200, scope: 'installation' });
 */
export function createDbCallBudget(
  deps: { db: Db; clock: () => Date; logger: Logger },
  options: CallBudgetOptions,
): CallBudget {
  const { db, clock } = deps;
  const { scope, callsPerHour } = options;
  return {
    async take() {
      // Twice at most: a refusal with no quarantine left is the hour being used up, unless the
      // quarantine ended between the two statements, which the second round finds out.
      for (let round = 0; ; round++) {
        const now = clock();
        const window = hourStart(now);
        const taken = await takeOne(db, scope, callsPerHour, now, window);
        if (taken) {
          // The first call of an hour clears out the rows of hours gone by.
          if (taken.used === 1) {
            await db
              .deleteFrom('twentyfour_call_windows')
              .where('scope', '=', scope)
              .where('window_start', '<', window.toISOString())
              .execute();
          }
          return;
        }
        // Refused, which is rare: only now is a second query spent on saying why.
        const quarantine = await db
          .selectFrom('twentyfour_quarantines')
          .select('until')
          .where('scope', '=', scope)
          .where('until', '>', now.toISOString())
          .executeTakeFirst();
        if (quarantine) throw new RateLimitError(new Date(quarantine.until));
        if (round === 0) continue;
        const resetAt = new Date(window.getTime() + HOUR_MS);
        deps.logger.warn({ scope, callsPerHour, resetAt }, '24SO call budget used up for this hour');
        throw new RateLimitError(resetAt);
      }
    },

    async quarantine(until) {
      const at = clock().toISOString();
      const row = { scope, until: until.toISOString(), recorded_at: at };
      // A later end wins; an earlier report never shortens a quarantine already recorded.
      await db
        .insertInto('twentyfour_quarantines')
        .values(row)
        .onConflict((oc) =>
          oc
            .column('scope')
            .doUpdateSet({ until: row.until, recorded_at: at })
            .where('twentyfour_quarantines.until', '<', row.until),
        )
        .execute();
      deps.logger.warn({ scope, until: row.until }, '24SO quarantine recorded for every process');
    },
  };
}

/**
 * How many calls are left in the current hour, and until when 24SO has blocked us, if it has.
 * @example const { remaining } = await readCallBudget(db, clock, options);
 */
export async function readCallBudget(
  db: Db,
  clock: () => Date,
  options: CallBudgetOptions,
): Promise<{ used: number; remaining: number; quarantinedUntil: Date | null }> {
  const now = clock();
  const [window, quarantine] = await Promise.all([
    db
      .selectFrom('twentyfour_call_windows')
      .select('used')
      .where('scope', '=', options.scope)
      .where('window_start', '=', hourStart(now).toISOString())
      .executeTakeFirst(),
    db
      .selectFrom('twentyfour_quarantines')
      .select('until')
      .where('scope', '=', options.scope)
      .where('until', '>', now.toISOString())
      .executeTakeFirst(),
  ]);
  const used = window?.used ?? 0;
  return {
    used,
    remaining: Math.max(0, options.callsPerHour - used),
    quarantinedUntil: quarantine ? new Date(quarantine.until) : null,
  };
}

const HOUR_MS = 60 * 60_000;

/**
 * Takes one call in one statement (one round trip per 24SO call): no row is written while a
 * quarantine holds, and an existing hour's row counts up only while below the limit, so two
 * processes can never both take the last call. Undefined when the call was refused.
 */
function takeOne(db: Db, scope: string, callsPerHour: number, now: Date, window: Date) {
  const quarantined = db
    .selectFrom('twentyfour_quarantines')
    .select(sql.lit(1).as('held'))
    .where('scope', '=', scope)
    .where('until', '>', now.toISOString());
  return db
    .insertInto('twentyfour_call_windows')
    .columns(['scope', 'window_start', 'used'])
    .expression(
      db
        .selectNoFrom((eb) => [
          eb.val(scope).as('scope'),
          eb.val(window.toISOString()).as('window_start'),
          sql.lit(1).as('used'),
        ])
        .where((eb) => eb.not(eb.exists(quarantined))),
    )
    .onConflict((oc) =>
      oc
        .columns(['scope', 'window_start'])
        .doUpdateSet({ used: sql<number>`twentyfour_call_windows.used + 1` })
        .where('twentyfour_call_windows.used', '<', callsPerHour),
    )
    .returning('used')
    .executeTakeFirst();
}

function hourStart(now: Date): Date {
  return new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
}
