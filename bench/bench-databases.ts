// The databases a benchmark runs on: a fresh SQLite file, then PostgreSQL in a scratch schema
// when DATABASE_URL (or the local test server) is reachable. Shared by the benchmarks so each
// one only says what it measures.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Db, openDatabase } from '../src/db/database.ts';

export type BenchDialect = 'sqlite' | 'postgres';
type Figures = Record<string, string>;

/**
 * Runs `bench` on SQLite and then PostgreSQL (or notes why PostgreSQL was skipped), with a
 * temporary directory it may write files to; the databases are removed afterwards.
 * @example Object.assign(figures, await onEachBenchDatabase(4, (db, dialect) => benchOne(db, dialect)));
 */
export async function onEachBenchDatabase(
  pgPoolSize: number,
  bench: (db: Db, dialect: BenchDialect, dir: string) => Promise<Figures>,
): Promise<Figures> {
  const figures: Figures = {};
  const dir = mkdtempSync(join(tmpdir(), 'broen-bench-'));
  try {
    const db = openDatabase({ sqliteFile: join(dir, 'bench.sqlite') });
    try {
      Object.assign(figures, await bench(db, 'sqlite', dir));
    } finally {
      await db.destroy();
    }
    const pgUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    if (!(await reachable(pgUrl))) {
      figures.postgres = 'skipped (no DATABASE_URL and no local test server reachable)';
      return figures;
    }
    const schema = `bench_${randomBytes(5).toString('hex')}`;
    await adminQuery(pgUrl, `create schema ${schema}`);
    // Named after the schema, so a bench can find its own backends (pg-server-cpu.ts).
    const named = `${pgUrl}${pgUrl.includes('?') ? '&' : '?'}application_name=${schema}`;
    const pgDb = openDatabase({ databaseUrl: named, pgSchema: schema, pgPoolSize });
    try {
      Object.assign(figures, await bench(pgDb, 'postgres', dir));
    } finally {
      await pgDb.destroy();
      await adminQuery(pgUrl, `drop schema ${schema} cascade`);
    }
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
