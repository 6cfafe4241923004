// Scenario: the web page and the REST API ask the same questions — may the integration be
// switched on, and what does "Koble fra" do — and get their answers from one function each.
import { randomBytes } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { SANDBOX_APPLICATION_ID } from '../config/config.ts';
import { createLogger } from '../config/logger.ts';
import type { Db } from '../db/database.ts';
import { createSandbox, type Sandbox } from '../sandbox/server.ts';
import { activationOverview, disconnectAndSwitchOff } from './activation.ts';
import { listAudit } from './audit.ts';
import { getConnectionStatus, saveConnection } from './connection.ts';
import { SessionCache } from './session-cache.ts';
import type { ConnectionDeps } from './session-calls.ts';
import { getSettings, saveSettings, setEnabled } from './settings.ts';
import { fixedLiveLists, insertFixtureWorkspace } from './test-fixtures.ts';
import { createTwentyFourGateway } from './twentyfour-gateway.ts';

const silent = createLogger('silent');
const clock = () => new Date();

describeEachDatabase('activation and disconnect, one implementation', (getDb) => {
  let sandbox: Sandbox;
  let identityId: string;
  const depsFor = (db: Db): ConnectionDeps => ({
    db,
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
  });

  beforeAll(() => {
    sandbox = createSandbox({ seed: 'demo' });
    const client = sandbox.state.clients.find((c) => c.name === 'Demo Maskin AS');
    identityId =
      sandbox.state.users
        .find((u) => u.username === 'api@demo.no')
        ?.identities.find((i) => i.clientId === client?.id)?.identityId ?? '';
  });

  it('counts a mapping the client lacks as a blocker only while connected, and always shows it', async () => {
    const deps = depsFor(getDb());
    const ws = await insertFixtureWorkspace(getDb(), `act-${randomBytes(3).toString('hex')}`);
    await saveConnection(deps, ws.workspaceId, {
      username: 'api@demo.no',
      password: 'demo-password',
      identityId,
    });
    const saved = await saveSettings(
      getDb(),
      fixedLiveLists({ 'work-types': [{ id: '99', name: 'Gammel' }] }),
      clock,
      {
        workspaceId: ws.workspaceId,
        actor: 'admin@firma.no',
        input: { hours: { workTypeByHourType: { ORD: '99' } } },
      },
    );
    expect(saved.ok).toBe(true);

    const connected = await activationOverview(deps, ws.workspaceId, fixedLiveLists());
    const path = 'hours.workTypeByHourType.ORD';
    expect(connected.check.items.map((i) => i.path)).toContain(path);
    expect(connected.blockers.map((b) => b.path)).toContain(path);
    expect(connected.blockers.map((b) => b.path)).not.toContain('connection');

    await getDb()
      .updateTable('integration_connections')
      .set({ state: 'unreachable', last_error: 'nede' })
      .where('workspace_id', '=', ws.workspaceId)
      .execute();
    const down = await activationOverview(deps, ws.workspaceId, fixedLiveLists());
    expect(down.check.items.map((i) => i.path)).toContain(path);
    expect(down.blockers.map((b) => b.path)).toContain('connection');
    expect(down.blockers.map((b) => b.path)).not.toContain(path);
  });

  it('disconnects: connection and shared 24SO session gone, integration switched off and audited', async () => {
    const deps = depsFor(getDb());
    const ws = await insertFixtureWorkspace(getDb(), `off-${randomBytes(3).toString('hex')}`);
    await saveConnection(deps, ws.workspaceId, {
      username: 'api@demo.no',
      password: 'demo-password',
      identityId,
    });
    await setEnabled(getDb(), clock, { workspaceId: ws.workspaceId, actor: 'admin@firma.no', enabled: true });
    const sessions = () =>
      getDb()
        .selectFrom('integration_sessions')
        .selectAll()
        .where('workspace_id', '=', ws.workspaceId)
        .execute();
    expect(await sessions()).toHaveLength(1);

    await disconnectAndSwitchOff(deps, { workspaceId: ws.workspaceId, actor: 'API-token «lønn»' });
    expect((await getConnectionStatus(getDb(), ws.workspaceId)).state).toBe('not_connected');
    expect(await sessions()).toEqual([]);
    expect((await getSettings(getDb(), ws.workspaceId)).enabled).toBe(false);
    const { entries } = await listAudit(getDb(), ws.workspaceId);
    expect(entries[0]).toMatchObject({ path: 'enabled', newValue: false, actor: 'API-token «lønn»' });
  });
});
