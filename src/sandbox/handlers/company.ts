import type { Obj } from '../codec.ts';
import {
  apiException,
  changedAfter,
  type OperationContext,
  onlyMap,
  propertySet,
  publicCopy,
  requireClient,
  type ServiceDef,
} from '../service.ts';
import { bumpSequence, isoSeconds, nextId } from '../state.ts';

// CompanyService: customers. Batch saves answer per item (APIException, HTTP 200); the sync
// list pages by 1000 like 24SO's.

export const SYNC_PAGE_SIZE = 1000;

const SLOT_OBJECTS = new Set(['Addresses', 'EmailAddresses', 'PhoneNumbers']);

function getCompanies(ctx: OperationContext, p: Obj) {
  const client = requireClient(ctx);
  const s = (p.searchParams as Obj | undefined) ?? {};
  const ids = Array.isArray(s.CompanyIds) ? new Set(s.CompanyIds as number[]) : undefined;
  const name = typeof s.CompanyName === 'string' ? s.CompanyName.toLowerCase() : undefined;
  const email = typeof s.CompanyEmail === 'string' ? s.CompanyEmail.toLowerCase() : undefined;
  const result = client.companies.filter((c) => {
    if (c.$active === false) return false;
    if (s.CompanyId !== undefined && c.Id !== s.CompanyId) return false;
    if (ids && !ids.has(c.Id as number)) return false;
    if (s.ExternalId !== undefined && c.ExternalId !== s.ExternalId) return false;
    if (
      name &&
      !String(c.Name ?? '')
        .toLowerCase()
        .includes(name)
    )
      return false;
    if (s.OrganizationNumber !== undefined && c.OrganizationNumber !== s.OrganizationNumber) return false;
    if (
      email &&
      !Object.values((c.EmailAddresses as Obj | undefined) ?? {}).some(
        (e) => String((e as Obj).Value ?? '').toLowerCase() === email,
      )
    )
      return false;
    if (
      s.CompanyPhone !== undefined &&
      !Object.values((c.PhoneNumbers as Obj | undefined) ?? {}).some(
        (e) => (e as Obj).Value === s.CompanyPhone,
      )
    )
      return false;
    return changedAfter(c.DateChanged, s.ChangedAfter);
  });
  // The customer-portal password is write-only.
  return {
    result: result.map((c) => ({ ...publicCopy(c), Password: undefined })),
    only: onlyMap(['Company', propertySet(p.returnProperties)]),
  };
}

function getSyncList(ctx: OperationContext, p: Obj) {
  const client = requireClient(ctx);
  const s = (p.syncSearchParameters as Obj | undefined) ?? {};
  const page = Math.max(1, typeof s.Page === 'number' ? s.Page : 1);
  const all = client.companies
    .filter((c) => s.Active === undefined || (c.$active !== false) === s.Active)
    .filter(
      (c) => changedAfter(c.DateChanged, s.ChangedAfter) && changedAfter(c.$registered, s.RegisteredAfter),
    )
    .sort((a, b) => (a.Id as number) - (b.Id as number));
  const items = all.slice((page - 1) * SYNC_PAGE_SIZE, page * SYNC_PAGE_SIZE).map((c) => ({
    CompanyId: c.Id,
    ExternalId: c.ExternalId,
    DateChanged: c.DateChanged,
    DateRegistered: c.$registered,
    Active: c.$active !== false,
  }));
  return {
    result: {
      CurrentPage: page,
      TotalPages: Math.ceil(all.length / SYNC_PAGE_SIZE),
      TotalItems: all.length,
      ItemsPerPage: SYNC_PAGE_SIZE,
      Items: items,
    },
  };
}

function validate(company: Obj): string | undefined {
  const name = company.Name;
  if (typeof name === 'string' && name.length > 200) return 'Name cannot be longer than 200 characters.';
  if (typeof company.OrganizationNumber === 'string' && company.OrganizationNumber.length > 20) {
    return 'OrganizationNumber cannot be longer than 20 characters.';
  }
  if (typeof company.NickName === 'string' && company.NickName.length > 200)
    return 'NickName cannot be longer than 200 characters.';
  const country = typeof company.Country === 'string' ? company.Country : 'NO';
  if (
    typeof company.OrganizationNumber === 'string' &&
    company.OrganizationNumber !== '' &&
    country === 'NO'
  ) {
    if (!validNorwegianOrgNumber(company.OrganizationNumber)) return 'OrganizationNumber is not valid.';
  }
  return undefined;
}

/** 24SO checks Norwegian org. numbers: nine digits with a mod-11 check digit. */
function validNorwegianOrgNumber(value: string): boolean {
  const digits = value.replace(/\s/g, '');
  if (!/^\d{9}$/.test(digits)) return false;
  const weights = [3, 2, 7, 6, 5, 4, 3, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(digits[i]), 0);
  const check = sum % 11 === 0 ? 0 : 11 - (sum % 11);
  return check !== 10 && check === Number(digits[8]);
}

function merge(target: Obj, changes: Obj): void {
  for (const [key, value] of Object.entries(changes)) {
    if (key === 'ExplicitlySpecifyNewCompanyId' || key === 'APIException' || key === 'Id') continue;
    if (SLOT_OBJECTS.has(key) && value && typeof value === 'object') {
      target[key] = { ...((target[key] as Obj | undefined) ?? {}), ...(value as Obj) };
    } else {
      target[key] = value;
    }
  }
}

function saveCompanies(ctx: OperationContext, p: Obj) {
  const client = requireClient(ctx);
  const stamp = isoSeconds(ctx.now);
  const result = ((p.companies as Obj[] | undefined) ?? []).map((input) => {
    const failed = (message: string) => ({
      APIException: apiException('Data.ValidationException', message),
      ...input,
    });
    const problem = validate(input);
    if (problem) return failed(problem);
    const id = typeof input.Id === 'number' && input.Id > 0 ? input.Id : undefined;
    const existing = id === undefined ? undefined : client.companies.find((c) => c.Id === id);
    if (id !== undefined && !existing && input.ExplicitlySpecifyNewCompanyId !== true) {
      return failed(
        `Company with Id ${id} does not exist. Set ExplicitlySpecifyNewCompanyId to create it with this Id.`,
      );
    }
    if (!existing && (typeof input.Name !== 'string' || input.Name.trim() === ''))
      return failed('Name is required.');
    ctx.changed = true;
    if (existing) {
      merge(existing, input);
      existing.DateChanged = stamp;
      return { ...publicCopy(existing), Password: undefined };
    }
    const newId = id ?? nextId(client, 'companies');
    if (id !== undefined) bumpSequence(client, 'companies', id);
    const created: Obj = { Id: newId, Type: 'None', CurrencyId: 'LOCAL', $registered: stamp, $active: true };
    merge(created, input);
    created.DateCreated = stamp;
    created.DateChanged = stamp;
    client.companies.push(created);
    return { ...publicCopy(created), Password: undefined };
  });
  return { result };
}

export const companyService: ServiceDef = {
  name: 'CompanyService',
  path: '/CRM/Company/V001/CompanyService.asmx',
  wsdl: 'companyService.wsdl',
  operations: {
    GetCompanies: { needsClient: true, run: getCompanies },
    GetCompanySyncList: { needsClient: true, run: getSyncList },
    SaveCompanies: { needsClient: true, run: saveCompanies },
  },
};
