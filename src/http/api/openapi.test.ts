import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type AppHarness, createAppHarness } from '../../../test/app-harness.ts';
import { describeEachDatabase } from '../../../test/databases.ts';
import { SANDBOX_APPLICATION_ID } from '../../config/config.ts';
import { LOOKUP_KINDS } from '../../integration/lookup-types.ts';
import { waitForProposal } from '../../integration/reconciliation/test-support.ts';
import { installIntegrationRuntime } from '../../integration/runtime.ts';
import { startSyncWorker } from '../../integration/sync/runtime.ts';
import type { EmbeddedWorker } from '../../jobs/embedded.ts';
import { createSandbox } from '../../sandbox/server.ts';
import type { ApiEnv } from './api-env.ts';
import { apiOperations, createApiRoutes, documentApi } from './index.ts';
import { toOpenApiPath } from './operations.ts';

// Scenario: an integrator generates a client from /api/v1/openapi.json; every route is in it,
// every reference resolves, and the real answers match the documented schemas.

// biome-ignore lint/suspicious/noExplicitAny: walking an arbitrary JSON document
type Json = any;

function collectRefs(value: Json, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) collectRefs(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else collectRefs(v, out);
    }
  }
  return out;
}

/** A zod validator made back from the document's JSON Schema (not from our zod source). */
function validatorFor(doc: Json, schema: Json): z.ZodType {
  const rewrite = (v: Json): Json =>
    JSON.parse(JSON.stringify(v).replaceAll('"#/components/schemas/', '"#/$defs/'));
  return z.fromJSONSchema({ ...rewrite(schema), $defs: rewrite(doc.components.schemas) });
}

describeEachDatabase('REST API OpenAPI document', (getDb) => {
  let h: AppHarness;
  let worker: EmbeddedWorker | undefined;
  afterAll(async () => {
    await worker?.stop();
  });
  let doc: Json;
  beforeAll(async () => {
    h = await createAppHarness(getDb());
    const sandbox = createSandbox({ seed: 'demo' });
    installIntegrationRuntime(h.deps, {
      fetch: (request) => sandbox.fetch(request),
      applicationId: SANDBOX_APPLICATION_ID,
      baseUrl: 'http://sandbox.test',
    });
    // The reconciliation reads 24SO in a job: a worker runs it, as `npm start` does.
    worker = startSyncWorker(h.deps, { pollMs: 20 });
    const res = await h.request('GET', '/api/v1/openapi.json', { token: null });
    expect(res.status).toBe(200);
    doc = res.body;
  });

  it('is OpenAPI 3.1 with bearer security and the problem schema', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.components.schemas.Problem.properties).toHaveProperty('errors');
  });

  it('lists every route the API answers, with unique operation ids', () => {
    const api = createApiRoutes(h.deps);
    const routes = api.routes.filter((r) => r.method !== 'ALL' && !r.path.includes('*'));
    expect(routes.length).toBeGreaterThan(40);
    for (const route of routes) {
      expect(
        doc.paths[toOpenApiPath(route.path)]?.[route.method.toLowerCase()],
        `${route.method} ${route.path}`,
      ).toBeDefined();
    }
    const ids = Object.values(doc.paths).flatMap((item: Json) =>
      Object.values(item).map((op: Json) => op.operationId),
    );
    const declared = ids.filter(Boolean);
    expect(new Set(declared).size).toBe(declared.length);
  });

  it('documents every workspace resource fully: schemas, path parameters, errors', () => {
    for (const op of apiOperations) {
      const entry = doc.paths[toOpenApiPath(op.path)][op.method];
      expect(entry['x-undeclared'], op.operationId).toBeUndefined();
      for (const name of toOpenApiPath(op.path).match(/\{(\w+)\}/g) ?? []) {
        const param = entry.parameters.find((p: Json) => p.in === 'path' && `{${p.name}}` === name);
        expect(param, `${op.operationId} ${name}`).toMatchObject({ required: true });
      }
      // Most operations have one success answer; a few have two (a CSV import's dry run is 200,
      // the import 201; a transfer already made is 200, a queued one 202): each is documented.
      const success = Object.keys(entry.responses).filter((s) => s.startsWith('2'));
      expect(success, op.operationId).toEqual(Object.keys(op.responses));
      for (const status of success.filter((s) => s !== '204'))
        expect(
          entry.responses[status].content['application/json'].schema.$ref,
          `${op.operationId} ${status}`,
        ).toBeDefined();
      expect(entry.responses['401'].content['application/problem+json']).toBeDefined();
      if (op.path.includes(':id')) expect(entry.responses['404'], op.operationId).toBeDefined();
      if (op.method === 'post') {
        expect(entry.parameters.map((p: Json) => p.name)).toContain('Idempotency-Key');
      }
    }
    for (const path of [
      '/customers',
      '/employees',
      '/hour-types',
      '/machines',
      '/projects',
      '/hours',
      '/transport',
      '/products',
    ]) {
      expect(Object.keys(doc.paths[path]).sort(), path).toEqual(['get', 'post']);
      expect(Object.keys(doc.paths[`${path}/{id}`]).sort(), path).toEqual(['delete', 'get', 'patch']);
    }
    expect(doc.paths['/hours/approve'].post.requestBody).toBeDefined();
    expect(doc.paths['/hours/{id}/approve'].post).toBeDefined();
    expect(doc.paths['/hours/{id}/unapprove'].post).toBeDefined();
  });

  it('documents every /integration route with its schemas and the connection problems it can answer', () => {
    const integration = Object.entries<Json>(doc.paths).filter(([path]) => path.startsWith('/integration'));
    expect(integration.map(([path]) => path).sort()).toEqual([
      '/integration/activation',
      '/integration/audit',
      '/integration/connection',
      '/integration/connection/clients',
      '/integration/connection/permissions',
      '/integration/connection/test',
      '/integration/contact-links',
      '/integration/contact-suggestions',
      '/integration/coverage',
      '/integration/lookups/{kind}',
      '/integration/mapping-review',
      '/integration/mapping-review/confirm',
      '/integration/reconciliation',
      '/integration/reconciliation/{id}',
      '/integration/reconciliation/{id}/confirm',
      '/integration/reconciliation/{id}/remote',
      '/integration/reconciliation/{id}/rows/{rowId}',
      '/integration/records',
      '/integration/records/retry',
      '/integration/runs',
      '/integration/runs/{id}',
      '/integration/settings',
      '/integration/settings/clear-invalid-mappings',
      '/integration/sync',
    ]);
    for (const [path, item] of integration) {
      for (const [method, op] of Object.entries<Json>(item)) {
        expect(op['x-undeclared'], `${method} ${path}`).toBeUndefined();
        const success = Object.keys(op.responses).find((s) => s.startsWith('2')) as string;
        if (success !== '204')
          expect(op.responses[success].content['application/json'].schema.$ref).toBeDefined();
      }
    }
    for (const path of ['/integration/lookups/{kind}', '/integration/connection/permissions']) {
      const get = doc.paths[path].get;
      expect(Object.keys(get.responses), path).toEqual(expect.arrayContaining(['200', '409', '422', '503']));
      expect(get.responses['409'].description).toContain('ikke koblet til 24SevenOffice');
      expect(get.responses['503'].content['application/problem+json']).toBeDefined();
    }
    expect(doc.paths['/integration/lookups/{kind}'].get.parameters[0].schema.enum).toEqual([...LOOKUP_KINDS]);
    const settings = doc.components.schemas.IntegrationSettings;
    expect(Object.keys(settings.properties)).toEqual([
      'customers',
      'projects',
      'hours',
      'products',
      'invoicing',
    ]);
    expect(settings.properties.invoicing.properties.invoiceType.enum).toEqual(['single-line', 'multi-line']);
  });

  it('resolves every $ref', () => {
    for (const ref of collectRefs(doc)) {
      expect(ref, ref).toMatch(/^#\/components\/schemas\/[A-Za-z0-9]+$/);
      expect(doc.components.schemas[ref.split('/').pop() as string], ref).toBeDefined();
    }
  });

  it('describes the query filters, with paging bounds and decimal-string money', () => {
    const hours = doc.paths['/hours'].get.parameters.map((p: Json) => p.name);
    expect(hours).toEqual(
      expect.arrayContaining(['projectId', 'employeeId', 'from', 'to', 'approved', 'limit', 'cursor']),
    );
    const limit = doc.paths['/customers'].get.parameters.find((p: Json) => p.name === 'limit');
    expect(limit.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 200, default: 50 });
    expect(doc.components.schemas.HourType.properties.hourlyPrice.type).toBe('string');
    expect(doc.components.schemas.CustomerCreate.properties).toHaveProperty('orgNumber');
    expect(doc.components.schemas.CustomerCreate.additionalProperties).toBe(false);
  });

  /**
   * Calls every documented GET (each {id} from its list, every enum value of other path
   * parameters) and checks the answer: its status is one the operation declares, and the body
   * validates against the schema declared for that status.
   */
  async function sweepGets(fallbackId: string): Promise<{ url: string; status: number }[]> {
    const answers: { url: string; status: number }[] = [];
    for (const [path, item] of Object.entries<Json>(doc.paths)) {
      const get = item.get;
      if (!get || get['x-undeclared'] || path === '/openapi.json') continue;
      for (const url of await urlsOf(path, get, fallbackId)) {
        const res = await h.request('GET', url);
        const declared = get.responses[String(res.status)];
        expect(declared, `${url} answered ${res.status}: ${JSON.stringify(res.body)}`).toBeDefined();
        const content = declared.content['application/json'] ?? declared.content['application/problem+json'];
        const result = validatorFor(doc, content.schema).safeParse(res.body);
        expect(result.success, `${url}: ${result.error?.message}`).toBe(true);
        answers.push({ url, status: res.status });
      }
    }
    return answers;
  }

  /** Ids for paths whose `{id}` is not found by listing the path above it. */
  const nestedIds: Record<string, string> = {};

  async function urlsOf(path: string, get: Json, fallbackId: string): Promise<string[]> {
    let urls = [`/api/v1${path}`];
    for (const param of (get.parameters ?? []).filter((p: Json) => p.in === 'path')) {
      const nested = Object.entries(nestedIds).find(([prefix]) => path.startsWith(prefix));
      const values: string[] =
        param.name === 'id' && nested
          ? [nested[1]]
          : param.name === 'id'
            ? [
                (await h.request('GET', `/api/v1${path.slice(0, path.indexOf('/{id}'))}`)).body?.items?.[0]
                  ?.id ?? fallbackId,
              ]
            : param.schema.enum;
      expect(values, `${path} {${param.name}}`).toBeDefined();
      urls = urls.flatMap((u) => values.map((v) => u.replace(`{${param.name}}`, v)));
    }
    return urls;
  }

  it('matches the real answers: each list, read and create validates against its documented schema', async () => {
    const post = async (path: string, body: Json) => {
      const res = await h.request('POST', `/api/v1${path}`, { body });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(
        validatorFor(doc, doc.paths[path].post.responses['201'].content['application/json'].schema).safeParse(
          res.body,
        ).success,
      ).toBe(true);
      return res.body.id as string;
    };
    const customerId = await post('/customers', {
      name: 'Skjema AS',
      orgNumber: '923456783',
      address: { city: 'Bodø' },
    });
    const employeeId = await post('/employees', { name: 'Skjema Arbeider', twentyfourContactId: 501 });
    const hourTypeId = await post('/hour-types', { code: 'ORD', name: 'Ordinær', hourlyPrice: '950' });
    const machineId = await post('/machines', {
      number: 'GM-01',
      name: 'Gravemaskin',
      hourlyPrice: '1250.5',
    });
    await post('/products', { number: 'P-1', name: 'Pukk', stock: '1,25' });
    const projectId = await post('/projects', {
      number: '1',
      name: 'Skjema',
      customerId,
      projectManagerId: employeeId,
    });
    const hourId = await post('/hours', {
      employeeId,
      projectId,
      hourTypeId,
      machineId,
      date: '2025-03-14',
      minutes: 20,
    });
    await post('/transport', { projectId, date: '2025-03-14', kind: 'toll', quantity: '1', unitPrice: '37' });
    await h.request('POST', `/api/v1/hours/${hourId}/approve`);
    const productId = (await h.request('GET', '/api/v1/products')).body.items[0].id;
    await post('/material-lines', { projectId, productId, date: '2025-03-14', quantity: '2,5' });
    const freeTextId = await post('/free-text-lines', {
      projectId,
      date: '2025-03-14',
      text: 'Rigg og drift',
      quantity: '1',
      unitPrice: '4500',
    });
    const attachment = await h.request('POST', `/api/v1/projects/${projectId}/invoice-attachments`, {
      body: { lines: [{ kind: 'freeText', id: freeTextId }] },
    });
    expect(attachment.status, JSON.stringify(attachment.body)).toBe(201);
    nestedIds['/projects/{id}/'] = projectId;
    nestedIds['/invoice-attachments/{id}'] = attachment.body.id;

    // Before the workspace is connected to 24SO, the routes that read from it give the
    // problem they declare; every other GET answers 200.
    const offline = await sweepGets(hourId);
    expect(offline.filter((r) => r.status !== 200).map((r) => `${r.url} ${r.status}`)).toEqual([
      // No sync run yet: the run log is empty, so reading one by id is a 404.
      `/api/v1/integration/runs/${hourId} 404`,
      '/api/v1/integration/connection/permissions 409',
      ...LOOKUP_KINDS.map((kind) => `/api/v1/integration/lookups/${kind} 409`),
      // No reconciliation yet: the sweep asks for an id that is not one.
      `/api/v1/integration/reconciliation/${hourId} 404`,
      `/api/v1/integration/reconciliation/${hourId}/remote 404`,
      '/api/v1/integration/contact-suggestions 409',
    ]);
    expect(offline.filter((r) => r.status === 200).length).toBe(34);

    // Connected to the sandbox, every documented GET answers 200 with its documented schema.
    const clients = await h.request('POST', '/api/v1/integration/connection/clients', {
      body: { username: 'api@demo.no', password: 'demo-password' },
    });
    const identityId = clients.body.clients.find((c: Json) => c.name === 'Demo Maskin AS').identityId;
    const connected = await h.request('PUT', '/api/v1/integration/connection', {
      body: { username: 'api@demo.no', password: 'demo-password', identityId },
    });
    expect(connected.status).toBe(200);
    const started = await h.request('POST', '/api/v1/integration/reconciliation');
    expect(started.status).toBe(202);
    await waitForProposal(h.request, started.body.id);
    // A dry run puts one run in the log (it writes nothing).
    expect((await h.request('POST', '/api/v1/integration/sync', { body: { dryRun: true } })).status).toBe(
      202,
    );
    const online = await sweepGets(hourId);
    expect(online.map((r) => `${r.url} ${r.status}`)).toEqual(online.map((r) => `${r.url} 200`));
    expect(online.length).toBe(44);

    // And the validators are strict enough to notice a wrong answer.
    const customerSchema = validatorFor(doc, { $ref: '#/components/schemas/Customer' });
    const customer = (await h.request('GET', `/api/v1/customers/${customerId}`)).body;
    expect(customerSchema.safeParse({ ...customer, paymentTermsDays: '14' }).success).toBe(false);
  });
});

describe('OpenAPI for plain Hono routes', () => {
  it('lists a route no operation declares as x-undeclared, beside the declared ones', () => {
    const api = new Hono<ApiEnv>();
    const widgets = new Hono<ApiEnv>();
    widgets.get('/:id', (c) => c.json({}));
    api.route('/widgets', widgets);
    const doc = documentApi(api, []) as Json;
    expect(doc.paths['/widgets/{id}'].get['x-undeclared']).toBe(true);
  });
});
