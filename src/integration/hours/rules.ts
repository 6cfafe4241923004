// The rules that decide whether an hour may go to 24SO's time module, as one pure function.
// Each failing rule is a reason the user sees on the hour, in plain Norwegian, with a link to
// where it is fixed. Lists compute the facts for all their hours in one query (facts.ts) and run
// this function per row in memory, so 20,000 hours cost one query, not 20,000.

/** The rules, in the order a user fixes them (settings first, then the hour's own causes). */
export const HOUR_RULES = [
  'integration-off',
  'hours-sync-off',
  'not-approved',
  'project-not-synced',
  'no-contact-id',
  'before-start-date',
  'hour-type-unmapped',
] as const;

export type HourRule = (typeof HOUR_RULES)[number];

/** Short Norwegian names of the rules, for the facet and the summary. */
export const HOUR_RULE_LABELS: Record<HourRule, string> = {
  'integration-off': 'integrasjonen er slått av',
  'hours-sync-off': 'timeoverføring ikke satt opp',
  'not-approved': 'ikke godkjent',
  'project-not-synced': 'prosjekt ikke synkronisert',
  'no-contact-id': 'mangler kontakt-ID',
  'before-start-date': 'før startdato',
  'hour-type-unmapped': 'timetype uten arbeidstype',
};

/** Where the settings page shows the hours section (start date, work-type mapping). */
export const HOURS_SETTINGS_PATH = '/integrasjoner/24sevenoffice/innstillinger#s-timer';
export const INTEGRATION_PATH = '/integrasjoner/24sevenoffice';

/** What the rules need to know about one hour; facts.ts reads these for many hours at once. */
export interface HourFacts {
  hourId: string;
  /** YYYY-MM-DD. */
  date: string;
  approved: boolean;
  projectId: string;
  /** E.g. "1001 Boligfelt". */
  projectLabel: string;
  /** The project's 24SO id, when it is in 24SO. */
  projectRemoteId: string | null;
  employeeId: string;
  employeeName: string;
  contactId: number | null;
  hourTypeCode: string;
}

/** The settings the rules read. */
export interface HourRuleSettings {
  /** The integration is switched on (Integrasjoner → 24SevenOffice). */
  enabled: boolean;
  /** Earliest date sent; null means hours sync is not set up (decision in docs/decisions.md). */
  startDate: string | null;
  /** Hour type code → 24SO work type id. */
  workTypeByHourType: Readonly<Record<string, string>>;
  /**
   * A dry run only: the projects (local ids) the same run would create before its hours. The
   * real run sends their hours right after creating them, so a dry run predicting it counts them
   * as going, not as waiting for their project.
   */
  projectsCreatedFirst?: readonly string[];
}

/** One failing rule: why the hour waits and where it is fixed. */
export interface HourReason {
  rule: HourRule;
  message: string;
  /** A page in Broen where the cause is fixed. */
  fixUrl: string;
  /** The link text, e.g. "Legg inn kontakt-ID". */
  fixLabel: string;
}

/** "2025-03-04" → "04.03.2025". */
function norwegianDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

/**
 * The rules that are the workspace's settings, not the hour's: when one fails, it holds every
 * hour alike, so a list says it once above its rows instead of on each of them.
 */
export const WORKSPACE_RULES: readonly HourRule[] = ['integration-off', 'hours-sync-off'];

/**
 * The settings that hold every hour back, in HOUR_RULES order; empty when none does.
 * @example workspaceReasons({ enabled: false, startDate: null, workTypeByHourType: {} }).map((r) => r.rule)
 *   // ['integration-off', 'hours-sync-off']
 */
export function workspaceReasons(s: HourRuleSettings): HourReason[] {
  const out: HourReason[] = [];
  if (!s.enabled) {
    out.push({
      rule: 'integration-off',
      message: 'Integrasjonen med 24SevenOffice er slått av.',
      fixUrl: INTEGRATION_PATH,
      fixLabel: 'Slå på integrasjonen',
    });
  }
  if (s.startDate === null) {
    out.push({
      rule: 'hours-sync-off',
      message: 'Timeoverføring er ikke satt opp: velg en startdato for timer i innstillingene.',
      fixUrl: HOURS_SETTINGS_PATH,
      fixLabel: 'Velg startdato',
    });
  }
  return out;
}

/**
 * Every rule that holds the hour back, in HOUR_RULES order; empty when it may be sent.
 * @example hourReasons(facts, { enabled: true, startDate: '2025-01-01', workTypeByHourType: { ORD: '1' } })
 *   // [{ rule: 'no-contact-id', message: 'Arbeideren Ola Nordmann har ingen kontakt-ID fra 24SevenOffice.', … }]
 */
export function hourReasons(h: HourFacts, s: HourRuleSettings): HourReason[] {
  const out = workspaceReasons(s);
  if (!h.approved) {
    out.push({
      rule: 'not-approved',
      message: 'Timen er ikke godkjent.',
      fixUrl: `/timer/${h.hourId}`,
      fixLabel: 'Åpne timen',
    });
  }
  if (h.projectRemoteId === null && !s.projectsCreatedFirst?.includes(h.projectId)) {
    out.push({
      rule: 'project-not-synced',
      message: `Prosjektet ${h.projectLabel} er ikke overført til 24SevenOffice ennå.`,
      fixUrl: `/prosjekter/${h.projectId}`,
      fixLabel: 'Åpne prosjektet',
    });
  }
  if (h.contactId === null) {
    out.push({
      rule: 'no-contact-id',
      message: `Arbeideren ${h.employeeName} har ingen kontakt-ID fra 24SevenOffice.`,
      fixUrl: `/arbeidere/admin?sok=${encodeURIComponent(h.employeeName)}#arbeider-${h.employeeId}`,
      fixLabel: 'Legg inn kontakt-ID',
    });
  }
  if (s.startDate !== null && h.date < s.startDate) {
    out.push({
      rule: 'before-start-date',
      message: `Datoen ${norwegianDate(h.date)} er før startdatoen for timer (${norwegianDate(s.startDate)}).`,
      fixUrl: HOURS_SETTINGS_PATH,
      fixLabel: 'Endre startdato',
    });
  }
  if (!s.workTypeByHourType[h.hourTypeCode]) {
    out.push({
      rule: 'hour-type-unmapped',
      message: `Timetypen ${h.hourTypeCode} er ikke koblet til en arbeidstype i 24SevenOffice.`,
      fixUrl: HOURS_SETTINGS_PATH,
      fixLabel: 'Koble timetypen',
    });
  }
  return out;
}

/**
 * Parses a rule code from a query string; undefined when it is not one.
 * @example isHourRule('no-contact-id') // true
 */
export function isHourRule(v: unknown): v is HourRule {
  return typeof v === 'string' && (HOUR_RULES as readonly string[]).includes(v);
}
