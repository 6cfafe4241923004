// Scenario: the office admin opens a project's Fakturagrunnlag, makes an invoice attachment of
// one ticked hour, sees the order preview with what blocks «Lag faktura (24SevenOffice)», prints
// the attachment, finds the hour frozen, and deletes the attachment to get the hour back.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../test/databases.ts';
import { createFreeTextLine } from '../../../workspace/free-text-lines.ts';
import { approveHours } from '../../../workspace/hour-approval.ts';
import { createTransportEntry } from '../../../workspace/transport.ts';
import { createUiHarness, type UiClient, type UiHarness } from '../test-harness.ts';

describeEachDatabase('invoicing pages', (getDb) => {
  let h: UiHarness;
  let client: UiClient;
  let tollId: string;

  beforeAll(async () => {
    h = await createUiHarness(getDb());
    client = await h.login();
    await approveHours(h.deps.db, h.workspace.id, h.data.hourIds, h.email);
    await createFreeTextLine(h.deps.db, h.workspace.id, {
      projectId: h.data.projectId,
      date: '2026-03-04',
      text: 'Rigg og drift',
      quantity: '1',
      unitPrice: '4500',
    });
    tollId = (
      await createTransportEntry(h.deps.db, h.workspace.id, {
        projectId: h.data.projectId,
        date: '2026-03-03',
        kind: 'toll',
        quantity: '2',
        unitPrice: '42',
      })
    ).id;
  });

  it('walks from the basis to a partial attachment with its preview, print view and delete', async () => {
    const project = await client.get(`/prosjekter/${h.data.projectId}`);
    expect(project.text).toContain(`href="/prosjekter/${h.data.projectId}/fakturagrunnlag"`);
    const basis = await client.get(`/prosjekter/${h.data.projectId}/fakturagrunnlag`);
    expect(basis.status).toBe(200);
    expect(basis.text).toContain('Rigg og drift');
    expect(basis.text).toContain('Graving 2026-03-02');
    // 7.5 + 8 h × 950 + 2 × 42 + 4500 = 19 309,00 eks. mva
    expect(basis.text).toContain('kr 19\u202f309,00');
    const token = /name="_skjema" value="([^"]+)"/.exec(basis.text)?.[1] ?? '';

    const created = await client.post(`/prosjekter/${h.data.projectId}/fakturavedlegg`, {
      _skjema: token,
      modus: 'valgte',
      linje: [`hour:${h.data.hourIds[0]}`, `transport:${tollId}`],
      deresReferanse: 'Jon Vik',
    });
    expect(created.status).toBe(303);
    const again = await client.post(`/prosjekter/${h.data.projectId}/fakturavedlegg`, {
      _skjema: token,
      modus: 'valgte',
      linje: [`hour:${h.data.hourIds[0]}`],
    });
    expect(again.location).toContain('melding=dobbel');

    const page = await client.get(created.location ?? '');
    expect(page.text).toContain('Fakturavedlegget er laget.');
    expect(page.text).toContain('Forhåndsvisning av ordren i 24SevenOffice');
    expect(page.text).toContain('finnes ikke i 24SevenOffice ennå');
    expect(page.text).toContain('prosjektet har ingen prosjektleder koblet til en ansatt i 24SevenOffice');
    expect(page.text).toMatch(
      /<button type="submit" disabled="" aria-describedby="hindringer">\s*Lag faktura \(24SevenOffice\)/,
    );
    expect(page.text).toContain('kr 7\u202f209,00');

    const rest = await client.get(`/prosjekter/${h.data.projectId}/fakturagrunnlag`);
    expect(rest.text).not.toContain('Graving 2026-03-02');
    expect(rest.text).toContain('Fakturavedlegg 1');

    const id = (created.location ?? '').split('/')[2]?.split('?')[0] ?? '';
    const print = await client.get(`/fakturavedlegg/${id}/utskrift`);
    expect(print.text).toContain('Nordvik Bygg AS');
    expect(print.text).toContain('@media print');

    const hourPage = await client.get(`/timer/${h.data.hourIds[0]}`);
    expect(hourPage.text).toContain('Timen er med på et fakturavedlegg');
    expect(hourPage.text).toContain(`href="/fakturavedlegg/${id}"`);
    expect(hourPage.text).not.toContain('Fjern godkjenning');

    // The transport line is frozen too: its page says which attachment and how to free it.
    const tollPage = await client.get(`/kjoring/${tollId}`);
    expect(tollPage.text).toContain(
      'Kjøringen er med på fakturavedlegg 1 og kan ikke endres eller slettes. Slett fakturavedlegget for å endre den',
    );
    expect(tollPage.text).toContain(`href="/fakturavedlegg/${id}"`);
    expect(tollPage.text).not.toContain('>Lagre<');
    const tollEdit = await client.post(`/kjoring/${tollId}`, {
      projectId: h.data.projectId,
      date: '2026-03-03',
      kind: 'toll',
      quantity: '3',
      unitPrice: '42',
    });
    expect(tollEdit.status).toBe(422);
    expect(tollEdit.text).toContain('Kjøringen er med på fakturavedlegg 1 og kan ikke endres');
    const tollDelete = await client.post(`/kjoring/${tollId}/slett`, {});
    expect(tollDelete.status).toBe(409);
    expect(tollDelete.text).toContain('fakturavedlegg 1 og kan ikke slettes');

    const unapprove = await client.post('/timer/fjern-godkjenning', { ids: h.data.hourIds[0] ?? '' });
    const hours = await client.get(unapprove.location ?? '/timer');
    expect(hours.text).toContain('er med på et fakturavedlegg og kan ikke åpnes');

    const deleted = await client.post(`/fakturavedlegg/${id}/slett`, {});
    expect(deleted.location).toContain('melding=slettet');
    const back = await client.get(deleted.location ?? '');
    expect(back.text).toContain('Graving 2026-03-02');
  });

  it('tells what to fix when nothing is ticked', async () => {
    const basis = await client.get(`/prosjekter/${h.data.projectId}/fakturagrunnlag`);
    const token = /name="_skjema" value="([^"]+)"/.exec(basis.text)?.[1] ?? '';
    const res = await client.post(`/prosjekter/${h.data.projectId}/fakturavedlegg`, {
      _skjema: token,
      modus: 'valgte',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Kryss av minst én linje');
  });

  it('«Lag faktura» queues the transfer: the page says «Overføres…», then «Venter på 24SO til kl. …» during a quarantine', async () => {
    const basis = await client.get(`/prosjekter/${h.data.projectId}/fakturagrunnlag`);
    const token = /name="_skjema" value="([^"]+)"/.exec(basis.text)?.[1] ?? '';
    const created = await client.post(`/prosjekter/${h.data.projectId}/fakturavedlegg`, {
      _skjema: token,
      modus: 'alle',
    });
    const id = (created.location ?? '').split('/')[2]?.split('?')[0] ?? '';
    const asked = await client.post(`/fakturavedlegg/${id}/overfor`, {});
    expect(asked.location).toBe(`/fakturavedlegg/${id}`);
    await client.post(`/fakturavedlegg/${id}/overfor`, {});
    const jobs = await h.deps.db
      .selectFrom('jobs')
      .select('id')
      .where('unique_key', '=', `invoice-transfer:${id}`)
      .execute();
    expect(jobs).toHaveLength(1);
    const queued = await client.get(`/fakturavedlegg/${id}`);
    expect(queued.text).toContain('Overføres…');
    expect(queued.text).toContain(`hx-get="/fakturavedlegg/${id}/overforing"`);
    expect(queued.text).not.toContain('Slett fakturavedlegget');
    expect(queued.text).not.toMatch(/<button[^>]*>\s*Lag faktura \(24SevenOffice\)/);
    // The project's list of attachments says the same, not «Klar».
    const listed = await client.get(`/prosjekter/${h.data.projectId}/fakturagrunnlag`);
    expect(listed.text).toMatch(/Fakturavedlegg \d+<\/a><\/td><td>[^<]*<\/td><td>Overføres<\/td>/);

    // The job met 24SO's quarantine (as transfer-job.ts records it): it waits, and the page says until when.
    await h.deps.db
      .updateTable('invoice_attachments')
      .set({ transfer_waiting_until: '2026-03-05T13:00:00.000Z' })
      .where('id', '=', id)
      .execute();
    const waiting = await client.get(`/fakturavedlegg/${id}/overforing`);
    expect(waiting.text).toContain('Venter på 24SO til kl. 14:00.');
    // The job has an outcome (here: 24SO refused the order): the polling sends the browser back.
    await h.deps.db
      .updateTable('invoice_attachments')
      .set({
        transfer_waiting_until: null,
        transfer_requested_at: null,
        transfer_error: '24SevenOffice avviste ordren: ukjent kunde.',
      })
      .where('id', '=', id)
      .execute();
    const ended = await client.get(`/fakturavedlegg/${id}/overforing`);
    expect(ended.headers.get('hx-redirect')).toBe(`/fakturavedlegg/${id}`);
    const back = await client.get(`/fakturavedlegg/${id}`);
    expect(back.text).toContain('24SevenOffice avviste ordren: ukjent kunde.');
    expect(back.text).toMatch(/Lag faktura \(24SevenOffice\)/);
  });
});
