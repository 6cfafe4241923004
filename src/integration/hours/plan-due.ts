import type { Db } from '../../db/database.ts';
import { loadHourRows, ruleSettings } from './facts.ts';
import { planHours } from './plan.ts';

/**
 * Whether an automatic run would send any hour now (a database read, no call to 24SO): a new
 * eligible hour, an hour released because its cause was fixed, an edit, unapproval or delete of
 * a sent hour, or a write whose outcome is still open.
 * @example if (await hoursDue(db, wsId, new Date())) due.push('hour');
 */
export async function hoursDue(db: Db, workspaceId: string, now: Date): Promise<boolean> {
  const rules = await ruleSettings(db, workspaceId);
  const rows = await loadHourRows(db, workspaceId, { includeDeleted: true });
  if (rows.some((r) => r.record?.intentOp)) return true;
  return planHours(rows, rules, now.toISOString()).writes.length > 0;
}
