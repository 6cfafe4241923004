// Scenario: a time app reads each hour's 24SO state over the REST API and lists the approved
// hours that wait because their worker has no contact id; an approved hour already in 24SO is
// refused an edit with a message saying so.
import { beforeAll, expect, it } from 'vitest';
import { type AppHarness, createAppHarness } from '../../../test/app-harness.ts';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createApiToken } from '../../workspace/api-tokens.ts';
import { updateEmployee } from '../../workspace/employees.ts';
import { exportHours } from './export.ts';
import { ruleSettings } from './facts.ts';
import { type HoursWorld, hoursWorld } from './test-support.ts';

describeEachDatabase('REST API: hours in 24SO', (getDb) => {
  let h: AppHarness;
  let w: HoursWorld;
  let token: string;
  const id: Record<string, string> = {};
  const get = (path: string) => h.request('GET', `/api/v1${path}`, { token });

  beforeAll(async () => {
    const db = getDb();
    h = await createAppHarness(db);
    w = await hoursWorld(db);
    token = (await createApiToken(db, () => new Date(), { workspaceId: w.f.workspaceId, name: 'test' }))
      .token;
    id.sent = await w.approvedHour();
    await exportHours(w.deps, await w.newRun(), w.session, await ruleSettings(db, w.f.workspaceId));
    id.kari = await w.approvedHour({ employeeId: w.f.kariId, date: '2025-03-17' });
    id.kari2 = await w.approvedHour({ employeeId: w.f.kariId, date: '2025-03-18' });
    await updateEmployee(db, w.f.workspaceId, w.f.kariId, { twentyfourContactId: null });
    id.early = await w.approvedHour({ date: '2024-11-01' });
    id.ready = await w.approvedHour({ date: '2025-03-19' });
  });

  it('shows twentyfour on each hour: sent with the 24SO id, waiting with every reason', async () => {
    const sent = await get(`/hours/${id.sent}`);
    expect(sent.body.twentyfour).toMatchObject({ state: 'sent', reasons: [], message: null });
    expect(sent.body.twentyfour.hourId).toBe(String(w.inSandbox(id.sent as string)[0]?.Id));
    expect(sent.body.twentyfour.syncedAt).toEqual(expect.any(String));
    expect(sent.body.twentyfour.sentAt).toBe(sent.body.twentyfour.syncedAt);
    const kari = await get(`/hours/${id.kari}`);
    expect(kari.body.twentyfour).toMatchObject({
      state: 'waiting',
      hourId: null,
      reasons: [
        {
          rule: 'no-contact-id',
          message: 'Arbeideren Kari Hansen har ingen kontakt-ID fra 24SevenOffice.',
          fixUrl: expect.stringContaining('/arbeidere/admin'),
        },
      ],
    });
  });

  it('filters by state and by reason in the database', async () => {
    const byReason = await get('/hours?twentyfourState=waiting&reason=no-contact-id');
    expect(byReason.status).toBe(200);
    expect(byReason.body.items.map((x: { id: string }) => x.id).sort()).toEqual([id.kari, id.kari2].sort());
    const waiting = await get('/hours?twentyfourState=waiting');
    expect(waiting.body.items.map((x: { id: string }) => x.id).sort()).toEqual(
      [id.kari, id.kari2, id.early].sort(),
    );
    const ready = await get('/hours?twentyfourState=ready');
    expect(ready.body.items.map((x: { id: string }) => x.id)).toEqual([id.ready]);
    const sent = await get('/hours?twentyfourState=sent');
    expect(sent.body.items.map((x: { id: string }) => x.id)).toEqual([id.sent]);
    const notSent = await get('/hours?twentyfourState=not_sent&reason=before-start-date');
    expect(notSent.body.items.map((x: { id: string }) => x.id)).toEqual([id.early]);
    const bad = await get('/hours?reason=nope');
    expect(bad.status).toBe(400);
  });

  it('refuses an edit of an approved hour that is in 24SO, saying so', async () => {
    const res = await h.request('PATCH', `/api/v1/hours/${id.sent}`, { token, body: { hours: '3' } });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).toContain('allerede overført til 24SevenOffice');
  });
});
