// Scenario: the operator onboards a second company; its admin invites a colleague, who picks a
// password through the one-time link; a leaver is deactivated and is out at once; everyone can
// change their own password. Nothing crosses from one workspace to the other.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../test/databases.ts';
import { createCustomer } from '../../../workspace/customers.ts';
import { inviteUser } from '../../../workspace/user-accounts.ts';
import { createWorkspace } from '../../../workspace/workspaces.ts';
import { createUiHarness, TEST_PASSWORD, type UiClient, type UiHarness } from '../test-harness.ts';

const linkIn = (html: string) => /value="(http[^"]*\/sett-passord\/[A-Za-z0-9_-]+)"/.exec(html)?.[1];
const pathOf = (link: string) => new URL(link).pathname;

describeEachDatabase('web UI: users and passwords', (getDb) => {
  let h: UiHarness;
  let admin: UiClient;
  beforeAll(async () => {
    h = await createUiHarness(getDb());
    admin = await h.login();
  });

  /** Invites through the page and returns the e-mail and the one-time link it showed. */
  const invite = async (label: string) => {
    const email = `${label}-${Math.random().toString(36).slice(2, 8)}@test.no`;
    await admin.get('/brukere');
    const res = await admin.post('/brukere', { name: `Kari ${label}`, email });
    expect(res.status).toBe(200);
    const link = linkIn(res.text);
    expect(link).toBeTruthy();
    return { email, link: link ?? '' };
  };

  const choosePassword = async (link: string, password: string) => {
    const visitor = h.anonymous();
    const page = await visitor.get(pathOf(link));
    return { page, res: await visitor.post(pathOf(link), { password, confirm: password }) };
  };

  it('invites a colleague, who sets a password through the link once and logs in', async () => {
    const { email, link } = await invite('ny');
    expect(link.startsWith('http://localhost/sett-passord/')).toBe(true);
    const list = await admin.get('/brukere');
    expect(list.text).toContain(email);
    expect(list.text).toContain('Invitert, har ikke valgt passord');
    expect(list.text).not.toContain(link); // shown once only

    // Before the password is chosen nobody can log in as the new user.
    expect((await h.anonymous().post('/logg-inn', { email, password: '!' })).status).toBe(401);
    const { page, res } = await choosePassword(link, 'kari-sitt-passord');
    expect(page.status).toBe(200);
    expect(page.text).toContain(email);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Passordet er lagret');
    const kari = await h.login(email, 'kari-sitt-passord');
    expect((await kari.get('/kunder')).text).toContain('Nordvik Bygg AS');

    const reuse = await choosePassword(link, 'et-annet-passord');
    expect(reuse.page.status).toBe(404);
    expect(reuse.res.status).toBe(404);
    expect(reuse.res.text).toContain('Lenken er ugyldig, brukt eller utløpt');
    expect((await h.anonymous().post('/logg-inn', { email, password: 'et-annet-passord' })).status).toBe(401);
  });

  it('refuses a short or mismatched password on the link page', async () => {
    const { link } = await invite('kort');
    const visitor = h.anonymous();
    await visitor.get(pathOf(link));
    const short = await visitor.post(pathOf(link), { password: 'kort', confirm: 'kort' });
    expect(short.status).toBe(422);
    expect(short.text).toContain('minst 8 tegn');
    const mismatch = await visitor.post(pathOf(link), { password: 'langt-nok-1', confirm: 'langt-nok-2' });
    expect(mismatch.status).toBe(422);
    expect(mismatch.text).toContain('Passordene er ikke like.');
    // The link still works after refused attempts.
    expect((await choosePassword(link, 'langt-nok-1')).res.status).toBe(200);
  });

  it('refuses a duplicate e-mail with a field error', async () => {
    await admin.get('/brukere');
    const res = await admin.post('/brukere', { name: 'Dobbel', email: h.email });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Det finnes allerede en bruker med e-post');
  });

  it('deactivates a user: their open session ends and they cannot log in again', async () => {
    const { email, link } = await invite('slutter');
    await choosePassword(link, 'slutter-passord');
    const leaver = await h.login(email, 'slutter-passord');
    expect((await leaver.get('/kunder')).status).toBe(200);
    const list = await admin.get('/brukere');
    const id = /data-user-id="([^"]+)"><td>Kari slutter/.exec(list.text)?.[1];
    expect(id).toBeTruthy();
    const res = await admin.post(`/brukere/${id}/deaktiver`, {});
    expect(res.status).toBe(303);
    expect((await admin.get(res.location ?? '')).text).toContain('Brukeren er deaktivert');
    const after = await leaver.get('/kunder');
    expect(after.status).toBe(303);
    expect(after.location).toContain('/logg-inn');
    expect((await h.anonymous().post('/logg-inn', { email, password: 'slutter-passord' })).status).toBe(401);
  });

  it('does not let an admin deactivate themselves', async () => {
    const list = await admin.get('/brukere');
    const self = /data-user-id="([^"]+)"><td>Anne Admin/.exec(list.text)?.[1];
    const res = await admin.post(`/brukere/${self}/deaktiver`, {});
    expect(res.status).toBe(422);
    expect((await admin.get('/kunder')).status).toBe(200);
  });

  it('keeps users of another workspace out of sight and out of reach', async () => {
    const other = await createWorkspace(getDb(), { slug: `annen-${Date.now()}`, name: 'Annet Firma AS' });
    await createCustomer(getDb(), other.id, { name: 'Hemmelig Kunde AS' });
    const otherEmail = `annen-${Date.now()}@test.no`;
    const { user, token } = await inviteUser(getDb(), {
      workspaceId: other.id,
      email: otherEmail,
      name: 'Olav Annen',
    });
    const list = await admin.get('/brukere');
    expect(list.text).not.toContain(otherEmail);
    const res = await admin.post(`/brukere/${user.id}/deaktiver`, {});
    expect(res.status).toBe(404);
    // The other company's new user sees only their own workspace.
    await choosePassword(`http://localhost/sett-passord/${token}`, 'annen-passord');
    const olav = await h.login(otherEmail, 'annen-passord');
    const customers = await olav.get('/kunder');
    expect(customers.text).toContain('Hemmelig Kunde AS');
    expect(customers.text).not.toContain('Nordvik Bygg AS');
    expect((await olav.get('/brukere')).text).not.toContain(h.email);
  });

  it('changes the own password: the current one is checked, other sessions end, this one stays', async () => {
    const { email, link } = await invite('bytter');
    await choosePassword(link, 'forste-passord');
    const here = await h.login(email, 'forste-passord');
    const elsewhere = await h.login(email, 'forste-passord');
    await here.get('/konto/passord');
    const wrong = await here.post('/konto/passord', {
      current: 'feil-passord',
      next: 'andre-passord',
      confirm: 'andre-passord',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('Nåværende passord er feil.');
    const ok = await here.post('/konto/passord', {
      current: 'forste-passord',
      next: 'andre-passord',
      confirm: 'andre-passord',
    });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('Passordet er byttet');
    expect((await here.get('/kunder')).status).toBe(200);
    expect((await elsewhere.get('/kunder')).status).toBe(303);
    expect((await h.anonymous().post('/logg-inn', { email, password: 'forste-passord' })).status).toBe(401);
    await h.login(email, 'andre-passord');
  });

  it('still logs the harness admin in with the seed password', async () => {
    expect((await h.anonymous().post('/logg-inn', { email: h.email, password: TEST_PASSWORD })).status).toBe(
      303,
    );
  });
});
