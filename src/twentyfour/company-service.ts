import { type ItemResult, readBatchItems, toItemResults } from './batch.ts';
import { readObject, writeFields } from './codec.ts';
import {
  type Company,
  type CompanySearchParameters,
  companySpec,
  type GetCompaniesResponse,
  type GetCompanySyncListResponse,
  getCompaniesRequestSpec,
  getCompaniesResponseSpec,
  getCompanySyncListRequestSpec,
  getCompanySyncListResponseSpec,
  type PageOfSyncCompany,
  type SyncSearchParameters,
  saveCompaniesRequestSpec,
} from './schema/company.ts';
import type { SoapCaller } from './transport.ts';

export type {
  Company,
  CompanySearchParameters,
  PageOfSyncCompany,
  SyncCompany,
  SyncSearchParameters,
} from './schema/company.ts';

/** What GetCompanies returns by default: everything Broen reads about a customer. */
export const COMPANY_PROPERTIES = [
  'Id',
  'ExternalId',
  'OrganizationNumber',
  'Name',
  'FirstName',
  'NickName',
  'Addresses',
  'PhoneNumbers',
  'EmailAddresses',
  'Url',
  'Country',
  'Note',
  'InvoiceLanguage',
  'Type',
  'DateCreated',
  'Status',
  'Owner',
  'TypeGroup',
  'DateChanged',
  'BlockInvoice',
  'DistributionMethod',
  'CurrencyId',
  'PaymentTime',
  'GlnNumber',
  'VatNumber',
  'Private',
];

/**
 * Customers matching the search; 24SO returns only the listed properties.
 * @example const changed = await getCompanies(session, { changedAfter: lastRun });
 */
export async function getCompanies(
  caller: SoapCaller,
  searchParams: CompanySearchParameters,
  returnProperties: string[] = COMPANY_PROPERTIES,
): Promise<Company[]> {
  const element = await caller.call(
    'company',
    'GetCompanies',
    writeFields(getCompaniesRequestSpec, { searchParams, returnProperties }),
  );
  return readObject<GetCompaniesResponse>(getCompaniesResponseSpec, element).getCompaniesResult ?? [];
}

/**
 * One page (1000 per page) of the company sync list: ids and change dates of every company.
 * @example const page = await getCompanySyncList(session, { page: 1 });
 */
export async function getCompanySyncList(
  caller: SoapCaller,
  params: SyncSearchParameters,
): Promise<PageOfSyncCompany> {
  const element = await caller.call(
    'company',
    'GetCompanySyncList',
    writeFields(getCompanySyncListRequestSpec, { syncSearchParameters: params }),
  );
  return (
    readObject<GetCompanySyncListResponse>(getCompanySyncListResponseSpec, element)
      .getCompanySyncListResult ?? {}
  );
}

/**
 * Creates or updates customers; one outcome per company, in the order sent, with the id or
 * the APIException 24SO reported for it.
 * @example const results = await saveCompanies(session, [{ name: 'Nordvik Bygg AS', type: 'Business' }]);
 */
export async function saveCompanies(
  caller: SoapCaller,
  companies: Company[],
): Promise<ItemResult<Company>[]> {
  if (companies.length === 0) return [];
  const element = await caller.call(
    'company',
    'SaveCompanies',
    writeFields(saveCompaniesRequestSpec, { companies }),
  );
  const items = readBatchItems<Company>(companySpec, element, 'SaveCompaniesResult', 'Company');
  return toItemResults(items, companies.length, (c) => c.id);
}
