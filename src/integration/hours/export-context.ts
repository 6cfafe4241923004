import type { Logger } from '../../config/logger.ts';
import type { Db } from '../../db/database.ts';
import {
  IdentityBlockedError,
  NotAuthenticatedError,
  RateLimitError,
  type TwentyFourError,
  WrongCredentialsError,
} from '../../twentyfour/errors.ts';
import type { NewRunRecord } from '../sync/runs.ts';
import type { HourRow } from './facts.ts';
import type { PlannedWrite } from './plan.ts';
import type { HOUR_RULES } from './rules.ts';

// What the hours export's parts share: the run it works for, the stop it throws, and how an
// hour is named in 24SO's records and in the run log.

export interface HourExportDeps {
  db: Db;
  clock: () => Date;
  logger: Logger;
}

export interface HourExportRun {
  id: string;
  workspaceId: string;
  dryRun?: boolean;
}

/** What one hours phase did, for the run's counts. */
export interface HourExportResult {
  created: number;
  updated: number;
  unchanged: number;
  /** Sent hours marked «endret etter overføring». */
  flagged: number;
  failed: number;
  waiting: number;
  waitingByRule: Partial<Record<(typeof HOUR_RULES)[number], number>>;
  /**
   * The export stopped with hours left (its time slice was used, or it was told to stop): the run
   * goes on from its saved place. False when the run's hours are done.
   */
  workLeft: boolean;
}

/** Searches reach back this far before the earliest open intent (clock skew, minute resolution). */
export const RECOVERY_MARGIN_MS = 5 * 60_000;

/** Thrown when the run must stop or wait (quarantine, login); the engine decides which. */
export class HourExportStopped extends Error {
  constructor(readonly cause: TwentyFourError) {
    super(cause.message);
  }
}

export function key(workspaceId: string, localId: string) {
  return { workspaceId, entity: 'hour' as const, localId };
}

export function isStop(error: TwentyFourError): boolean {
  return (
    error instanceof RateLimitError ||
    error instanceof WrongCredentialsError ||
    error instanceof IdentityBlockedError ||
    error instanceof NotAuthenticatedError
  );
}

export function label(row: HourRow): string {
  const [y, m, d] = row.date.split('-');
  return `${d}.${m}.${y} ${row.employeeName}, ${row.projectLabel}`;
}

export function line(
  w: PlannedWrite,
  action: NewRunRecord['action'],
  reason: string | null,
  reasonCode: string | null,
  remoteId = w.remoteId,
): NewRunRecord {
  return { entity: 'hour', localId: w.row.hourId, remoteId, label: label(w.row), action, reason, reasonCode };
}
