// A 20,000-customer export in a process of its own, printing its peak RSS (bench/sync.bench.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { exportOnce } from './sync.bench.ts';

const n = Number(process.argv[2] ?? 20_000);
const dir = mkdtempSync(join(tmpdir(), 'broen-sync-rss-'));
const db = openDatabase({ sqliteFile: join(dir, 'rss.sqlite') });
try {
  await migrateToLatest(db);
  const r = await exportOnce(db, n);
  console.log(
    `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB peak RSS (${r.created} created in ${r.calls} calls; sandbox in the same process)`,
  );
} finally {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
}
