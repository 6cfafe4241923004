import type { Db } from '../../db/database.ts';
import { type HourKey, loadHourRows, ruleSettings } from './facts.ts';
import { HOUR_RULES, type HourRule, hourReasons } from './rules.ts';

// «312 godkjente timer venter: 200 mangler kontakt-ID (3 arbeidere), …» for the Integrasjoner
// page: approved hours not in 24SO, grouped by the rules that hold them.

/** Hours read at a time. */
const PAGE = 1_000;

export interface WaitingGroup {
  rule: HourRule;
  hours: number;
  employees: number;
  projects: number;
}

export interface WaitingSummary {
  /** Approved hours not in 24SO that a rule holds back. */
  total: number;
  /** Per rule, in HOUR_RULES order; an hour held by two rules counts in both. */
  groups: WaitingGroup[];
}

/**
 * The approved hours that wait, grouped by reason.
 * @example const s = await waitingSummary(db, wsId); // { total: 312, groups: [{ rule: 'no-contact-id', hours: 200, employees: 3, … }] }
 */
export async function waitingSummary(db: Db, workspaceId: string): Promise<WaitingSummary> {
  const rules = await ruleSettings(db, workspaceId);
  const acc = new Map<HourRule, { hours: number; employees: Set<string>; projects: Set<string> }>();
  let total = 0;
  // A page at a time in (date, id) order: 20,000 approved hours not yet sent are counted without
  // holding all their rows at once (decision 83).
  let after: HourKey | null = null;
  for (;;) {
    const rows = await loadHourRows(db, workspaceId, { approvedNotSent: true, page: { after, limit: PAGE } });
    for (const row of rows) {
      if (!row.approved || row.record?.remoteId) continue;
      const reasons = hourReasons(row, rules);
      if (reasons.length === 0) continue;
      total++;
      for (const r of reasons) {
        const g = acc.get(r.rule) ?? { hours: 0, employees: new Set(), projects: new Set() };
        g.hours++;
        g.employees.add(row.employeeId);
        g.projects.add(row.projectId);
        acc.set(r.rule, g);
      }
    }
    const last = rows[rows.length - 1];
    if (!last || rows.length < PAGE) break;
    after = { date: last.date, id: last.hourId };
  }
  const groups = HOUR_RULES.flatMap((rule) => {
    const g = acc.get(rule);
    return g ? [{ rule, hours: g.hours, employees: g.employees.size, projects: g.projects.size }] : [];
  });
  return { total, groups };
}

/**
 * A group in Norwegian, e.g. "200 mangler kontakt-ID (3 arbeidere)".
 * @example groupText({ rule: 'before-start-date', hours: 12, employees: 2, projects: 1 }) // '12 før startdato'
 */
export function groupText(g: WaitingGroup): string {
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  switch (g.rule) {
    case 'no-contact-id':
      return `${g.hours} mangler kontakt-ID (${n(g.employees, 'arbeider', 'arbeidere')})`;
    case 'project-not-synced':
      return `${g.hours} prosjekt ikke synkronisert (${n(g.projects, 'prosjekt', 'prosjekter')})`;
    case 'before-start-date':
      return `${g.hours} før startdato`;
    case 'hour-type-unmapped':
      return `${g.hours} timetype uten arbeidstype`;
    case 'integration-off':
      return `${g.hours} fordi integrasjonen er slått av`;
    case 'hours-sync-off':
      return `${g.hours} fordi timeoverføring ikke er satt opp (ingen startdato)`;
    default:
      return `${g.hours} ikke godkjent`;
  }
}
