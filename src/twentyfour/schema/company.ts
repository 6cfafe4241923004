// Generated from ../shared/24so/wsdl/companyService.wsdl by src/twentyfour/schema/generate.ts. Do not edit.
// Field order is the WSDL sequence order; the codec writes and reads with these specs.
import { arrayOf, objectSpec } from '../codec.ts';

export interface CompanySearchParameters {
  externalId?: string;
  companyId?: number;
  companyIds?: number[];
  companyName?: string;
  changedAfter?: Date;
  companyEmail?: string;
  companyPhone?: string;
  organizationNumber?: string;
}

export const companySearchParametersSpec = objectSpec('CompanySearchParameters', [
  ['ExternalId', 'externalId', 'string'],
  ['CompanyId', 'companyId', 'int'],
  ['CompanyIds', 'companyIds', arrayOf('int', 'int')],
  ['CompanyName', 'companyName', 'string'],
  ['ChangedAfter', 'changedAfter', 'dateTime'],
  ['CompanyEmail', 'companyEmail', 'string'],
  ['CompanyPhone', 'companyPhone', 'string'],
  ['OrganizationNumber', 'organizationNumber', 'string'],
]);

export interface GetCompaniesRequest {
  searchParams?: CompanySearchParameters;
  returnProperties?: string[];
}

export const getCompaniesRequestSpec = objectSpec('GetCompanies', [
  ['searchParams', 'searchParams', companySearchParametersSpec],
  ['returnProperties', 'returnProperties', arrayOf('string', 'string')],
]);

export interface APIException {
  type?: string;
  message?: string;
  stackTrace?: string;
}

export const aPIExceptionSpec = objectSpec('APIException', [
  ['Type', 'type', 'string'],
  ['Message', 'message', 'string'],
  ['StackTrace', 'stackTrace', 'string'],
]);

export interface Address {
  street?: string;
  state?: string;
  postalCode?: string;
  postalArea?: string;
  name?: string;
  city?: string;
  country?: string;
}

export const addressSpec = objectSpec('Address', [
  ['Street', 'street', 'string'],
  ['State', 'state', 'string'],
  ['PostalCode', 'postalCode', 'string'],
  ['PostalArea', 'postalArea', 'string'],
  ['Name', 'name', 'string'],
  ['City', 'city', 'string'],
  ['Country', 'country', 'string'],
]);

export interface Addresses {
  post?: Address;
  delivery?: Address;
  visit?: Address;
  invoice?: Address;
}

export const addressesSpec = objectSpec('Addresses', [
  ['Post', 'post', addressSpec],
  ['Delivery', 'delivery', addressSpec],
  ['Visit', 'visit', addressSpec],
  ['Invoice', 'invoice', addressSpec],
]);

export interface PhoneNumber {
  description?: string;
  value?: string;
}

export const phoneNumberSpec = objectSpec('PhoneNumber', [
  ['Description', 'description', 'string'],
  ['Value', 'value', 'string'],
]);

export interface PhoneNumbers {
  home?: PhoneNumber;
  fax?: PhoneNumber;
  mobile?: PhoneNumber;
  primary?: PhoneNumber;
  work?: PhoneNumber;
}

export const phoneNumbersSpec = objectSpec('PhoneNumbers', [
  ['Home', 'home', phoneNumberSpec],
  ['Fax', 'fax', phoneNumberSpec],
  ['Mobile', 'mobile', phoneNumberSpec],
  ['Primary', 'primary', phoneNumberSpec],
  ['Work', 'work', phoneNumberSpec],
]);

export interface EmailAddress {
  description?: string;
  name?: string;
  value?: string;
}

export const emailAddressSpec = objectSpec('EmailAddress', [
  ['Description', 'description', 'string'],
  ['Name', 'name', 'string'],
  ['Value', 'value', 'string'],
]);

export interface EmailAddresses {
  home?: EmailAddress;
  invoice?: EmailAddress;
  primary?: EmailAddress;
  work?: EmailAddress;
  alternative?: EmailAddress;
}

export const emailAddressesSpec = objectSpec('EmailAddresses', [
  ['Home', 'home', emailAddressSpec],
  ['Invoice', 'invoice', emailAddressSpec],
  ['Primary', 'primary', emailAddressSpec],
  ['Work', 'work', emailAddressSpec],
  ['Alternative', 'alternative', emailAddressSpec],
]);

export type CompanyType = 'None' | 'Lead' | 'Consumer' | 'Business' | 'Supplier';

export interface Relation {
  contactId?: number;
  companyId?: number;
  firstName?: string;
  lastName?: string;
  role?: string;
  roleId?: number;
  phoneNumbers?: PhoneNumbers;
  emailAddresses?: EmailAddresses;
  fax?: string;
}

export const relationSpec = objectSpec('Relation', [
  ['ContactId', 'contactId', 'int'],
  ['CompanyId', 'companyId', 'int'],
  ['FirstName', 'firstName', 'string'],
  ['LastName', 'lastName', 'string'],
  ['Role', 'role', 'string'],
  ['RoleId', 'roleId', 'int'],
  ['PhoneNumbers', 'phoneNumbers', phoneNumbersSpec],
  ['EmailAddresses', 'emailAddresses', emailAddressesSpec],
  ['Fax', 'fax', 'string'],
]);

export interface CompanyMap {
  mapType?: number;
  externalId?: string;
  companyId?: number;
}

export const companyMapSpec = objectSpec('CompanyMap', [
  ['MapType', 'mapType', 'int', 'req'],
  ['ExternalId', 'externalId', 'string'],
  ['CompanyId', 'companyId', 'int', 'req'],
]);

export type DistributionMethod = 'Unchanged' | 'Print' | 'EMail' | 'ElectronicInvoice' | 'Default';

export type CurrencyType =
  | 'LOCAL'
  | 'AED'
  | 'AFN'
  | 'ALL'
  | 'AMD'
  | 'ANG'
  | 'AOA'
  | 'ARS'
  | 'AUD'
  | 'AWG'
  | 'AZN'
  | 'BAM'
  | 'BBD'
  | 'BDT'
  | 'BGN'
  | 'BHD'
  | 'BIF'
  | 'BMD'
  | 'BND'
  | 'BOB'
  | 'BOV'
  | 'BRL'
  | 'BSD'
  | 'BTN'
  | 'BWP'
  | 'BYN'
  | 'BYR'
  | 'BZD'
  | 'CAD'
  | 'CDF'
  | 'CHE'
  | 'CHF'
  | 'CHW'
  | 'CLF'
  | 'CLP'
  | 'CNY'
  | 'COP'
  | 'COU'
  | 'CRC'
  | 'CUC'
  | 'CUP'
  | 'CVE'
  | 'CZK'
  | 'DJF'
  | 'DKK'
  | 'DOP'
  | 'DZD'
  | 'EEK'
  | 'EGP'
  | 'ERN'
  | 'ETB'
  | 'EUR'
  | 'FJD'
  | 'FKP'
  | 'GBP'
  | 'GEL'
  | 'GHS'
  | 'GIP'
  | 'GMD'
  | 'GNF'
  | 'GTQ'
  | 'GYD'
  | 'HKD'
  | 'HNL'
  | 'HRK'
  | 'HTG'
  | 'HUF'
  | 'IDR'
  | 'ILS'
  | 'INR'
  | 'IQD'
  | 'IRR'
  | 'ISK'
  | 'JMD'
  | 'JOD'
  | 'JPY'
  | 'KES'
  | 'KGS'
  | 'KHR'
  | 'KMF'
  | 'KPW'
  | 'KRW'
  | 'KWD'
  | 'KYD'
  | 'KZT'
  | 'LAK'
  | 'LBP'
  | 'LKR'
  | 'LRD'
  | 'LSL'
  | 'LTL'
  | 'LVL'
  | 'LYD'
  | 'MAD'
  | 'MDL'
  | 'MGA'
  | 'MKD'
  | 'MMK'
  | 'MNT'
  | 'MOP'
  | 'MRO'
  | 'MTL'
  | 'MUR'
  | 'MVR'
  | 'MWK'
  | 'MXN'
  | 'MXV'
  | 'MYR'
  | 'MZN'
  | 'NAD'
  | 'NGN'
  | 'NIO'
  | 'NOK'
  | 'NPR'
  | 'NZD'
  | 'OMR'
  | 'PAB'
  | 'PEN'
  | 'PGK'
  | 'PHP'
  | 'PKR'
  | 'PLN'
  | 'PYG'
  | 'QAR'
  | 'RON'
  | 'RSD'
  | 'RUB'
  | 'RWF'
  | 'SAR'
  | 'SBD'
  | 'SCR'
  | 'SDG'
  | 'SEK'
  | 'SGD'
  | 'SHP'
  | 'SKK'
  | 'SLL'
  | 'SOS'
  | 'SRD'
  | 'STD'
  | 'SYP'
  | 'SZL'
  | 'THB'
  | 'TJS'
  | 'TMT'
  | 'TND'
  | 'TOP'
  | 'TRY'
  | 'TTD'
  | 'TWD'
  | 'TZS'
  | 'UAH'
  | 'UGX'
  | 'USD'
  | 'UYU'
  | 'UZS'
  | 'VEF'
  | 'VND'
  | 'VUV'
  | 'WST'
  | 'XAF'
  | 'XAG'
  | 'XAU'
  | 'XBA'
  | 'XBB'
  | 'XBC'
  | 'XBD'
  | 'XCD'
  | 'XDR'
  | 'XFU'
  | 'XOF'
  | 'XPD'
  | 'XPF'
  | 'XPT'
  | 'XTS'
  | 'XXX'
  | 'YER'
  | 'ZAR'
  | 'ZMK'
  | 'ZWL'
  | 'ZWD';

export interface Company {
  apiException?: APIException;
  id?: number;
  externalId?: string;
  organizationNumber?: string;
  name?: string;
  firstName?: string;
  nickName?: string;
  addresses?: Addresses;
  phoneNumbers?: PhoneNumbers;
  emailAddresses?: EmailAddresses;
  url?: string;
  country?: string;
  note?: string;
  invoiceLanguage?: string;
  type?: CompanyType;
  username?: string;
  password?: string;
  incorporationDate?: Date;
  dateCreated?: Date;
  status?: number;
  priceList?: number;
  owner?: number;
  bankAccountNo?: string;
  bankAccountType?: string;
  bankAccountCountry?: string;
  bankAccountBic?: string;
  termsOfDeliveryId?: number;
  accountDebit?: number;
  accountCredit?: number;
  discount?: string;
  typeGroup?: number;
  shareCapital?: string;
  numberOfEmployees?: number;
  turnover?: string;
  profit?: string;
  industryId?: number;
  memberNo?: number;
  dateChanged?: Date;
  blockInvoice?: boolean;
  relations?: Relation[];
  maps?: CompanyMap[];
  distributionMethod?: DistributionMethod;
  currencyId?: CurrencyType;
  paymentTime?: number;
  glnNumber?: string;
  factoring?: boolean;
  ledgerCustomerAccount?: number;
  ledgerSupplierAccount?: number;
  vatNumber?: string;
  private?: boolean;
  explicitlySpecifyNewCompanyId?: boolean;
}

export const companySpec = objectSpec('Company', [
  ['APIException', 'apiException', aPIExceptionSpec],
  ['Id', 'id', 'int'],
  ['ExternalId', 'externalId', 'string'],
  ['OrganizationNumber', 'organizationNumber', 'string'],
  ['Name', 'name', 'string'],
  ['FirstName', 'firstName', 'string'],
  ['NickName', 'nickName', 'string'],
  ['Addresses', 'addresses', addressesSpec],
  ['PhoneNumbers', 'phoneNumbers', phoneNumbersSpec],
  ['EmailAddresses', 'emailAddresses', emailAddressesSpec],
  ['Url', 'url', 'string'],
  ['Country', 'country', 'string'],
  ['Note', 'note', 'string'],
  ['InvoiceLanguage', 'invoiceLanguage', 'string'],
  ['Type', 'type', 'string'],
  ['Username', 'username', 'string'],
  ['Password', 'password', 'string'],
  ['IncorporationDate', 'incorporationDate', 'dateTime'],
  ['DateCreated', 'dateCreated', 'dateTime'],
  ['Status', 'status', 'int'],
  ['PriceList', 'priceList', 'int'],
  ['Owner', 'owner', 'int'],
  ['BankAccountNo', 'bankAccountNo', 'string'],
  ['BankAccountType', 'bankAccountType', 'string'],
  ['BankAccountCountry', 'bankAccountCountry', 'string'],
  ['BankAccountBic', 'bankAccountBic', 'string'],
  ['TermsOfDeliveryId', 'termsOfDeliveryId', 'int'],
  ['AccountDebit', 'accountDebit', 'short'],
  ['AccountCredit', 'accountCredit', 'short'],
  ['Discount', 'discount', 'decimal'],
  ['TypeGroup', 'typeGroup', 'int'],
  ['ShareCapital', 'shareCapital', 'decimal'],
  ['NumberOfEmployees', 'numberOfEmployees', 'int'],
  ['Turnover', 'turnover', 'decimal'],
  ['Profit', 'profit', 'decimal'],
  ['IndustryId', 'industryId', 'int'],
  ['MemberNo', 'memberNo', 'int'],
  ['DateChanged', 'dateChanged', 'dateTime'],
  ['BlockInvoice', 'blockInvoice', 'bool'],
  ['Relations', 'relations', arrayOf('Relation', relationSpec)],
  ['Maps', 'maps', arrayOf('CompanyMap', companyMapSpec)],
  ['DistributionMethod', 'distributionMethod', 'string'],
  ['CurrencyId', 'currencyId', 'string'],
  ['PaymentTime', 'paymentTime', 'short'],
  ['GlnNumber', 'glnNumber', 'string'],
  ['Factoring', 'factoring', 'bool', 'nil'],
  ['LedgerCustomerAccount', 'ledgerCustomerAccount', 'short'],
  ['LedgerSupplierAccount', 'ledgerSupplierAccount', 'short'],
  ['VatNumber', 'vatNumber', 'string'],
  ['Private', 'private', 'bool', 'nil'],
  ['ExplicitlySpecifyNewCompanyId', 'explicitlySpecifyNewCompanyId', 'bool', 'nil'],
]);

export interface GetCompaniesResponse {
  getCompaniesResult?: Company[];
}

export const getCompaniesResponseSpec = objectSpec('GetCompaniesResponse', [
  ['GetCompaniesResult', 'getCompaniesResult', arrayOf('Company', companySpec)],
]);

export interface SyncSearchParameters {
  page?: number;
  active?: boolean;
  changedAfter?: Date;
  registeredAfter?: Date;
}

export const syncSearchParametersSpec = objectSpec('SyncSearchParameters', [
  ['Page', 'page', 'int'],
  ['Active', 'active', 'bool', 'req,nil'],
  ['ChangedAfter', 'changedAfter', 'dateTime'],
  ['RegisteredAfter', 'registeredAfter', 'dateTime'],
]);

export interface GetCompanySyncListRequest {
  syncSearchParameters?: SyncSearchParameters;
}

export const getCompanySyncListRequestSpec = objectSpec('GetCompanySyncList', [
  ['syncSearchParameters', 'syncSearchParameters', syncSearchParametersSpec],
]);

export interface SyncCompany {
  companyId?: number;
  externalId?: string;
  dateChanged?: Date;
  dateRegistered?: Date;
  active?: boolean;
}

export const syncCompanySpec = objectSpec('SyncCompany', [
  ['CompanyId', 'companyId', 'int'],
  ['ExternalId', 'externalId', 'string'],
  ['DateChanged', 'dateChanged', 'dateTime'],
  ['DateRegistered', 'dateRegistered', 'dateTime', 'req'],
  ['Active', 'active', 'bool', 'req'],
]);

export interface PageOfSyncCompany {
  currentPage?: number;
  totalPages?: number;
  totalItems?: number;
  itemsPerPage?: number;
  items?: SyncCompany[];
  context?: unknown;
}

export const pageOfSyncCompanySpec = objectSpec('PageOfSyncCompany', [
  ['CurrentPage', 'currentPage', 'long', 'req'],
  ['TotalPages', 'totalPages', 'long', 'req'],
  ['TotalItems', 'totalItems', 'long', 'req'],
  ['ItemsPerPage', 'itemsPerPage', 'long', 'req'],
  ['Items', 'items', arrayOf('SyncCompany', syncCompanySpec)],
  ['Context', 'context', 'any'],
]);

export interface GetCompanySyncListResponse {
  getCompanySyncListResult?: PageOfSyncCompany;
}

export const getCompanySyncListResponseSpec = objectSpec('GetCompanySyncListResponse', [
  ['GetCompanySyncListResult', 'getCompanySyncListResult', pageOfSyncCompanySpec],
]);

export interface SaveCompaniesRequest {
  companies?: Company[];
}

export const saveCompaniesRequestSpec = objectSpec('SaveCompanies', [
  ['companies', 'companies', arrayOf('Company', companySpec)],
]);

export interface SaveCompaniesResponse {
  saveCompaniesResult?: Company[];
}

export const saveCompaniesResponseSpec = objectSpec('SaveCompaniesResponse', [
  ['SaveCompaniesResult', 'saveCompaniesResult', arrayOf('Company', companySpec)],
]);
