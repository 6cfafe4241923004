// Scenario: the office admin opens an invoice attachment whose customer and project are not in
// 24SO yet; the preview's blockers offer «Eksporter nå». With the integration off the page says
// so; switched on, the click starts the sync run (a second click, or the API, joins it), the
// page follows the run, and afterwards the blockers are gone. The REST call does the same.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiResponse } from '../../../../test/app-harness.ts';
import { describeEachDatabase } from '../../../../test/databases.ts';
import { setEnabled } from '../../../integration/settings.ts';
import { createInvoiceAttachment } from '../../../invoicing/attachments.ts';
import type { EmbeddedWorker } from '../../../jobs/embedded.ts';
import { createSandbox, type Sandbox } from '../../../sandbox/server.ts';
import { createApiToken } from '../../../workspace/api-tokens.ts';
import { approveHours } from '../../../workspace/hour-approval.ts';
import { connectForSync } from '../sync/test-support.ts';
import { createUiHarness, type UiClient, type UiHarness } from '../test-harness.ts';

describeEachDatabase('«Eksporter nå» on the order preview', (getDb) => {
  let h: UiHarness;
  let client: UiClient;
  let sandbox: Sandbox;
  let worker: EmbeddedWorker;
  let token: string;
  let attachmentId: string;

  beforeAll(async () => {
    h = await createUiHarness(getDb(), { clock: () => new Date() });
    sandbox = createSandbox({ seed: 'empty' });
    worker = await connectForSync(h.deps, h.workspace.id, sandbox);
    await approveHours(h.deps.db, h.workspace.id, h.data.hourIds, h.email);
    const a = await createInvoiceAttachment(h.deps.db, h.workspace.id, h.data.projectId, {}, h.email);
    attachmentId = a.row.id;
    token = (await createApiToken(h.deps.db, h.deps.clock, { workspaceId: h.workspace.id, name: 'eksport' }))
      .token;
    client = await h.login();
  });

  afterAll(async () => {
    await worker?.stop();
  });

  const api = async (path: string): Promise<Pick<ApiResponse, 'status' | 'body'>> => {
    const res = await h.app.request(`/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: res.status, body: await res.json() };
  };
  const page = () => `/fakturavedlegg/${attachmentId}`;

  it('says why when the integration is off, exports customer and project when on, and the blockers go', async () => {
    const before = await client.get(page());
    expect(before.text).toContain('Kunden 10001 Nordvik Bygg AS finnes ikke i 24SevenOffice ennå.');
    expect(before.text).toContain('Prosjekt 1001 Boligfelt Nordvik finnes ikke i 24SevenOffice ennå.');
    expect(before.text).toContain(`action="${page()}/eksporter"`);
    expect(before.text).toContain('Eksporter nå');

    await setEnabled(h.deps.db, h.deps.clock, { workspaceId: h.workspace.id, actor: 'test', enabled: false });
    const off = await client.post(`${page()}/eksporter`, {});
    expect(off.location).toBe(`${page()}?eksport=nei`);
    expect((await client.get(off.location ?? '')).text).toContain(
      'Integrasjonen med 24SevenOffice er slått av',
    );
    const offApi = await api(`/invoice-attachments/${attachmentId}/export-dependencies`);
    expect(offApi.status).toBe(422);
    expect(offApi.body.detail).toContain('slått av');
    await setEnabled(h.deps.db, h.deps.clock, { workspaceId: h.workspace.id, actor: 'test', enabled: true });

    // The click starts one run; the API, asking while it is live, joins that run.
    const started = await client.post(`${page()}/eksporter`, {});
    const runId = /\?eksport=([\w-]+)$/.exec(started.location ?? '')?.[1];
    expect(runId).toBeDefined();
    const joined = await api(`/invoice-attachments/${attachmentId}/export-dependencies`);
    expect(joined.status).toBe(202);
    expect(joined.body).toMatchObject({
      state: 'started',
      joined: true,
      exporting: ['customer', 'project'],
      run: { id: runId, entity: 'project' },
    });
    const live = await client.get(started.location ?? '');
    expect(live.text).toContain('Eksporterer til 24SevenOffice…');
    expect(live.text).toContain(`hx-get="${page()}/eksport/${runId}"`);

    expect(await worker.drain()).toBeGreaterThan(0);
    const poll = await client.get(`${page()}/eksport/${runId}`);
    expect(poll.headers.get('hx-redirect')).toBe(`${page()}?eksport=${runId}`);
    const after = await client.get(`${page()}?eksport=${runId}`);
    expect(after.text).toContain('Eksportert til 24SevenOffice: kunden og prosjektet finnes nå der.');
    expect(after.text).not.toContain('finnes ikke i 24SevenOffice ennå');
    expect(after.text).not.toContain('Eksporter nå');
    const client24 = sandbox.state.clients[0] as unknown as { companies: { Name?: string }[] };
    expect(client24.companies.filter((c) => c.Name === 'Nordvik Bygg AS')).toHaveLength(1);

    // Nothing is missing any more: the API says so and starts nothing.
    const nothing = await api(`/invoice-attachments/${attachmentId}/export-dependencies`);
    expect(nothing).toMatchObject({ status: 200, body: { state: 'nothing', exporting: [], run: null } });
  });
});
