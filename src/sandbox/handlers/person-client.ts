import type { Obj } from '../codec.ts';
import {
  changedAfter,
  copyState,
  type OperationContext,
  publicCopy,
  requireClient,
  type ServiceDef,
  serverFault,
} from '../service.ts';
import { isoSeconds, nextId } from '../state.ts';

// PersonService (contacts and employees) and ClientService (the client itself, its users
// and lookup lists).

/** What GetPersons returns; GetPersonsDetailed returns every property. */
const SHORT_PERSON = [
  'Country',
  'CustomerId',
  'DateChanged',
  'EmailAddresses',
  'EmployeeNumber',
  'FirstName',
  'Id',
  'LastName',
  'PhoneNumbers',
  'RelationData',
  'EmployeeId',
];

function findPersons(ctx: OperationContext, p: Obj, detailed: boolean) {
  const client = requireClient(ctx);
  const s = (p.personSearch as Obj | undefined) ?? {};
  const name = typeof s.Name === 'string' ? s.Name.toLowerCase() : undefined;
  const email = typeof s.Email === 'string' ? s.Email.toLowerCase() : undefined;
  const persons = client.persons.filter((x) => {
    if (s.Id !== undefined && x.Id !== s.Id) return false;
    if (s.EmployeeId !== undefined && x.EmployeeId !== s.EmployeeId) return false;
    if (s.IsEmployee === 'True' && x.EmployeeId === undefined) return false;
    if (s.IsEmployee === 'False' && x.EmployeeId !== undefined) return false;
    if (s.ConsumerPersonNo !== undefined && x.ConsumerPersonNo !== s.ConsumerPersonNo) return false;
    if (s.CustomerId !== undefined) {
      const related = ((x.RelationData as Obj[] | undefined) ?? []).some(
        (r) => r.CustomerId === s.CustomerId,
      );
      if (x.CustomerId !== s.CustomerId && !related) return false;
    }
    if (
      name &&
      !`${x.FirstName ?? ''} ${x.LastName ?? ''}`
        .toLowerCase()
        .split(/\s+/)
        .some((w) => w.startsWith(name))
    )
      return false;
    if (
      email &&
      !((x.EmailAddresses as Obj[] | undefined) ?? []).some((e) => String(e.Value).toLowerCase() === email)
    )
      return false;
    if (
      s.Phone !== undefined &&
      !((x.PhoneNumbers as Obj[] | undefined) ?? []).some((e) => e.Value === s.Phone)
    )
      return false;
    return changedAfter(x.DateChanged, s.ChangedAfter);
  });
  return persons.map((x) => {
    const copy = publicCopy(x);
    if (s.GetRelationData !== true) delete copy.RelationData;
    if (!detailed) for (const key of Object.keys(copy)) if (!SHORT_PERSON.includes(key)) delete copy[key];
    return copy;
  });
}

function savePerson(ctx: OperationContext, p: Obj): number {
  const client = requireClient(ctx);
  const input = (p.personItem as Obj | undefined) ?? {};
  const stamp = isoSeconds(ctx.now);
  const { Id: id, ...changes } = input;
  ctx.changed = true;
  if (typeof id === 'number' && id > 0) {
    const existing = client.persons.find((x) => x.Id === id);
    if (!existing) throw serverFault(`Person with Id ${id} does not exist.`);
    Object.assign(existing, changes, { DateChanged: stamp });
    return id;
  }
  if (changes.EmployeeId !== undefined)
    throw serverFault('Employees cannot be created through PersonService.');
  if (!changes.FirstName && !changes.LastName) throw serverFault('FirstName or LastName is required.');
  const created: Obj = {
    IsPrivate: true,
    ...changes,
    Id: nextId(client, 'persons'),
    DateRegistered: stamp,
    DateChanged: stamp,
  };
  client.persons.push(created);
  return created.Id as number;
}

export const personService: ServiceDef = {
  name: 'PersonService',
  path: '/CRM/Contact/PersonService.asmx',
  wsdl: 'personService.wsdl',
  operations: {
    GetPersons: { needsClient: true, run: (ctx, p) => ({ result: findPersons(ctx, p, false) }) },
    GetPersonsDetailed: { needsClient: true, run: (ctx, p) => ({ result: findPersons(ctx, p, true) }) },
    SavePerson: { needsClient: true, run: (ctx, p) => ({ result: savePerson(ctx, p) }) },
  },
};

const CURRENCIES = [
  { Symbol: 'NOK', Id: 1, Rate: '1', Unit: 1 },
  { Symbol: 'SEK', Id: 2, Rate: '0.98', Unit: 1 },
  { Symbol: 'EUR', Id: 3, Rate: '11.62', Unit: 1 },
];

export const clientService: ServiceDef = {
  name: 'ClientService',
  path: '/Client/V001/ClientService.asmx',
  wsdl: 'clientService.wsdl',
  operations: {
    GetClientInformation: {
      needsClient: true,
      run: (ctx) => {
        const client = requireClient(ctx);
        return { result: { ...copyState(client.info), Name: client.name } };
      },
    },
    GetUsers: { needsClient: true, run: (ctx) => ({ result: copyState(requireClient(ctx).users) }) },
    GetDepartmentList: {
      needsClient: true,
      run: (ctx) => ({ result: copyState(requireClient(ctx).departments) }),
    },
    GetVatTypeList: {
      needsClient: true,
      run: (ctx) => ({ result: copyState(requireClient(ctx).vatTypes) }),
    },
    GetCurrencyList: { needsClient: true, run: () => ({ result: CURRENCIES }) },
    GetTypeGroupList: {
      needsClient: true,
      run: (ctx, p) => ({
        result: requireClient(ctx)
          .typeGroups.filter((g) => p.module === 'All' || p.module === undefined || g.$module === p.module)
          .map(publicCopy),
      }),
    },
  },
};
