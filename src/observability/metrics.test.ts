// Scenario: an operator scrapes /metrics with the token and sees jobs, 24SO calls, the budget,
// quarantines, waiting records and HTTP latency; without the token the endpoint gives nothing.
import { randomBytes } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { type AppHarness, createAppHarness } from '../../test/app-harness.ts';
import { describeEachDatabase } from '../../test/databases.ts';
import { SANDBOX_APPLICATION_ID } from '../config/config.ts';
import { installIntegrationRuntime } from '../integration/runtime.ts';
import { connectToSandbox } from '../integration/sync/test-support.ts';
import { embeddedQueue } from '../jobs/embedded.ts';
import { createSandbox } from '../sandbox/server.ts';

describeEachDatabase('GET /metrics', (getDb) => {
  let h: AppHarness;
  const token = randomBytes(24).toString('base64url');
  const scrape = (authorization?: string) =>
    h.app.request('/metrics', { headers: authorization ? { authorization } : {} });

  beforeAll(async () => {
    h = await createAppHarness(getDb(), { clock: () => new Date() });
  });

  it('does not exist without BROEN_METRICS_TOKEN, and wants the token when it is set', async () => {
    h.deps.config.metricsToken = undefined;
    expect((await scrape(`Bearer ${token}`)).status).toBe(404);
    h.deps.config.metricsToken = token;
    expect((await scrape()).status).toBe(401);
    expect((await scrape('Bearer wrong-token-of-some-length')).status).toBe(401);
    expect((await scrape(`Bearer ${h.a.token}`)).status).toBe(401);
    const ok = await scrape(`Bearer ${token}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('text/plain');
  });

  it('reports jobs, 24SO calls, budget, quarantine, waiting records and HTTP latency', async () => {
    h.deps.config.metricsToken = token;
    const db = getDb();
    const sandbox = createSandbox({ seed: 'demo' });
    const runtime = installIntegrationRuntime(h.deps, {
      fetch: (request) => sandbox.fetch(request),
      applicationId: SANDBOX_APPLICATION_ID,
      baseUrl: 'http://sandbox.test',
    });
    await connectToSandbox(runtime, h.a.id);
    const kind = `metrics-test-${randomBytes(3).toString('hex')}`;
    await embeddedQueue({ db, clock: () => new Date(), logger: h.deps.logger }).enqueue(kind, {});
    const at = new Date().toISOString();
    await db
      .insertInto('sync_records')
      .values({
        workspace_id: h.a.id,
        entity: 'customer',
        local_id: randomBytes(8).toString('hex'),
        remote_id: null,
        state: 'failed',
        reason: 'Organisasjonsnummeret er ugyldig',
        reason_code: 'refused',
        next_retry_at: null,
        last_synced_at: null,
        fingerprint: null,
        remote_changed_at: null,
        intent_id: null,
        intent_op: null,
        intent_at: null,
        intent_fingerprint: null,
        last_run_id: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    const until = new Date(Date.now() + 10 * 60_000);
    await runtime.budget.quarantine(until);
    const customer = await h.request('GET', `/api/v1/customers/${randomBytes(8).toString('hex')}`);
    expect(customer.status).toBe(404);

    const res = await scrape(`Bearer ${token}`);
    const text = await res.text();
    expect(text).toContain(`broen_jobs{kind="${kind}",state="queued"} 1`);
    expect(text).toMatch(new RegExp(`broen_jobs_due_age_seconds\\{kind="${kind}"\\} \\d`));
    expect(text).toMatch(
      /broen_twentyfour_calls_total\{service="[A-Za-z]+",operation="GetIdentitiesWithCredential",outcome="ok"\} [1-9]/,
    );
    const scope = runtime.budgetScope;
    const remaining = new RegExp(`broen_twentyfour_budget_remaining\\{scope="${scope}"\\} (\\d+)`).exec(text);
    expect(Number(remaining?.[1])).toBeLessThan(7200);
    expect(Number(remaining?.[1])).toBeGreaterThan(7000);
    expect(text).toMatch(
      new RegExp(`broen_twentyfour_quarantine_remaining_seconds\\{scope="${scope}"\\} \\d+`),
    );
    expect(text).toMatch(/broen_twentyfour_quarantines_active [1-9]/);
    expect(text).toContain(
      `broen_sync_records_waiting{workspace="${h.a.slug}",entity="customer",state="failed",reason="refused"} 1`,
    );
    expect(text).toMatch(
      /broen_http_request_duration_seconds_count\{route="\/api\/v1\/customers\/:id",method="GET",status="404"\} [1-9]/,
    );
    expect(text).toContain('broen_job_duration_seconds');
    expect(text).toContain('process_resident_memory_bytes');
    // The quarantine must not block other suites sharing the budget table's scope.
    await db.deleteFrom('twentyfour_quarantines').where('scope', '=', scope).execute();
  });
});
