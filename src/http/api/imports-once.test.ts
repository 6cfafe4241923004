// Scenario: a payroll script posts 200 hours as CSV with an Idempotency-Key; the process dies
// right after the rows are written. Its retry, after the claim is abandoned, must not import the
// hours a second time. And a clerk re-posting the same file is warned in the preview.
import { randomBytes } from 'node:crypto';
import { type KyselyPlugin, UpdateQueryNode } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import {
  type AppHarness,
  createAppHarness,
  FIXED_NOW,
  type TestWorkspace,
} from '../../../test/app-harness.ts';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createApp } from '../app.ts';
import { ABANDONED_CLAIM_MS } from '../idempotency-store.ts';

const csvHeaders = { 'content-type': 'text/csv; charset=utf-8' };

/** Fails the statement that stores an idempotent answer, as a process dying at that moment would. */
const crashOnStoredAnswer: KyselyPlugin = {
  transformQuery(args) {
    const node = args.node;
    if (UpdateQueryNode.is(node) && JSON.stringify(node.table).includes('idempotency_keys')) {
      throw new Error('simulated crash before the answer was stored');
    }
    return node;
  },
  async transformResult(args) {
    return args.result;
  },
};

describeEachDatabase('CSV import: exactly once', (getDb) => {
  let h: AppHarness;
  let now = FIXED_NOW.getTime();
  let ws: TestWorkspace;
  let hoursCsv: string;
  beforeAll(async () => {
    h = await createAppHarness(getDb(), { clock: () => new Date(now) });
    ws = await h.addWorkspace('once');
    const asWs = { token: ws.token };
    expect(
      (await h.request('POST', '/api/v1/employees', { ...asWs, body: { number: 1, name: 'Ola' } })).status,
    ).toBe(201);
    expect(
      (await h.request('POST', '/api/v1/projects', { ...asWs, body: { number: '1001', name: 'Vei' } }))
        .status,
    ).toBe(201);
    expect(
      (
        await h.request('POST', '/api/v1/hour-types', {
          ...asWs,
          body: { code: 'ORD', name: 'Ordinær', hourlyPrice: '900' },
        })
      ).status,
    ).toBe(201);
    const lines = Array.from(
      { length: 200 },
      (_, i) => `1;1001;ORD;2025-03-${String((i % 28) + 1).padStart(2, '0')};1`,
    );
    hoursCsv = `ansattnummer;prosjektnummer;timetype;dato;timer\n${lines.join('\n')}\n`;
  });

  const hourCount = async () =>
    Number(
      (
        await getDb()
          .selectFrom('hour_entries')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('workspace_id', '=', ws.id)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('leaves neither rows nor a claimed key when the process dies before the answer is stored', async () => {
    const crashing = createApp({ ...h.deps, db: getDb().withPlugin(crashOnStoredAnswer) });
    const key = `import-${randomBytes(4).toString('hex')}`;
    const res = await crashing.request('/api/v1/imports/hours', {
      method: 'POST',
      headers: { ...csvHeaders, authorization: `Bearer ${ws.token}`, 'idempotency-key': key },
      body: hoursCsv,
    });
    expect(res.status).toBe(500);
    expect(await hourCount()).toBe(0);

    // The client retries with the same key later (also after an abandoned claim could expire).
    now += ABANDONED_CLAIM_MS + 1000;
    const retry = await h.request('POST', '/api/v1/imports/hours', {
      token: ws.token,
      headers: { ...csvHeaders, 'idempotency-key': key },
      body: hoursCsv,
    });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual({ entity: 'hours', imported: 200 });
    const again = await h.request('POST', '/api/v1/imports/hours', {
      token: ws.token,
      headers: { ...csvHeaders, 'idempotency-key': key },
      body: hoursCsv,
    });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await hourCount()).toBe(200);
  });

  it('says in the preview when an identical file was imported before', async () => {
    const preview = await h.request('POST', '/api/v1/imports/hours?dryRun=true', {
      token: ws.token,
      headers: csvHeaders,
      body: hoursCsv,
    });
    expect(preview.status).toBe(200);
    expect(preview.body.previousImport).toMatchObject({ rows: 200, actor: 'API-token «test»' });
    const other = await h.request('POST', '/api/v1/imports/hours?dryRun=true', {
      token: ws.token,
      headers: csvHeaders,
      body: hoursCsv.replace('2025-03-01;1', '2025-03-01;2'),
    });
    expect(other.body.previousImport).toBeNull();
    // Not across workspaces: B never hears of A's files.
    const b = await h.request('POST', '/api/v1/imports/hours?dryRun=true', {
      token: h.b.token,
      headers: csvHeaders,
      body: hoursCsv,
    });
    expect(b.body.previousImport ?? null).toBeNull();
  });
});
