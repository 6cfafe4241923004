import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { login, soapCall } from '../../test/sandbox-soap.ts';
import { VENDOR_WSDL_DIR, VENDOR_WSDL_SHA256 } from '../../test/vendor-wsdl.ts';
import { servicesByPath, wsdlPath } from './registry.ts';
import { createSandbox, startSandboxServer } from './server.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'broen-sandbox-'));
  dirs.push(dir);
  return dir;
}

describe('sandbox server', () => {
  it('serves the vendor WSDL on any casing of the path, pointed at the sandbox', async () => {
    // Scenario: a WSDL-driven client fetches ?wsdl from the sandbox instead of 24SO.
    const sandbox = createSandbox({ seed: 'demo' });
    const response = await sandbox.fetch('http://127.0.0.1:7324/crm/COMPANY/v001/companyservice.ASMX?WSDL');
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain(
      '<soap:address location="http://127.0.0.1:7324/CRM/Company/V001/CompanyService.asmx" />',
    );
    expect(text).toContain(
      '<soap12:address location="http://127.0.0.1:7324/CRM/Company/V001/CompanyService.asmx" />',
    );
    expect(text).not.toContain('api.24sevenoffice.com');
    const vendor = readFileSync(join(VENDOR_WSDL_DIR, 'companyService.wsdl'), 'utf8');
    const strip = (s: string) => s.replace(/<soap(12)?:address location="[^"]*" \/>/g, '');
    expect(strip(text)).toBe(strip(vendor));
    const time = await (await sandbox.fetch('http://x/timesheet/v001/timeservice.asmx?wsdl')).text();
    expect(time).toContain('NOT A VENDOR FILE');
  });

  it('ships the vendor WSDLs unchanged and implements only operations they declare', () => {
    // Scenario: nobody edits a vendor contract by accident, and no handler answers a made-up operation.
    for (const [path, service] of servicesByPath()) {
      const ours = readFileSync(wsdlPath(service.def.wsdl));
      if (service.def.wsdl !== 'timeService.wsdl') {
        const digest = createHash('sha256').update(ours).digest('hex');
        expect(digest, `${service.def.wsdl} differs from the published vendor file`).toBe(
          VENDOR_WSDL_SHA256[service.def.wsdl],
        );
      }
      for (const operation of Object.keys(service.def.operations)) {
        expect(service.schema.actions.has(operation), `${path}: ${operation}`).toBe(true);
        expect(service.schema.elements.has(`${operation}Response`), `${path}: ${operation}Response`).toBe(
          true,
        );
      }
    }
  });

  it('answers SOAP on case-variant paths', async () => {
    // Scenario: clients use both authenticate/v001 and authenticate/V001.
    const sandbox = createSandbox({ seed: 'demo' });
    const response = await sandbox.fetch('http://x/Authenticate/V001/Authenticate.asmx', {
      method: 'POST',
      headers: {
        'content-type': 'text/xml; charset=utf-8',
        soapaction: '"http://24sevenOffice.com/webservices/HasSession"',
      },
      body: '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><HasSession xmlns="http://24sevenOffice.com/webservices" /></soap:Body></soap:Envelope>',
    });
    expect(await response.text()).toContain('<HasSessionResult>false</HasSessionResult>');
  });

  it('takes SOAP over POST only: GET shows the service page, other methods are refused', async () => {
    // Scenario: someone opens a service address in the browser, or a tool sends the wrong verb.
    const sandbox = createSandbox({ seed: 'demo' });
    const page = await sandbox.fetch('http://x/CRM/Company/V001/CompanyService.asmx');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<li>SaveCompanies</li>');
    const put = await sandbox.fetch('http://x/CRM/Company/V001/CompanyService.asmx', {
      method: 'PUT',
      body: '<x/>',
    });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(sandbox.calls.list()).toEqual([]);
  });

  it('shows its clients and an order list with lines and dimensions in Norwegian', async () => {
    // Scenario: after "Lag faktura" the user checks the order in the sandbox's Ordreliste.
    const sandbox = createSandbox({ seed: 'demo' });
    const home = await sandbox.fetch('http://x/');
    const homeHtml = await home.text();
    expect(homeHtml.startsWith('<!doctype html>')).toBe(true);
    expect(homeHtml).toContain('Demo Maskin AS');
    expect(homeHtml).toContain('Demo Transport AS');
    expect(homeHtml).toContain('sperret');
    expect(homeHtml).toContain('<a href="/CRM/Company/V001/CompanyService.asmx?wsdl">WSDL</a>');
    const page = await (await sandbox.fetch('http://x/klienter/3520001')).text();
    expect(page).toContain('Ordreliste (3)');
    expect(page).toContain('Maskin: GM-01 (Gravemaskin Volvo EC220)');
    expect(page).toContain('Avdeling: Anlegg');
    expect(page).toContain('Boligfelt Nordvik, trinn 2');
    expect(page).toContain('Kunder (9)');
    expect(page).toContain('Fjellheim Entreprenør AS');
    expect(page).toContain('per@olsen.no');
    expect(page).toContain('Drensrør 110 mm');
    expect(page).toContain('Fakturaer (1)');
    expect((await sandbox.fetch('http://x/klienter/42')).status).toBe(404);
  });

  it('resets to a seed through the control API and shows every client in the state', async () => {
    // Scenario: a test starts from an empty 24SO, then returns to the demo.
    const sandbox = createSandbox({ seed: 'demo' });
    const reset = await sandbox.fetch('http://x/_sandbox/reset', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seed: 'empty' }),
    });
    expect(reset.status).toBe(200);
    const state = (await (await sandbox.fetch('http://x/_sandbox/state')).json()) as {
      clients: Array<{ name: string; companies: unknown[]; orders: unknown[] }>;
      users: Array<Record<string, unknown>>;
    };
    expect(state.clients.map((c) => c.name)).toEqual([
      'Demo Maskin AS',
      'Demo Transport AS',
      'Demo Utleie AS',
    ]);
    expect(state.clients[0].companies).toEqual([]);
    expect(state.users[0].password).toBeUndefined();
    const cookie = await login(sandbox);
    expect(cookie).toMatch(/^[a-z0-5]{24}$/);
    await sandbox.fetch('http://x/_sandbox/reset', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seed: 'demo' }),
    });
    expect(sandbox.state.clients[0].orders).toHaveLength(4);
    const bad = await sandbox.fetch('http://x/_sandbox/reset', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seed: 'prod' }),
    });
    expect(bad.status).toBe(400);
  });

  it('keeps its state in DATA_DIR across a restart', async () => {
    // Scenario: the demo is stopped and started again; the customer made before is still there.
    const dataDir = tempDir();
    const first = createSandbox({ seed: 'demo', dataDir });
    const cookie = await login(first);
    await soapCall(
      first,
      'company',
      'SaveCompanies',
      '<companies><Company><Name>Overlever Restart AS</Name></Company></companies>',
      { cookie },
    );
    await first.close();
    const saved = JSON.parse(readFileSync(join(dataDir, 'sandbox.json'), 'utf8'));
    expect(saved.clients[0].companies.some((c: { Name: string }) => c.Name === 'Overlever Restart AS')).toBe(
      true,
    );

    const second = createSandbox({ seed: 'demo', dataDir });
    expect(second.state.clients[0].companies.some((c) => c.Name === 'Overlever Restart AS')).toBe(true);
    expect((await soapCall(second, 'auth', 'HasSession', '', { cookie })).result).toBe('true');
  });

  it('starts from the seed when the saved state is unreadable, keeping the bad file aside', () => {
    // Scenario: sandbox.json was damaged by hand; the demo must still start.
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'sandbox.json'), '{"version": 1, "clients": [');
    const sandbox = createSandbox({ seed: 'demo', dataDir });
    expect(sandbox.state.clients[0].name).toBe('Demo Maskin AS');
    const files = readdirSync(dataDir);
    expect(files.some((f) => f.startsWith('sandbox.json.unreadable-'))).toBe(true);
    expect(files).not.toContain('sandbox.json');
  });

  it('listens on a real port and drops the connection for a lost answer', async () => {
    // Scenario: over the network the ambiguous failure is a closed socket, not an error page.
    const server = await startSandboxServer({ port: 0, host: '127.0.0.1', seed: 'demo' });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const viaHttp = {
        fetch: (input: Request | string | URL, init?: RequestInit) =>
          fetch(String(input).replace('http://sandbox.test', server.url), init),
      };
      const cookie = await login(viaHttp);
      server.sandbox.setFaults({ dropResponseRate: 1 });
      await expect(
        soapCall(
          viaHttp,
          'company',
          'SaveCompanies',
          '<companies><Company><Name>Nettverk AS</Name></Company></companies>',
          { cookie },
        ),
      ).rejects.toThrow('fetch failed');
      expect(server.sandbox.state.clients[0].companies.some((c) => c.Name === 'Nettverk AS')).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('reads request bodies from the socket: a normal call, and an over-long streamed body refused with a fault', async () => {
    // Scenario: over a port the sandbox reads the body itself; a body without Content-Length
    // that grows past ASP.NET's 4 MiB limit still gets the ASMX fault, not a dead connection.
    const server = await startSandboxServer({ port: 0, host: '127.0.0.1', seed: 'demo' });
    try {
      const viaHttp = {
        fetch: (input: Request | string | URL, init?: RequestInit) =>
          fetch(String(input).replace('http://sandbox.test', server.url), init),
      };
      const cookie = await login(viaHttp);
      const answer = await soapCall(viaHttp, 'client', 'GetVatTypeList', '', { cookie });
      expect(answer.status).toBe(200);
      expect(answer.text).toContain('<VatType>');

      const chunk = new TextEncoder().encode(`<!--${'a'.repeat(64 * 1024 - 7)}-->`);
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 80) controller.enqueue(chunk);
          else controller.close();
        },
      });
      const response = await fetch(`${server.url}/CRM/Company/V001/CompanyService.asmx`, {
        method: 'POST',
        headers: {
          'content-type': 'text/xml; charset=utf-8',
          soapaction: '"http://24sevenOffice.com/webservices/GetCompanies"',
        },
        body,
        duplex: 'half',
      } as RequestInit);
      expect(response.status).toBe(500);
      expect(await response.text()).toContain('Maximum request length exceeded');
    } finally {
      await server.close();
    }
  });
});
