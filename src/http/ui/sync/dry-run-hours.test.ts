// Scenario: before the first real synchronisation the office ticks «Prøvekjøring» and presses
// «Synkroniser alle». The projects are not in 24SO yet, so the dry run counts their approved
// hours as waiting for their project — which a real run would send right after creating the
// projects. The run's page says so, instead of leaving the office to expect hours held back; a
// dry run of customers alone does not.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../test/databases.ts';
import { writeHourSettings } from '../../../integration/hours/test-support.ts';
import type { EmbeddedWorker } from '../../../jobs/embedded.ts';
import { createSandbox } from '../../../sandbox/server.ts';
import { approveHours } from '../../../workspace/hour-approval.ts';
import { createUiHarness, type UiClient, type UiHarness } from '../test-harness.ts';
import { connectForSync } from './test-support.ts';

const BASE = '/integrasjoner/synkronisering';
const NOTE = 'data-note="hours-after-projects"';

describeEachDatabase('Prøvekjøring of everything before the projects are in 24SO', (getDb) => {
  let h: UiHarness;
  let client: UiClient;
  let worker: EmbeddedWorker;

  beforeAll(async () => {
    h = await createUiHarness(getDb());
    worker = await connectForSync(h.deps, h.workspace.id, createSandbox({ seed: 'empty' }));
    await writeHourSettings(getDb(), h.workspace.id, {
      sync: 'manual',
      startDate: '2020-01-01',
      workTypeByHourType: { ORD: '1' },
    });
    await approveHours(getDb(), h.workspace.id, h.data.hourIds, 'admin@test.no');
    client = await h.login();
  });

  /** Starts a dry run of `type` from the page, runs it, and answers the run's page. */
  const dryRun = async (type: string) => {
    const page = await client.get(BASE);
    const token = /name="_skjema" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const started = await client.post(`${BASE}/start`, { type, prove: '1', _skjema: token });
    expect(started.status).toBe(303);
    await worker.drain();
    return (await client.get(started.location ?? '')).text;
  };

  it('says the hours waiting for a project it would create go in the same real run', async () => {
    const all = await dryRun('alle');
    expect(all).toContain('Prøvekjøring: tallene viser hva som ville skjedd.');
    expect(all).toMatch(/\d+ timer? venter: prosjekt ikke synkronisert/);
    expect(all).toContain(NOTE);
    expect(all).toContain('I en ekte synkronisering sendes de i samme omgang');

    const customers = await dryRun('kunder');
    expect(customers).toContain('Prøvekjøring: tallene viser hva som ville skjedd.');
    expect(customers).not.toContain(NOTE);
  });
});
