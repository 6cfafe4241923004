// Scenario: a workspace's 24SO connection is saved, checked and removed; the password stays sealed on disk and out of the log, and 24SO trouble becomes a state.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { SANDBOX_APPLICATION_ID } from '../config/config.ts';
import { createLogger } from '../config/logger.ts';
import { type Db, openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createSandbox, type Sandbox } from '../sandbox/server.ts';
import { disconnect, getConnectionStatus, saveConnection, testConnection } from './connection.ts';
import { UNREACHABLE_AFTER_FAILURES, UNREACHABLE_AFTER_MS } from './connection-state.ts';
import { keyIdOf } from './credentials.ts';
import type { TwentyFourGateway } from './gateway.ts';
import { probePermissions, readLookup } from './lookups.ts';
import { SessionCache } from './session-cache.ts';
import { type ConnectionDeps, withSession } from './session-calls.ts';
import { defaultSettings } from './settings-schema.ts';
import { insertFixtureWorkspace } from './test-fixtures.ts';
import { createTwentyFourGateway } from './twentyfour-gateway.ts';

const USER = 'api@demo.no';
const PASSWORD = 'demo-password';

function runtimeFor(
  db: Db,
  sandbox: Sandbox,
  options: { key?: Buffer; sink?: string[]; gateway?: TwentyFourGateway } = {},
): ConnectionDeps {
  const sink = options.sink;
  const logger = sink
    ? createLogger(
        'trace',
        new Writable({
          write(chunk, _e, done) {
            sink.push(String(chunk));
            done();
          },
        }),
      )
    : createLogger('silent');
  const clock = () => new Date();
  return {
    db,
    gateway:
      options.gateway ??
      createTwentyFourGateway({
        fetch: (r) => sandbox.fetch(r),
        logger,
        clock,
        applicationId: SANDBOX_APPLICATION_ID,
        baseUrl: 'http://sandbox.test',
      }),
    secretKey: options.key ?? randomBytes(32),
    sessions: new SessionCache(clock),
    logger,
    clock,
  };
}

async function maskinIdentity(sandbox: Sandbox): Promise<string> {
  const client = sandbox.state.clients.find((c) => c.name === 'Demo Maskin AS');
  const grant = sandbox.state.users
    .find((u) => u.username === USER)
    ?.identities.find((i) => i.clientId === client?.id);
  if (!grant) throw new Error('Demo Maskin AS not in the sandbox seed');
  return grant.identityId;
}

describe('stored 24SO password on disk and in the log', () => {
  let dir: string;
  let db: Db;
  const sink: string[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'broen-secret-'));
    db = openDatabase({ dataDir: dir });
    await migrateToLatest(db);
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('never writes the plaintext password bytes to the SQLite files or the log', async () => {
    const sandbox = createSandbox({ seed: 'demo' });
    const deps = runtimeFor(db, sandbox, { sink });
    const ws = await insertFixtureWorkspace(db, 'disk');
    const saved = await saveConnection(deps, ws.workspaceId, {
      username: USER,
      password: PASSWORD,
      identityId: await maskinIdentity(sandbox),
    });
    expect(saved.ok).toBe(true);
    deps.sessions.forget(ws.workspaceId);
    // A fresh login must decrypt the stored blob, proving the secret is really there, sealed.
    const status = await testConnection(deps, ws.workspaceId);
    expect(status.state).toBe('connected');
    await db.destroy(); // closes SQLite and folds the WAL into the file
    db = openDatabase({ dataDir: dir });
    const needle = Buffer.from(PASSWORD, 'utf8');
    const files = readdirSync(dir).filter((f) => f.startsWith('broen.sqlite'));
    expect(files).toContain('broen.sqlite');
    for (const f of files) expect(readFileSync(join(dir, f)).includes(needle)).toBe(false);
    expect(readFileSync(join(dir, 'broen.sqlite')).includes(Buffer.from(USER))).toBe(true);
    expect(sink.length).toBeGreaterThan(0);
    expect(sink.join('\n')).not.toContain(PASSWORD);
  });
});

describeEachDatabase('24SO connection', (getDb) => {
  let sandbox: Sandbox;
  let identityId: string;
  beforeAll(async () => {
    sandbox = createSandbox({ seed: 'demo' });
    identityId = await maskinIdentity(sandbox);
  });

  it('saves nothing when the password is wrong', async () => {
    const deps = runtimeFor(getDb(), sandbox);
    const ws = await insertFixtureWorkspace(getDb(), 'wrong');
    const result = await saveConnection(deps, ws.workspaceId, {
      username: USER,
      password: 'feil',
      identityId,
    });
    expect(result).toMatchObject({ ok: false, state: 'invalid_credentials' });
    expect((await getConnectionStatus(getDb(), ws.workspaceId)).state).toBe('not_connected');
  });

  it('reads lists on one cached session instead of logging in for each', async () => {
    const deps = runtimeFor(getDb(), sandbox);
    const ws = await insertFixtureWorkspace(getDb(), 'cached');
    await saveConnection(deps, ws.workspaceId, { username: USER, password: PASSWORD, identityId });
    sandbox.calls.clear();
    for (const kind of ['work-types', 'products', 'departments'] as const) {
      expect((await readLookup(deps, ws.workspaceId, kind)).ok).toBe(true);
    }
    const logins = sandbox.calls.list().filter((c) => c.operation === 'Login');
    expect(logins).toEqual([]);
  });

  it('marks a key change as invalid credentials instead of crashing', async () => {
    const key = randomBytes(32);
    const deps = runtimeFor(getDb(), sandbox, { key });
    const ws = await insertFixtureWorkspace(getDb(), 'rotated');
    await saveConnection(deps, ws.workspaceId, { username: USER, password: PASSWORD, identityId });
    const other = { ...runtimeFor(getDb(), sandbox), secretKey: randomBytes(32) };
    const status = await testConnection(other, ws.workspaceId);
    expect(status.state).toBe('invalid_credentials');
    expect(status.lastError).toContain(keyIdOf(key));
  });

  it('shows a client the user lost as client_unavailable', async () => {
    const deps = runtimeFor(getDb(), sandbox);
    const ws = await insertFixtureWorkspace(getDb(), 'lost');
    await saveConnection(deps, ws.workspaceId, { username: USER, password: PASSWORD, identityId });
    await getDb()
      .updateTable('integration_connections')
      .set({ identity_id: '11111111-2222-4333-8444-555555555555' })
      .where('workspace_id', '=', ws.workspaceId)
      .execute();
    const status = await testConnection(deps, ws.workspaceId);
    expect(status.state).toBe('client_unavailable');
    expect(status.message).toContain('ikke lenger tilgjengelig');
  });

  it('names the lists this 24SO user may not read, without calling the connection broken', async () => {
    const deps = runtimeFor(getDb(), sandbox);
    const ws = await insertFixtureWorkspace(getDb(), 'forbidden');
    await saveConnection(deps, ws.workspaceId, { username: USER, password: PASSWORD, identityId });
    // The same 24SO, except that this user's role does not include the contact register.
    const real = deps.gateway;
    const limited: TwentyFourGateway = {
      listClients: (c) => real.listClients(c),
      openSession: async (c, id) => {
        const opened = await real.openSession(c, id);
        if (!opened.ok) return opened;
        const session = opened.value;
        return {
          ok: true,
          value: {
            identityId: session.identityId,
            verify: () => session.verify(),
            workTypes: () => session.workTypes(),
            products: () => session.products(),
            dimensionTypes: () => session.dimensionTypes(),
            dimensionValues: (typeId) => session.dimensionValues(typeId),
            departments: () => session.departments(),
            contacts: async () => ({ ok: false, kind: 'forbidden', detail: 'Access denied (PersonService)' }),
          },
        };
      },
    };
    const restricted = { ...deps, gateway: limited, sessions: new SessionCache() };
    const probe = await probePermissions(restricted, ws.workspaceId, defaultSettings());
    if (!probe.ok) throw new Error(`probe failed: ${probe.message}`);
    expect(probe.results.filter((r) => !r.ok)).toEqual([
      {
        kind: 'contacts',
        label: 'Kontakter',
        neededFor: 'Admin. arbeidere: kobling til 24SevenOffice-kontakt',
        ok: false,
        message: 'Denne 24SevenOffice-brukeren har ikke tilgang til listen.',
      },
    ]);
    expect(probe.results.filter((r) => r.ok).map((r) => r.kind)).toEqual([
      'work-types',
      'products',
      'dimensions',
      'departments',
    ]);
    expect(await readLookup(restricted, ws.workspaceId, 'contacts')).toMatchObject({
      ok: false,
      state: 'forbidden',
    });
    // A list the user may not read is not a broken connection.
    expect((await getConnectionStatus(getDb(), ws.workspaceId)).state).toBe('connected');
  });

  it('turns a gateway that throws nothing but fails into a state, and forgets everything on disconnect', async () => {
    const deps = runtimeFor(getDb(), sandbox);
    const ws = await insertFixtureWorkspace(getDb(), 'gone');
    await saveConnection(deps, ws.workspaceId, { username: USER, password: PASSWORD, identityId });
    const down: TwentyFourGateway = {
      listClients: async () => ({ ok: false, kind: 'unreachable', detail: 'connect ECONNREFUSED' }),
      openSession: async () => ({ ok: false, kind: 'unreachable', detail: 'connect ECONNREFUSED' }),
    };
    const offline = { ...deps, gateway: down, sessions: new SessionCache() };
    for (let i = 0; i < UNREACHABLE_AFTER_FAILURES; i++) {
      const r = await withSession(offline, ws.workspaceId, (s) => s.departments());
      expect(r).toMatchObject({ ok: false, state: 'unreachable' });
    }
    expect(await getConnectionStatus(getDb(), ws.workspaceId)).toMatchObject({
      state: 'unreachable',
      lastError: 'connect ECONNREFUSED',
    });
    await disconnect(deps, ws.workspaceId);
    expect((await getConnectionStatus(getDb(), ws.workspaceId)).state).toBe('not_connected');
    expect((await readLookup(deps, ws.workspaceId, 'work-types')).ok).toBe(false);
  });

  it('does not flap: one failed call leaves it connected, several in a row or a lasting one show it unreachable, a success connects it again', async () => {
    const deps = runtimeFor(getDb(), sandbox);
    const ws = await insertFixtureWorkspace(getDb(), 'flap');
    await saveConnection(deps, ws.workspaceId, { username: USER, password: PASSWORD, identityId });
    let now = Date.now();
    const clock = () => new Date(now);
    let fail = false;
    // The real session, with its reads failing on demand (a lost answer, an outage).
    const flaky: TwentyFourGateway = {
      listClients: (c) => deps.gateway.listClients(c),
      openSession: async (c, id, o) => {
        const opened = await deps.gateway.openSession(c, id, o);
        if (!opened.ok) return opened;
        const real = opened.value;
        return {
          ok: true,
          value: {
            ...real,
            departments: async () =>
              fail ? { ok: false, kind: 'unreachable', detail: 'fetch failed' } : real.departments(),
          },
        };
      },
    };
    const flakyDeps = { ...deps, gateway: flaky, clock, sessions: new SessionCache(clock) };
    const call = () => withSession(flakyDeps, ws.workspaceId, (s) => s.departments());
    const state = async () => (await getConnectionStatus(getDb(), ws.workspaceId)).state;

    // One failure in twenty, as under 5 % faults: the box stays «Tilkoblet» throughout.
    for (let i = 0; i < 40; i++) {
      fail = i % 20 === 7;
      await call();
      expect(await state()).toBe('connected');
    }
    // Failures in a row: «svarer ikke» at the third, not before.
    fail = true;
    for (let i = 1; i < UNREACHABLE_AFTER_FAILURES; i++) {
      await call();
      expect(await state()).toBe('connected');
    }
    await call();
    expect(await state()).toBe('unreachable');
    // One success: connected again at once.
    fail = false;
    await call();
    expect(await state()).toBe('connected');
    // Rare failures that last: the second, over a minute after the first with no success between.
    fail = true;
    await call();
    now += UNREACHABLE_AFTER_MS;
    await call();
    expect(await state()).toBe('unreachable');
    // An explicit test is believed at once (here: 24SO answers again).
    fail = false;
    expect((await testConnection(flakyDeps, ws.workspaceId)).state).toBe('connected');
  });
});
