import type { Migration } from 'kysely';
import * as m001 from './001-workspace.ts';
import * as m002 from './002-integration.ts';
import * as m003 from './003-login-attempts.ts';
import * as m004 from './004-shared-24so-state.ts';
import * as m005 from './005-hardening.ts';
import * as m006 from './006-sync.ts';
import * as m008 from './008-invoicing.ts';
import * as m010 from './010-reconciliation.ts';
import * as m011 from './011-metrics-index.ts';
import * as m012 from './012-mapping-review.ts';
import * as m014 from './014-invoicing-jobs.ts';
import * as m015 from './015-fencing.ts';
import * as m016 from './016-hour-keys.ts';
import * as m017 from './017-transfer-holder.ts';
import * as m018 from './018-run-pauses.ts';
import * as m019 from './019-hour-walk.ts';
import * as m020 from './020-takeovers.ts';
import * as m021 from './021-transfer-resumes.ts';

/**
 * Every migration in order. Names sort lexically; add new ones at the end.
 * One set serves SQLite and PostgreSQL: only portable column types (text, integer, bigint).
 */
export const migrations: Record<string, Migration> = {
  '001-workspace': m001,
  '002-integration': m002,
  '003-login-attempts': m003,
  '004-shared-24so-state': m004,
  '005-hardening': m005,
  '006-sync': m006,
  '008-invoicing': m008,
  '010-reconciliation': m010,
  '011-metrics-index': m011,
  '012-mapping-review': m012,
  '014-invoicing-jobs': m014,
  '015-fencing': m015,
  '016-hour-keys': m016,
  '017-transfer-holder': m017,
  '018-run-pauses': m018,
  '019-hour-walk': m019,
  '020-takeovers': m020,
  '021-transfer-resumes': m021,
};
