// Scenario: the office admin opens Integrasjoner → Synkronisering, sends the customers to 24SO with «Synkroniser nå» (a double click starts one run), reads the run log and the refused customer's reason, sees the 24SO badges in Kunder, fixes the org. number and sends it again with «Prøv igjen»; a run whose job was lost and given a new one says how often.
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../test/databases.ts';
import type { Db } from '../../../db/database.ts';
import { saveSettings } from '../../../integration/settings.ts';
import { carryOn, syncJobKey } from '../../../integration/sync/orphans.ts';
import { recordSynced } from '../../../integration/sync/records.ts';
import { createOrJoinRun, moveRun } from '../../../integration/sync/runs.ts';
import { type EmbeddedWorker, embeddedQueue } from '../../../jobs/embedded.ts';
import { createSandbox, type Sandbox } from '../../../sandbox/server.ts';
import { createCustomer, getCustomer } from '../../../workspace/customers.ts';
import { createProduct, getProduct } from '../../../workspace/products.ts';
import { createUiHarness, type UiClient, type UiHarness } from '../test-harness.ts';
import { connectForSync } from './test-support.ts';

const BASE = '/integrasjoner/synkronisering';

/** The single-use token of the «Synkroniser nå» form on a page. */
const formToken = (html: string) => /name="_skjema" value="([^"]+)"/.exec(html)?.[1] ?? '';

describeEachDatabase('web UI Integrasjoner → Synkronisering', (getDb) => {
  let h: UiHarness;
  let client: UiClient;
  let sandbox: Sandbox;
  let worker: EmbeddedWorker;
  let badId: string;
  let runPath: string;
  let syncReads = 0;

  beforeAll(async () => {
    // The app's database counts the statements that read sync states (one per list page).
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        if (args.node.kind === 'SelectQueryNode' && JSON.stringify(args.node).includes('"sync_records"'))
          syncReads++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    h = await createUiHarness(getDb().withPlugin(counter));
    sandbox = createSandbox({ seed: 'empty' });
    worker = await connectForSync(h.deps, h.workspace.id, sandbox);
    const bad = await createCustomer(getDb(), h.workspace.id, { name: 'Feil Org AS' });
    // An org. number that slipped in before validation (an old import): 24SO refuses it.
    await getDb()
      .updateTable('customers')
      .set({ org_number: '923456784' })
      .where('id', '=', bad.id)
      .execute();
    badId = bad.id;
    client = await h.login();
  });

  afterAll(async () => {
    await worker?.stop();
  });

  const companies = () => sandbox.state.clients.flatMap((c) => c.companies);

  describe('before the first synchronisation', () => {
    it('is reachable from Integrasjoner and offers «Synkroniser nå» per kind and for all', async () => {
      const card = await client.get('/integrasjoner');
      expect(card.text).toContain('href="/integrasjoner/synkronisering"');
      expect(card.text).toMatch(/Siste synkronisering<\/dt>\s*<dd[^>]*>ingen ennå/);

      const res = await client.get(BASE);
      expect(res.status).toBe(200);
      expect(res.text).toContain('<h1>Synkronisering</h1>');
      for (const label of [
        'Synkroniser alle',
        'Synkroniser kunder',
        'Synkroniser prosjekter',
        'Synkroniser varer',
      ])
        expect(res.text).toContain(label);
      expect(res.text).toContain('Prøvekjøring');
      expect(res.text).toContain('Ingen synkroniseringer ennå.');
      // A sync run is never called «kjøring» (that word is transport here), except «Prøvekjøring».
      expect(res.text.replaceAll('Prøvekjøring', '').replace(/href="\/kjoring"[^<]*<\/a>/, '')).not.toMatch(
        /kjøring/i,
      );
    });

    it('refuses an unknown kind in Norwegian', async () => {
      const page = await client.get(BASE);
      const res = await client.post(`${BASE}/start`, { type: 'fly', _skjema: formToken(page.text) });
      expect(res.status).toBe(422);
      expect(res.text).toContain('Velg hva som skal synkroniseres');
    });

    it('says no record has been in a synchronisation yet, not that none has a chosen state', async () => {
      const all = await client.get(`${BASE}/poster`);
      expect(all.text).toContain('Ingen poster er med i synkroniseringen ennå.');
      const customers = await client.get(`${BASE}/poster?type=kunder`);
      expect(customers.text).toContain('Ingen poster med denne tilstanden.');
    });
  });

  describe('«Synkroniser nå»', () => {
    it('a dry run tells what would happen and sends nothing', async () => {
      const page = await client.get(BASE);
      const res = await client.post(`${BASE}/start`, {
        type: 'kunder',
        prove: '1',
        _skjema: formToken(page.text),
      });
      expect(res.status).toBe(303);
      await worker.drain();
      const run = await client.get(res.location ?? '');
      expect(run.text).toContain('Prøvekjøring: tallene viser hva som ville skjedd');
      expect(run.text).toMatch(/data-count="created">\s*2\s*</);
      expect(run.text).toContain('Dette ville skjedd');
      expect(companies()).toHaveLength(0);
    });

    it('starts one run for a double click and shows it live, refreshing itself', async () => {
      const page = await client.get(BASE);
      const token = formToken(page.text);
      const first = await client.post(`${BASE}/start`, { type: 'kunder', _skjema: token });
      const second = await client.post(`${BASE}/start`, { type: 'kunder', _skjema: token });
      expect(first.status).toBe(303);
      expect(first.location).toMatch(
        /^\/integrasjoner\/synkronisering\/logg\/[0-9a-f-]{36}\?melding=startet$/,
      );
      runPath = (first.location ?? '').split('?')[0] ?? '';
      expect(second.location).toBe(`${runPath}?melding=pagar`);
      const runs = await getDb()
        .selectFrom('sync_runs')
        .select('id')
        .where('workspace_id', '=', h.workspace.id)
        .where('dry_run', '=', 0 as never)
        .execute();
      expect(runs).toHaveLength(1);

      const live = await client.get(first.location ?? '');
      expect(live.text).toContain('Synkroniseringen er startet');
      expect(live.text).toContain('i kø');
      expect(live.text).toContain(`hx-get="${runPath}/status"`);
      expect(live.text).toContain('hx-trigger="every 2s"');
      const log = await client.get(BASE);
      expect(log.text).toContain(`hx-get="${BASE}/logg"`);
    });

    it('shows the finished run with its counts, calls and the refused customer with its reason', async () => {
      await worker.drain();
      const fragment = await client.get(`${runPath}/status`, { 'hx-request': 'true' });
      expect(fragment.text).not.toContain('hx-trigger');
      expect(fragment.text).toContain('ferdig');

      const res = await client.get(runPath);
      expect(res.status).toBe(200);
      expect(res.text).toMatch(/data-count="created">\s*1\s*</);
      expect(res.text).toMatch(/data-count="failed">\s*1\s*</);
      expect(res.text).toMatch(/data-count="calls">\s*[1-9]/);
      expect(res.text).toContain('Organisasjonsnummeret er ugyldig i 24SevenOffice.');
      expect(res.text).toContain(`href="/kunder/${badId}"`);
      expect(res.text).toContain('Prøv igjen');
      // A run that kept its job says nothing of lost jobs.
      expect(res.text).not.toContain('gjenopptatt');
      expect(companies().map((c) => c.Name)).toEqual(['Nordvik Bygg AS']);

      const log = await client.get(`${BASE}/logg`, { 'hx-request': 'true' });
      expect(log.text).not.toContain('hx-trigger');
      expect(log.text).toContain('manuell');
      expect(log.text).toContain('Kunder');
      const card = await client.get('/integrasjoner');
      expect(card.text).toContain(`href="${runPath}"`);
      const settings = await client.get('/integrasjoner/24sevenoffice/innstillinger');
      expect(settings.text).toMatch(/<section class="card last-sync"[\s\S]*?data-last-run="done"/);
      expect(settings.text).toContain(`href="${runPath}"`);
    });

    it('shows the 24SO badge in Kunder (reason on hover) and the reason on the record page', async () => {
      const list = await client.get('/kunder');
      expect(list.text).toContain('<th scope="col">24SO</th>');
      expect(list.text).toMatch(/data-twentyfour="synced" title="24SO-id \d+[^"]*">24SO sendt/);
      expect(list.text).toContain('title="Organisasjonsnummeret er ugyldig i 24SevenOffice.');
      expect(list.text).toContain('24SO feilet');
      // Records not synchronised yet (projects, products) get no column until something is.
      const projects = await client.get('/prosjekter');
      expect(projects.text).not.toContain('<th scope="col">24SO</th>');

      const record = await client.get(`/kunder/${badId}`);
      expect(record.text).toContain('24SevenOffice');
      expect(record.text).toMatch(/data-reason="true">Organisasjonsnummeret er ugyldig i 24SevenOffice\./);
      const good = await client.get(`/kunder/${h.data.customerId}`);
      const remoteId = String(companies()[0]?.Id);
      expect(good.text).toMatch(new RegExp(`<dt>24SO-id</dt>\\s*<dd[^>]*>${remoteId}</dd>`));
    });

    it('lists the records by kind and state', async () => {
      const failed = await client.get(`${BASE}/poster?type=kunder&tilstand=feilet`);
      expect(failed.text).toContain('Feil Org AS');
      expect(failed.text).not.toContain('Nordvik Bygg AS');
      const sent = await client.get(`${BASE}/poster?type=kunder&tilstand=sendt`);
      expect(sent.text).toContain('Nordvik Bygg AS');
      expect(sent.text).not.toContain('Feil Org AS');
      const products = await client.get(`${BASE}/poster?type=varer`);
      expect(products.text).toContain('Ingen poster med denne tilstanden.');
      const summary = await client.get(BASE);
      expect(summary.text).toContain(`href="${BASE}/poster?type=kunder&amp;tilstand=feilet"`);
    });

    it('sends the fixed customer with «Prøv igjen» and it shows as sent', async () => {
      const form = await client.get(`/kunder/${badId}`);
      expect(form.status).toBe(200);
      const saved = await client.post(`/kunder/${badId}`, {
        name: 'Feil Org AS',
        orgNumber: '923456783',
        active: '1',
      });
      expect(saved.status).toBe(303);
      const retry = await client.post(`${BASE}/prov-igjen`, { type: 'kunder' });
      expect(retry.status).toBe(303);
      expect(retry.location).toMatch(/\/logg\/[0-9a-f-]{36}\?melding=prover-igjen$/);
      // A second click while that run is queued lands on the same run.
      const again = await client.post(`${BASE}/prov-igjen`, { type: 'kunder' });
      expect(again.location?.split('?')[0]).toBe(retry.location?.split('?')[0]);
      await worker.drain();
      const run = await client.get(retry.location ?? '');
      expect(run.text).toContain('Ingen poster feilet.');
      expect(
        companies()
          .map((c) => c.Name)
          .sort(),
      ).toEqual(['Feil Org AS', 'Nordvik Bygg AS']);
      const list = await client.get('/kunder');
      expect(list.text).not.toContain('24SO feilet');
      const after = await client.post(`${BASE}/prov-igjen`, {});
      expect(after.location).toBe(`${BASE}?melding=ingen-feilet`);
    });

    it('reads the 24SO states of a whole list page with one query', async () => {
      for (let i = 0; i < 30; i++) await createCustomer(getDb(), h.workspace.id, { name: `Kunde ${i}` });
      syncReads = 0;
      const list = await client.get('/kunder');
      expect(list.text.match(/<tr>/g)?.length).toBeGreaterThan(30);
      expect(list.text.match(/24SO sendt/g)).toHaveLength(2);
      expect(syncReads).toBe(1);
    });

    /** A run started from the command line, running now. */
    const runningRun = async (db: Db, clock: () => Date) => {
      const { run } = await createOrJoinRun(db, clock, {
        workspaceId: h.workspace.id,
        trigger: 'cli',
        entity: null,
        dryRun: false,
      });
      await moveRun(db, clock, run.id, 'running');
      return run;
    };

    it('says until when a run waits for 24SO', async () => {
      const db = getDb();
      const clock = () => new Date();
      const run = await runningRun(db, clock);
      await moveRun(db, clock, run.id, 'waiting', {
        waitingUntil: '2026-03-05T13:05:00.000Z',
        message: '24SevenOffice har satt klienten i karantene.',
      });
      const log = await client.get(BASE);
      expect(log.text).toContain('venter på 24SO til kl. 14:05');
      expect(log.text).toContain('kommandolinje');
      expect(log.text).toContain('hx-trigger="every 2s"');
      await moveRun(db, clock, run.id, 'failed', { message: 'Avbrutt i test.' });
    });

    it("says on a run's page how often it lost its job and was resumed", async () => {
      const db = getDb();
      const clock = () => new Date();
      const run = await runningRun(db, clock);
      const page = () => client.get(`${BASE}/logg/${run.id}`);
      expect((await page()).text).not.toContain('gjenopptatt');
      // The run is running with no job behind it (its worker died and the job was given up): the
      // automatic trigger's tick gives it a new job; then that job is gone too.
      const carry = { db, clock, queue: embeddedQueue({ db, clock, logger: h.deps.logger }) };
      expect(await carryOn(carry, run.id)).toBe('resumed');
      expect((await page()).text).toContain(
        'Jobben som kjørte synkroniseringen ble borte underveis, og synkroniseringen ble gjenopptatt 1 gang.',
      );
      const jobGone = () => db.deleteFrom('jobs').where('unique_key', '=', syncJobKey(run.id)).execute();
      await jobGone();
      expect(await carryOn(carry, run.id)).toBe('resumed');
      expect((await page()).text).toContain('synkroniseringen ble gjenopptatt 2 ganger.');
      await jobGone();
      await moveRun(db, clock, run.id, 'failed', { message: 'Avbrutt i test.' });
    });

    it('locks the fields 24SO owns on an imported record and keeps them on save', async () => {
      const db = getDb();
      const clock = () => new Date();
      const saved = await saveSettings(db, null, clock, {
        workspaceId: h.workspace.id,
        actor: 'test',
        input: { products: { direction: 'import' } },
      });
      expect(saved.ok).toBe(true);
      const product = await createProduct(db, h.workspace.id, {
        number: 'P-9',
        name: 'Pukk 0-32 mm',
        salesPrice: '189.00',
        description: 'Fra 24SO',
      } as never);
      await recordSynced(db, clock, [
        {
          workspaceId: h.workspace.id,
          entity: 'product',
          localId: product.id,
          remoteId: '777',
          fingerprint: null,
          origin: 'import',
          runId: null,
        },
      ]);
      const page = await client.get(`/varelager/${product.id}`);
      expect(page.text).toContain('Varen er hentet fra 24SevenOffice, som eier de låste feltene');
      expect(page.text).toMatch(/<input id="f-name" name="name"[^>]*disabled/);
      expect(page.text).toContain('24SO hentet inn');
      const body: Record<string, string> = {};
      for (const m of page.text.matchAll(/<input id="f-[^"]+" name="([^"]+)"[^>]*value="([^"]*)"/g))
        body[m[1] ?? ''] = m[2] ?? '';
      body.name = 'Lokalt navn';
      const res = await client.post(`/varelager/${product.id}`, body);
      expect(res.status).toBe(303);
      expect((await getProduct(db, h.workspace.id, product.id))?.name).toBe('Pukk 0-32 mm');
      // A customer that was exported is the workspace's to edit as before.
      const customer = await client.get(`/kunder/${h.data.customerId}`);
      expect(customer.text).not.toContain('låste feltene');
      expect(customer.text).not.toMatch(/<input id="f-name" name="name"[^>]*disabled/);
      expect((await getCustomer(db, h.workspace.id, h.data.customerId))?.name).toBe('Nordvik Bygg AS');
    });
  });
});
