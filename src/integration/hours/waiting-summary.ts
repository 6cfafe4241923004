import { type Expression, type SqlBool, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { NewRunRecord } from '../sync/runs.ts';
import { ruleCondition, transferCondition } from './filter.ts';
import { HOUR_RULE_LABELS, HOUR_RULES, type HourRule, type HourRuleSettings } from './rules.ts';

// The hours a run leaves waiting, per rule, counted by the database once per run (decision 76):
// the export walks the workspace over several time slices, so counting them from its pages would
// need the workers and projects of every page kept between slices. The same rules as the plan
// (filter.ts writes rules.ts a second way; rules.test.ts checks both agree).

export interface RunWaiting {
  /** Hours not in 24SO that a rule holds (deleted ones not counted). */
  hours: number;
  /** Per rule, in HOUR_RULES order; an hour held by two rules counts under both. */
  byRule: { rule: HourRule; hours: number; employees: number; projects: number }[];
}

/**
 * The waiting hours of a workspace by rule, in one query.
 * @example const w = await runWaiting(db, wsId, rules); // { hours: 3, byRule: [{ rule: 'no-contact-id', hours: 1, … }] }
 */
export async function runWaiting(db: Db, workspaceId: string, rules: HourRuleSettings): Promise<RunWaiting> {
  const row = await db
    .selectFrom('hour_entries')
    .where('hour_entries.workspace_id', '=', workspaceId)
    .where('hour_entries.deleted_at', 'is', null)
    .where((eb) => transferCondition(eb, workspaceId, rules, { state: 'waiting' }))
    .select((eb) => [
      eb.fn.countAll().as('total'),
      ...HOUR_RULES.flatMap((rule, i) => {
        const held: Expression<SqlBool> = ruleCondition(eb, workspaceId, rules, rule);
        return [
          sql<number>`sum(case when ${held} then 1 else 0 end)`.as(`h${i}`),
          sql<number>`count(distinct case when ${held} then hour_entries.employee_id end)`.as(`e${i}`),
          sql<number>`count(distinct case when ${held} then hour_entries.project_id end)`.as(`p${i}`),
        ];
      }),
    ])
    .executeTakeFirst();
  const counts = (row ?? {}) as Record<string, unknown>;
  const byRule = HOUR_RULES.map((rule, i) => ({
    rule,
    hours: Number(counts[`h${i}`] ?? 0),
    employees: Number(counts[`e${i}`] ?? 0),
    projects: Number(counts[`p${i}`] ?? 0),
  })).filter((g) => g.hours > 0);
  return { hours: Number(counts.total ?? 0), byRule };
}

/**
 * One log line per rule with the number of waiting hours (not 20,000 lines a run).
 * @example await addRunRecords(db, clock, run, waitingLog(waiting));
 */
export function waitingLog(waiting: RunWaiting): NewRunRecord[] {
  return waiting.byRule.map((w) => ({
    entity: 'hour',
    localId: null,
    remoteId: null,
    label: `${w.hours} ${w.hours === 1 ? 'time venter' : 'timer venter'}: ${HOUR_RULE_LABELS[w.rule]}`,
    action: 'skip',
    reason: `${w.hours} ${w.hours === 1 ? 'time' : 'timer'} (${w.employees} arbeidere, ${w.projects} prosjekter)`,
    reasonCode: w.rule,
  }));
}
