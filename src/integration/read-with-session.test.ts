// Scenario: the settings page reads a live list after 24SO ended the session, while 24SO loses
// half its answers; the read is asked again, logs in once, and answers.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { seededRandom } from '../../test/seeded-random.ts';
import type { Db } from '../db/database.ts';
import { createSandbox, type Sandbox } from '../sandbox/server.ts';
import { getConnectionStatus, testConnection } from './connection.ts';
import { readLookup } from './lookups.ts';
import { READ_TRIES, withReadTries } from './read-tries.ts';
import { connectToSandbox, sandboxConnection } from './sync/test-support.ts';
import { insertFixtureWorkspace } from './test-fixtures.ts';

/** A fresh workspace logged in on the sandbox's first client («Demo Maskin AS») through `sandbox`. */
async function connectedTo(db: Db, sandbox: Sandbox, slug: string) {
  const deps = sandboxConnection(db, { fetch: (r) => sandbox.fetch(r), baseUrl: 'http://sandbox.test' });
  const ws = await insertFixtureWorkspace(db, `${slug}-${randomBytes(3).toString('hex')}`);
  await connectToSandbox(deps, ws.workspaceId);
  return { deps, workspaceId: ws.workspaceId };
}

describeEachDatabase('a read outside a sync run, asked again', (getDb) => {
  it('logs in once after an expired session and answers, though half the answers are lost', async () => {
    const sandbox = createSandbox({ seed: 'demo', random: seededRandom(3) });
    const { deps, workspaceId } = await connectedTo(getDb(), sandbox, 'rws');

    sandbox.calls.clear();
    sandbox.setFaults({ expireSessions: true, dropResponseRate: 0.5 });
    const departments = await readLookup(deps, workspaceId, 'departments');
    const work = await readLookup(deps, workspaceId, 'work-types');
    sandbox.setFaults({ dropResponseRate: 0 });

    expect(departments.ok && work.ok).toBe(true);
    const calls = sandbox.calls.list();
    // Answers were lost on the way, and one session was opened again, by one answered login.
    expect(calls.filter((c) => c.outcome === 'dropped').length).toBeGreaterThan(0);
    expect(calls.filter((c) => c.operation === 'Login' && c.outcome === 'ok')).toHaveLength(1);
    expect((await getConnectionStatus(getDb(), workspaceId)).state).toBe('connected');
  });
});

describeEachDatabase('a read whose session must be opened first', (getDb) => {
  it('gives the login tries of its own: three lost login answers leave the check its four', async () => {
    // The sandbox drops the answer of each call whose scripted number is below the rate.
    const script: number[] = [];
    const sandbox = createSandbox({ seed: 'demo', random: () => script.shift() ?? 0.99 });
    sandbox.setFaults({ loginsPerMinute: null });
    const { deps, workspaceId } = await connectedTo(getDb(), sandbox, 'rwl');

    sandbox.calls.clear();
    sandbox.setFaults({ dropResponseRate: 0.5 });
    // The test's fresh login: three answers lost, the fourth login answered; then the check's
    // first answer lost and its second answered.
    script.push(0, 0, 0, 0.9, 0, 0.9);
    const status = await testConnection(deps, workspaceId);
    sandbox.setFaults({ dropResponseRate: 0 });

    expect(status.state).toBe('connected');
    const calls = sandbox.calls.list();
    expect(calls.map((c) => `${c.operation} ${c.outcome}`)).toEqual([
      'Login dropped',
      'Login dropped',
      'Login dropped',
      'Login ok',
      `${calls[4]?.operation} dropped`,
      `${calls[4]?.operation} ok`,
    ]);
    expect(calls[4]?.operation).not.toBe('Login');
  });
});

describe('how often a read a person waits on is asked again', () => {
  // A fake monotonic clock: each try "takes" the given time.
  const tries = async (eachTakesMs: number, withinMs: number) => {
    let now = 0;
    let sent = 0;
    await withReadTries(
      async () => {
        sent++;
        now += eachTakesMs;
        return { ok: false };
      },
      (r) => !r.ok,
      { withinMs, now: () => now },
    );
    return sent;
  };

  it('asks again after lost answers that come back at once, up to READ_TRIES', async () => {
    expect(await tries(5, 10_000)).toBe(READ_TRIES);
  });

  it('does not ask again after a read that waited out the client time limit', async () => {
    expect(await tries(15_000, 10_000)).toBe(1);
    expect(await tries(6_000, 10_000)).toBe(2);
  });

  it('asks READ_TRIES times in a job, however long each try took', async () => {
    expect(await tries(15_000, Number.POSITIVE_INFINITY)).toBe(READ_TRIES);
  });
});
