// Scenario: before the first real synchronisation the office ticks «Prøvekjøring» and presses
// «Synkroniser alle». The projects are not in 24SO yet; the real run creates them first and then
// sends their approved hours. The dry run says the same — those hours as going, not as waiting
// for their project — and the real run then sends exactly the hours the dry run named.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../test/databases.ts';
import { writeHourSettings } from '../../../integration/hours/test-support.ts';
import { getRunById, listRunRecords } from '../../../integration/sync/runs.ts';
import type { EmbeddedWorker } from '../../../jobs/embedded.ts';
import { createSandbox, type Sandbox } from '../../../sandbox/server.ts';
import { updateEmployee } from '../../../workspace/employees.ts';
import { approveHours } from '../../../workspace/hour-approval.ts';
import { createUiHarness, type UiClient, type UiHarness } from '../test-harness.ts';
import { connectForSync } from './test-support.ts';

const BASE = '/integrasjoner/synkronisering';

describeEachDatabase('Prøvekjøring of everything before the projects are in 24SO', (getDb) => {
  let h: UiHarness;
  let client: UiClient;
  let worker: EmbeddedWorker;
  let sandbox: Sandbox;

  beforeAll(async () => {
    h = await createUiHarness(getDb());
    sandbox = createSandbox({ seed: 'demo' });
    worker = await connectForSync(h.deps, h.workspace.id, sandbox);
    await writeHourSettings(getDb(), h.workspace.id, {
      sync: 'manual',
      startDate: '2020-01-01',
      workTypeByHourType: { ORD: '1' },
    });
    // Ola is the sandbox's contact 501, so nothing but the project holds his hours.
    await updateEmployee(getDb(), h.workspace.id, h.data.employeeId, { twentyfourContactId: 501 });
    await approveHours(getDb(), h.workspace.id, h.data.hourIds, 'admin@test.no');
    client = await h.login();
  });

  /** Starts a run of everything from the page (`dry`: «Prøvekjøring» ticked) and runs it. */
  const runAll = async (dry: boolean) => {
    const page = await client.get(BASE);
    const token = /name="_skjema" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const started = await client.post(`${BASE}/start`, {
      type: 'alle',
      ...(dry ? { prove: '1' } : {}),
      _skjema: token,
    });
    expect(started.status).toBe(303);
    await worker.drain();
    const runId = (started.location ?? '').split('?')[0]?.split('/').pop() ?? '';
    return { runId, page: (await client.get(started.location ?? '')).text };
  };
  const hoursInSandbox = () =>
    (sandbox.state.clients.find((c) => c.name === 'Demo Maskin AS')?.hours ?? []).filter((x) =>
      String(x.InternalNote ?? '').includes('[broen:'),
    );

  it('counts the hours of a project it would create as going, and the real run sends exactly those', async () => {
    const dry = await runAll(true);
    expect(dry.page).toContain('Prøvekjøring: tallene viser hva som ville skjedd.');
    expect(dry.page).not.toContain('prosjekt ikke synkronisert');
    const planned = await listRunRecords(getDb(), dry.runId, { actions: ['create'] });
    expect(planned.filter((r) => r.entity === 'project').map((r) => r.localId)).toContain(h.data.projectId);
    const hoursPlanned = planned.filter((r) => r.entity === 'hour').map((r) => r.localId);
    expect(hoursPlanned.sort()).toEqual([...h.data.hourIds].sort());
    expect(hoursInSandbox()).toEqual([]);

    const real = await runAll(false);
    expect((await getRunById(getDb(), real.runId))?.state).toBe('done');
    const sent = await listRunRecords(getDb(), real.runId, { actions: ['create'] });
    expect(
      sent
        .filter((r) => r.entity === 'hour')
        .map((r) => r.localId)
        .sort(),
    ).toEqual(hoursPlanned);
    expect(hoursInSandbox()).toHaveLength(h.data.hourIds.length);

    // «Alle poster» and the run's page name each hour by date, worker and project, linked to it.
    const first = h.data.hourIds[0] ?? '';
    const named = `<a href="/timer/${first}">02.03.2026 – Ola Nordmann, 1001 Boligfelt Nordvik</a>`;
    expect((await client.get(`${BASE}/poster?type=timer`)).text).toContain(named);
    expect(real.page).toContain(named);
  });
});
