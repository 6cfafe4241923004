import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type AppHarness, createAppHarness } from '../../../test/app-harness.ts';
import { describeEachDatabase } from '../../../test/databases.ts';
import type { ApiEnv } from './api-env.ts';
import { apiOperations, createApiRoutes, documentApi } from './index.ts';
import { documentRoute, toOpenApiPath } from './operations.ts';

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
  let doc: Json;
  beforeAll(async () => {
    h = await createAppHarness(getDb());
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
      const success = Object.keys(entry.responses).filter((s) => s.startsWith('2'));
      expect(success.length, op.operationId).toBe(1);
      if (op.method !== 'delete')
        expect(entry.responses[success[0]].content['application/json'].schema.$ref).toBeDefined();
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

    const checked: string[] = [];
    for (const [path, item] of Object.entries<Json>(doc.paths)) {
      const get = item.get;
      if (!get || get['x-undeclared'] || path === '/openapi.json') continue;
      const list = await h.request('GET', `/api/v1${path.replace('/{id}', '')}`);
      const id = list.body?.items?.[0]?.id ?? hourId;
      const url = `/api/v1${path.replace('{id}', id)}`;
      const res = await h.request('GET', url);
      expect(res.status, url).toBe(200);
      const result = validatorFor(doc, get.responses['200'].content['application/json'].schema).safeParse(
        res.body,
      );
      expect(result.success, `${url}: ${result.error?.message}`).toBe(true);
      checked.push(path);
    }
    expect(checked.length).toBe(17);

    // And the validators are strict enough to notice a wrong answer.
    const customerSchema = validatorFor(doc, { $ref: '#/components/schemas/Customer' });
    const customer = (await h.request('GET', `/api/v1/customers/${customerId}`)).body;
    expect(customerSchema.safeParse({ ...customer, paymentTermsDays: '14' }).success).toBe(false);
  });
});

describe('OpenAPI for plain Hono routers', () => {
  it('lists an undescribed route as x-undeclared, and a described one with its schemas', () => {
    const api = new Hono<ApiEnv>();
    const widgets = new Hono<ApiEnv>();
    widgets.post('/:id/polish', (c) => c.json({}));
    widgets.get('/:id', (c) => c.json({}));
    api.route('/widgets', widgets);
    documentRoute({
      method: 'post',
      path: '/widgets/:id/polish',
      operationId: 'polishWidget',
      summary: 'Poler en dings',
      tag: 'Dingser',
      params: z.object({ id: z.string() }),
      body: z.object({ shine: z.number().int().min(1) }),
      responses: { 200: { description: 'Polert', schema: z.object({ shine: z.number() }) } },
    });
    const doc = documentApi(api, []) as Json;
    expect(doc.paths['/widgets/{id}'].get['x-undeclared']).toBe(true);
    const polish = doc.paths['/widgets/{id}/polish'].post;
    expect(polish['x-undeclared']).toBeUndefined();
    expect(polish.operationId).toBe('polishWidget');
    const body =
      doc.components.schemas[polish.requestBody.content['application/json'].schema.$ref.split('/').pop()];
    expect(body.properties.shine).toMatchObject({ type: 'integer', minimum: 1 });
  });
});
