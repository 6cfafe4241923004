// Scenario: the office admin logs in again on a different 24SO client; the settings page names the mappings that client lacks, activation is blocked, and "Fjern ugyldige koblinger" clears exactly those.
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../test/databases.ts';
import { SANDBOX_APPLICATION_ID } from '../../../config/config.ts';
import { listAudit } from '../../../integration/audit.ts';
import { listClientsForCredentials, saveConnection } from '../../../integration/connection.ts';
import { liveListsFor } from '../../../integration/lookups.ts';
import { installIntegrationRuntime } from '../../../integration/runtime.ts';
import type { ConnectionDeps } from '../../../integration/session-calls.ts';
import { getSettings, saveSettings, setEnabled } from '../../../integration/settings.ts';
import { createSandbox } from '../../../sandbox/server.ts';
import { createUiHarness, type UiClient, type UiHarness } from '../test-harness.ts';

const BASE = '/integrasjoner/24sevenoffice';
const CREDENTIALS = { username: 'api@demo.no', password: 'demo-password' };

describeEachDatabase('web UI: mappings the new 24SevenOffice client does not have', (getDb) => {
  let h: UiHarness;
  let client: UiClient;
  let runtime: ConnectionDeps;

  const connectTo = async (name: string) => {
    const listed = await listClientsForCredentials(runtime, CREDENTIALS);
    const identityId = listed.ok ? listed.clients.find((c) => c.name === name)?.identityId : undefined;
    if (!identityId) throw new Error(`sandbox client ${name} not found`);
    const saved = await saveConnection(runtime, h.workspace.id, { ...CREDENTIALS, identityId });
    expect(saved.ok).toBe(true);
  };

  beforeAll(async () => {
    h = await createUiHarness(getDb());
    const sandbox = createSandbox({ seed: 'demo' });
    runtime = installIntegrationRuntime(h.deps, {
      fetch: (request) => sandbox.fetch(request),
      applicationId: SANDBOX_APPLICATION_ID,
      baseUrl: 'http://sandbox.test',
    });
    client = await h.login();
    // Set up against "Demo Maskin AS", then logged in again on "Demo Transport AS".
    await connectTo('Demo Maskin AS');
    const saved = await saveSettings(getDb(), liveListsFor(runtime, h.workspace.id), h.deps.clock, {
      workspaceId: h.workspace.id,
      actor: h.email,
      input: {
        hours: { startDate: '2026-03-01', workTypeByHourType: { ORD: '1' } },
        invoicing: {
          productNo: { hours: 'TIME', transport: 'KM', freeText: 'FRI' },
          dimensionByMachine: { 'GM-01': '101:GM-01' },
        },
      },
    });
    expect(saved.ok).toBe(true);
    await setEnabled(getDb(), h.deps.clock, { workspaceId: h.workspace.id, actor: h.email, enabled: true });
  });

  it('logging in again on another client switches the integration off and says why', async () => {
    const login = await client.post(`${BASE}/logg-inn`, CREDENTIALS);
    const picker = await client.get(login.location ?? '');
    const key = /name="k" value="([^"]+)"/.exec(picker.text)?.[1] ?? '';
    const identityId =
      /value="([^"]+)"[^>]*>\s*<label for="client-\d+">Demo Transport AS/.exec(picker.text)?.[1] ?? '';
    const saved = await client.post(`${BASE}/velg-klient`, { k: key, identityId });
    // The review of the mappings for the new client comes first (mapping-review.test.ts).
    expect(saved.location).toBe(`${BASE}/koblinger?melding=ny-klient-slatt-av`);
    expect((await getSettings(getDb(), h.workspace.id)).enabled).toBe(false);
    const page = await client.get(saved.location ?? '');
    expect(page.text).toContain('Tilkoblet en annen klient. Integrasjonen er slått av');
    expect(page.text).toContain('Tilkoblet klienten «Demo Transport AS»');
  });

  describe('Gjennomgang av koblinger', () => {
    it('shows every mapping with its name before and in the new client, never a raw id', async () => {
      const page = await client.get(`${BASE}/koblinger`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('data-state="pending"');
      expect(page.text).toContain('Koblingene ble laget for klienten «Demo Maskin AS»');
      const row = (path: string) =>
        new RegExp(`<tr data-path="${path.replace(/\./g, '\\.')}">(.*?)</tr>`).exec(page.text)?.[1] ?? '';
      // Work type 1 exists in both clients: shown with both meanings, to be confirmed.
      expect(row('hours.workTypeByHourType.ORD')).toBe(
        '<td>Arbeidstype for timetype ORD</td><td>Ordinær (arbeidstype-id 1)</td><td>Kjøring (arbeidstype-id 1)<span class="badge off"> Annen betydning</span></td>',
      );
      expect(row('invoicing.dimensionByMachine.GM-01')).toBe(
        '<td>Dimensjon for maskin GM-01</td><td>Maskin: Gravemaskin Volvo EC220 (verdi GM-01 i dimensjonstype 101)</td><td><span class="badge off">Finnes ikke i klienten</span></td>',
      );
      expect(page.text).not.toContain('«101:GM-01»');
      const settings = await client.get(`${BASE}/innstillinger`);
      expect(settings.text).toContain(
        '<a href="/integrasjoner/24sevenoffice/koblinger">Se over og bekreft koblingene for klienten «Demo Transport AS» (de ble laget for «Demo Maskin AS»)</a>',
      );
    });

    it('refuses a confirmation from an out-of-date page, then confirms it, audited', async () => {
      const page = await client.get(`${BASE}/koblinger`);
      const version = /name="version" value="(\d+)"/.exec(page.text)?.[1] ?? '';
      const stale = await client.post(`${BASE}/koblinger/bekreft`, { version: String(Number(version) - 1) });
      expect(stale.status).toBe(409);
      expect(stale.text).toContain('Koblingene ble endret etter at du så dem.');
      const ok = await client.post(`${BASE}/koblinger/bekreft`, { version });
      expect(ok.location).toBe(`${BASE}/innstillinger?melding=koblinger-bekreftet`);
      const { entries } = await listAudit(getDb(), h.workspace.id);
      expect(entries.find((e) => e.path === 'mappings.reviewConfirmed')).toMatchObject({
        actor: h.email,
        oldValue: 'Demo Maskin AS',
        newValue: 'Demo Transport AS',
      });
      const after = await client.get(`${BASE}/koblinger`);
      expect(after.text).toContain('data-state="confirmed"');
      expect(after.text).toContain(`ble bekreftet for «Demo Transport AS» av ${h.email}`);
      const again = await client.post(`${BASE}/koblinger/bekreft`, { version });
      expect(again.status).toBe(409);
    });
  });

  describe('the settings page', () => {
    it('names each mapping the client lacks, beside its field and in the activation box', async () => {
      const page = await client.get(`${BASE}/innstillinger`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Ugyldige koblinger');
      expect(page.text).toContain(
        '3 koblinger viser til noe som ikke finnes i klienten «Demo Transport AS». Integrasjonen kan ikke slås på før de er rettet eller fjernet.',
      );
      const hoursProduct =
        'Varenummer for timelinjer: varenummeret «TIME» (Timer) finnes ikke i 24SevenOffice-klienten «Demo Transport AS»';
      expect(page.text).toContain(`<a href="#f-invoicing-productNo-hours">${hoursProduct}</a>`);
      expect(page.text).toContain(
        '<a href="#f-invoicing-productNo-freeText">Varenummer for fritekstlinjer: varenummeret «FRI» (Fritekst) finnes ikke i 24SevenOffice-klienten «Demo Transport AS»</a>',
      );
      expect(page.text).toContain(
        // By the name it had in the client it was chosen in, never as the raw «101:GM-01».
        'Dimensjon for maskin GM-01: dimensjonen «Maskin: Gravemaskin Volvo EC220» (verdi GM-01 i dimensjonstype 101) finnes ikke i 24SevenOffice-klienten «Demo Transport AS»',
      );
      // Work type 1 and product KM exist in the new client too: not listed.
      expect(page.text).not.toContain('Arbeidstype for timetype ORD:');
      expect(page.text).not.toContain('varenummeret «KM»');
      expect(page.text).toContain(
        `<span class="field-error" id="f-invoicing-productNo-hours-error">${hoursProduct}</span>`,
      );
      // The picker keeps the stored dimension selected, in words rather than its raw id.
      expect(page.text).toContain(
        '<option value="101:GM-01" selected="">verdi GM-01 i dimensjonstype 101 (ikke i listen)</option>',
      );
      expect(page.text).toContain('<button type="submit" disabled="">Slå på integrasjonen</button>');
      expect(page.text).toContain('Fjern ugyldige koblinger');
    });

    it('refuses to switch on while they are there', async () => {
      const res = await client.post(`${BASE}/aktivering`, { enabled: '1', acknowledgeDuplicates: '1' });
      expect(res.status).toBe(422);
      expect(res.text).toContain(
        'varenummeret «TIME» (Timer) finnes ikke i 24SevenOffice-klienten «Demo Transport AS»',
      );
      expect((await getSettings(getDb(), h.workspace.id)).enabled).toBe(false);
    });
  });

  describe('Fjern ugyldige koblinger', () => {
    it('refuses a page that is out of date, changing nothing', async () => {
      const before = await getSettings(getDb(), h.workspace.id);
      const res = await client.post(`${BASE}/fjern-ugyldige`, { version: String(before.version - 1) });
      expect(res.status).toBe(409);
      expect(res.text).toContain('Innstillingene ble endret av noen andre i mellomtiden.');
      expect(await getSettings(getDb(), h.workspace.id)).toEqual(before);
    });

    it('clears exactly those mappings, audited, and the page no longer lists them', async () => {
      const before = await getSettings(getDb(), h.workspace.id);
      const page = await client.get(`${BASE}/innstillinger`);
      const version =
        /action="\/integrasjoner\/24sevenoffice\/fjern-ugyldige">[\s\S]*?name="version" value="(\d+)"/.exec(
          page.text,
        )?.[1];
      expect(version).toBe(String(before.version));
      const res = await client.post(`${BASE}/fjern-ugyldige`, { version: version ?? '' });
      expect(res.status).toBe(303);
      expect(res.location).toBe(`${BASE}/innstillinger?melding=ugyldige-fjernet`);
      const after = await getSettings(getDb(), h.workspace.id);
      expect(after.settings).toEqual({
        ...before.settings,
        invoicing: {
          ...before.settings.invoicing,
          productNo: { hours: null, transport: 'KM', freeText: null },
          dimensionByMachine: {},
        },
      });
      // One audited change, by the admin, of exactly the three mappings.
      const { entries } = await listAudit(getDb(), h.workspace.id);
      const latest = entries.filter((e) => e.version === after.version);
      expect(latest.map((e) => [e.path, e.oldValue, e.newValue, e.actor])).toEqual([
        ['invoicing.dimensionByMachine.GM-01', '101:GM-01', null, h.email],
        ['invoicing.productNo.freeText', 'FRI', null, h.email],
        ['invoicing.productNo.hours', 'TIME', null, h.email],
        ['mappings.cleared', null, 3, h.email],
      ]);
      const audit = await client.get(`${BASE}/logg`);
      expect(audit.text).toContain('Fakturering: dimensjon for maskin GM-01');
      expect(audit.text).toContain('Koblinger: ugyldige koblinger fjernet (antall)');
      // The cleared dimension is one the client does not have: named in words, not «101:GM-01».
      expect(audit.text).toContain('<td>verdi GM-01 i dimensjonstype 101</td>');
      expect(audit.text).not.toContain('<td>101:GM-01</td>');
      const shown = await client.get(res.location ?? '');
      expect(shown.text).toContain('De ugyldige koblingene er fjernet.');
      expect(shown.text).not.toContain('Ugyldige koblinger');
      expect(shown.text).toContain('Velg varenummer for timelinjer');
    });
  });
});
