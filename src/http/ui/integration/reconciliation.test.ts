// Scenario: the office admin reconciles on the web: the page refuses a decision on a row that is
// gone, confirming while a row is undecided, and confirming after 24SO changed (listing what
// changed) — each in Norwegian, with nothing applied.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../test/databases.ts';
import { SANDBOX_APPLICATION_ID } from '../../../config/config.ts';
import { listClientsForCredentials, saveConnection } from '../../../integration/connection.ts';
import { installIntegrationRuntime } from '../../../integration/runtime.ts';
import type { ConnectionDeps } from '../../../integration/session-calls.ts';
import { startSyncWorker } from '../../../integration/sync/runtime.ts';
import type { EmbeddedWorker } from '../../../jobs/embedded.ts';
import { company } from '../../../sandbox/seed-records.ts';
import { createSandbox, type Sandbox } from '../../../sandbox/server.ts';
import { createUiHarness, type UiClient, type UiHarness } from '../test-harness.ts';

const RECON = '/integrasjoner/24sevenoffice/avstemming';
const CREDENTIALS = { username: 'api@demo.no', password: 'demo-password' };

describeEachDatabase('web UI: Avstemming', (getDb) => {
  let h: UiHarness;
  let client: UiClient;
  let sandbox: Sandbox;
  let worker: EmbeddedWorker;
  let page: string;

  beforeAll(async () => {
    h = await createUiHarness(getDb());
    sandbox = createSandbox({ seed: 'demo' });
    const runtime: ConnectionDeps = installIntegrationRuntime(h.deps, {
      fetch: (request) => sandbox.fetch(request),
      applicationId: SANDBOX_APPLICATION_ID,
      baseUrl: 'http://sandbox.test',
    });
    worker = startSyncWorker(h.deps, { pollMs: 20 });
    const listed = await listClientsForCredentials(runtime, CREDENTIALS);
    const identityId = listed.ok
      ? listed.clients.find((c) => c.name === 'Demo Maskin AS')?.identityId
      : undefined;
    const saved = await saveConnection(runtime, h.workspace.id, {
      ...CREDENTIALS,
      identityId: identityId ?? '',
    });
    expect(saved.ok).toBe(true);
    client = await h.login();
  });
  afterAll(async () => {
    await worker?.stop();
  });

  it('starts, reads 24SO in the background and shows the proposal with one row to decide', async () => {
    const intro = await client.get(RECON);
    expect(intro.text).toContain('Start avstemming');
    const started = await client.post(RECON, {});
    expect(started.status).toBe(303);
    page = started.location ?? '';
    let res = await client.get(page);
    const deadline = Date.now() + 30_000;
    while (res.text.includes('data-refresh-seconds') && Date.now() < deadline) {
      await new Promise((resolve) => setImmediate(resolve));
      res = await client.get(page);
    }
    expect(res.text).toContain('<strong data-count="undecided">1</strong> må avgjøres');
    expect(res.text).toContain('<button type="submit" disabled="">Bekreft alle</button>');
  });

  it('refuses what cannot be done, in Norwegian, applying nothing', async () => {
    const gone = await client.post(`${page}/rader/00000000-0000-4000-8000-000000000000`, { valg: 'create' });
    expect(gone.status).toBe(404);
    expect(gone.text).toContain('Raden finnes ikke i denne avstemmingen lenger. Last siden på nytt.');
    const undecided = await client.post(`${page}/bekreft`, {});
    expect(undecided.status).toBe(409);
    expect(undecided.text).toContain('1 rad må avgjøres før avstemmingen kan bekreftes.');

    const view = await client.get(page);
    const rowId = /data-row="([0-9a-f-]+)" data-action="undecided"/.exec(view.text)?.[1] ?? '';
    const nonsense = await client.post(`${page}/rader/${rowId}`, { valg: 'slett' });
    expect(nonsense.status).toBe(422);
    expect(nonsense.text).toContain('Velg hva som skal skje med raden.');
    const decided = await client.post(`${page}/rader/${rowId}`, { valg: 'skip', tilbake: page });
    expect(decided.status).toBe(303);

    const maskin = sandbox.state.clients.find((c) => c.name === 'Demo Maskin AS');
    maskin?.companies.push(
      company(
        20498,
        'Kom Nettopp AS',
        undefined,
        'ny@x.no',
        ['Vei 1', '0150', 'OSLO'],
        '2025-10-01T08:00:00',
      ),
    );
    const stale = await client.post(`${page}/bekreft`, {});
    expect(stale.status).toBe(409);
    expect(stale.text).toContain(
      '24SevenOffice er endret siden forslaget ble laget (1 endring). Start avstemmingen på nytt.',
    );
    expect(stale.text).toContain('<li>Ny i 24SevenOffice: kunde 20498 Kom Nettopp AS</li>');
    const links = await getDb()
      .selectFrom('sync_records')
      .selectAll()
      .where('workspace_id', '=', h.workspace.id)
      .execute();
    expect(links).toEqual([]);
  });
});
