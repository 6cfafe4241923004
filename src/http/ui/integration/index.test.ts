// Scenario: the office admin walks Integrasjoner → 24SevenOffice in the web UI: log in, pick a client, set up, fail safely, turn on, read the audit, disconnect.
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../test/databases.ts';
import { SANDBOX_APPLICATION_ID } from '../../../config/config.ts';
import { installIntegrationRuntime } from '../../../integration/runtime.ts';
import { getSettings, setEnabled } from '../../../integration/settings.ts';
import { createSandbox, type Sandbox } from '../../../sandbox/server.ts';
import { createUiHarness, type UiClient, type UiHarness } from '../test-harness.ts';

const BASE = '/integrasjoner/24sevenoffice';

describeEachDatabase('web UI Integrasjoner → 24SevenOffice', (getDb) => {
  let h: UiHarness;
  let client: UiClient;
  let sandbox: Sandbox;

  beforeAll(async () => {
    h = await createUiHarness(getDb());
    sandbox = createSandbox({ seed: 'demo' });
    installIntegrationRuntime(h.deps, {
      fetch: (request) => sandbox.fetch(request),
      applicationId: SANDBOX_APPLICATION_ID,
      baseUrl: 'http://sandbox.test',
    });
    client = await h.login();
  });

  describe('connecting', () => {
    it('shows the login form with the API-user advice, and no demo user outside demo mode', async () => {
      const res = await client.get(BASE);
      expect(res.status).toBe(200);
      expect(res.text).toContain('<h1>Koble til 24SevenOffice</h1>');
      expect(res.text).toContain('Vi anbefaler en egen API-bruker');
      expect(res.text).not.toContain('demo-password');
      const ids = [...res.text.matchAll(/<(?:input|select)\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
      for (const id of ids) expect(res.text).toContain(`for="${id}"`);
    });

    it('refuses a wrong password in Norwegian and stores nothing', async () => {
      const res = await client.post(`${BASE}/logg-inn`, { username: 'api@demo.no', password: 'feil' });
      expect(res.status).toBe(422);
      expect(res.text).toContain('Feil brukernavn eller passord i 24SevenOffice.');
      expect(res.text).toContain('value="api@demo.no"');
      expect(await getDb().selectFrom('integration_connections').selectAll().execute()).toEqual([]);
    });

    it('refuses a form without the CSRF token', async () => {
      const res = await client.post(
        `${BASE}/logg-inn`,
        { username: 'api@demo.no', password: 'demo-password' },
        { csrf: false },
      );
      expect(res.status).toBe(403);
    });

    it('lists the clients without putting the password in the page, then saves the chosen one', async () => {
      const login = await client.post(`${BASE}/logg-inn`, {
        username: 'api@demo.no',
        password: 'demo-password',
      });
      expect(login.status).toBe(303);
      const picker = await client.get(login.location ?? '');
      expect(picker.status).toBe(200);
      expect(picker.text).toContain('Demo Maskin AS');
      expect(picker.text).toContain('Demo Transport AS');
      expect(picker.text).not.toContain('demo-password');
      const key = /name="k" value="([^"]+)"/.exec(picker.text)?.[1] ?? '';
      const identityId =
        /value="([^"]+)"[^>]*>\s*<label for="client-\d+">Demo Maskin AS/.exec(picker.text)?.[1] ?? '';
      expect(identityId).toMatch(/^[0-9a-f-]{36}$/);
      const saved = await client.post(`${BASE}/velg-klient`, { k: key, identityId });
      expect(saved.status).toBe(303);
      expect(saved.location).toBe(`${BASE}/innstillinger?melding=tilkoblet`);
      // The picker's key is spent: a replay goes back to the login.
      const replay = await client.post(`${BASE}/velg-klient`, { k: key, identityId });
      expect(replay.location).toBe(`${BASE}/logg-inn?melding=utlopt`);
    });

    it('lands on the settings with the connection, coverage and live pickers', async () => {
      const res = await client.get(`${BASE}/innstillinger?melding=tilkoblet`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('Tilkoblingen er lagret.');
      expect(res.text).toContain('data-state="connected"');
      expect(res.text).toContain('Tilkoblet klienten «Demo Maskin AS» som api@demo.no.');
      expect(res.text).toContain(
        '1 timetype uten arbeidstype → 0 godkjente timeregistreringer (0 timer) blir holdt igjen',
      );
      expect(res.text).toContain('Overtid 50% (2)');
      expect(res.text).toContain('TIME – Timer');
      expect(res.text).toContain('Maskin: Gravemaskin Volvo EC220 (GM-01)');
      for (const section of ['Kunder', 'Prosjekt', 'Timer', 'Varelager', 'Fakturering'])
        expect(res.text).toContain(`>${section}</h2>`);
      // The reconciliation replaces the plain duplicates warning, and «Aktiver» waits for it.
      expect(res.text).toContain(
        '<a href="/integrasjoner/24sevenoffice/avstemming">Avstem eksisterende poster i 24SevenOffice før integrasjonen slås på, så ingenting blir duplikater</a>',
      );
      expect(res.text).not.toContain('Jeg har lest advarselen om duplikater');
      for (const label of ['Test tilkoblingen', 'Logg inn på nytt', 'Koble fra'])
        expect(res.text).toContain(label);
    });
  });

  describe('the Integrasjoner card', () => {
    const card = async () => {
      const res = await client.get('/integrasjoner');
      expect(res.status).toBe(200);
      return (
        /<article class="card" data-integration="24sevenoffice"[\s\S]*?<\/article>/.exec(res.text)?.[0] ?? ''
      );
    };

    it('shows the stored connection state and that the integration is off, without calling 24SO', async () => {
      sandbox.calls.clear();
      const connected = await card();
      expect(connected).toContain('<span class="badge ok">Tilkoblet til Demo Maskin AS</span>');
      expect(connected).toContain('<span class="badge">Slått av</span>');
      const states = [
        ['invalid_credentials', 'Feil passord'],
        ['client_unavailable', 'Klienten er ikke tilgjengelig'],
        ['unreachable', '24SevenOffice svarer ikke'],
      ] as const;
      try {
        for (const [state, text] of states) {
          await getDb().updateTable('integration_connections').set({ state }).execute();
          expect(await card()).toContain(`<span class="badge off">${text}</span>`);
        }
      } finally {
        await getDb().updateTable('integration_connections').set({ state: 'connected' }).execute();
      }
      const on = { workspaceId: h.workspace.id, actor: h.email, enabled: true };
      await setEnabled(getDb(), () => new Date(), on);
      expect(await card()).toContain('<span class="badge ok">Slått på</span>');
      await setEnabled(getDb(), () => new Date(), { ...on, enabled: false });
      expect(sandbox.calls.list()).toEqual([]);
    });
  });

  describe('settings', () => {
    const form = (over: Record<string, string>) => ({
      'customers.sync': 'manual',
      'customers.direction': 'export',
      'customers.paymentTermsDays': '14',
      'projects.sync': 'manual',
      'projects.direction': 'export',
      'projects.includeCustomer': '1',
      'hours.sync': 'manual',
      'hours.startDate': '',
      'hours.workTypeByHourType.ORD': '',
      'products.sync': 'manual',
      'products.direction': 'export',
      'invoicing.invoiceType': 'multi-line',
      'invoicing.groupHoursByType': '1',
      'invoicing.productNo.hours': '',
      'invoicing.productNo.transport.km': '',
      'invoicing.productNo.transport.toll': '',
      'invoicing.productNo.transport.other': '',
      'invoicing.productNo.freeText': '',
      'invoicing.dimensionByMachine.GM-01': '',
      ...over,
    });

    it('shows a bad value beside its field, keeps what was typed, and saves nothing', async () => {
      const before = await getSettings(getDb(), h.workspace.id);
      const res = await client.post(
        `${BASE}/innstillinger`,
        form({ 'customers.paymentTermsDays': 'fjorten' }),
      );
      expect(res.status).toBe(400);
      expect(res.text).toContain('value="fjorten"');
      // One summary at the top, linking to the field, and the message again beside the field.
      expect(res.text.match(/Innstillingene ble ikke lagret/g)).toHaveLength(1);
      expect(res.text).toContain(
        '<a href="#f-customers-paymentTermsDays">Kunder: betalingstid (dager)</a>: Betalingstid må være et helt antall dager',
      );
      expect(res.text).toContain(
        '<span class="field-error" id="f-customers-paymentTermsDays-error">Betalingstid må være et helt antall dager</span>',
      );
      expect(res.text.indexOf('Innstillingene ble ikke lagret')).toBeLessThan(
        res.text.indexOf('data-state='),
      );
      expect(await getSettings(getDb(), h.workspace.id)).toEqual(before);
    });

    it('saves a mapping and shows it in the audit log', async () => {
      const res = await client.post(
        `${BASE}/innstillinger`,
        form({
          'hours.workTypeByHourType.ORD': '1',
          'hours.startDate': '2026-03-01',
          'invoicing.productNo.hours': 'TIME',
          'invoicing.dimensionByMachine.GM-01': '101:GM-01',
        }),
      );
      expect(res.status).toBe(303);
      expect(res.location).toBe(`${BASE}/innstillinger?melding=lagret`);
      const audit = await client.get(`${BASE}/logg`);
      expect(audit.text).toContain('Timer: arbeidstype for timetype ORD');
      // Ids are shown with their 24SO names.
      expect(audit.text).toContain('<td>Ordinær (1)</td>');
      expect(audit.text).toContain('<td>Maskin: Gravemaskin Volvo EC220 (GM-01)</td>');
      expect(audit.text).toContain('<td>01.03.2026</td>');
      expect(audit.text).toContain('Fakturering: dimensjon for maskin GM-01');
      expect(audit.text).toContain(h.email);
      const settings = await client.get(`${BASE}/innstillinger`);
      expect(settings.text).toContain('Alle timetyper har en arbeidstype valgt');
    });

    it('refuses to turn on while product numbers are missing, naming them', async () => {
      const res = await client.post(`${BASE}/aktivering`, { enabled: '1', acknowledgeDuplicates: '1' });
      expect(res.status).toBe(422);
      expect(res.text).toContain(
        '<a href="#f-invoicing-productNo-transport">Velg varenummer for kjøring (km, bomring og andre utgifter)</a>',
      );
      expect(res.text).toContain('<fieldset class="plain" id="f-invoicing-productNo-transport">');
      expect((await getSettings(getDb(), h.workspace.id)).enabled).toBe(false);
    });
  });

  describe('24SO trouble', () => {
    it('keeps the settings page usable and honest while 24SO does not answer', async () => {
      sandbox.setFaults({ failRate: 1 });
      try {
        const tested = await client.post(`${BASE}/test`, {});
        expect(tested.location).toBe(`${BASE}/innstillinger?melding=testet`);
        sandbox.calls.clear();
        const page = await client.get(tested.location ?? '');
        // One failed read is enough: the page does not wait on 24SO for every list.
        expect(sandbox.calls.list().map((call) => call.operation)).not.toContain('GetProducts');
        expect(page.text).toContain('Varene fra 24SevenOffice kunne ikke hentes');
        expect(page.status).toBe(200);
        expect(page.text).toContain('data-state="unreachable"');
        expect(page.text).toContain('24SevenOffice svarer ikke akkurat nå.');
        // The vendor's English fault text is folded away for support, not shown as the message.
        expect(page.text).toMatch(
          /<details><summary>Teknisk melding fra 24SevenOffice \(for brukerstøtte\)<\/summary><span class="field-hint">[^<]*Server was unable/,
        );
        expect(page.text).toContain('Arbeidstypene fra 24SevenOffice kunne ikke hentes');
        // The stored choice is still shown, marked as not in the (unreadable) list.
        expect(page.text).toContain('1 (ikke i listen)');
      } finally {
        sandbox.setFaults({ failRate: 0 });
      }
    });

    it('asks before disconnecting, saying what happens, and disconnects only when confirmed', async () => {
      const settings = await client.get(`${BASE}/innstillinger`);
      expect(settings.text).toContain(`<a class="button danger" href="${BASE}/koble-fra">Koble fra</a>`);
      const confirm = await client.get(`${BASE}/koble-fra`);
      expect(confirm.status).toBe(200);
      expect(confirm.text).toContain('<h1>Koble fra 24SevenOffice?</h1>');
      expect(confirm.text).toContain('det lagrede passordet slettes');
      expect(confirm.text).toContain(
        'Innstillingene og koblingene (arbeidstyper, varenumre og dimensjoner) beholdes',
      );
      expect(confirm.text).toContain(`<a href="${BASE}/innstillinger">Avbryt</a>`);
      // A post without the confirmation (an old form, a stray request) only asks again.
      const unconfirmed = await client.post(`${BASE}/koble-fra`, {});
      expect(unconfirmed.location).toBe(`${BASE}/koble-fra`);
      expect(await getDb().selectFrom('integration_connections').selectAll().execute()).toHaveLength(1);
      const res = await client.post(`${BASE}/koble-fra`, { bekreft: '1' });
      expect(res.location).toBe(`${BASE}?melding=frakoblet`);
      expect(await getDb().selectFrom('integration_connections').selectAll().execute()).toEqual([]);
      expect((await getSettings(getDb(), h.workspace.id)).settings.hours.workTypeByHourType).toEqual({
        ORD: '1',
      });
      const page = await client.get(res.location ?? '');
      expect(page.text).toContain('Tilkoblingen til 24SevenOffice er fjernet.');
      expect(page.text).toContain('<h1>Koble til 24SevenOffice</h1>');
      const overview = await client.get('/integrasjoner');
      expect(overview.text).toContain('<span class="badge">Ikke tilkoblet</span>');
    });
  });
});
