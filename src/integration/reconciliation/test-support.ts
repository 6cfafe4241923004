import type { ApiResponse } from '../../../test/app-harness.ts';

// For tests that need a confirmed reconciliation (switching the integration on requires one):
// start it through the API, wait for the read, decide what is undecided, confirm.

// biome-ignore lint/suspicious/noExplicitAny: tests read bodies loosely
type Loose = any;

type Request = (
  method: string,
  path: string,
  options?: { body?: unknown; token?: string | null },
) => Promise<ApiResponse<Loose>>;

const BASE = '/api/v1/integration/reconciliation';

/**
 * Waits (polling, no fixed sleep) until a proposal has left `reading`, and returns it.
 * @example const rec = await waitForProposal(h.request, id);
 */
export async function waitForProposal(
  request: Request,
  id: string,
  query = '',
  token?: string,
): Promise<Loose> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await request('GET', `${BASE}/${id}${query}`, { token });
    if (res.status !== 200)
      throw new Error(`GET reconciliation answered ${res.status}: ${JSON.stringify(res.body)}`);
    if (res.body.state !== 'reading') return res.body;
    if (Date.now() > deadline) throw new Error('reconciliation still reading after 30 s');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Starts a reconciliation, decides every undecided row (`skip` unless told), and confirms it.
 * @example await reconcileAndConfirm(h.request);
 */
export async function reconcileAndConfirm(
  request: Request,
  options: { undecided?: 'skip' | 'create'; token?: string } = {},
): Promise<string> {
  const started = await request('POST', BASE, { token: options.token });
  if (started.status !== 202)
    throw new Error(`start answered ${started.status}: ${JSON.stringify(started.body)}`);
  const id = started.body.id as string;
  const rec = await waitForProposal(request, id, '?action=undecided&limit=500', options.token);
  if (rec.state !== 'ready') throw new Error(`reconciliation ${rec.state}: ${rec.message}`);
  for (const row of rec.rows) {
    const action = row.entity === 'employees' ? 'skip' : (options.undecided ?? 'skip');
    const res = await request('PATCH', `${BASE}/${id}/rows/${row.id}`, {
      body: { action },
      token: options.token,
    });
    if (res.status !== 200) throw new Error(`decide answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  const confirmed = await request('POST', `${BASE}/${id}/confirm`, { token: options.token });
  if (confirmed.status !== 200)
    throw new Error(`confirm answered ${confirmed.status}: ${JSON.stringify(confirmed.body)}`);
  return id;
}
