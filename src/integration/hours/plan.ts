import type { HourRow } from './facts.ts';
import { fingerprintOf } from './fingerprint.ts';
import { buildHourPayload, type HourPayload, zeroedPayload } from './payload.ts';
import { type HourRule, type HourRuleSettings, hourReasons } from './rules.ts';

// Decides, without any call, what a run does with each hour: create it in 24SO, update the
// 24SO hour, take it out of use there (deleted or unapproved after transfer), leave it, or let
// it wait with its reasons. The export and the auto-export check share it, so "something to
// send" means exactly what the run would send.

/** Why a sent hour is updated. */
export type UpdateKind = 'edit' | 'unapproved' | 'deleted';

export interface PlannedWrite {
  row: HourRow;
  op: 'create' | 'update';
  kind: UpdateKind | 'new';
  payload: HourPayload;
  fingerprint: string;
  remoteId: string | null;
}

export interface HourPlan {
  writes: PlannedWrite[];
  unchanged: number;
  /** Hours not in 24SO held by rules, counted per rule (an hour counts under each of its rules). */
  waiting: Map<HourRule, { hours: number; employees: Set<string>; projects: Set<string> }>;
  waitingHours: number;
}

/**
 * The plan for these hours (deleted ones included, so a deleted sent hour is taken out of use).
 * @example const plan = planHours(rows, rules, new Date().toISOString());
 */
export function planHours(
  rows: readonly HourRow[],
  rules: HourRuleSettings,
  nowIso: string,
  /** A plan to add these rows to (planning page by page); a new one when left out. */
  plan: HourPlan = { writes: [], unchanged: 0, waiting: new Map(), waitingHours: 0 },
  /** The run planning: an hour it sent in an earlier slice was counted then, not as unchanged. */
  runId?: string,
): HourPlan {
  for (const row of rows) {
    const rec = row.record;
    const remoteId = rec?.remoteId ?? null;
    if (!remoteId) {
      if (row.deleted) continue;
      const reasons = hourReasons(row, rules);
      if (reasons.length > 0) {
        plan.waitingHours++;
        for (const r of reasons) {
          const w = plan.waiting.get(r.rule) ?? { hours: 0, employees: new Set(), projects: new Set() };
          w.hours++;
          w.employees.add(row.employeeId);
          w.projects.add(row.projectId);
          plan.waiting.set(r.rule, w);
        }
        continue;
      }
      const payload = buildHourPayload(row, rules);
      if (!payload) continue;
      const fingerprint = fingerprintOf(payload);
      if (rec && isResting(rec, fingerprint, nowIso)) continue;
      plan.writes.push({ row, op: 'create', kind: 'new', payload, fingerprint, remoteId: null });
      continue;
    }
    // In 24SO already: keep it in step, as far as 24SO lets us.
    if (!rules.enabled) continue;
    const current = buildHourPayload(row, rules);
    if (!current) {
      plan.unchanged++;
      continue;
    }
    const kind: UpdateKind = row.deleted ? 'deleted' : row.approved ? 'edit' : 'unapproved';
    const payload = kind === 'deleted' ? zeroedPayload(current) : current;
    const fingerprint = fingerprintOf(payload);
    if (rec?.fingerprint === fingerprint && !rec.intentOp) {
      if (runId === undefined || rec.lastRunId !== runId) plan.unchanged++;
      continue;
    }
    if (rec && isResting(rec, fingerprint, nowIso)) {
      if (runId === undefined || rec.lastRunId !== runId) plan.unchanged++;
      continue;
    }
    plan.writes.push({ row, op: 'update', kind, payload, fingerprint, remoteId });
  }
  return plan;
}

/**
 * Whether a record waits without a call: 24SO refused this very payload before and its retry
 * time has not come, or 24SO has locked the hour and this change was already flagged.
 */
function isResting(rec: NonNullable<HourRow['record']>, fingerprint: string, nowIso: string): boolean {
  if (rec.intentOp) return false;
  if (rec.intentFingerprint !== fingerprint) return false;
  if (rec.state === 'changed_after_transfer' && rec.reasonCode === 'locked') return true;
  return rec.state === 'failed' && rec.nextRetryAt !== null && rec.nextRetryAt > nowIso;
}
