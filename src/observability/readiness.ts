import { sql } from 'kysely';
import type { Logger } from '../config/logger.ts';
import type { Db } from '../db/database.ts';
import { migrationStatus } from '../db/migrate.ts';

// `GET /readyz`: may this process take traffic? Only when its database answers and has every
// migration this code knows. (`/healthz` stays a liveness check that touches nothing.)

export type Readiness =
  | { status: 'ready' }
  | { status: 'not_ready'; problems: string[]; pendingMigrations?: string[] };

const CHECK_TIMEOUT_MS = 5_000;

/**
 * Checks the database and its migrations, within a few seconds whatever the database does.
 * @example const r = await checkReadiness(db); if (r.status !== 'ready') console.log(r.problems);
 */
export async function checkReadiness(
  db: Db,
  logger: Logger,
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Readiness>((resolve) => {
    timer = setTimeout(
      () => resolve({ status: 'not_ready', problems: [`database did not answer within ${timeoutMs} ms`] }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([check(db, logger), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// The answer is public (load balancers call it without a token): the database's own error
// text goes to the log, not into the response.
async function check(db: Db, logger: Logger): Promise<Readiness> {
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    logger.warn({ err: error }, 'readiness: database unreachable');
    return { status: 'not_ready', problems: ['database unreachable'] };
  }
  try {
    const { pending } = await migrationStatus(db);
    if (pending.length > 0) {
      return {
        status: 'not_ready',
        problems: [`${pending.length} migration(s) not applied; run \`npx broen migrate\``],
        pendingMigrations: pending,
      };
    }
  } catch (error) {
    logger.warn({ err: error }, 'readiness: could not read the migration state');
    return { status: 'not_ready', problems: ['could not read the migration state'] };
  }
  return { status: 'ready' };
}
