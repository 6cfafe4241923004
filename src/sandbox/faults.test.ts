import { describe, expect, it } from 'vitest';
import { envelope, items, login, soapCall } from '../../test/sandbox-soap.ts';
import { CallLog, type CallRecord } from './faults.ts';
import { createSandbox } from './server.ts';

const GET_COMPANY =
  '<searchParams><CompanyId>10001</CompanyId></searchParams><returnProperties><string>Id</string><string>Name</string></returnProperties>';

async function putFaults(sandbox: ReturnType<typeof createSandbox>, body: unknown): Promise<Response> {
  return sandbox.fetch('http://sandbox.test/_sandbox/faults', {
    method: 'PUT',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
}

function post(
  sandbox: ReturnType<typeof createSandbox>,
  body: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return sandbox.fetch('http://sandbox.test/CRM/Company/V001/CompanyService.asmx', {
    method: 'POST',
    headers: {
      'content-type': 'text/xml; charset=utf-8',
      soapaction: '"http://24sevenOffice.com/webservices/GetCompanies"',
      ...headers,
    },
    body,
  });
}

describe('fault injection and hostile input', () => {
  it('blocks calls past the hourly limit with the quarantine message and the limit headers', async () => {
    // Scenario: a runaway sync hits 24SO's 7200-an-hour limit (here lowered to 3).
    let now = new Date('2026-11-08T10:50:00Z');
    const sandbox = createSandbox({ seed: 'demo', clock: () => now });
    await putFaults(sandbox, { requestsPerHour: 3 });
    const cookie = await login(sandbox);
    const second = await soapCall(sandbox, 'company', 'GetCompanies', GET_COMPANY, { cookie });
    expect(second.headers.get('APILimitRemaining')).toBe('1');
    expect(second.headers.get('APILimitReset')).toBe('2026-11-08T11:00:00.000Z');
    await soapCall(sandbox, 'company', 'GetCompanies', GET_COMPANY, { cookie });
    const blocked = await soapCall(sandbox, 'company', 'GetCompanies', GET_COMPANY, {
      cookie,
      version: '1.2',
    });
    expect(blocked.status).toBe(500);
    expect(blocked.fault).toBe(
      'Limit exceeded by 1. Request is blocked. Quarantine ends at 2026-11-08T11:00:00.000Z',
    );
    expect(blocked.headers.get('APILimitRemaining')).toBe('0');
    const again = await soapCall(sandbox, 'company', 'GetCompanies', GET_COMPANY, { cookie });
    expect(again.fault).toContain('Limit exceeded by 2.');

    // Ten minutes later: the next hour, and the session is still within its idle time.
    now = new Date('2026-11-08T11:00:01Z');
    const nextHour = await soapCall(sandbox, 'company', 'GetCompanies', GET_COMPANY, { cookie });
    expect(nextHour.status).toBe(200);
    expect(nextHour.headers.get('APILimitRemaining')).toBe('2');
  });

  it('fails calls at the failure rate with a retryable Server fault and changes nothing', async () => {
    // Scenario: 24SO has a bad moment; the save must not have happened.
    const sandbox = createSandbox({ seed: 'demo' });
    const cookie = await login(sandbox);
    await putFaults(sandbox, { failRate: 1 });
    const answer = await soapCall(
      sandbox,
      'company',
      'SaveCompanies',
      '<companies><Company><Name>Ny Kunde AS</Name></Company></companies>',
      { cookie },
    );
    expect(answer.status).toBe(500);
    expect(answer.faultCode).toBe('soap:Server');
    expect(answer.fault).toContain('deadlock');
    expect(sandbox.state.clients[0].companies.some((c) => c.Name === 'Ny Kunde AS')).toBe(false);
  });

  it('drops the answer after committing the change: the order is there when read back', async () => {
    // Scenario: the ambiguous failure — the network dies after 24SO saved the order.
    const sandbox = createSandbox({ seed: 'demo' });
    const cookie = await login(sandbox);
    await putFaults(sandbox, { dropResponseRate: 1 });
    await expect(
      soapCall(
        sandbox,
        'invoice',
        'SaveInvoices',
        '<invoices><InvoiceOrder><CustomerId>20417</CustomerId><IncludeVAT xsi:nil="true" /><InvoiceTitle>Tapt svar</InvoiceTitle></InvoiceOrder></invoices>',
        { cookie },
      ),
    ).rejects.toThrow('fetch failed');
    await putFaults(sandbox, { dropResponseRate: 0 });
    const read = await soapCall(
      sandbox,
      'invoice',
      'GetInvoices',
      '<searchParams><CustomerIds><int>20417</int></CustomerIds></searchParams><invoiceReturnProperties><string>OrderId</string><string>InvoiceTitle</string></invoiceReturnProperties>',
      { cookie },
    );
    expect(items(read.result, 'InvoiceOrder').map((o) => o.InvoiceTitle)).toContain('Tapt svar');
    const calls = (await (await sandbox.fetch('http://sandbox.test/_sandbox/calls')).json()) as {
      calls: Array<{ operation: string; outcome: string }>;
    };
    expect(calls.calls.find((c) => c.operation === 'SaveInvoices')?.outcome).toBe('dropped');
  });

  it('delays answers by the configured latency', async () => {
    // Scenario: a slow 24SO, to exercise client timeouts.
    const sandbox = createSandbox({ seed: 'demo' });
    await putFaults(sandbox, { latencyMs: 150 });
    const started = performance.now();
    await soapCall(sandbox, 'auth', 'HasSession', '');
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });

  it('answers malformed XML, a foreign envelope and an unknown operation with ASMX Client faults', async () => {
    // Scenario: broken requests are refused as ASMX refuses them, never with a crash.
    const sandbox = createSandbox({ seed: 'demo' });
    const broken = await post(
      sandbox,
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetCompanies>',
    );
    expect(broken.status).toBe(500);
    expect(await broken.text()).toContain(
      '<faultcode>soap:Client</faultcode><faultstring>Server was unable to read request.',
    );
    // HTML's &nbsp; is no XML entity; .NET's reader refuses it instead of guessing.
    const html = await post(
      sandbox,
      envelope(
        '1.1',
        'GetCompanies',
        '<searchParams><CompanyName>Nordvik&nbsp;Bygg</CompanyName></searchParams>',
      ),
    );
    expect(html.status).toBe(500);
    expect(await html.text()).toContain('<faultcode>soap:Client</faultcode>');
    const mismatch = await post(sandbox, envelope('1.2', 'GetCompanies', ''));
    expect(await mismatch.text()).toContain('Possible SOAP version mismatch');
    const unknown = await soapCall(sandbox, 'company', 'DeleteEverything', '');
    expect(unknown.fault).toBe(
      'Server did not recognize the value of HTTP Header SOAPAction: http://24sevenOffice.com/webservices/DeleteEverything.',
    );
    const wrongNs = await post(sandbox, envelope('1.1', 'GetCompanies', '', 'http://example.com/other'));
    expect(await wrongNs.text()).toContain('Server did not recognize the value of HTTP Header SOAPAction');
    const badGuid = await soapCall(
      sandbox,
      'auth',
      'Login',
      '<credential><ApplicationId>not-a-guid</ApplicationId><Password>x</Password><Username>y</Username></credential>',
    );
    expect(badGuid.status).toBe(500);
    expect(badGuid.fault).toContain('Guid should contain 32 digits');
    const cookie = await login(sandbox);
    const wrongType = await soapCall(
      sandbox,
      'company',
      'GetCompanies',
      '<searchParams><CompanyId>abc</CompanyId></searchParams>',
      { cookie },
    );
    expect(wrongType.fault).toContain('Input string was not in a correct format');
    const badDate = await soapCall(
      sandbox,
      'company',
      'GetCompanies',
      '<searchParams><ChangedAfter>yesterday</ChangedAfter></searchParams>',
      { cookie },
    );
    expect(badDate.fault).toContain("The string 'yesterday' is not a valid AllXsd value.");
    const noAction = await sandbox.fetch('http://sandbox.test/authenticate/v001/authenticate.asmx', {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
      body: envelope('1.2', 'HasSession', ''),
    });
    expect(await noAction.text()).toContain('<HasSessionResult>false</HasSessionResult>');
    const json = await sandbox.fetch('http://sandbox.test/CRM/Company/V001/CompanyService.asmx', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);
  });

  it('rejects an entity bomb and oversized bodies fast, with memory staying flat', async () => {
    // Scenario: hostile XML must neither hang the sandbox nor balloon the process.
    const sandbox = createSandbox({ seed: 'demo' });
    const lol = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) lol.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const bomb = `<?xml version="1.0"?><!DOCTYPE soap:Envelope [${lol.join('')}]><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetCompanies xmlns="http://24sevenOffice.com/webservices"><searchParams><CompanyName>&lol9;</CompanyName></searchParams></GetCompanies></soap:Body></soap:Envelope>`;
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    const started = performance.now();
    for (let i = 0; i < 50; i++) {
      const answer = await post(sandbox, bomb);
      expect(answer.status).toBe(500);
      expect(await answer.text()).toContain('DTD or entity declarations is refused');
    }
    expect(performance.now() - started).toBeLessThan(2000);
    const deep = await post(
      sandbox,
      envelope('1.1', 'GetCompanies', `${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`),
    );
    expect(await deep.text()).toContain('Maximum nested tags exceeded');
    const huge = await post(sandbox, `<x>${'a'.repeat(5 * 1024 * 1024)}</x>`);
    expect(await huge.text()).toContain('Maximum request length exceeded');
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('writes unset values as xsi:nil when switched on', async () => {
    // Scenario: the client is tested against both renderings of "no value" that 24SO uses.
    const sandbox = createSandbox({ seed: 'demo' });
    const cookie = await login(sandbox);
    const props =
      '<returnProperties><string>Id</string><string>Name</string><string>OrganizationNumber</string><string>Url</string></returnProperties>';
    const plain = await soapCall(
      sandbox,
      'company',
      'GetCompanies',
      `<searchParams><CompanyId>20420</CompanyId></searchParams>${props}`,
      { cookie },
    );
    expect(plain.text).toContain('<Company><Id>20420</Id><Name>Solberg Eiendom AS</Name></Company>');
    await putFaults(sandbox, { xsiNil: true });
    const nil = await soapCall(
      sandbox,
      'company',
      'GetCompanies',
      `<searchParams><CompanyId>20420</CompanyId></searchParams>${props}`,
      { cookie, validate: false },
    );
    expect(nil.text).toContain(
      '<Company><APIException xsi:nil="true" /><Id>20420</Id><OrganizationNumber xsi:nil="true" /><Name>Solberg Eiendom AS</Name><Url xsi:nil="true" /></Company>',
    );
  });

  it('counts calls per operation and client in the call log', async () => {
    // Scenario: a test asserts that a retry did not send a second SaveInvoices.
    const sandbox = createSandbox({ seed: 'demo' });
    const cookie = await login(sandbox);
    await soapCall(sandbox, 'company', 'GetCompanies', GET_COMPANY, { cookie });
    await soapCall(sandbox, 'company', 'GetCompanies', GET_COMPANY, { cookie });
    const log = (await (await sandbox.fetch('http://sandbox.test/_sandbox/calls')).json()) as {
      calls: Array<Record<string, unknown>>;
      counts: Record<string, number>;
    };
    expect(log.counts).toEqual({ 'Authenticate.Login': 1, 'CompanyService.GetCompanies': 2 });
    expect(log.calls[1]).toMatchObject({
      service: 'CompanyService',
      operation: 'GetCompanies',
      client: 'Demo Maskin AS',
      clientId: 3520001,
      outcome: 'ok',
    });
    expect(log.calls[0].client).toBeNull();
    expect(typeof log.calls[1].time).toBe('string');
  });

  it('keeps whole counts of outcomes and logins past the 20,000 calls it lists', () => {
    // Scenario: a full chaos run makes ~90,000 calls and reports how many answers were lost and
    // how many logins opened a session: over every call, not the last 20,000 the log lists.
    const log = new CallLog();
    const call = (i: number): CallRecord => ({
      time: new Date(0).toISOString(),
      service: i % 10 === 0 ? 'Authenticate' : 'TimeService',
      operation: i % 10 === 0 ? 'Login' : 'SaveHour',
      client: null,
      clientId: null,
      outcome: i % 5 === 1 ? 'dropped' : i % 7 === 2 ? 'fault' : 'ok',
      login: i % 10 === 0 ? (i % 20 === 0 ? 'ok' : 'throttled') : undefined,
      durationMs: 1,
    });
    const expected = { ok: 0, fault: 0, dropped: 0 };
    for (let i = 0; i < 30_000; i++) {
      const c = call(i);
      expected[c.outcome]++;
      log.add(c);
    }
    expect(log.list()).toHaveLength(20_000);
    expect(log.outcomes()).toEqual(expected);
    expect(log.outcomes().dropped).toBe(6_000);
    expect(log.logins()).toEqual({ ok: 1_500, refused: 0, throttled: 1_500 });
    expect(log.counts()).toEqual({ 'Authenticate.Login': 3_000, 'TimeService.SaveHour': 27_000 });
    log.clear();
    expect(log.outcomes()).toEqual({ ok: 0, fault: 0, dropped: 0 });
    expect(log.logins()).toEqual({ ok: 0, refused: 0, throttled: 0 });
  });

  it('refuses invalid fault settings with a Norwegian problem+json answer', async () => {
    // Scenario: a typo in a test's fault set-up is reported, not silently ignored.
    const sandbox = createSandbox({ seed: 'demo' });
    const bad = await putFaults(sandbox, { failRate: 2, latencyMS: 10 });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    const body = (await bad.json()) as { detail: string; errors: Array<{ path: string; message: string }> };
    expect(body.detail).toBe('Ugyldige feilinnstillinger.');
    expect(body.errors).toContainEqual({ path: 'failRate', message: 'må være mellom 0 og 1' });
    expect(body.errors).toContainEqual({
      path: '(body)',
      message:
        'ukjent innstilling latencyMS; gyldige er latencyMs, failRate, dropResponseRate, expireSessions, requestsPerHour, limitWindowSeconds, xsiNil, sessionIdleMinutes, loginsPerMinute',
    });
    expect(sandbox.faults().failRate).toBe(0);
  });
});
