import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/tables.ts';
import type { RecordState } from '../sync/tables.ts';
import type { HourTransferState } from './facts.ts';
import type { HourRule, HourRuleSettings } from './rules.ts';

// The rules and states as SQL conditions on `hour_entries`, so a list filtered by 24SO state or
// by reason pages in the database like any other filter (the same rules as rules.ts, written a
// second way; rules.test.ts and the API tests check that both agree).

type Eb = ExpressionBuilder<Database, 'hour_entries'>;

/** What the list can be narrowed to; `not_sent` is «Ikke overført»: waiting, ready or failed. */
export type TransferFilterState = HourTransferState | 'not_sent';

const TRUE = sql<SqlBool>`1 = 1`;
const FALSE = sql<SqlBool>`1 = 0`;

function sentIds(eb: Eb, workspaceId: string, states?: RecordState[]) {
  let q = eb
    .selectFrom('sync_records')
    .select('sync_records.local_id')
    .where('sync_records.workspace_id', '=', workspaceId)
    .where('sync_records.entity', '=', 'hour')
    .where('sync_records.remote_id', 'is not', null);
  if (states) q = q.where('sync_records.state', 'in', states);
  return q;
}

function failedIds(eb: Eb, workspaceId: string) {
  return eb
    .selectFrom('sync_records')
    .select('sync_records.local_id')
    .where('sync_records.workspace_id', '=', workspaceId)
    .where('sync_records.entity', '=', 'hour')
    .where('sync_records.state', '=', 'failed');
}

/** One rule as a condition on an hour row (true = the rule holds the hour back). */
export function ruleCondition(
  eb: Eb,
  workspaceId: string,
  rules: HourRuleSettings,
  rule: HourRule,
): Expression<SqlBool> {
  switch (rule) {
    case 'integration-off':
      return rules.enabled ? FALSE : TRUE;
    case 'hours-sync-off':
      return rules.startDate === null ? TRUE : FALSE;
    case 'not-approved':
      return eb('hour_entries.approved', '=', 0);
    case 'project-not-synced': {
      const notInTwentyfour = eb(
        'hour_entries.project_id',
        'not in',
        eb
          .selectFrom('sync_records')
          .select('sync_records.local_id')
          .where('sync_records.workspace_id', '=', workspaceId)
          .where('sync_records.entity', '=', 'project')
          .where('sync_records.remote_id', 'is not', null),
      );
      const first = rules.projectsCreatedFirst ?? [];
      return first.length === 0
        ? notInTwentyfour
        : eb.and([notInTwentyfour, eb('hour_entries.project_id', 'not in', [...first])]);
    }
    case 'no-contact-id':
      return eb(
        'hour_entries.employee_id',
        'in',
        eb
          .selectFrom('employees')
          .select('employees.id')
          .where('employees.workspace_id', '=', workspaceId)
          .where('employees.twentyfour_contact_id', 'is', null),
      );
    case 'before-start-date':
      return rules.startDate === null ? FALSE : eb('hour_entries.date', '<', rules.startDate);
    case 'hour-type-unmapped': {
      const mapped = Object.entries(rules.workTypeByHourType)
        .filter(([, v]) => Boolean(v))
        .map(([k]) => k);
      if (mapped.length === 0) return TRUE;
      return eb(
        'hour_entries.hour_type_id',
        'not in',
        eb
          .selectFrom('hour_types')
          .select('hour_types.id')
          .where('hour_types.workspace_id', '=', workspaceId)
          .where('hour_types.code', 'in', mapped),
      );
    }
  }
}

const ALL_RULES: HourRule[] = [
  'integration-off',
  'hours-sync-off',
  'not-approved',
  'project-not-synced',
  'no-contact-id',
  'before-start-date',
  'hour-type-unmapped',
];

/**
 * A condition for hours in a 24SO state and/or held by one rule (which implies not sent).
 * @example query.where((eb) => transferCondition(eb, wsId, rules, { state: 'waiting', reason: 'no-contact-id' }))
 */
export function transferCondition(
  eb: Eb,
  workspaceId: string,
  rules: HourRuleSettings,
  filter: { state?: TransferFilterState; reason?: HourRule },
): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [];
  const notSent = () => eb('hour_entries.id', 'not in', sentIds(eb, workspaceId));
  const anyRule = () => eb.or(ALL_RULES.map((r) => ruleCondition(eb, workspaceId, rules, r)));
  switch (filter.state) {
    case 'sent':
      parts.push(eb('hour_entries.id', 'in', sentIds(eb, workspaceId, ['synced', 'pending'])));
      break;
    case 'changed_after_transfer':
      parts.push(eb('hour_entries.id', 'in', sentIds(eb, workspaceId, ['changed_after_transfer'])));
      break;
    case 'failed':
      parts.push(eb('hour_entries.id', 'in', failedIds(eb, workspaceId)));
      parts.push(eb.or([eb('hour_entries.id', 'in', sentIds(eb, workspaceId)), eb.not(anyRule())]));
      break;
    case 'waiting':
      parts.push(notSent(), anyRule());
      break;
    case 'ready':
      parts.push(notSent(), eb.not(anyRule()), eb('hour_entries.id', 'not in', failedIds(eb, workspaceId)));
      break;
    case 'not_sent':
      parts.push(notSent());
      break;
    default:
      break;
  }
  if (filter.reason) parts.push(notSent(), ruleCondition(eb, workspaceId, rules, filter.reason));
  return parts.length === 0 ? TRUE : eb.and(parts);
}
