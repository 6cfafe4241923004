// Generated from ../shared/24so/wsdl/personService.wsdl by src/twentyfour/schema/generate.ts. Do not edit.
// Field order is the WSDL sequence order; the codec writes and reads with these specs.
import { arrayOf, objectSpec } from '../codec.ts';

export type TriState = 'none' | 'True' | 'False';

export interface PersonSearchParameters {
  changedAfter?: Date;
  consumerPersonNo?: string;
  customerId?: number;
  email?: string;
  employeeId?: number;
  getRelationData?: boolean;
  id?: number;
  isEmployee?: TriState;
  name?: string;
  role?: string;
  phone?: string;
}

export const personSearchParametersSpec = objectSpec('PersonSearchParameters', [
  ['ChangedAfter', 'changedAfter', 'dateTime'],
  ['ConsumerPersonNo', 'consumerPersonNo', 'string'],
  ['CustomerId', 'customerId', 'long'],
  ['Email', 'email', 'string'],
  ['EmployeeId', 'employeeId', 'int'],
  ['GetRelationData', 'getRelationData', 'bool'],
  ['Id', 'id', 'long'],
  ['IsEmployee', 'isEmployee', 'string'],
  ['Name', 'name', 'string'],
  ['Role', 'role', 'string'],
  ['Phone', 'phone', 'string'],
]);

export interface GetPersonsRequest {
  personSearch?: PersonSearchParameters;
}

export const getPersonsRequestSpec = objectSpec('GetPersons', [
  ['personSearch', 'personSearch', personSearchParametersSpec],
]);

export type EmailAddressType = 'Home' | 'Primary' | 'Alternative';

export interface EmailAddress {
  description?: string;
  type?: EmailAddressType;
  value?: string;
}

export const emailAddressSpec = objectSpec('EmailAddress', [
  ['Description', 'description', 'string'],
  ['Type', 'type', 'string', 'req'],
  ['Value', 'value', 'string'],
]);

export type FaxNumberType = 'Primary';

export interface FaxNumber {
  description?: string;
  type?: FaxNumberType;
  value?: string;
}

export const faxNumberSpec = objectSpec('FaxNumber', [
  ['Description', 'description', 'string'],
  ['Type', 'type', 'string', 'req'],
  ['Value', 'value', 'string'],
]);

export type Gender = 'NoChange' | 'Unknown' | 'Female' | 'Male';

export type PhoneNumberType = 'Primary' | 'Mobile';

export interface PhoneNumber {
  description?: string;
  type?: PhoneNumberType;
  value?: string;
}

export const phoneNumberSpec = objectSpec('PhoneNumber', [
  ['Description', 'description', 'string'],
  ['Type', 'type', 'string', 'req'],
  ['Value', 'value', 'string'],
]);

export type AddressType = 'Post';

export interface Address {
  city?: string;
  country?: string;
  county?: string;
  description?: string;
  postalArea?: string;
  postalCode?: string;
  state?: string;
  street?: string;
  type?: AddressType;
}

export const addressSpec = objectSpec('Address', [
  ['City', 'city', 'string'],
  ['Country', 'country', 'string'],
  ['County', 'county', 'string'],
  ['Description', 'description', 'string'],
  ['PostalArea', 'postalArea', 'string'],
  ['PostalCode', 'postalCode', 'string'],
  ['State', 'state', 'string'],
  ['Street', 'street', 'string'],
  ['Type', 'type', 'string', 'req'],
]);

export interface RelationData {
  contactId?: number;
  customerId?: number;
  email?: string;
  mobile?: string;
  phone?: string;
  title?: string;
}

export const relationDataSpec = objectSpec('RelationData', [
  ['ContactId', 'contactId', 'long', 'req'],
  ['CustomerId', 'customerId', 'long', 'req'],
  ['Email', 'email', 'string'],
  ['Mobile', 'mobile', 'string'],
  ['Phone', 'phone', 'string'],
  ['Title', 'title', 'string'],
]);

export interface PersonItem {
  comment?: string;
  consumerPersonNo?: string;
  country?: string;
  customerId?: number;
  dateRegistered?: Date;
  dateChanged?: Date;
  dateOfBirth?: Date;
  department?: string;
  emailAddresses?: EmailAddress[];
  employeeNumber?: number;
  faxNumber?: FaxNumber;
  firstName?: string;
  gender?: Gender;
  id?: number;
  lastName?: string;
  nickname?: string;
  personalStatus?: string;
  phoneNumbers?: PhoneNumber[];
  postAddress?: Address;
  relationData?: RelationData[];
  url?: string;
  webPassword?: string;
  webUserName?: string;
  workplace?: string;
  workPosition?: string;
  isPrivate?: boolean;
  hourCost?: string;
  employeeId?: number;
}

export const personItemSpec = objectSpec('PersonItem', [
  ['Comment', 'comment', 'string'],
  ['ConsumerPersonNo', 'consumerPersonNo', 'string'],
  ['Country', 'country', 'string'],
  ['CustomerId', 'customerId', 'int'],
  ['DateRegistered', 'dateRegistered', 'dateTime'],
  ['DateChanged', 'dateChanged', 'dateTime'],
  ['DateOfBirth', 'dateOfBirth', 'dateTime'],
  ['Department', 'department', 'string'],
  ['EmailAddresses', 'emailAddresses', arrayOf('EmailAddress', emailAddressSpec)],
  ['EmployeeNumber', 'employeeNumber', 'int'],
  ['FaxNumber', 'faxNumber', faxNumberSpec],
  ['FirstName', 'firstName', 'string'],
  ['Gender', 'gender', 'string'],
  ['Id', 'id', 'long'],
  ['LastName', 'lastName', 'string'],
  ['Nickname', 'nickname', 'string'],
  ['PersonalStatus', 'personalStatus', 'string'],
  ['PhoneNumbers', 'phoneNumbers', arrayOf('PhoneNumber', phoneNumberSpec)],
  ['PostAddress', 'postAddress', addressSpec],
  ['RelationData', 'relationData', arrayOf('RelationData', relationDataSpec)],
  ['Url', 'url', 'string'],
  ['WebPassword', 'webPassword', 'string'],
  ['WebUserName', 'webUserName', 'string'],
  ['Workplace', 'workplace', 'string'],
  ['WorkPosition', 'workPosition', 'string'],
  ['IsPrivate', 'isPrivate', 'bool', 'nil'],
  ['HourCost', 'hourCost', 'decimal', 'nil'],
  ['EmployeeId', 'employeeId', 'int', 'nil'],
]);

export interface GetPersonsResponse {
  getPersonsResult?: PersonItem[];
}

export const getPersonsResponseSpec = objectSpec('GetPersonsResponse', [
  ['GetPersonsResult', 'getPersonsResult', arrayOf('PersonItem', personItemSpec)],
]);

export interface GetPersonsDetailedRequest {
  personSearch?: PersonSearchParameters;
}

export const getPersonsDetailedRequestSpec = objectSpec('GetPersonsDetailed', [
  ['personSearch', 'personSearch', personSearchParametersSpec],
]);

export interface GetPersonsDetailedResponse {
  getPersonsDetailedResult?: PersonItem[];
}

export const getPersonsDetailedResponseSpec = objectSpec('GetPersonsDetailedResponse', [
  ['GetPersonsDetailedResult', 'getPersonsDetailedResult', arrayOf('PersonItem', personItemSpec)],
]);
