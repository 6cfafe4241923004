// Scenario: the chaos suite gives each workspace a 24SO client and API user of its own through
// the control API, and forces a quarantine that ends within seconds (a shorter limit window).
import { describe, expect, it } from 'vitest';
import { APP_ID, soapCall } from '../../test/sandbox-soap.ts';
import { createSandbox } from './server.ts';

const GET_COMPANY =
  '<searchParams><CompanyId>10001</CompanyId></searchParams><returnProperties><string>Id</string></returnProperties>';

function control(sandbox: ReturnType<typeof createSandbox>, method: string, path: string, body: unknown) {
  return sandbox.fetch(`http://sandbox.test/_sandbox${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function loginAs(sandbox: ReturnType<typeof createSandbox>, username: string, password: string) {
  return soapCall(
    sandbox,
    'auth',
    'Login',
    `<credential><ApplicationId>${APP_ID}</ApplicationId><Password>${password}</Password><Username>${username}</Username></credential>`,
  );
}

describe('POST /_sandbox/clients and limitWindowSeconds', () => {
  it('adds a client with its own API user, who logs in to that client', async () => {
    const sandbox = createSandbox({ seed: 'empty' });
    const res = await control(sandbox, 'POST', '/clients', {
      name: 'Fjord Maskin AS',
      username: 'api@fjord.no',
      password: 'hemmelig1',
    });
    expect(res.status).toBe(201);
    const added = (await res.json()) as { clientId: number; identityId: string };
    expect(added).toMatchObject({ clientId: 3530001, username: 'api@fjord.no' });

    const cookie = String((await loginAs(sandbox, 'api@fjord.no', 'hemmelig1')).result ?? '');
    expect(cookie).toMatch(/^[a-z0-5]{24}$/);
    await soapCall(sandbox, 'company', 'GetCompanies', GET_COMPANY, { cookie });
    expect(sandbox.calls.list().at(-1)).toMatchObject({ client: 'Fjord Maskin AS', outcome: 'ok' });

    const client = sandbox.state.clients.find((c) => c.id === added.clientId);
    expect(client?.products.map((p) => p.No)).toEqual(['TIME', 'KM', 'BOM', 'UTL', 'FRI']);
    expect(client?.workTypes.map((w) => w.Id)).toEqual([1]);
    expect(client?.persons.filter((p) => p.EmployeeId !== undefined).map((p) => p.Id)).toEqual([
      500, 501, 502, 503, 504, 505,
    ]);
    expect(client?.companies).toEqual([]);

    const second = await control(sandbox, 'POST', '/clients', {
      name: 'Fjord Maskin 2 AS',
      username: 'API@fjord.no',
      password: 'hemmelig2',
    });
    expect(second.status).toBe(409);
    const bad = await control(sandbox, 'POST', '/clients', {
      name: 'X AS',
      username: 'x@x.no',
      password: 'kort',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual([
      'password',
    ]);
  });

  it('counts requestsPerHour in the shorter window, and the quarantine ends with it', async () => {
    let now = new Date('2026-11-08T10:00:01Z');
    const sandbox = createSandbox({ seed: 'demo', clock: () => now });
    const set = await control(sandbox, 'PUT', '/faults', { requestsPerHour: 1, limitWindowSeconds: 10 });
    expect(set.status).toBe(200);
    const cookie = String((await loginAs(sandbox, 'api@demo.no', 'demo-password')).result ?? '');
    const blocked = await soapCall(sandbox, 'company', 'GetCompanies', GET_COMPANY, { cookie });
    expect(blocked.fault).toBe(
      'Limit exceeded by 1. Request is blocked. Quarantine ends at 2026-11-08T10:00:10.000Z',
    );
    now = new Date('2026-11-08T10:00:10.500Z');
    const after = await soapCall(sandbox, 'company', 'GetCompanies', GET_COMPANY, { cookie });
    expect(after.status).toBe(200);
    expect(after.headers.get('APILimitReset')).toBe('2026-11-08T10:00:20.000Z');
  });
});
