// Generated from src/sandbox/wsdl/timeService.wsdl by src/twentyfour/schema/generate.ts. Do not edit.
// Field order is the WSDL sequence order; the codec writes and reads with these specs.
import { arrayOf, objectSpec } from '../codec.ts';

export type TriState = 'none' | 'True' | 'False';

export interface GetWorkTypeListRequest {
  active?: TriState;
  projectId?: number;
}

export const getWorkTypeListRequestSpec = objectSpec('GetWorkTypeList', [
  ['Active', 'active', 'string'],
  ['ProjectId', 'projectId', 'int'],
]);

export interface WorkType {
  id?: number;
  name?: string;
  description?: string;
  invoiceable?: boolean;
  price?: string;
  productId?: number;
}

export const workTypeSpec = objectSpec('WorkType', [
  ['Id', 'id', 'int'],
  ['Name', 'name', 'string'],
  ['Description', 'description', 'string'],
  ['Invoiceable', 'invoiceable', 'bool'],
  ['Price', 'price', 'decimal'],
  ['ProductId', 'productId', 'int'],
]);

export interface GetWorkTypeListResponse {
  getWorkTypeListResult?: WorkType[];
}

export const getWorkTypeListResponseSpec = objectSpec('GetWorkTypeListResponse', [
  ['GetWorkTypeListResult', 'getWorkTypeListResult', arrayOf('WorkType', workTypeSpec)],
]);

export type HourStatus = 'none' | 'Registered' | 'Locked' | 'Approved' | 'Rejected';

export interface HourSearch {
  status?: HourStatus;
  typeOfWorkId?: number;
  contactId?: number;
  startTime?: Date;
  stopTime?: Date;
  changedAfter?: Date;
  registeredAfter?: Date;
  projectId?: number;
  hourIds?: number[];
}

export const hourSearchSpec = objectSpec('HourSearch', [
  ['Status', 'status', 'string'],
  ['TypeOfWorkId', 'typeOfWorkId', 'int'],
  ['ContactId', 'contactId', 'int'],
  ['StartTime', 'startTime', 'dateTime'],
  ['StopTime', 'stopTime', 'dateTime'],
  ['ChangedAfter', 'changedAfter', 'dateTime'],
  ['RegisteredAfter', 'registeredAfter', 'dateTime'],
  ['ProjectId', 'projectId', 'int'],
  ['HourIds', 'hourIds', arrayOf('int', 'int')],
]);

export interface GetHoursRequest {
  hs?: HourSearch;
}

export const getHoursRequestSpec = objectSpec('GetHours', [['hs', 'hs', hourSearchSpec]]);

export interface Cost {
  id?: number;
  dateRegistered?: Date;
  productId?: number;
  supplierCompanyId?: number;
  quantity?: string;
  inPrice?: string;
  description?: string;
  projectId?: number;
  price?: string;
  customerId?: number;
  contactId?: number;
}

export const costSpec = objectSpec('Cost', [
  ['Id', 'id', 'int'],
  ['DateRegistered', 'dateRegistered', 'dateTime', 'nil'],
  ['ProductId', 'productId', 'int', 'nil'],
  ['SupplierCompanyId', 'supplierCompanyId', 'int', 'nil'],
  ['Quantity', 'quantity', 'double', 'nil'],
  ['InPrice', 'inPrice', 'decimal', 'nil'],
  ['Description', 'description', 'string'],
  ['ProjectId', 'projectId', 'int', 'nil'],
  ['Price', 'price', 'decimal'],
  ['CustomerId', 'customerId', 'int'],
  ['ContactId', 'contactId', 'int'],
]);

export interface Hour {
  id?: number;
  typeOfWorkId?: number;
  startTime?: Date;
  stopTime?: Date;
  totalHours?: string;
  totalHoursInvoice?: string;
  contactId?: number;
  projectId?: number;
  description?: string;
  locked?: TriState;
  approved?: TriState;
  approvedBy?: number;
  projectTaskId?: number;
  needApproval?: boolean;
  costs?: Cost[];
  salaryTypeId?: number;
  orderId?: number;
  price?: string;
  internalNote?: string;
  customerId?: number;
}

export const hourSpec = objectSpec('Hour', [
  ['Id', 'id', 'long'],
  ['TypeOfWorkId', 'typeOfWorkId', 'int'],
  ['StartTime', 'startTime', 'dateTime'],
  ['StopTime', 'stopTime', 'dateTime'],
  ['TotalHours', 'totalHours', 'decimal'],
  ['TotalHoursInvoice', 'totalHoursInvoice', 'decimal'],
  ['ContactId', 'contactId', 'int'],
  ['ProjectId', 'projectId', 'int'],
  ['Description', 'description', 'string'],
  ['Locked', 'locked', 'string'],
  ['Approved', 'approved', 'string'],
  ['ApprovedBy', 'approvedBy', 'int'],
  ['ProjectTaskId', 'projectTaskId', 'int'],
  ['NeedApproval', 'needApproval', 'bool'],
  ['Costs', 'costs', arrayOf('Cost', costSpec)],
  ['SalaryTypeId', 'salaryTypeId', 'int'],
  ['OrderId', 'orderId', 'int'],
  ['Price', 'price', 'decimal'],
  ['InternalNote', 'internalNote', 'string'],
  ['CustomerId', 'customerId', 'int'],
]);

export interface GetHoursResponse {
  getHoursResult?: Hour[];
}

export const getHoursResponseSpec = objectSpec('GetHoursResponse', [
  ['GetHoursResult', 'getHoursResult', arrayOf('Hour', hourSpec)],
]);

export interface SaveHourRequest {
  hour?: Hour;
}

export const saveHourRequestSpec = objectSpec('SaveHour', [['Hour', 'hour', hourSpec]]);

export interface SaveHourResponse {
  saveHourResult?: Hour;
}

export const saveHourResponseSpec = objectSpec('SaveHourResponse', [
  ['SaveHourResult', 'saveHourResult', hourSpec],
]);
