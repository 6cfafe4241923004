import { randomBytes } from 'node:crypto';
import pg from 'pg';

// A fresh PostgreSQL database per chaos run, uniquely named so parallel runs never meet, and
// dropped at the end (also when the run failed).

export interface ChaosDatabase {
  /** The connection URL every process gets as DATABASE_URL. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * Creates `broen_chaos_<time>_<random>` on the server.
 * @example const d = await createChaosDatabase('postgres://postgres@127.0.0.1:5432'); … await d.drop();
 */
export async function createChaosDatabase(serverUrl: string): Promise<ChaosDatabase> {
  const name = `broen_chaos_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await admin(serverUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin(serverUrl, (client) => client.query(`drop database if exists ${name} with (force)`)),
  };
}

async function admin(serverUrl: string, fn: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const url = new URL(serverUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}
