// Scenario: `broen sync --entity hours` is killed with SIGKILL in the middle of sending approved hours while 24SO is slow; a second `broen sync` takes the run over, settles the open saves by their marker, and 24SO holds every hour exactly once.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SANDBOX_APPLICATION_ID } from '../src/config/config.ts';
import { createLogger } from '../src/config/logger.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { writeHourSettings } from '../src/integration/hours/test-support.ts';
import { getRecords, recordSynced } from '../src/integration/sync/records.ts';
import { connectToSandbox, sandboxConnection } from '../src/integration/sync/test-support.ts';
import { startSandboxServer } from '../src/sandbox/server.ts';
import { createEmployee } from '../src/workspace/employees.ts';
import { approveHours } from '../src/workspace/hour-approval.ts';
import { createHourType } from '../src/workspace/hour-types.ts';
import { createHourEntry } from '../src/workspace/hours.ts';
import { createProject } from '../src/workspace/projects.ts';
import { createWorkspace } from '../src/workspace/workspaces.ts';

const BIN = fileURLToPath(new URL('../bin/broen.js', import.meta.url));
const N = 120;

describe('broen sync of hours killed mid-run (child process, SQLite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'broen-hours-kill-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('resumes after SIGKILL and leaves each hour once in 24SO', async () => {
    const sandbox = await startSandboxServer({
      port: 0,
      host: '127.0.0.1',
      seed: 'demo',
      logger: createLogger('silent'),
    });
    const secret = randomBytes(32);
    const db = openDatabase({ dataDir });
    try {
      await migrateToLatest(db);
      const clock = () => new Date();
      const ws = await createWorkspace(db, { slug: 'hours-kill', name: 'Kill Test AS' }, clock);
      const connection = sandboxConnection(db, { baseUrl: sandbox.url, secretKey: secret });
      await connectToSandbox(connection, ws.id);
      await writeHourSettings(db, ws.id, {
        sync: 'manual',
        startDate: '2025-01-01',
        workTypeByHourType: { ORD: '1' },
      });
      const ola = await createEmployee(db, ws.id, {
        name: 'Ola Nordmann',
        twentyfourContactId: 501,
      } as never);
      const ord = await createHourType(db, ws.id, { code: 'ORD', name: 'Ordinær' });
      const project = await createProject(db, ws.id, { number: '1001', name: 'Boligfelt' });
      await recordSynced(db, clock, [
        {
          workspaceId: ws.id,
          entity: 'project',
          localId: project.id,
          remoteId: '1001',
          fingerprint: null,
          runId: null,
        },
      ]);
      const ids: string[] = [];
      for (let i = 0; i < N; i++) {
        const day = String(1 + (i % 28)).padStart(2, '0');
        const month = String(1 + Math.floor(i / 28)).padStart(2, '0');
        const h = await createHourEntry(db, ws.id, {
          employeeId: ola.id,
          projectId: project.id,
          hourTypeId: ord.id,
          date: `2025-${month}-${day}`,
          hours: '7.5',
          description: `Time ${i}`,
        });
        ids.push(h.id);
      }
      await approveHours(db, ws.id, ids, 'admin@test.no', clock);

      // Slow answers, so the kill lands between and inside saves.
      await fetch(`${sandbox.url}/_sandbox/faults`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ latencyMs: 40 }),
      });
      const env = {
        ...process.env,
        DATA_DIR: dataDir,
        BROEN_SECRET_KEY: secret.toString('base64'),
        TWENTYFOUR_BASE_URL: sandbox.url,
        TWENTYFOUR_APPLICATION_ID: SANDBOX_APPLICATION_ID,
        BROEN_JOB_LEASE_MS: '1500',
        LOG_LEVEL: 'warn',
      };
      delete (env as Record<string, string | undefined>).DATABASE_URL;
      const sentHours = async () =>
        (
          (await (await fetch(`${sandbox.url}/_sandbox/state`)).json()) as {
            clients: { hours: { Id: number; InternalNote?: string }[] }[];
          }
        ).clients
          .flatMap((c) => c.hours)
          .filter((h) => String(h.InternalNote ?? '').startsWith('[broen:'));

      const sync = () =>
        spawn(process.execPath, [BIN, 'sync', '--workspace', 'hours-kill', '--entity', 'hours'], {
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
      const first = sync();
      const firstExit = new Promise<NodeJS.Signals | null>((resolve) =>
        first.once('exit', (_code, signal) => resolve(signal)),
      );
      const deadline = Date.now() + 60_000;
      while ((await sentHours()).length < 30) {
        if (Date.now() > deadline) throw new Error('the first run did not get going');
        await new Promise((r) => setTimeout(r, 20));
      }
      first.kill('SIGKILL');
      expect(await firstExit).toBe('SIGKILL');
      expect((await sentHours()).length).toBeLessThan(N);

      const second = sync();
      let output = '';
      second.stdout?.on('data', (c: Buffer) => {
        output += c.toString();
      });
      second.stderr?.on('data', (c: Buffer) => {
        output += c.toString();
      });
      const code = await new Promise<number | null>((resolve) => second.once('exit', (c) => resolve(c)));
      expect(code, output).toBe(0);

      const all = await sentHours();
      expect(all).toHaveLength(N);
      expect(new Set(all.map((h) => h.InternalNote)).size).toBe(N);
      const links = await getRecords(db, ws.id, 'hour');
      for (const id of ids) {
        expect(links.get(id)).toMatchObject({
          state: 'synced',
          remoteId: String(all.find((x) => x.InternalNote === `[broen:${id}]`)?.Id),
        });
      }
    } finally {
      await db.destroy();
      await sandbox.close();
    }
  }, 120_000);
});
