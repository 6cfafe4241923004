import type { Db } from '../../db/database.ts';
import { fromDbBool } from '../../db/database.ts';
import { getSettings } from '../settings.ts';
import type { RecordState } from '../sync/tables.ts';
import { type HourFacts, type HourReason, type HourRuleSettings, hourReasons } from './rules.ts';

// Reads what the rules need for many hours in one query (hour, worker, project, hour type, the
// project's and the hour's 24SO links), and turns it into each hour's 24SO state for the API,
// the Timer list and the export.

/** One hour with everything the rules, the state and the export need. */
export interface HourRow extends HourFacts {
  deleted: boolean;
  billable: boolean;
  minutes: number;
  startTime: string | null;
  endTime: string | null;
  description: string;
  updatedAt: string;
  /** The hour's own 24SO link, when it has one. */
  record: HourRecordFacts | null;
}

export interface HourRecordFacts {
  remoteId: string | null;
  state: RecordState;
  reason: string | null;
  reasonCode: string | null;
  lastSyncedAt: string | null;
  fingerprint: string | null;
  intentOp: string | null;
  intentAt: string | null;
  intentFingerprint: string | null;
  attempts: number;
  nextRetryAt: string | null;
  /** The run that last wrote the record (a run's later slice does not count its own work again). */
  lastRunId: string | null;
}

/** The states a user sees on an hour. */
export type HourTransferState = 'sent' | 'waiting' | 'ready' | 'failed' | 'changed_after_transfer';
export const HOUR_TRANSFER_STATES: readonly HourTransferState[] = [
  'sent',
  'waiting',
  'ready',
  'failed',
  'changed_after_transfer',
];

/** The `twentyfour` block on an hour in the API and on the page. */
export interface HourTransfer {
  state: HourTransferState;
  /** The 24SO hour id, once it is in 24SO. */
  hourId: string | null;
  /** Every rule that holds it back (state waiting). */
  reasons: HourReason[];
  /** 24SO's refusal, or what changed after transfer, in Norwegian. */
  message: string | null;
  sentAt: string | null;
}

/**
 * The rule settings of a workspace, from its stored integration settings.
 * @example const rules = await ruleSettings(db, wsId);
 */
export async function ruleSettings(db: Db, workspaceId: string): Promise<HourRuleSettings> {
  const stored = await getSettings(db, workspaceId);
  return {
    enabled: stored.enabled,
    startDate: stored.settings.hours.startDate,
    workTypeByHourType: stored.settings.hours.workTypeByHourType,
  };
}

/**
 * The hours of a workspace (only `ids` when given; deleted ones only with `includeDeleted`) with
 * their facts, in one query per 500 ids (one query when listing all).
 * @example const rows = await loadHourRows(db, wsId, { ids: page.items.map((h) => h.id) });
 */
export async function loadHourRows(
  db: Db,
  workspaceId: string,
  options: { ids?: readonly string[]; includeDeleted?: boolean } = {},
): Promise<HourRow[]> {
  const base = () => {
    let q = db
      .selectFrom('hour_entries as h')
      .innerJoin('employees as e', 'e.id', 'h.employee_id')
      .innerJoin('projects as p', 'p.id', 'h.project_id')
      .innerJoin('hour_types as t', 't.id', 'h.hour_type_id')
      .leftJoin('sync_records as sp', (j) =>
        j
          .onRef('sp.workspace_id', '=', 'h.workspace_id')
          .on('sp.entity', '=', 'project')
          .onRef('sp.local_id', '=', 'h.project_id'),
      )
      .leftJoin('sync_records as sh', (j) =>
        j
          .onRef('sh.workspace_id', '=', 'h.workspace_id')
          .on('sh.entity', '=', 'hour')
          .onRef('sh.local_id', '=', 'h.id'),
      )
      .select([
        'h.id',
        'h.date',
        'h.approved',
        'h.billable',
        'h.minutes',
        'h.start_time',
        'h.end_time',
        'h.description',
        'h.updated_at',
        'h.deleted_at',
        'h.project_id',
        'p.number as project_number',
        'p.name as project_name',
        'sp.remote_id as project_remote_id',
        'h.employee_id',
        'e.name as employee_name',
        'e.twentyfour_contact_id',
        't.code as hour_type_code',
        'sh.remote_id',
        'sh.state',
        'sh.reason',
        'sh.reason_code',
        'sh.last_synced_at',
        'sh.fingerprint',
        'sh.intent_op',
        'sh.intent_at',
        'sh.intent_fingerprint',
        'sh.attempts',
        'sh.next_retry_at',
        'sh.last_run_id',
      ])
      .where('h.workspace_id', '=', workspaceId);
    if (!options.includeDeleted) q = q.where('h.deleted_at', 'is', null);
    return q;
  };
  type Row = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];
  const toRow = (r: Row): HourRow => ({
    hourId: r.id,
    date: r.date,
    approved: fromDbBool(r.approved),
    projectId: r.project_id,
    projectLabel: `${r.project_number} ${r.project_name}`,
    projectRemoteId: r.project_remote_id ?? null,
    employeeId: r.employee_id,
    employeeName: r.employee_name,
    contactId: r.twentyfour_contact_id === null ? null : Number(r.twentyfour_contact_id),
    hourTypeCode: r.hour_type_code,
    deleted: r.deleted_at !== null,
    billable: fromDbBool(r.billable),
    minutes: Number(r.minutes),
    startTime: r.start_time,
    endTime: r.end_time,
    description: r.description,
    updatedAt: r.updated_at,
    record: r.state
      ? {
          remoteId: r.remote_id ?? null,
          state: r.state,
          reason: r.reason ?? null,
          reasonCode: r.reason_code ?? null,
          lastSyncedAt: r.last_synced_at ?? null,
          fingerprint: r.fingerprint ?? null,
          intentOp: r.intent_op ?? null,
          intentAt: r.intent_at ?? null,
          intentFingerprint: r.intent_fingerprint ?? null,
          attempts: Number(r.attempts ?? 0),
          nextRetryAt: r.next_retry_at ?? null,
          lastRunId: r.last_run_id ?? null,
        }
      : null,
  });
  if (!options.ids) return (await base().orderBy('h.date').orderBy('h.id').execute()).map(toRow);
  const out: HourRow[] = [];
  for (let i = 0; i < options.ids.length; i += 500) {
    const chunk = options.ids.slice(i, i + 500);
    if (chunk.length === 0) continue;
    out.push(...(await base().where('h.id', 'in', chunk).execute()).map(toRow));
  }
  return out;
}

/**
 * An hour's 24SO state from its facts and link: sent (with the 24SO id), waiting (every reason),
 * ready (will go with the next run), failed (24SO's reason) or changed after transfer.
 * @example transferOf(row, rules).state // 'waiting'
 */
export function transferOf(row: HourRow, rules: HourRuleSettings): HourTransfer {
  const rec = row.record;
  const hourId = rec?.remoteId ?? null;
  const sentAt = hourId ? (rec?.lastSyncedAt ?? null) : null;
  if (rec?.state === 'changed_after_transfer') {
    return { state: 'changed_after_transfer', hourId, reasons: [], message: rec.reason, sentAt };
  }
  const reasons = hourReasons(row, rules);
  if (hourId) {
    if (rec?.state === 'failed') return { state: 'failed', hourId, reasons: [], message: rec.reason, sentAt };
    return { state: 'sent', hourId, reasons: [], message: null, sentAt };
  }
  if (reasons.length > 0) return { state: 'waiting', hourId: null, reasons, message: null, sentAt: null };
  if (rec?.state === 'failed')
    return { state: 'failed', hourId: null, reasons: [], message: rec.reason, sentAt };
  return { state: 'ready', hourId: null, reasons: [], message: null, sentAt: null };
}

/**
 * The 24SO state of each of these hours (one query per 500 ids).
 * @example const states = await hourTransfers(db, wsId, page.items.map((h) => h.id));
 */
export async function hourTransfers(
  db: Db,
  workspaceId: string,
  ids: readonly string[],
  rules?: HourRuleSettings,
): Promise<Map<string, HourTransfer>> {
  const settings = rules ?? (await ruleSettings(db, workspaceId));
  const rows = await loadHourRows(db, workspaceId, { ids });
  return new Map(rows.map((r) => [r.hourId, transferOf(r, settings)]));
}
