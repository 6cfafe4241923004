// Scenario: the office admin opens Integrasjoner → API-tilgang, makes a token for the payroll
// tool, copies it from the one page that shows it, later sees when it was last used, and
// revokes it after confirming — from then on the REST API refuses it. Another workspace's admin
// never sees or touches it.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../test/databases.ts';
import { listApiTokens } from '../../../workspace/api-tokens.ts';
import { createUiHarness, type UiClient, type UiHarness } from '../test-harness.ts';

const PAGE = '/integrasjoner/api-tilgang';
const TOKEN_TEXT = /broen_[A-Za-z0-9_-]{43}/g;
const clock = () => new Date('2026-03-05T08:30:00Z');

const formTokenOf = (html: string) => /name="_skjema" value="([^"]+)"/.exec(html)?.[1] ?? '';

describeEachDatabase('web UI API-tilgang', (getDb) => {
  let h: UiHarness;
  let admin: UiClient;
  let other: UiHarness;
  let otherAdmin: UiClient;
  beforeAll(async () => {
    h = await createUiHarness(getDb(), { clock });
    admin = await h.login();
    other = await createUiHarness(getDb(), { clock });
    otherAdmin = await other.login();
  });

  const callApi = (token: string) =>
    h.app.request('/api/v1/customers?limit=1', { headers: { authorization: `Bearer ${token}` } });

  it('is in the navigation under Integrasjoner and needs a login', async () => {
    const page = await admin.get('/integrasjoner');
    expect(page.text).toContain(`<a href="${PAGE}">API-tilgang</a>`);
    const anonymous = await h.anonymous().get(PAGE);
    expect(anonymous.status).toBe(303);
    expect(anonymous.location).toContain('/logg-inn');
  });

  it('creates a token shown once, lists it without the secret, and revokes it so the API answers 401', async () => {
    const empty = await admin.get(PAGE);
    expect(empty.text).toContain('<h1>API-tilgang</h1>');
    expect(empty.text).toContain('Ingen API-tokens ennå.');

    const formToken = formTokenOf(empty.text);
    const created = await admin.post(PAGE, { name: '  lønn  ', _skjema: formToken });
    expect(created.status).toBe(200);
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect(created.text).toContain('Det vises bare denne ene gangen og kan ikke hentes fram igjen');
    expect(created.text).toContain('Merk teksten og kopier den');
    const shown = created.text.match(TOKEN_TEXT) ?? [];
    expect(shown).toHaveLength(1);
    const token = shown[0] ?? '';
    expect((await callApi(token)).status).toBe(200);

    // The same form sent again (a double click, a reload) makes no second token.
    const again = await admin.post(PAGE, { name: 'lønn', _skjema: formToken });
    expect(again.status).toBe(303);
    const afterAgain = await admin.get(again.location ?? '');
    expect(afterAgain.text).toContain('Skjemaet var allerede sendt, så det ble ikke laget et nytt token.');
    expect(await listApiTokens(getDb(), h.workspace.id)).toHaveLength(1);

    const listed = await admin.get(PAGE);
    expect(listed.text).not.toMatch(TOKEN_TEXT);
    const [row] = await listApiTokens(getDb(), h.workspace.id);
    const rowHtml = new RegExp(`<tr data-token-id="${row.id}">(.*?)</tr>`, 's').exec(listed.text)?.[1] ?? '';
    expect(rowHtml).toContain('<td>lønn</td>');
    expect(rowHtml).toContain('<td>05.03.2026 kl. 09:30</td><td>05.03.2026 kl. 09:30</td>');
    expect(rowHtml).toContain('Aktiv');
    expect(rowHtml).toContain(`href="${PAGE}/${row.id}/trekk-tilbake"`);

    const confirm = await admin.get(`${PAGE}/${row.id}/trekk-tilbake`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('Trekke tilbake tokenet «lønn»');
    expect(confirm.text).toContain('Ja, trekk tilbake');
    expect((await callApi(token)).status).toBe(200);

    const revoked = await admin.post(`${PAGE}/${row.id}/trekk-tilbake`, {});
    expect(revoked.status).toBe(303);
    expect((await admin.get(revoked.location ?? '')).text).toContain('Tokenet er trukket tilbake.');
    const refused = await callApi(token);
    expect(refused.status).toBe(401);

    const after = await admin.get(PAGE);
    expect(after.text).toContain('Trukket tilbake 05.03.2026 kl. 09:30');
    expect(after.text).not.toContain(`${row.id}/trekk-tilbake`);
    const twice = await admin.post(`${PAGE}/${row.id}/trekk-tilbake`, {});
    expect((await admin.get(twice.location ?? '')).text).toContain('Tokenet var allerede trukket tilbake.');
  });

  it('says in Norwegian what to fix for a missing or overlong name, and makes the corrected one once', async () => {
    const before = (await listApiTokens(getDb(), h.workspace.id)).length;
    const formToken = formTokenOf((await admin.get(PAGE)).text);
    const blank = await admin.post(PAGE, { name: '   ', _skjema: formToken });
    expect(blank.status).toBe(422);
    expect(blank.text).toContain('Skriv et navn på tokenet, for eksempel «lønn».');
    const long = await admin.post(PAGE, { name: 'x'.repeat(101), _skjema: formToken });
    expect(long.status).toBe(422);
    expect(long.text).toContain('Navnet kan ha høyst 100 tegn; nå har det 101.');
    expect(await listApiTokens(getDb(), h.workspace.id)).toHaveLength(before);

    const fixed = await admin.post(PAGE, { name: 'timeapp', _skjema: formToken });
    expect(fixed.status).toBe(200);
    expect(fixed.text).toMatch(TOKEN_TEXT);
    expect(await listApiTokens(getDb(), h.workspace.id)).toHaveLength(before + 1);
  });

  it('refuses a form without the CSRF token and makes nothing', async () => {
    const before = (await listApiTokens(getDb(), h.workspace.id)).length;
    const forged = await admin.post(PAGE, { name: 'forfalsket' }, { csrf: false });
    expect(forged.status).toBe(403);
    expect(await listApiTokens(getDb(), h.workspace.id)).toHaveLength(before);
  });

  it("never shows or revokes another workspace's tokens", async () => {
    const made = await admin.post(PAGE, {
      name: 'bare-for-a',
      _skjema: formTokenOf((await admin.get(PAGE)).text),
    });
    const token = (made.text.match(TOKEN_TEXT) ?? [])[0] ?? '';
    const ofA = (await listApiTokens(getDb(), h.workspace.id)).find((t) => t.name === 'bare-for-a');
    if (!ofA) throw new Error('token of A not made');

    const listOfB = await otherAdmin.get(PAGE);
    expect(listOfB.text).not.toContain('bare-for-a');
    expect(listOfB.text).not.toContain(ofA.id);
    expect((await otherAdmin.get(`${PAGE}/${ofA.id}/trekk-tilbake`)).status).toBe(404);
    const attempt = await otherAdmin.post(`${PAGE}/${ofA.id}/trekk-tilbake`, {});
    expect(attempt.status).toBe(404);
    expect(attempt.text).toContain('Fant ikke API-tokenet.');
    expect((await callApi(token)).status).toBe(200);
    expect((await listApiTokens(getDb(), h.workspace.id)).find((t) => t.id === ofA.id)?.revokedAt).toBeNull();
  });
});
