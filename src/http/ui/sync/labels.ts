import { ENTITY_ORDER } from '../../../integration/sync/engine.ts';
import type {
  RecordState,
  RunAction,
  RunState,
  RunTrigger,
  SyncEntity,
} from '../../../integration/sync/tables.ts';
import { formatDateTime } from '../format.ts';

// The Norwegian words of the Synkronisering pages and the 24SO badges (glossary: a sync run is
// a «synkronisering», never a «kjøring», which in this app means transport).

/** Base path of the Synkronisering pages. */
export const SYNC_BASE = '/integrasjoner/synkronisering';

/** The order kinds are shown in; hours appear once the engine moves them (ENTITY_ORDER). */
const DISPLAY_ORDER: SyncEntity[] = ['customer', 'project', 'product', 'hour'];

/** Kinds the pages offer «Synkroniser nå» for and list: those the engine moves. */
export const SYNC_KINDS: readonly SyncEntity[] = DISPLAY_ORDER.filter((k) => ENTITY_ORDER.includes(k));
export type SyncKind = SyncEntity;

/** The plural name of a kind, as in «Synkroniser kunder». */
export const ENTITY_PLURAL: Record<SyncEntity, string> = {
  customer: 'kunder',
  project: 'prosjekter',
  product: 'varer',
  hour: 'timer',
  invoice: 'fakturaer',
};

/** The singular name of a kind, as in a run's failure list. */
export const ENTITY_SINGULAR: Record<SyncEntity, string> = {
  customer: 'kunde',
  project: 'prosjekt',
  product: 'vare',
  hour: 'time',
  invoice: 'faktura',
};

/** The kind's value in the address (`?type=kunder`). */
export const ENTITY_PARAM: Record<SyncEntity, string> = {
  customer: 'kunder',
  project: 'prosjekter',
  product: 'varer',
  hour: 'timer',
  invoice: 'fakturaer',
};

/** Where a record of each kind is edited in the web UI (hours and invoices have no page per record here). */
export const ENTITY_PATH: Partial<Record<SyncEntity, string>> = {
  customer: '/kunder',
  project: '/prosjekter',
  product: '/varelager',
  hour: '/timer',
};

export const TRIGGER_LABEL: Record<RunTrigger, string> = {
  manual: 'manuell',
  auto: 'automatisk',
  api: 'API',
  cli: 'kommandolinje',
};

/** A record's state as the badge says it; a synced record that came from 24SO says so. */
export const RECORD_STATE_LABEL: Record<RecordState, string> = {
  synced: 'sendt',
  pending: 'venter',
  failed: 'feilet',
  skipped: 'hoppet over',
  changed_after_transfer: 'endret etter overføring',
};

/** The state filter of the per-record list: value in the address → state. */
export const STATE_PARAM: Record<string, RecordState> = {
  sendt: 'synced',
  venter: 'pending',
  feilet: 'failed',
  'hoppet-over': 'skipped',
  'endret-etter-overforing': 'changed_after_transfer',
};

/** What a run did with a record (in a dry run: what it would do). */
export const ACTION_LABEL: Record<RunAction, string> = {
  create: 'opprettet',
  update: 'oppdatert',
  unchanged: 'uendret',
  import: 'hentet inn',
  deactivate: 'satt inaktiv',
  skip: 'hoppet over',
  fail: 'feilet',
};

/** What a dry run would do with a record. */
export const DRY_ACTION_LABEL: Record<RunAction, string> = {
  create: 'opprettes',
  update: 'oppdateres',
  unchanged: 'uendret',
  import: 'hentes inn',
  deactivate: 'settes inaktiv',
  skip: 'hoppes over',
  fail: 'ville feilet',
};

/** Badge class per record state (the CSS has `ok` green, `off` red, plain grey). */
export const RECORD_STATE_CLASS: Record<RecordState, string> = {
  synced: 'badge ok',
  pending: 'badge',
  failed: 'badge off',
  skipped: 'badge',
  changed_after_transfer: 'badge off',
};

/** «kl. 14:05» in Norwegian time. */
export function clockTime(iso: string): string {
  return formatDateTime(iso).replace(/^.* kl\. /, '');
}

/**
 * A run's state in words; a waiting run says until when.
 * @example runStateLabel({ state: 'waiting', waitingUntil: '2026-03-05T13:05:00Z' }) // 'venter på 24SO til kl. 14:05'
 */
export function runStateLabel(run: { state: RunState; waitingUntil: string | null }): string {
  switch (run.state) {
    case 'queued':
      return 'i kø';
    case 'running':
      return 'pågår';
    case 'waiting':
      return run.waitingUntil ? `venter på 24SO til kl. ${clockTime(run.waitingUntil)}` : 'venter på 24SO';
    case 'done':
      return 'ferdig';
    case 'failed':
      return 'feilet';
  }
}

/** Whether a run is still live (the page keeps refreshing while it is). */
export function isLive(run: { state: RunState }): boolean {
  return run.state === 'queued' || run.state === 'running' || run.state === 'waiting';
}

/** The kinds a run covers, in words: «alle», «kunder». */
export function runKindLabel(entity: SyncEntity | null): string {
  return entity ? ENTITY_PLURAL[entity] : 'alle';
}
