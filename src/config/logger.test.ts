// Scenario: an operator ships Broen's logs to a shared log store; a connect flow and a sync run
// logged at trace level name workspace, run and job, and never a password, token or session id.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { beforeAll, expect, it } from 'vitest';
import { type AppHarness, createAppHarness } from '../../test/app-harness.ts';
import { describeEachDatabase } from '../../test/databases.ts';
import { openSecret } from '../integration/credentials.ts';
import { installIntegrationRuntime } from '../integration/runtime.ts';
import { setEnabled } from '../integration/settings.ts';
import { sessionAad } from '../integration/stored-sessions.ts';
import { startSyncWorker } from '../integration/sync/runtime.ts';
import { createSandbox } from '../sandbox/server.ts';
import { createCustomer } from '../workspace/customers.ts';
import { SANDBOX_APPLICATION_ID } from './config.ts';
import { createLogger } from './logger.ts';

const PASSWORD = 'demo-password';

function capture(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger('trace', sink) };
}

it('redacts secret keys at any depth', () => {
  const { lines, logger } = capture();
  const secret = `s3cr3t-${randomBytes(6).toString('hex')}`;
  logger.info(
    {
      password: secret,
      token: secret,
      sessionId: secret,
      headers: { authorization: `Bearer ${secret}`, cookie: `broen_session=${secret}`, 'set-cookie': secret },
      request: { body: { credentials: { password: secret } } },
      row: { password_blob: secret, session_blob: secret },
      user: 'ola@firma.no',
    },
    'a careless line',
  );
  expect(lines.join('')).not.toContain(secret);
  expect(lines.join('')).toContain('ola@firma.no');
  expect(lines.join('')).toContain('[redacted]');
});

describeEachDatabase('logs of a connect flow and a sync run', (getDb) => {
  let h: AppHarness;
  const { lines, logger } = capture();
  beforeAll(async () => {
    h = await createAppHarness(getDb(), { clock: () => new Date(), logger });
    const sandbox = createSandbox({ seed: 'demo' });
    installIntegrationRuntime(h.deps, {
      fetch: (request) => sandbox.fetch(request),
      applicationId: SANDBOX_APPLICATION_ID,
      baseUrl: 'http://sandbox.test',
      logger,
    });
  });

  it('carries workspace, run and job ids and no secret', async () => {
    const credentials = { username: 'api@demo.no', password: PASSWORD };
    const listed = await h.request('POST', '/api/v1/integration/connection/clients', { body: credentials });
    expect(listed.status).toBe(200);
    const wrong = await h.request('POST', '/api/v1/integration/connection/clients', {
      body: { ...credentials, password: 'feil-passord-123' },
    });
    expect(wrong.status).toBe(422);
    const identityId = listed.body.clients[0].identityId as string;
    const saved = await h.request('PUT', '/api/v1/integration/connection', {
      body: { ...credentials, identityId },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    await setEnabled(h.db, h.deps.clock, { workspaceId: h.a.id, actor: 'test', enabled: true });
    for (let i = 0; i < 3; i++) await createCustomer(h.db, h.a.id, { name: `Loggkunde ${i} AS` });
    const started = await h.request('POST', '/api/v1/integration/sync', {
      body: { entity: 'customers', dryRun: false },
    });
    expect(started.status).toBe(202);
    const runId = started.body.id as string;
    // A worker in this process executes the run (as `npm start` does), then stops.
    const worker = startSyncWorker(h.deps, { pollMs: 20 });
    try {
      const deadline = Date.now() + 60_000;
      while ((await h.request('GET', `/api/v1/integration/runs/${runId}`)).body.state !== 'done') {
        if (Date.now() > deadline) throw new Error('the run did not finish');
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      await worker.stop();
    }

    const text = lines.join('');
    const session = await h.db
      .selectFrom('integration_sessions')
      .select('session_blob')
      .where('workspace_id', '=', h.a.id)
      .executeTakeFirstOrThrow();
    const sessionId = openSecret(h.deps.config.secretKey, sessionAad(h.a.id), session.session_blob);
    expect(sessionId.length).toBeGreaterThan(8);
    for (const secret of [
      PASSWORD,
      'feil-passord-123',
      h.a.token,
      sessionId,
      session.session_blob,
      h.deps.config.secretKey.toString('base64'),
    ]) {
      expect(text).not.toContain(secret);
    }
    // It did log the flow: 24SO calls at debug, and the run with its ids.
    expect(text).toContain('"msg":"24SO call"');
    const runLine = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'sync run executed');
    expect(runLine).toMatchObject({ workspaceId: h.a.id, runId, state: 'done' });
    expect(runLine.jobId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
