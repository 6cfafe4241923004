// Scenario: the sync engine relies on 24SO refusing a bad org. number item by item, finding a company by ExternalId, and deactivating a project put in an inactive status; the sandbox behaves so.
import { describe, expect, it } from 'vitest';
import { items, login, soapCall } from '../../test/sandbox-soap.ts';
import { createSandbox } from './server.ts';

describe('sandbox behaviour the sync engine relies on', () => {
  it('refuses an invalid Norwegian org. number in its own item while the rest of the batch is saved', async () => {
    const sandbox = createSandbox({ seed: 'empty' });
    const cookie = await login(sandbox);
    const saved = await soapCall(
      sandbox,
      'company',
      'SaveCompanies',
      `<companies>
        <Company><ExternalId>a</ExternalId><OrganizationNumber>923456784</OrganizationNumber><Name>Feil AS</Name></Company>
        <Company><ExternalId>b</ExternalId><OrganizationNumber>923456783</OrganizationNumber><Name>Riktig AS</Name></Company>
        <Company><ExternalId>c</ExternalId><OrganizationNumber>SE5566778899</OrganizationNumber><Name>Svensk AB</Name><Country>SE</Country></Company>
      </companies>`,
      { cookie },
    );
    const [bad, good, foreign] = items(saved.result, 'Company');
    expect(bad?.APIException).toMatchObject({ Message: 'OrganizationNumber is not valid.' });
    expect(good?.APIException).toBeUndefined();
    expect(foreign?.APIException).toBeUndefined();
    const byExternal = await soapCall(
      sandbox,
      'company',
      'GetCompanies',
      '<searchParams><ExternalId>b</ExternalId></searchParams><returnProperties><string>Id</string><string>ExternalId</string></returnProperties>',
      { cookie },
    );
    expect(items(byExternal.result, 'Company')).toEqual([{ Id: good?.Id, ExternalId: 'b' }]);
  });

  it('deactivates a project put in an inactive status and reactivates it in an active one', async () => {
    const sandbox = createSandbox({ seed: 'demo' });
    const cookie = await login(sandbox);
    const save = (status: number) =>
      soapCall(
        sandbox,
        'project',
        'SaveProject',
        `<project><Id>1001</Id><NameDisplay>Plain</NameDisplay><StatusId>${status}</StatusId><TimeReg>WorkType</TimeReg></project>`,
        { cookie },
      );
    await save(3);
    const closed = await soapCall(sandbox, 'project', 'GetDeactivatedProjects', '<ps />', { cookie });
    expect(items(closed.result, 'Project').map((p) => p.Id)).toContain('1001');
    await save(1);
    const open = await soapCall(sandbox, 'project', 'GetProjectList', '<Ps />', { cookie });
    expect(items(open.result, 'Project').map((p) => p.Id)).toContain('1001');
    const refused = await soapCall(
      sandbox,
      'project',
      'SaveProject',
      '<project><NameDisplay>Plain</NameDisplay><Name>Uten kunde</Name><CustomerId>99999</CustomerId><TimeReg>WorkType</TimeReg></project>',
      { cookie },
    );
    expect(refused.status).toBe(500);
    expect(refused.fault).toContain('Customer with Id 99999 does not exist.');
  });
});
