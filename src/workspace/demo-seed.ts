import type { Transaction } from 'kysely';
import { type Clock, systemClock } from '../db/clock.ts';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/tables.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { buildDemoActivity, type DemoActivity } from './demo-seed-activity.ts';
import { DEMO_LOGIN, DEMO_SLUG } from './demo-seed-data.ts';
import { buildDemoProjectLines } from './demo-seed-project-lines.ts';
import { buildDemoRegisters, type DemoRegisters } from './demo-seed-registers.ts';
import { insertInChunks } from './insert-chunks.ts';
import { hashPassword } from './users.ts';

// The demo workspace seeded on the first `npm start`: a machine contractor with customers,
// workers, projects (demo-seed-registers.ts) and six weeks of hours and transport relative to
// the clock (demo-seed-activity.ts). Every run produces the same records; all rows go in one
// transaction in batches.

export interface DemoSeedResult {
  /** False when the demo workspace already existed and nothing was written. */
  created: boolean;
  login: { email: string; password: string };
  workspaceSlug: string;
}

/**
 * Seeds the demo workspace unless it exists.
 * @example const { created, login } = await seedDemoWorkspace(db, { clock: () => new Date() });
 */
export async function seedDemoWorkspace(db: Db, options: { clock?: Clock } = {}): Promise<DemoSeedResult> {
  const clock = options.clock ?? systemClock;
  const result = (created: boolean): DemoSeedResult => ({
    created,
    login: { email: DEMO_LOGIN.email, password: DEMO_LOGIN.password },
    workspaceSlug: DEMO_SLUG,
  });
  const exists = await db
    .selectFrom('workspaces')
    .select('id')
    .where('slug', '=', DEMO_SLUG)
    .executeTakeFirst();
  if (exists) return result(false);
  // Hash outside the transaction: scrypt takes a while and holds no lock.
  const passwordHash = await hashPassword(DEMO_LOGIN.password);
  const now = clock();
  try {
    await db.transaction().execute(async (trx) => {
      const registers = buildDemoRegisters(now, passwordHash);
      await insertDemo(trx, registers, buildDemoActivity(registers));
    });
  } catch (error) {
    // Another process seeded at the same moment; its workspace is as good as ours.
    if (isUniqueViolation(error)) return result(false);
    throw error;
  }
  return result(true);
}

async function insertDemo(
  trx: Transaction<Database>,
  registers: DemoRegisters,
  activity: DemoActivity,
): Promise<void> {
  await trx.insertInto('workspaces').values(registers.workspace).execute();
  await trx.insertInto('users').values(registers.user).execute();
  await insertInChunks(trx, 'customers', registers.customers);
  await insertInChunks(trx, 'employees', registers.employees);
  await insertInChunks(trx, 'hour_types', registers.hourTypes);
  await insertInChunks(trx, 'machines', registers.machines);
  await insertInChunks(trx, 'projects', registers.projects);
  await insertInChunks(trx, 'products', registers.products);
  await insertInChunks(trx, 'hour_entries', activity.hours);
  await insertInChunks(trx, 'hour_approval_events', activity.approvals);
  await insertInChunks(trx, 'transport_entries', activity.transport);
  const lines = buildDemoProjectLines(registers);
  await insertInChunks(trx, 'material_lines', lines.materialLines);
  await insertInChunks(trx, 'free_text_lines', lines.freeTextLines);
}
