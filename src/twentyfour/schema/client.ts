// Generated from ../shared/24so/wsdl/clientService.wsdl by src/twentyfour/schema/generate.ts. Do not edit.
// Field order is the WSDL sequence order; the codec writes and reads with these specs.
import { arrayOf, objectSpec } from '../codec.ts';

export type GetClientInformationRequest = Record<string, never>;

export const getClientInformationRequestSpec = objectSpec('GetClientInformation', []);

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

export type FaxNumberType = 'Unknown' | 'Work';

export interface FaxNumber {
  type?: FaxNumberType;
  value?: string;
}

export const faxNumberSpec = objectSpec('FaxNumber', [
  ['Type', 'type', 'string', 'req'],
  ['Value', 'value', 'string'],
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

export interface Client {
  addressList?: Addresses;
  country?: string;
  emailAddressList?: EmailAddresses;
  factoringClientNo?: string;
  factoringText?: string;
  faxNumberList?: FaxNumber[];
  isUsingFactoring?: boolean;
  name?: string;
  phoneNumberList?: PhoneNumbers;
  reminderDays?: number;
  reminderDays2?: number;
  reminderDays3?: number;
  userId?: number;
  bankAccount?: string;
  iban?: string;
  organizationNumber?: string;
  swift?: string;
  resellerId?: number;
  resellerName?: string;
  defaultCurrency?: string;
}

export const clientSpec = objectSpec('Client', [
  ['AddressList', 'addressList', addressesSpec],
  ['Country', 'country', 'string'],
  ['EmailAddressList', 'emailAddressList', emailAddressesSpec],
  ['FactoringClientNo', 'factoringClientNo', 'string'],
  ['FactoringText', 'factoringText', 'string'],
  ['FaxNumberList', 'faxNumberList', arrayOf('FaxNumber', faxNumberSpec)],
  ['IsUsingFactoring', 'isUsingFactoring', 'bool', 'req'],
  ['Name', 'name', 'string'],
  ['PhoneNumberList', 'phoneNumberList', phoneNumbersSpec],
  ['ReminderDays', 'reminderDays', 'int', 'req'],
  ['ReminderDays2', 'reminderDays2', 'int', 'req'],
  ['ReminderDays3', 'reminderDays3', 'int', 'req'],
  ['UserId', 'userId', 'long', 'req'],
  ['BankAccount', 'bankAccount', 'string'],
  ['IBAN', 'iban', 'string'],
  ['OrganizationNumber', 'organizationNumber', 'string'],
  ['Swift', 'swift', 'string'],
  ['ResellerId', 'resellerId', 'long'],
  ['ResellerName', 'resellerName', 'string'],
  ['DefaultCurrency', 'defaultCurrency', 'string'],
]);

export interface GetClientInformationResponse {
  getClientInformationResult?: Client;
}

export const getClientInformationResponseSpec = objectSpec('GetClientInformationResponse', [
  ['GetClientInformationResult', 'getClientInformationResult', clientSpec],
]);

export type GetUsersRequest = Record<string, never>;

export const getUsersRequestSpec = objectSpec('GetUsers', []);

export interface User {
  contactId?: number;
  id?: string;
  name?: string;
  employeeId?: number;
}

export const userSpec = objectSpec('User', [
  ['ContactId', 'contactId', 'int'],
  ['Id', 'id', 'guid'],
  ['Name', 'name', 'string'],
  ['EmployeeId', 'employeeId', 'int'],
]);

export interface GetUsersResponse {
  getUsersResult?: User[];
}

export const getUsersResponseSpec = objectSpec('GetUsersResponse', [
  ['GetUsersResult', 'getUsersResult', arrayOf('User', userSpec)],
]);

export type GetDepartmentListRequest = Record<string, never>;

export const getDepartmentListRequestSpec = objectSpec('GetDepartmentList', []);

export interface Department {
  id?: number;
  name?: string;
  addresses?: Addresses;
  phone?: string;
  fax?: string;
  email?: string;
}

export const departmentSpec = objectSpec('Department', [
  ['Id', 'id', 'int', 'req'],
  ['Name', 'name', 'string'],
  ['Addresses', 'addresses', addressesSpec],
  ['Phone', 'phone', 'string'],
  ['Fax', 'fax', 'string'],
  ['Email', 'email', 'string'],
]);

export interface GetDepartmentListResponse {
  getDepartmentListResult?: Department[];
}

export const getDepartmentListResponseSpec = objectSpec('GetDepartmentListResponse', [
  ['GetDepartmentListResult', 'getDepartmentListResult', arrayOf('Department', departmentSpec)],
]);

export type TypeGroupModule = 'All' | 'Sale' | 'Purchase';

export interface GetTypeGroupListRequest {
  module?: TypeGroupModule;
}

export const getTypeGroupListRequestSpec = objectSpec('GetTypeGroupList', [
  ['module', 'module', 'string', 'req'],
]);

export interface AccountingGroup {
  accountId?: number;
  id?: number;
  name?: string;
}

export const accountingGroupSpec = objectSpec('AccountingGroup', [
  ['AccountId', 'accountId', 'int', 'req'],
  ['Id', 'id', 'int', 'req'],
  ['Name', 'name', 'string'],
]);

export interface GetTypeGroupListResponse {
  getTypeGroupListResult?: AccountingGroup[];
}

export const getTypeGroupListResponseSpec = objectSpec('GetTypeGroupListResponse', [
  ['GetTypeGroupListResult', 'getTypeGroupListResult', arrayOf('AccountingGroup', accountingGroupSpec)],
]);

export type GetVatTypeListRequest = Record<string, never>;

export const getVatTypeListRequestSpec = objectSpec('GetVatTypeList', []);

export interface VatType {
  no?: number;
  name?: string;
  rate?: string;
}

export const vatTypeSpec = objectSpec('VatType', [
  ['No', 'no', 'int', 'req'],
  ['Name', 'name', 'string'],
  ['Rate', 'rate', 'decimal', 'req'],
]);

export interface GetVatTypeListResponse {
  getVatTypeListResult?: VatType[];
}

export const getVatTypeListResponseSpec = objectSpec('GetVatTypeListResponse', [
  ['GetVatTypeListResult', 'getVatTypeListResult', arrayOf('VatType', vatTypeSpec)],
]);
