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
      `Forsegler på nytt med nøkkel ${keyIdOf(config.secretKey)}` +
        (previous.length
          ? `; gamle nøkler: ${previous.map(keyIdOf).join(', ')}`
          : '; BROEN_SECRET_KEY_OLD er ikke satt'),
    );
    const summary = await rotateSecrets(db, { current: config.secretKey, previous });
    printSummary(summary);
    if (summary.connections.unreadable > 0) {
      console.error(
        `${summary.connections.unreadable} lagrede 24SO-passord kan ikke åpnes med noen av de oppgitte nøklene. ` +
          'Legg nøkkelen de ble forseglet med i BROEN_SECRET_KEY_OLD og kjør på nytt, eller koble de arbeidsområdene til 24SO på nytt.',
      );
      return 1;
    }
    console.log(
      'Rotasjonen er ferdig. Fjern BROEN_SECRET_KEY_OLD når alle prosesser kjører med den nye nøkkelen.',
    );
    return 0;
  } finally {
    await db.destroy();
  }
}

function printSummary(summary: RotationSummary): void {
  const line = (name: string, c: RotationSummary['connections']) =>
    console.log(
      `  ${name.padEnd(18)} forseglet på nytt ${c.resealed}, kan ikke åpnes ${c.unreadable}, forkastet ${c.dropped}`,
    );
  line('24SO-passord', summary.connections);
  line('24SO-sesjoner', summary.sessions);
  line('ventende innlogginger', summary.pendingLogins);
}
