import { loadConfig } from '../config/config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { keyIdOf } from '../integration/credentials.ts';
import { type RotationSummary, rotateSecrets } from '../integration/secret-rotation.ts';

/**
 * `broen secret rotate`: re-seals every stored secret with BROEN_SECRET_KEY, opening the old
 * values with BROEN_SECRET_KEY_OLD. Safe to interrupt and run again. Exit code 0 only when no
 * stored 24SO password is left that the configured keys cannot open.
 * @example process.exitCode = await runSecretRotate();
 */
export async function runSecretRotate(): Promise<number> {
  const config = loadConfig(process.env, { demo: !process.env.DATABASE_URL });
  const previous = config.previousSecretKeys ?? [];
  const db = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(db);
    console.log(
      `Re-sealing with key ${keyIdOf(config.secretKey)}` +
        (previous.length
          ? `; old keys: ${previous.map(keyIdOf).join(', ')}`
          : '; no BROEN_SECRET_KEY_OLD set'),
    );
    const summary = await rotateSecrets(db, { current: config.secretKey, previous });
    printSummary(summary);
    if (summary.connections.unreadable > 0) {
      console.error(
        `${summary.connections.unreadable} stored 24SO password(s) open with none of the configured keys. ` +
          'Add the key they were sealed with to BROEN_SECRET_KEY_OLD and run again, or connect those workspaces again.',
      );
      return 1;
    }
    console.log(
      'Rotation complete: BROEN_SECRET_KEY_OLD can be removed once every process runs with the new key.',
    );
    return 0;
  } finally {
    await db.destroy();
  }
}

function printSummary(summary: RotationSummary): void {
  const line = (name: string, c: RotationSummary['connections']) =>
    console.log(
      `  ${name.padEnd(16)} re-sealed ${c.resealed}, unreadable ${c.unreadable}, dropped ${c.dropped}`,
    );
  line('24SO passwords', summary.connections);
  line('24SO sessions', summary.sessions);
  line('pending logins', summary.pendingLogins);
}
