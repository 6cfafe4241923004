// Scenario: every request the client can send is valid against the schema inside the WSDL.
import { describe, expect, it } from 'vitest';
import { validateOperationsXml, validateOperationXml } from '../../test/wsdl-schema.ts';
import {
  getIdentities,
  getIdentitiesWithCredential,
  hasSession,
  login,
  setIdentityById,
} from './authenticate.ts';
import {
  getClientInformation,
  getDepartmentList,
  getTypeGroupList,
  getUsers,
  getVatTypeList,
} from './client-service.ts';
import { getCompanies, getCompanySyncList, saveCompanies } from './company-service.ts';
import { buildEnvelope } from './envelope.ts';
import { getInvoices, getOrderSyncList, saveInvoices } from './invoice-service.ts';
import { getPersons, getPersonsDetailed } from './person-service.ts';
import { getCategories, getProducts, saveProducts, setStockQuantity } from './product-service.ts';
import {
  getDeactivatedProjects,
  getProjectList,
  getProjectStatuses,
  getProjectsDetailed,
  saveProject,
} from './project-service.ts';
import { SERVICES, type ServiceName } from './services.ts';
import { getHours, getWorkTypeList, saveHour } from './time-service.ts';
import { getUserDefinedDimensions, getUserDefinedDimensionValues } from './transaction-service.ts';
import type { SoapCaller } from './transport.ts';

const WSDL: Record<ServiceName, string> = {
  authenticate: 'authService.wsdl',
  company: 'companyService.wsdl',
  person: 'personService.wsdl',
  client: 'clientService.wsdl',
  project: 'projectService.wsdl',
  time: 'src/sandbox/wsdl/timeService.wsdl',
  product: 'productService.wsdl',
  invoice: 'invoiceService.wsdl',
  transaction: 'transactionService.wsdl',
};

interface Sent {
  service: ServiceName;
  operation: string;
  envelope: string;
}

/** Records requests and answers with the minimum each operation needs to succeed. */
function recorder(): { caller: SoapCaller; sent: Sent[] } {
  const sent: Sent[] = [];
  const answers: Record<string, Record<string, unknown>> = {
    Login: { LoginResult: 'abcdefghijklmnopqrstuvwx' },
    SaveProject: { SaveProjectResult: '7' },
    SaveHour: { SaveHourResult: { Id: '9' } },
    SaveCompanies: { SaveCompaniesResult: { Company: { Id: '1' } } },
    SaveProducts: { SaveProductsResult: { Product: { Id: '1' } } },
    SaveInvoices: { SaveInvoicesResult: { InvoiceOrder: { OrderId: '1' } } },
  };
  return {
    sent,
    caller: {
      async call(service, operation, paramsXml) {
        sent.push({
          service,
          operation,
          envelope: buildEnvelope(SERVICES[service].namespace, operation, paramsXml),
        });
        return answers[operation] ?? {};
      },
    },
  };
}

const when = new Date('2024-05-01T00:00:00Z');
const address = { street: 'Storgata 1', postalCode: '0155', postalArea: 'OSLO', city: 'Oslo', country: 'NO' };
const credential = {
  applicationId: '0f5f24a0-0000-4000-8000-000000000024',
  identityId: '6b0f6c1e-54a3-4a43-9a0b-2d7b1b3c9f10',
  username: 'api@demo.no',
  password: 'demo-password',
};

describe('requests against the WSDL schemas', () => {
  it('every operation, with every field Broen sets, is schema-valid', async () => {
    const { caller, sent } = recorder();
    await login(caller, credential);
    await hasSession(caller);
    await getIdentities(caller);
    await getIdentitiesWithCredential(caller, credential);
    await setIdentityById(caller, credential.identityId);

    await getCompanies(caller, { changedAfter: when, companyIds: [1, 2], organizationNumber: '923456783' });
    await getCompanySyncList(caller, { page: 1, changedAfter: when });
    await saveCompanies(caller, [
      {
        id: 10001,
        externalId: 'broen-1',
        organizationNumber: '923456783',
        name: 'Nordvik Bygg AS',
        addresses: { post: address, invoice: address, visit: address, delivery: address },
        phoneNumbers: { work: { value: '+47 22 00 00 00' }, mobile: { value: '+47 900 00 000' } },
        emailAddresses: { invoice: { value: 'faktura@nordvik.no' }, primary: { value: 'post@nordvik.no' } },
        country: 'NO',
        note: 'Fra Broen',
        type: 'Business',
        distributionMethod: 'EMail',
        currencyId: 'LOCAL',
        paymentTime: 14,
        discount: '2.50',
        explicitlySpecifyNewCompanyId: true,
        private: false,
      },
    ]);

    await getPersons(caller, { isEmployee: 'True', changedAfter: when, email: 'ola@demo.no' });
    await getPersonsDetailed(caller, { id: 501, getRelationData: true });

    await getClientInformation(caller);
    await getUsers(caller);
    await getDepartmentList(caller);
    await getTypeGroupList(caller, 'Sale');
    await getVatTypeList(caller);

    const ps = { projectIds: [1001], allOpenProjects: true, customerId: 10001, changedAfter: when };
    await getProjectList(caller, ps);
    await getProjectsDetailed(caller, ps);
    await getDeactivatedProjects(caller, { changedAfter: when });
    await getProjectStatuses(caller);
    await saveProject(caller, {
      name: 'Boligfelt Nordvik, trinn 2',
      dateStart: when,
      customerId: 10001,
      statusId: 1,
      departmentId: 1,
      participants: [501, 502],
      budgetHour: '120.5',
      fixedPrice: false,
    });

    await getWorkTypeList(caller, { active: 'True' });
    await getWorkTypeList(caller, { projectId: 1001 });
    await getHours(caller, { changedAfter: when, projectId: 1001, hourIds: [1, 2] });
    await saveHour(caller, {
      typeOfWorkId: 1,
      startTime: new Date('2024-05-06T06:00:00Z'),
      stopTime: new Date('2024-05-06T14:00:00Z'),
      totalHours: '7.5',
      totalHoursInvoice: '7.5',
      contactId: 501,
      projectId: 1001,
      description: 'Graving av grøft',
      locked: 'none',
      approved: 'False',
      needApproval: true,
      customerId: 10001,
    });

    await getProducts(caller, { dateChanged: when, productIds: [301] });
    await saveProducts(caller, [
      {
        name: 'Pukk 0-32 mm',
        no: 'P-1001',
        categoryId: 1,
        price: '189.00',
        inPrice: '120',
        stock: 1e21 as never,
        web: true,
      },
    ]);
    await getCategories(caller);
    await setStockQuantity(caller, 301, '140.25');

    await saveInvoices(caller, [
      {
        customerId: 10001,
        orderStatus: 'Web',
        dateOrdered: when,
        paymentTime: 14,
        projectId: 1001,
        ourReference: 12,
        yourReference: 'Ola Hansen',
        invoiceTitle: 'Arbeid uke 19',
        departmentId: 1,
        userDefinedDimensions: [{ typeId: 101, value: 'GM-01' }],
        invoiceRows: [
          {
            productId: 301,
            price: '129.00',
            name: 'Gipsplate',
            discountRate: '10',
            quantity: '20',
            changeState: 'Add',
            type: 'Normal',
            projectId: 1001,
            departmentId: 1,
            userDefinedDimensions: [{ typeId: 101, name: 'Maskin', value: 'GM-01' }],
          },
          { name: 'Timer iht. timeliste', type: 'Text' },
        ],
      },
    ]);
    await getInvoices(caller, {
      orderIds: [70015, 70016],
      changedAfter: when,
      orderStates: ['Web', 'Invoiced'],
    });
    await getOrderSyncList(caller, { changedAfter: when });

    await getUserDefinedDimensions(caller);
    await getUserDefinedDimensionValues(caller, 101);

    const operations = new Set(sent.map((s) => s.operation));
    expect(operations.size).toBe(32);
    for (const service of new Set(sent.map((r) => r.service))) {
      const requests = sent.filter((r) => r.service === service);
      const results = await validateOperationsXml(
        WSDL[service],
        requests.map((r) => r.envelope),
      );
      results.forEach((result, i) => {
        expect(result.errors, `${requests[i]?.operation}: ${requests[i]?.envelope}`).toEqual([]);
        expect(result.valid).toBe(true);
      });
    }
  }, 60_000);

  it('a request with elements out of schema order would be caught', async () => {
    const envelope = buildEnvelope(
      SERVICES.company.namespace,
      'SaveCompanies',
      '<companies><Company><Name>A</Name><Id>1</Id></Company></companies>',
    );
    expect((await validateOperationXml('companyService.wsdl', envelope)).valid).toBe(false);
  });
});
