// Scenario: an operator rotates BROEN_SECRET_KEY; the rotation is killed halfway, resumed, and
// afterwards every sealed 24SO password, session id and pending login opens with the new key.
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import type { Db } from '../db/database.ts';
import { getPendingLogin, putPendingLogin } from '../http/ui/integration/pending-logins.ts';
import { fingerprintOf, UNREADABLE_PASSWORD } from './connection-state.ts';
import { keyIdOf, openSecret, sealSecret } from './credentials.ts';
import { rotateSecrets } from './secret-rotation.ts';
import { loadStoredSession, sessionAad, storeSession } from './stored-sessions.ts';
import { insertFixtureWorkspace } from './test-fixtures.ts';

const clock = () => new Date();

async function storeConnection(db: Db, key: Buffer, workspaceId: string, password: string) {
  const sealed = sealSecret(key, workspaceId, password);
  const at = clock().toISOString();
  const row = {
    workspace_id: workspaceId,
    username: `api-${workspaceId.slice(0, 6)}@firma.no`,
    password_blob: sealed.blob,
    key_id: sealed.keyId,
    identity_id: randomBytes(8).toString('hex'),
    client_name: 'Firma AS',
    state: 'connected' as const,
    last_checked_at: at,
    last_error: null,
    failure_streak: 0,
    failing_since: null,
    created_at: at,
    updated_at: at,
  };
  await db.insertInto('integration_connections').values(row).execute();
  return row;
}

describeEachDatabase('secret rotation', (getDb) => {
  it('re-seals everything, resumes after an interruption and never re-seals a row twice', async () => {
    const db = getDb();
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const workspaces: { id: string; password: string; sessionId: string }[] = [];
    for (let i = 0; i < 5; i++) {
      const { workspaceId } = await insertFixtureWorkspace(db, `rot-${randomBytes(4).toString('hex')}`);
      const password = `passord-${i}-${randomBytes(4).toString('hex')}`;
      const sessionId = `session-${i}-${randomBytes(4).toString('hex')}`;
      const row = await storeConnection(db, oldKey, workspaceId, password);
      await storeSession({ db, secretKey: oldKey, clock }, workspaceId, fingerprintOf(row), sessionId);
      workspaces.push({ id: workspaceId, password, sessionId });
    }
    const firstWs = workspaces[0]?.id as string;
    const pendingKey = await putPendingLogin(
      { db, secretKey: oldKey, clock },
      { workspaceId: firstWs, sessionHash: 'web-session-hash' },
      { username: 'api@firma.no', password: 'ventende-passord', clients: [] },
    );
    const keys = { current: newKey, previous: [oldKey] };
    // A process started with only the new key already marked one connection invalid.
    const marked = workspaces[4]?.id as string;
    await db
      .updateTable('integration_connections')
      .set({ state: 'invalid_credentials', last_error: `${UNREADABLE_PASSWORD} (key 1234abcd)` })
      .where('workspace_id', '=', marked)
      .execute();

    // The first run dies after two passwords are re-sealed.
    let resealed = 0;
    const seen: string[] = [];
    await expect(
      rotateSecrets(db, keys, {
        batchSize: 2,
        onResealed: (table, id) => {
          seen.push(`${table}:${id}`);
          if (++resealed === 2) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    const half = await db.selectFrom('integration_connections').select('key_id').execute();
    expect(half.filter((r) => r.key_id === keyIdOf(newKey))).toHaveLength(2);

    // Half-way, a process configured with the new key and the old one still reads every row.
    for (const ws of workspaces) {
      const row = await db
        .selectFrom('integration_connections')
        .selectAll()
        .where('workspace_id', '=', ws.id)
        .executeTakeFirstOrThrow();
      expect(openSecret(newKey, ws.id, row.password_blob, [oldKey])).toBe(ws.password);
      const stored = await loadStoredSession(
        { db, secretKey: newKey, previousSecretKeys: [oldKey] },
        ws.id,
        fingerprintOf(row),
      );
      expect(stored).toBe(ws.sessionId);
    }

    const resumed = await rotateSecrets(db, keys, {
      onResealed: (table, id) => seen.push(`${table}:${id}`),
    });
    expect(resumed.connections).toEqual({ resealed: 3, unreadable: 0, dropped: 0 });
    expect(resumed.sessions).toEqual({ resealed: 5, unreadable: 0, dropped: 0 });
    expect(resumed.pendingLogins).toEqual({ resealed: 1, unreadable: 0, dropped: 0 });
    expect(new Set(seen).size).toBe(seen.length);

    // Done: the new key alone opens everything, and a third run has nothing to do.
    for (const ws of workspaces) {
      const row = await db
        .selectFrom('integration_connections')
        .selectAll()
        .where('workspace_id', '=', ws.id)
        .executeTakeFirstOrThrow();
      expect(row.key_id).toBe(keyIdOf(newKey));
      expect(openSecret(newKey, ws.id, row.password_blob)).toBe(ws.password);
      // The session moved along with the password's new fingerprint: no new 24SO login needed.
      expect(await loadStoredSession({ db, secretKey: newKey }, ws.id, fingerprintOf(row))).toBe(
        ws.sessionId,
      );
      const session = await db
        .selectFrom('integration_sessions')
        .selectAll()
        .where('workspace_id', '=', ws.id)
        .executeTakeFirstOrThrow();
      expect(openSecret(newKey, sessionAad(ws.id), session.session_blob)).toBe(ws.sessionId);
    }
    expect(
      await db
        .selectFrom('integration_connections')
        .select(['state', 'last_error'])
        .where('workspace_id', '=', marked)
        .executeTakeFirstOrThrow(),
    ).toEqual({ state: 'connected', last_error: null });
    const pending = await getPendingLogin({ db, secretKey: newKey, clock }, 'web-session-hash', pendingKey);
    expect(pending?.password).toBe('ventende-passord');
    const again = await rotateSecrets(db, keys);
    expect(again).toEqual({
      connections: { resealed: 0, unreadable: 0, dropped: 0 },
      sessions: { resealed: 0, unreadable: 0, dropped: 0 },
      pendingLogins: { resealed: 0, unreadable: 0, dropped: 0 },
    });
  });

  it('reports a password no configured key opens, leaves it as it is, and drops such a session', async () => {
    const db = getDb();
    const lostKey = randomBytes(32);
    const newKey = randomBytes(32);
    const { workspaceId } = await insertFixtureWorkspace(db, `lost-${randomBytes(4).toString('hex')}`);
    const row = await storeConnection(db, lostKey, workspaceId, 'glemt');
    await storeSession({ db, secretKey: lostKey, clock }, workspaceId, fingerprintOf(row), 'gammel-sesjon');

    const summary = await rotateSecrets(db, { current: newKey, previous: [] });
    expect(summary.connections.unreadable).toBeGreaterThanOrEqual(1);
    expect(summary.sessions.dropped).toBeGreaterThanOrEqual(1);
    const after = await db
      .selectFrom('integration_connections')
      .select('password_blob')
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirstOrThrow();
    expect(after.password_blob).toBe(row.password_blob);
    const session = await db
      .selectFrom('integration_sessions')
      .select('workspace_id')
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    expect(session).toBeUndefined();
  });
});
