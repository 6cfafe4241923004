// Scenario: the settings page reads a live list after 24SO ended the session, while 24SO loses
// half its answers; the read is asked again, logs in once, and answers.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { seededRandom } from '../../test/seeded-random.ts';
import { SANDBOX_APPLICATION_ID } from '../config/config.ts';
import { createLogger } from '../config/logger.ts';
import { createSandbox } from '../sandbox/server.ts';
import {
  getConnectionStatus,
  listClientsForCredentials,
  saveConnection,
  testConnection,
} from './connection.ts';
import { readLookup } from './lookups.ts';
import { READ_TRIES, withReadTries } from './read-tries.ts';
import { SessionCache } from './session-cache.ts';
import type { ConnectionDeps } from './session-calls.ts';
import { insertFixtureWorkspace } from './test-fixtures.ts';
import { createTwentyFourGateway } from './twentyfour-gateway.ts';

const silent = createLogger('silent');
const clock = () => new Date();
const credentials = { username: 'api@demo.no', password: 'demo-password' };

describeEachDatabase('a read outside a sync run, asked again', (getDb) => {
  it('logs in once after an expired session and answers, though half the answers are lost', async () => {
    const sandbox = createSandbox({ seed: 'demo', random: seededRandom(3) });
    const deps: ConnectionDeps = {
      db: getDb(),
      gateway: createTwentyFourGateway({
        fetch: (r) => sandbox.fetch(r),
        logger: silent,
        clock,
        applicationId: SANDBOX_APPLICATION_ID,
        baseUrl: 'http://sandbox.test',
      }),
      secretKey: randomBytes(32),
      sessions: new SessionCache(clock),
      logger: silent,
      clock,
    };
    const ws = await insertFixtureWorkspace(getDb(), `rws-${randomBytes(3).toString('hex')}`);
    const listed = await listClientsForCredentials(deps, credentials);
    if (!listed.ok) throw new Error(listed.message);
    const maskin = listed.clients.find((c) => c.name === 'Demo Maskin AS');
    const saved = await saveConnection(deps, ws.workspaceId, {
      ...credentials,
      identityId: maskin?.identityId ?? '',
    });
    expect(saved.ok).toBe(true);

    sandbox.calls.clear();
    sandbox.setFaults({ expireSessions: true, dropResponseRate: 0.5 });
    const departments = await readLookup(deps, ws.workspaceId, 'departments');
    const work = await readLookup(deps, ws.workspaceId, 'work-types');
    sandbox.setFaults({ dropResponseRate: 0 });

    expect(departments.ok && work.ok).toBe(true);
    const calls = sandbox.calls.list();
    // Answers were lost on the way, and one session was opened again, by one answered login.
    expect(calls.filter((c) => c.outcome === 'dropped').length).toBeGreaterThan(0);
    expect(calls.filter((c) => c.operation === 'Login' && c.outcome === 'ok')).toHaveLength(1);
    expect((await getConnectionStatus(getDb(), ws.workspaceId)).state).toBe('connected');
  });
});

describeEachDatabase('a read whose session must be opened first', (getDb) => {
  it('gives the login tries of its own: three lost login answers leave the check its four', async () => {
    // The sandbox drops the answer of each call whose scripted number is below the rate.
    const script: number[] = [];
    const sandbox = createSandbox({ seed: 'demo', random: () => script.shift() ?? 0.99 });
    sandbox.setFaults({ loginsPerMinute: null });
    const deps: ConnectionDeps = {
      db: getDb(),
      gateway: createTwentyFourGateway({
        fetch: (r) => sandbox.fetch(r),
        logger: silent,
        clock,
        applicationId: SANDBOX_APPLICATION_ID,
        baseUrl: 'http://sandbox.test',
      }),
      secretKey: randomBytes(32),
      sessions: new SessionCache(clock),
      logger: silent,
      clock,
    };
    const ws = await insertFixtureWorkspace(getDb(), `rwl-${randomBytes(3).toString('hex')}`);
    const listed = await listClientsForCredentials(deps, credentials);
    if (!listed.ok) throw new Error(listed.message);
    const maskin = listed.clients.find((c) => c.name === 'Demo Maskin AS');
    expect(
      (await saveConnection(deps, ws.workspaceId, { ...credentials, identityId: maskin?.identityId ?? '' }))
        .ok,
    ).toBe(true);

    sandbox.calls.clear();
    sandbox.setFaults({ dropResponseRate: 0.5 });
    // The test's fresh login: three answers lost, the fourth login answered; then the check's
    // first answer lost and its second answered.
    script.push(0, 0, 0, 0.9, 0, 0.9);
    const status = await testConnection(deps, ws.workspaceId);
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
