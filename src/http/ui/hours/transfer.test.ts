// Scenario: the office opens Timer and sees why each hour has not gone to 24SevenOffice, with a
// link to fix each cause; «Ikke overført» with a reason narrows the list; Integrasjoner sums up
// the approved hours that wait, each group linking to the filtered list.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../test/databases.ts';
import { writeHourSettings } from '../../../integration/hours/test-support.ts';
import { setEnabled } from '../../../integration/settings.ts';
import { recordSynced } from '../../../integration/sync/records.ts';
import { createEmployee } from '../../../workspace/employees.ts';
import { approveHours } from '../../../workspace/hour-approval.ts';
import { createHourEntry } from '../../../workspace/hours.ts';
import { createUiHarness, type UiClient, type UiHarness } from '../test-harness.ts';

describeEachDatabase('Timer: 24SevenOffice state', (getDb) => {
  let h: UiHarness;
  let client: UiClient;
  let linkedHour: string;

  beforeAll(async () => {
    const db = getDb();
    h = await createUiHarness(db);
    const ws = h.workspace.id;
    await setEnabled(db, () => new Date(), { workspaceId: ws, actor: 'test', enabled: true });
    await writeHourSettings(db, ws, {
      sync: 'manual',
      startDate: '2026-01-01',
      workTypeByHourType: { ORD: '1' },
    });
    const linked = await createEmployee(db, ws, { name: 'Kari Hansen', twentyfourContactId: 502 } as never);
    linkedHour = (
      await createHourEntry(db, ws, {
        employeeId: linked.id,
        projectId: h.data.projectId,
        hourTypeId: h.data.hourTypeId,
        date: '2026-03-04',
        hours: '4',
      })
    ).id;
    await approveHours(db, ws, [...h.data.hourIds, linkedHour], 'admin@test.no');
    client = await h.login();
  });

  /** The HTML of one hour's row on the Timer list. */
  const rowOf = (html: string, hourId: string) =>
    html.match(new RegExp(`<tr id="time-${hourId}"[\\s\\S]*?</tr>`))?.[0] ?? '';

  it('shows each waiting hour with its reasons in a few words, each linking to its fix, the sentence on hover', async () => {
    const res = await client.get('/timer');
    expect(res.status).toBe(200);
    const row = rowOf(res.text, h.data.hourIds[0] ?? '');
    expect(row).toContain('Venter');
    expect(row).toMatch(
      new RegExp(
        `<a href="/arbeidere/admin\\?sok=Ola%20Nordmann#arbeider-${h.data.employeeId}" title="Arbeideren Ola Nordmann har ingen kontakt-ID fra 24SevenOffice. Legg inn kontakt-ID.">Mangler kontakt-ID</a>`,
      ),
    );
    expect(row).toMatch(
      new RegExp(
        `<a href="/prosjekter/${h.data.projectId}" title="Prosjektet 1001 Boligfelt Nordvik er ikke overført til 24SevenOffice ennå. Åpne prosjektet.">Prosjekt ikke synkronisert</a>`,
      ),
    );
    // Settings are in place: nothing above the table holds every hour.
    expect(res.text).not.toContain('Ingen timer overføres til 24SevenOffice før');
    // The hour page says each reason in full.
    const page = await client.get(`/timer/${h.data.hourIds[0]}`);
    expect(page.text).toContain('Arbeideren Ola Nordmann har ingen kontakt-ID fra 24SevenOffice.');
    expect(page.text).toContain('Legg inn kontakt-ID</a>');
  });

  it('says once above the table what holds every hour while the integration is off, not on each row', async () => {
    const db = getDb();
    const ws = h.workspace.id;
    await setEnabled(db, () => new Date(), { workspaceId: ws, actor: 'test', enabled: false });
    try {
      const res = await client.get('/timer');
      expect(res.text.match(/Integrasjonen med 24SevenOffice er slått av\./g)).toHaveLength(1);
      expect(res.text).toContain('Ingen timer overføres til 24SevenOffice før dette er på plass');
      expect(res.text).toContain('<a href="/integrasjoner/24sevenoffice">Slå på integrasjonen</a>');
      // Said by the note only; each row keeps its own reasons.
      expect(res.text.match(/data-rule="integration-off"/g)).toHaveLength(1);
      const linkedRow = rowOf(res.text, linkedHour);
      expect(linkedRow).toContain('Venter');
      expect(linkedRow).toContain('data-rule="project-not-synced"');
      expect(linkedRow).not.toContain('slått av');
      // The hour page still names it.
      const page = await client.get(`/timer/${linkedHour}`);
      expect(page.text).toContain('Integrasjonen med 24SevenOffice er slått av.');
    } finally {
      await setEnabled(db, () => new Date(), { workspaceId: ws, actor: 'test', enabled: true });
    }
  });

  it('narrows to «Ikke overført» with one reason', async () => {
    const res = await client.get('/timer?overforing=ikke&arsak=no-contact-id');
    for (const id of h.data.hourIds) expect(res.text).toContain(`id="time-${id}"`);
    expect(res.text).not.toContain(`id="time-${linkedHour}"`);
  });

  it('sums up on Integrasjoner, each group linking to the filtered list; a sent hour leaves it', async () => {
    let res = await client.get('/integrasjoner');
    expect(res.text).toContain('3 godkjente timer venter');
    expect(res.text).toContain('2 mangler kontakt-ID (1 arbeider)');
    expect(res.text).toContain('3 prosjekt ikke synkronisert (1 prosjekt)');
    expect(res.text).toContain('href="/timer?overforing=venter&amp;godkjent=ja&amp;arsak=no-contact-id"');

    await recordSynced(getDb(), () => new Date(), [
      {
        workspaceId: h.workspace.id,
        entity: 'project',
        localId: h.data.projectId,
        remoteId: '1001',
        fingerprint: null,
        runId: null,
      },
      {
        workspaceId: h.workspace.id,
        entity: 'hour',
        localId: linkedHour,
        remoteId: '55123',
        fingerprint: null,
        runId: null,
      },
    ]);
    res = await client.get('/integrasjoner');
    expect(res.text).toContain('2 godkjente timer venter');
    expect(res.text).not.toContain('prosjekt ikke synkronisert');
    const list = await client.get('/timer');
    expect(list.text).toContain('Overført (id 55123)');
    const page = await client.get(`/timer/${linkedHour}`);
    expect(page.text).toContain('allerede overført til 24SevenOffice (time-id 55123)');
  });
});
