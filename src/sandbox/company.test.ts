import { describe, expect, it } from 'vitest';
import { items, login, soapCall } from '../../test/sandbox-soap.ts';
import { createSandbox } from './server.ts';

function clockAt(iso: string) {
  let now = new Date(iso);
  return { clock: () => now, set: (next: string) => (now = new Date(next)) };
}

describe('CompanyService', () => {
  it('returns only the requested properties, in WSDL order', async () => {
    // Scenario: Broen reads customers with an explicit returnProperties list.
    const sandbox = createSandbox({ seed: 'demo' });
    const cookie = await login(sandbox);
    const answer = await soapCall(
      sandbox,
      'company',
      'GetCompanies',
      '<searchParams><CompanyId>10001</CompanyId></searchParams><returnProperties><string>Name</string><string>Id</string><string>OrganizationNumber</string></returnProperties>',
      { cookie },
    );
    expect(answer.text).toContain(
      '<Company><Id>10001</Id><OrganizationNumber>923456783</OrganizationNumber><Name>Nordvik Bygg AS</Name></Company>',
    );
  });

  it('keeps org numbers as text and finds customers by org number, name and e-mail', async () => {
    // Scenario: reconciliation looks for matches on the 24SO side.
    const sandbox = createSandbox({ seed: 'demo' });
    const cookie = await login(sandbox);
    const byOrg = await soapCall(
      sandbox,
      'company',
      'GetCompanies',
      '<searchParams><OrganizationNumber>934567897</OrganizationNumber></searchParams><returnProperties><string>Id</string></returnProperties>',
      { cookie },
    );
    expect(items(byOrg.result, 'Company').map((c) => c.Id)).toEqual(['20417']);
    const byName = await soapCall(
      sandbox,
      'company',
      'GetCompanies',
      '<searchParams><CompanyName>solberg</CompanyName></searchParams><returnProperties><string>Id</string><string>OrganizationNumber</string></returnProperties>',
      { cookie, version: '1.2' },
    );
    // The seed holds two «Solberg Eiendom» (for the reconciliation's ambiguous case).
    expect(items(byName.result, 'Company')).toEqual([{ Id: '20420' }, { Id: '20423' }]);
    const byMail = await soapCall(
      sandbox,
      'company',
      'GetCompanies',
      '<searchParams><CompanyEmail>post@kystveianlegg.no</CompanyEmail></searchParams><returnProperties><string>Name</string></returnProperties>',
      { cookie },
    );
    expect(items(byMail.result, 'Company')).toEqual([{ Name: 'Kystvei Anlegg AS' }]);
  });

  it('creates, updates and refuses companies per item, with HTTP 200 and DateChanged kept', async () => {
    // Scenario: an export of three customers where one has a name 24SO refuses.
    const time = clockAt('2026-11-02T10:00:00Z');
    const sandbox = createSandbox({ seed: 'demo', clock: time.clock });
    // The clock jumps hours between steps; this test is about dates, not session expiry.
    sandbox.setFaults({ sessionIdleMinutes: null });
    const cookie = await login(sandbox);
    const longName = 'x'.repeat(201);
    const answer = await soapCall(
      sandbox,
      'company',
      'SaveCompanies',
      `<companies>
        <Company><OrganizationNumber>876543214</OrganizationNumber><Name>Bakken Bygg AS</Name><Addresses><Invoice><Street>Bakken 1</Street><PostalCode>0150</PostalCode><PostalArea>OSLO</PostalArea></Invoice></Addresses><Type>Business</Type><PaymentTime>14</PaymentTime></Company>
        <Company><Name>${longName}</Name></Company>
        <Company><Id>10001</Id><PaymentTime>30</PaymentTime></Company>
      </companies>`,
      { cookie },
    );
    expect(answer.status).toBe(200);
    const [created, refused, updated] = items(answer.result, 'Company');
    expect(created.Id).toBe('20425');
    expect(created.DateChanged).toBe('2026-11-02T10:00:00Z');
    expect(created.APIException).toBeUndefined();
    expect((refused.APIException as Record<string, string>).Message).toContain('200 characters');
    expect(refused.Id).toBeUndefined();
    expect(answer.text.indexOf('<APIException>')).toBeLessThan(answer.text.indexOf(`<Name>${longName}`));
    expect(updated).toMatchObject({
      Id: '10001',
      Name: 'Nordvik Bygg AS',
      PaymentTime: '30',
      DateChanged: '2026-11-02T10:00:00Z',
    });

    time.set('2026-11-02T11:00:00Z');
    const changed = await soapCall(
      sandbox,
      'company',
      'GetCompanies',
      '<searchParams><ChangedAfter>2026-11-02T09:59:00Z</ChangedAfter></searchParams><returnProperties><string>Id</string></returnProperties>',
      { cookie },
    );
    expect(items(changed.result, 'Company').map((c) => c.Id)).toEqual(['10001', '20425']);
  });

  it('refuses an unknown Id unless ExplicitlySpecifyNewCompanyId is set', async () => {
    // Scenario: Broen exports a customer under the workspace's own customer number.
    const sandbox = createSandbox({ seed: 'demo' });
    const cookie = await login(sandbox);
    const refused = await soapCall(
      sandbox,
      'company',
      'SaveCompanies',
      '<companies><Company><Id>10004</Id><Name>Berg Anlegg AS</Name></Company></companies>',
      { cookie },
    );
    expect((items(refused.result, 'Company')[0].APIException as Record<string, string>).Message).toContain(
      'does not exist',
    );
    const created = await soapCall(
      sandbox,
      'company',
      'SaveCompanies',
      '<companies><Company><Id>10004</Id><Name>Berg Anlegg AS</Name><ExplicitlySpecifyNewCompanyId>true</ExplicitlySpecifyNewCompanyId></Company></companies>',
      { cookie },
    );
    expect(items(created.result, 'Company')[0].Id).toBe('10004');
    expect(sandbox.state.clients[0].companies.find((c) => c.Id === 10004)?.Name).toBe('Berg Anlegg AS');
  });

  it('pages the sync list by 1000 and filters on Active, ChangedAfter and RegisteredAfter', async () => {
    // Scenario: a full customer sync on a client with 2019 customers (9 seeded + 2010).
    const sandbox = createSandbox({ seed: 'demo' });
    const client = sandbox.state.clients[0];
    for (let i = 0; i < 2010; i++) {
      client.companies.push({
        Id: 40000 + i,
        Name: `Kunde ${i}`,
        DateChanged: '2026-01-01T00:00:00Z',
        $registered: '2026-01-01T00:00:00Z',
        $active: i % 10 !== 0,
      });
    }
    const cookie = await login(sandbox);
    const page = (n: number, extra = '') =>
      soapCall(
        sandbox,
        'company',
        'GetCompanySyncList',
        `<syncSearchParameters><Page>${n}</Page>${extra}</syncSearchParameters>`,
        { cookie },
      );
    const first = (await page(1)).result as Record<string, unknown>;
    expect(first).toMatchObject({
      CurrentPage: '1',
      TotalPages: '3',
      TotalItems: '2019',
      ItemsPerPage: '1000',
    });
    expect(items(first.Items, 'SyncCompany')).toHaveLength(1000);
    const third = (await page(3)).result as Record<string, unknown>;
    expect(items(third.Items, 'SyncCompany')).toHaveLength(19);
    const inactive = (await page(1, '<Active>false</Active>')).result as Record<string, unknown>;
    expect(inactive.TotalItems).toBe('201');
    expect(items(inactive.Items, 'SyncCompany')[0]).toMatchObject({
      CompanyId: '40000',
      Active: 'false',
      DateRegistered: '2026-01-01T00:00:00Z',
    });
    const recent = (await page(1, '<RegisteredAfter>2025-12-31T00:00:00Z</RegisteredAfter>'))
      .result as Record<string, unknown>;
    expect(recent.TotalItems).toBe('2010');
    const nil = (await page(1, '<Active xsi:nil="true" /><ChangedAfter>2025-06-01T00:00:00Z</ChangedAfter>'))
      .result as Record<string, unknown>;
    expect(nil.TotalItems).toBe('2012');
  });
});
