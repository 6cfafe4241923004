// Scenario: a payroll tool posts a CSV of employees to the REST API, first as a dry run, then
// for real; a bad file gets 422 with one error per cell and nothing is written.
import { beforeAll, expect, it } from 'vitest';
import { type AppHarness, createAppHarness } from '../../../test/app-harness.ts';
import { describeEachDatabase } from '../../../test/databases.ts';
import { listEmployees } from '../../workspace/employees.ts';

const csvHeaders = { 'content-type': 'text/csv; charset=utf-8' };

describeEachDatabase('POST /api/v1/imports', (getDb) => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await createAppHarness(getDb());
  });
  const employeesOf = async (workspaceId: string) =>
    (await listEmployees(getDb(), workspaceId, {}, { limit: 500 })).items;

  it('previews with ?dryRun=true and writes nothing', async () => {
    const ws = await h.addWorkspace('dry');
    const res = await h.request('POST', '/api/v1/imports/employees?dryRun=true', {
      token: ws.token,
      headers: csvHeaders,
      body: 'ansattnummer;navn;e-post\n1;Ola Nordmann;Ola@Firma.no\n2;Kari Hansen;\n',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ entity: 'employees', dryRun: true, rows: 2, valid: 2 });
    expect(res.body.sample[0]).toMatchObject({ number: 1, name: 'Ola Nordmann', email: 'ola@firma.no' });
    expect(await employeesOf(ws.id)).toHaveLength(0);
  });

  it('imports a valid file and answers 201 with the count', async () => {
    const ws = await h.addWorkspace('ok');
    const res = await h.request('POST', '/api/v1/imports/employees', {
      token: ws.token,
      headers: csvHeaders,
      body: 'number,name,email\r\n7,Per Olsen,per@olsen.no\r\n',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ entity: 'employees', imported: 1 });
    const stored = await employeesOf(ws.id);
    expect(stored.map((e) => [e.number, e.name, e.email])).toEqual([[7, 'Per Olsen', 'per@olsen.no']]);
    // The token's workspace only: the harness's other workspace is untouched.
    expect(await employeesOf(h.b.id)).toHaveLength(0);
  });

  it('answers 422 problem+json with rows.<line>.<column> paths, in dry run and for real, writing nothing', async () => {
    const ws = await h.addWorkspace('bad');
    const body = 'ansattnummer;navn;e-post\n1;Ola;ola@firma.no\nto;Kari;kari@\n1;Per;\n';
    for (const path of ['/api/v1/imports/employees?dryRun=true', '/api/v1/imports/employees']) {
      const res = await h.request('POST', path, { token: ws.token, headers: csvHeaders, body });
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.detail).toContain('ingenting er importert');
      expect(res.body.errors).toEqual([
        { path: 'rows.3.ansattnummer', message: 'Ansattnummeret må være et helt tall.' },
        { path: 'rows.3.e-post', message: 'E-postadressen er ikke gyldig.' },
        { path: 'rows.4.ansattnummer', message: 'Ansattnummer 1 står også på rad 2 i filen.' },
      ]);
    }
    expect(await employeesOf(ws.id)).toHaveLength(0);
  });

  it('reports a Latin-1 file as an error on the line where it breaks, and an empty body as a missing header', async () => {
    const latin1 = Buffer.from('kundenummer;navn\n10001;Ørsta Bygg AS\n', 'latin1');
    const res = await h.app.request('/api/v1/imports/customers', {
      method: 'POST',
      headers: { ...csvHeaders, authorization: `Bearer ${h.a.token}` },
      body: latin1,
    });
    expect(res.status).toBe(422);
    const problem = await res.json();
    expect(problem.errors).toEqual([
      { path: 'rows.2', message: expect.stringContaining('ikke gyldig UTF-8') },
    ]);

    const empty = await h.request('POST', '/api/v1/imports/customers', { headers: csvHeaders });
    expect(empty.status).toBe(422);
    expect(empty.body.errors).toEqual([{ path: 'rows.1', message: expect.stringContaining('Filen er tom') }]);
  });

  it('refuses an unknown entity, a JSON body and a missing token', async () => {
    expect(
      (await h.request('POST', '/api/v1/imports/invoices', { headers: csvHeaders, body: 'a' })).status,
    ).toBe(404);
    const json = await h.request('POST', '/api/v1/imports/customers', { body: { number: 1 } });
    expect(json.status).toBe(415);
    expect(
      (await h.request('POST', '/api/v1/imports/customers', { token: null, headers: csvHeaders, body: 'a' }))
        .status,
    ).toBe(401);
    const badFlag = await h.request('POST', '/api/v1/imports/customers?dryRun=ja', {
      headers: csvHeaders,
      body: 'a',
    });
    expect(badFlag.status).toBe(400);
    expect(badFlag.body.errors).toEqual([{ path: 'dryRun', message: 'Bruk true eller false.' }]);
  });

  it('imports once when a client retries with the same Idempotency-Key', async () => {
    const ws = await h.addWorkspace('retry');
    const send = () =>
      h.request('POST', '/api/v1/imports/employees', {
        token: ws.token,
        headers: { ...csvHeaders, 'Idempotency-Key': 'import-2025-03-14' },
        body: 'ansattnummer;navn\n11;Lise Berg\n',
      });
    const first = await send();
    const second = await send();
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await employeesOf(ws.id)).toHaveLength(1);
  });

  it('is described in the OpenAPI document with its parameters, answers and CSV body', async () => {
    const doc = (await h.request('GET', '/api/v1/openapi.json')).body;
    const op = doc.paths['/imports/{entity}'].post;
    expect(op['x-undeclared']).toBeUndefined();
    expect(op.operationId).toBe('importCsv');
    expect(op.description).toContain('text/csv');
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['entity', 'dryRun']),
    );
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '201', '422']));
  });
});
