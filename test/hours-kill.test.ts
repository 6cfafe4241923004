// Scenario: `broen sync --entity hours` is killed with SIGKILL in the middle of sending approved hours while 24SO is slow; a second `broen sync` takes the run over, settles the open saves by their marker, and 24SO holds every hour exactly once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeHourSettings } from '../src/integration/hours/test-support.ts';
import { getRecords, recordSynced } from '../src/integration/sync/records.ts';
import { createEmployee } from '../src/workspace/employees.ts';
import { approveHours } from '../src/workspace/hour-approval.ts';
import { createHourType } from '../src/workspace/hour-types.ts';
import { createHourEntry } from '../src/workspace/hours.ts';
import { createProject } from '../src/workspace/projects.ts';
import { killWhen, withCliWorkspace } from './cli-workspace.ts';

const N = 120;

describe('broen sync of hours killed mid-run (child process, SQLite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'broen-hours-kill-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('resumes after SIGKILL and leaves each hour once in 24SO', async () => {
    const workspace = { dataDir, seed: 'demo', slug: 'hours-kill', name: 'Kill Test AS' } as const;
    await withCliWorkspace({ ...workspace, env: { BROEN_JOB_LEASE_MS: '1500' } }, async (w) => {
      const { db, clock, workspaceId } = w;
      await writeHourSettings(db, workspaceId, {
        sync: 'manual',
        startDate: '2025-01-01',
        workTypeByHourType: { ORD: '1' },
      });
      const ola = await createEmployee(db, workspaceId, {
        name: 'Ola Nordmann',
        twentyfourContactId: 501,
      } as never);
      const ord = await createHourType(db, workspaceId, { code: 'ORD', name: 'Ordinær' });
      const project = await createProject(db, workspaceId, { number: '1001', name: 'Boligfelt' });
      await recordSynced(db, clock, [
        {
          workspaceId,
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
        const h = await createHourEntry(db, workspaceId, {
          employeeId: ola.id,
          projectId: project.id,
          hourTypeId: ord.id,
          date: `2025-${month}-${day}`,
          hours: '7.5',
          description: `Time ${i}`,
        });
        ids.push(h.id);
      }
      await approveHours(db, workspaceId, ids, 'admin@test.no', clock);

      // Slow answers, so the kill lands between and inside saves.
      w.sandbox.setFaults({ latencyMs: 40 });
      const sentHours = () =>
        w.sandbox.state.clients
          .flatMap((c) => c.hours)
          .filter((h) => String(h.InternalNote ?? '').startsWith('[broen:'));
      const args = ['--entity', 'hours'];

      expect(await killWhen(w.sync(args), () => sentHours().length >= 30)).toBe('SIGKILL');
      expect(sentHours().length).toBeLessThan(N);

      const second = await w.sync(args).exit;
      expect(second.code, second.output).toBe(0);

      const all = sentHours();
      expect(all).toHaveLength(N);
      expect(new Set(all.map((h) => h.InternalNote)).size).toBe(N);
      const links = await getRecords(db, workspaceId, 'hour');
      for (const id of ids) {
        expect(links.get(id)).toMatchObject({
          state: 'synced',
          remoteId: String(all.find((x) => x.InternalNote === `[broen:${id}]`)?.Id),
        });
      }
    });
  }, 120_000);
});
