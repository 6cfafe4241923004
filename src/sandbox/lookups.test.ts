import { describe, expect, it } from 'vitest';
import { items, login, soapCall } from '../../test/sandbox-soap.ts';
import { createSandbox } from './server.ts';

describe('PersonService, ClientService and TransactionService', () => {
  it('lists employees and contacts as the demo data agrees', async () => {
    // Scenario: Admin. arbeidere offers the 24SO contacts to link workers to.
    const sandbox = createSandbox({ seed: 'demo' });
    const cookie = await login(sandbox);
    const employees = await soapCall(
      sandbox,
      'person',
      'GetPersons',
      '<personSearch><IsEmployee>True</IsEmployee></personSearch>',
      { cookie },
    );
    const people = items(employees.result, 'PersonItem');
    expect(people.map((p) => [p.Id, p.FirstName, p.LastName])).toEqual([
      ['500', 'API-bruker', 'Broen'],
      ['501', 'Ola', 'Nordmann'],
      ['502', 'Kari', 'Hansen'],
      ['503', 'Per', 'Olsen'],
      ['504', 'Lise', 'Berg'],
    ]);
    expect(items(people[3].EmailAddresses, 'EmailAddress')[0]).toEqual({
      Type: 'Primary',
      Value: 'per@olsen.no',
    });

    const contacts = await soapCall(
      sandbox,
      'person',
      'GetPersonsDetailed',
      '<personSearch><CustomerId>10001</CustomerId><GetRelationData>true</GetRelationData></personSearch>',
      { cookie, version: '1.2' },
    );
    const jon = items(contacts.result, 'PersonItem')[0];
    expect(jon).toMatchObject({ Id: '601', FirstName: 'Jon' });
    expect(items(jon.RelationData, 'RelationData')[0]).toMatchObject({
      ContactId: '601',
      CustomerId: '10001',
      Title: 'Prosjektleder',
    });

    const byMail = await soapCall(
      sandbox,
      'person',
      'GetPersons',
      '<personSearch><Email>kari.hansen@demomaskin.no</Email></personSearch>',
      { cookie },
    );
    expect(items(byMail.result, 'PersonItem').map((p) => p.Id)).toEqual(['502']);
  });

  it('creates a contact but refuses to create an employee through PersonService', async () => {
    // Scenario: 24SO only lets employees be made in its own UI.
    const sandbox = createSandbox({ seed: 'demo' });
    const cookie = await login(sandbox);
    const saved = await soapCall(
      sandbox,
      'person',
      'SavePerson',
      '<personItem><FirstName>Nina</FirstName><LastName>Dahl</LastName><Type>Post</Type></personItem>',
      { cookie },
    );
    expect(saved.result).toBe('603');
    const refused = await soapCall(
      sandbox,
      'person',
      'SavePerson',
      '<personItem><FirstName>Ny</FirstName><EmployeeId>9</EmployeeId></personItem>',
      { cookie },
    );
    expect(refused.fault).toContain('Employees cannot be created');
  });

  it('answers the client lookups: information, users, departments, type groups and VAT types', async () => {
    // Scenario: the invoicing settings page fills its dropdowns from 24SO.
    const sandbox = createSandbox({ seed: 'demo' });
    const cookie = await login(sandbox);
    const info = (await soapCall(sandbox, 'client', 'GetClientInformation', '', { cookie })).result as Record<
      string,
      unknown
    >;
    expect(info).toMatchObject({
      Name: 'Demo Maskin AS',
      OrganizationNumber: '915678904',
      IsUsingFactoring: 'false',
    });
    const users = items((await soapCall(sandbox, 'client', 'GetUsers', '', { cookie })).result, 'User');
    expect(users[0]).toMatchObject({ ContactId: '500', EmployeeId: '100' });
    const departments = items(
      (await soapCall(sandbox, 'client', 'GetDepartmentList', '', { cookie })).result,
      'Department',
    );
    expect(departments.map((d) => [d.Id, d.Name])).toEqual([
      ['1', 'Anlegg'],
      ['2', 'Transport'],
      ['3', 'Verksted'],
    ]);
    const sale = items(
      (await soapCall(sandbox, 'client', 'GetTypeGroupList', '<module>Sale</module>', { cookie })).result,
      'AccountingGroup',
    );
    expect(sale.map((g) => g.AccountId)).toEqual(['3000', '3100']);
    const vat = items(
      (await soapCall(sandbox, 'client', 'GetVatTypeList', '', { cookie, version: '1.2' })).result,
      'VatType',
    );
    expect(vat[0]).toEqual({ No: '3', Name: 'Utgående mva, høy sats', Rate: '25' });
  });

  it('lists the "Maskin" dimension and its values in the accounting namespace', async () => {
    // Scenario: machine mapping offers 24SO's dimension values.
    const sandbox = createSandbox({ seed: 'demo' });
    const cookie = await login(sandbox);
    const types = await soapCall(sandbox, 'transaction', 'GetUserDefinedDimensions', '', { cookie });
    expect(types.text).toContain('xmlns="http://24sevenoffice.com/webservices/economy/accounting/"');
    expect(items(types.result, 'Dimension')).toEqual([
      { Type: 'UserDefined', Name: 'Maskin', TypeId: '101' },
    ]);
    const values = await soapCall(
      sandbox,
      'transaction',
      'GetUserDefinedDimensionValues',
      '<DimensionType>101</DimensionType>',
      { cookie, version: '1.2' },
    );
    expect(items(values.result, 'Dimension').map((d) => d.Value)).toEqual([
      'GM-01',
      'GM-02',
      'HL-01',
      'LB-01',
    ]);
  });

  it('keeps each client apart: Demo Transport AS sees its own data only', async () => {
    // Scenario: the same API user works on two clients.
    const sandbox = createSandbox({ seed: 'demo' });
    const cookie = await login(sandbox, { identityId: '6d3f0a52-0000-4000-8000-000003520002' });
    const companies = await soapCall(
      sandbox,
      'company',
      'GetCompanies',
      '<searchParams /><returnProperties><string>Name</string></returnProperties>',
      { cookie },
    );
    expect(items(companies.result, 'Company').map((c) => c.Name)).toEqual([
      'Vestby Logistikk AS',
      'Drammen Havn KF',
    ]);
  });
});

describe('ClientService currencies', () => {
  it('lists the currencies with NOK as the base', async () => {
    // Scenario: an order in another currency needs the rate 24SO knows.
    const sandbox = createSandbox({ seed: 'demo' });
    const cookie = await login(sandbox);
    const answer = await soapCall(sandbox, 'client', 'GetCurrencyList', '', { cookie });
    const currencies = items(answer.result, 'Currency');
    expect(currencies.map((c) => c.Symbol)).toEqual(['NOK', 'SEK', 'EUR']);
    expect(currencies[0]).toMatchObject({ Rate: '1', Unit: '1' });
  });
});
