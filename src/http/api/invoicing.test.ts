// Scenario: a tool builds an invoice attachment over the REST API — basis, partial attachment
// with an Idempotency-Key, a taken line refused, the preview with blockers, a blocked transfer
// — and nothing of it is visible from another workspace.
import { beforeAll, expect, it } from 'vitest';
import { type AppHarness, createAppHarness } from '../../../test/app-harness.ts';
import { describeEachDatabase } from '../../../test/databases.ts';
import { type InvoicingFixture, invoicingFixture } from '../../invoicing/invoicing-fixture.ts';
import { createApiToken } from '../../workspace/api-tokens.ts';

describeEachDatabase('REST API invoicing', (getDb) => {
  let h: AppHarness;
  let f: InvoicingFixture;
  let token: string;

  beforeAll(async () => {
    h = await createAppHarness(getDb());
    f = await invoicingFixture(h.db);
    token = (await createApiToken(h.db, h.deps.clock, { workspaceId: f.workspaceId, name: 'faktura' })).token;
  });

  it('answers the basis, makes a partial attachment once per Idempotency-Key, refuses a taken line, previews and blocks the transfer', async () => {
    const basis = await h.request('GET', `/api/v1/projects/${f.projectId}/invoice-basis`, { token });
    expect(basis.status).toBe(200);
    expect(basis.body.totals).toEqual({ net: '28175.62', vat: '7043.91', gross: '35219.53' });
    expect(basis.body.lines).toHaveLength(7);

    const body = {
      lines: [
        { kind: 'hour', id: f.hourIds.machine },
        { kind: 'material', id: f.materialId },
      ],
    };
    const headers = { 'Idempotency-Key': 'vedlegg-1' };
    const created = await h.request('POST', `/api/v1/projects/${f.projectId}/invoice-attachments`, {
      token,
      body,
      headers,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ number: 1, status: 'open', totals: { net: '14652.00' } });
    const replay = await h.request('POST', `/api/v1/projects/${f.projectId}/invoice-attachments`, {
      token,
      body,
      headers,
    });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(created.body.id);

    const taken = await h.request('POST', `/api/v1/projects/${f.projectId}/invoice-attachments`, {
      token,
      body,
    });
    expect(taken.status).toBe(409);
    expect(taken.body.detail).toContain('ikke lenger i fakturagrunnlaget');
    expect(
      (await h.request('GET', `/api/v1/projects/${f.projectId}/invoice-basis`, { token })).body.lines,
    ).toHaveLength(5);

    const locked = await h.request('POST', `/api/v1/hours/${f.hourIds.machine}/unapprove`, { token });
    expect(locked.status).toBe(422);
    expect(locked.body.detail).toContain('fakturavedlegg');

    const preview = await h.request('GET', `/api/v1/invoice-attachments/${created.body.id}/preview`, {
      token,
    });
    expect(preview.status).toBe(200);
    expect(preview.body.ready).toBe(false);
    expect(preview.body.blockers.map((b: { code: string }) => b.code)).toEqual(
      expect.arrayContaining(['customer_not_linked', 'project_not_linked', 'not_connected']),
    );
    const transfer = await h.request('POST', `/api/v1/invoice-attachments/${created.body.id}/transfer`, {
      token,
    });
    expect(transfer.status).toBe(422);
    expect(transfer.body.errors.map((e: { path: string }) => e.path)).toContain('customer_not_linked');

    // Another workspace sees none of it.
    expect((await h.request('GET', `/api/v1/invoice-attachments/${created.body.id}`)).status).toBe(404);
    expect((await h.request('GET', `/api/v1/projects/${f.projectId}/invoice-basis`)).status).toBe(404);

    const deleted = await h.request('DELETE', `/api/v1/invoice-attachments/${created.body.id}`, { token });
    expect(deleted.status).toBe(204);
    expect(
      (await h.request('GET', `/api/v1/projects/${f.projectId}/invoice-basis`, { token })).body.lines,
    ).toHaveLength(7);
  });

  it('refuses bad input in Norwegian: an empty period, an unknown kind', async () => {
    const empty = await h.request('POST', `/api/v1/projects/${f.projectId}/invoice-attachments`, {
      token,
      body: { from: '2030-01-01' },
    });
    expect(empty.status).toBe(422);
    expect(empty.body.detail).toContain('ingen linjer');
    const bad = await h.request('POST', `/api/v1/projects/${f.projectId}/invoice-attachments`, {
      token,
      body: { lines: [{ kind: 'timer', id: 'x' }] },
    });
    expect(bad.status).toBe(400);
    const date = await h.request('POST', `/api/v1/projects/${f.projectId}/invoice-attachments`, {
      token,
      body: { from: '2025-02-30' },
    });
    expect(date.status).toBe(400);
    expect(date.body.errors[0].message).toContain('kalenderen');
  });
});
