// Scenario: `broen sync` is killed with SIGKILL in the middle of exporting customers while 24SO is slow; a second `broen sync` takes the run over and finishes it, and 24SO holds every customer exactly once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSyncCommand } from '../src/cli/sync.ts';
import { getRecords } from '../src/integration/sync/records.ts';
import { createCustomer } from '../src/workspace/customers.ts';
import { killWhen, withCliWorkspace } from './cli-workspace.ts';

describe('broen sync killed mid-run (child process, SQLite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'broen-sync-kill-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints a dry run without writing, and exits 1 naming a record 24SO refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'broen-sync-cli-'));
    try {
      await withCliWorkspace(
        { dataDir: dir, seed: 'empty', slug: 'cli-test', name: 'CLI Test AS' },
        async (w) => {
          const { db, workspaceId } = w;
          await createCustomer(db, workspaceId, { name: 'God AS', orgNumber: '923456783' });
          const bad = await createCustomer(db, workspaceId, { name: 'Feil AS' });
          await db
            .updateTable('customers')
            .set({ org_number: '923456784' })
            .where('id', '=', bad.id)
            .execute();
          const companies = () => w.sandbox.state.clients.flatMap((c) => c.companies);

          const dry = await w.sync(['--dry-run']).exit;
          expect(dry.code, dry.output).toBe(0);
          expect(dry.output).toContain('prøvekjøring');
          expect(dry.output).toMatch(/ferdig: opprettet 2,/);
          expect(companies()).toHaveLength(0);

          const real = await w.sync(['--entity', 'customers']).exit;
          expect(real.code, real.output).toBe(1);
          expect(real.output).toMatch(/ferdig: opprettet 1, .* feilet 1/);
          expect(real.output).toContain(
            'feilet: 10002 Feil AS: Organisasjonsnummeret er ugyldig i 24SevenOffice.',
          );
          expect(companies()).toHaveLength(1);

          // An unknown kind is told before anything is opened (in-process: no need for a third child).
          const errors: string[] = [];
          const original = console.error;
          console.error = (message: string) => errors.push(message);
          try {
            expect(await runSyncCommand({ workspace: 'cli-test', entity: 'timer' })).toBe(1);
          } finally {
            console.error = original;
          }
          expect(errors.join('\n')).toContain('Ukjent --entity «timer»');
        },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('resumes after SIGKILL and leaves each customer once in 24SO', async () => {
    const workspace = { dataDir, seed: 'empty', slug: 'kill-test', name: 'Kill Test AS' } as const;
    const env = { BROEN_SYNC_BATCH_SIZE: '10', BROEN_JOB_LEASE_MS: '1500' };
    await withCliWorkspace({ ...workspace, env }, async (w) => {
      const { db, workspaceId } = w;
      const customers = [];
      for (let i = 0; i < 200; i++)
        customers.push(await createCustomer(db, workspaceId, { name: `Kunde ${i} AS` }));

      // Slow answers: each batch of 10 takes a while, so the kill lands between and inside writes.
      w.sandbox.setFaults({ latencyMs: 60 });
      const companies = () => w.sandbox.state.clients.flatMap((c) => c.companies);
      const args = ['--entity', 'customers'];

      expect(await killWhen(w.sync(args), () => companies().length >= 60)).toBe('SIGKILL');
      expect(companies().length).toBeLessThan(200);

      const second = await w.sync(args).exit;
      expect(second.code, second.output).toBe(0);
      expect(second.output).toContain('Blir med i synkroniseringen som går');
      // The killed worker's job was taken over without using an attempt (decision 81).
      expect(second.output).toContain('job taken over after its worker was lost; the attempt is not counted');
      const jobs = await db.selectFrom('jobs').selectAll().where('kind', '=', 'sync.run').execute();
      expect(jobs.map((j) => [j.state, Number(j.attempts)])).toEqual([['done', 1]]);

      const all = companies();
      expect(all).toHaveLength(200);
      expect(new Set(all.map((c) => c.ExternalId)).size).toBe(200);
      const links = await getRecords(db, workspaceId, 'customer');
      for (const c of customers) {
        expect(links.get(c.id)).toMatchObject({
          state: 'synced',
          remoteId: String(all.find((x) => x.ExternalId === c.id)?.Id),
        });
      }
    });
  }, 120_000);
});
