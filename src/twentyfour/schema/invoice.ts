// Generated from ../shared/24so/wsdl/invoiceService.wsdl by src/twentyfour/schema/generate.ts. Do not edit.
// Field order is the WSDL sequence order; the codec writes and reads with these specs.
import { arrayOf, objectSpec } from '../codec.ts';

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

export type OrderSlipStateType =
  | 'None'
  | 'Offer'
  | 'Pack'
  | 'Invoiced'
  | 'Web'
  | 'Repeating'
  | 'CollectingOrder'
  | 'Return'
  | 'Distribution'
  | 'Rest'
  | 'ForInvoicing'
  | 'OvertimeRent'
  | 'Confirmed'
  | 'OrderState_Sent'
  | 'Production'
  | 'PaymentReminder'
  | 'OnAccount'
  | 'Lending'
  | 'InvoicedCashAccount'
  | 'InvoicedPack'
  | 'Inactive'
  | 'Hours'
  | 'OrderState_SuperStore'
  | 'Draft';

export interface Currency {
  rate?: string;
  unit?: number;
  symbol?: string;
}

export const currencySpec = objectSpec('Currency', [
  ['Rate', 'rate', 'decimal'],
  ['Unit', 'unit', 'short'],
  ['Symbol', 'symbol', 'string'],
]);

export type Distributor = 'Default' | 'Manual' | 'Auto';

export type DistributionMethod = 'Unchanged' | 'Print' | 'EMail' | 'ElectronicInvoice';

export type ChangeState = 'None' | 'Add' | 'Edit' | 'Delete';

export type RowType = 'Normal' | 'Text' | 'TextBold';

export interface TaxSettings {
  taxAccount?: number;
  taxCode?: number;
  taxRate?: string;
}

export const taxSettingsSpec = objectSpec('TaxSettings', [
  ['TaxAccount', 'taxAccount', 'int'],
  ['TaxCode', 'taxCode', 'int'],
  ['TaxRate', 'taxRate', 'decimal'],
]);

export interface UserDefinedDimension {
  typeId?: number;
  name?: string;
  value?: string;
}

export const userDefinedDimensionSpec = objectSpec('UserDefinedDimension', [
  ['TypeId', 'typeId', 'int'],
  ['Name', 'name', 'string'],
  ['Value', 'value', 'string'],
]);

export interface InvoiceRow {
  productId?: number;
  rowId?: number;
  vatRate?: string;
  price?: string;
  name?: string;
  discountRate?: string;
  quantity?: string;
  quantityDelivered?: string;
  quantityOrdered?: string;
  quantityRest?: string;
  cost?: string;
  changeState?: ChangeState;
  typeGroupId?: number;
  sequenceNumber?: number;
  hidden?: boolean;
  type?: RowType;
  inPrice?: string;
  accrualDate?: Date;
  accrualLength?: number;
  accountProject?: boolean;
  projectId?: number;
  departmentId?: number;
  productNo?: string;
  taxSettings?: TaxSettings;
  userDefinedDimensions?: UserDefinedDimension[];
  serialNumber?: string;
}

export const invoiceRowSpec = objectSpec('InvoiceRow', [
  ['ProductId', 'productId', 'int'],
  ['RowId', 'rowId', 'int'],
  ['VatRate', 'vatRate', 'decimal'],
  ['Price', 'price', 'decimal'],
  ['Name', 'name', 'string'],
  ['DiscountRate', 'discountRate', 'decimal'],
  ['Quantity', 'quantity', 'decimal'],
  ['QuantityDelivered', 'quantityDelivered', 'decimal'],
  ['QuantityOrdered', 'quantityOrdered', 'decimal'],
  ['QuantityRest', 'quantityRest', 'decimal'],
  ['Cost', 'cost', 'decimal'],
  ['ChangeState', 'changeState', 'string'],
  ['TypeGroupId', 'typeGroupId', 'int'],
  ['SequenceNumber', 'sequenceNumber', 'short'],
  ['Hidden', 'hidden', 'bool'],
  ['Type', 'type', 'string'],
  ['InPrice', 'inPrice', 'decimal'],
  ['AccrualDate', 'accrualDate', 'dateTime'],
  ['AccrualLength', 'accrualLength', 'int'],
  ['AccountProject', 'accountProject', 'bool', 'nil'],
  ['ProjectId', 'projectId', 'int'],
  ['DepartmentId', 'departmentId', 'int'],
  ['ProductNo', 'productNo', 'string'],
  ['TaxSettings', 'taxSettings', taxSettingsSpec],
  [
    'UserDefinedDimensions',
    'userDefinedDimensions',
    arrayOf('UserDefinedDimension', userDefinedDimensionSpec),
  ],
  ['SerialNumber', 'serialNumber', 'string'],
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

export interface DeliveryMethod {
  id?: number;
  description?: string;
}

export const deliveryMethodSpec = objectSpec('DeliveryMethod', [
  ['Id', 'id', 'int'],
  ['Description', 'description', 'string'],
]);

export interface InvoiceOrder {
  orderId?: number;
  customerId?: number;
  customerName?: string;
  customerDeliveryName?: string;
  customerDeliveryPhone?: string;
  addresses?: Addresses;
  orderStatus?: OrderSlipStateType;
  invoiceId?: number;
  dateOrdered?: Date;
  dateInvoiced?: Date;
  dateChanged?: Date;
  paymentTime?: number;
  customerReferenceNo?: string;
  projectId?: number;
  ourReference?: number;
  includeVat?: boolean;
  yourReference?: string;
  orderTotalIncVat?: string;
  orderTotalVat?: string;
  invoiceTitle?: string;
  invoiceText?: string;
  paid?: Date;
  ocr?: string;
  customerOrgNo?: string;
  currency?: Currency;
  paymentMethodId?: number;
  paymentAmount?: string;
  productionManagerId?: number;
  salesOpportunityId?: number;
  typeOfSaleId?: number;
  distributor?: Distributor;
  distributionMethod?: DistributionMethod;
  departmentId?: number;
  externalStatus?: number;
  invoiceEmailAddress?: string;
  invoiceRows?: InvoiceRow[];
  apiException?: APIException;
  productionNumber?: string;
  deliveryDate?: Date;
  referenceInvoiceId?: number;
  referenceOrderId?: number;
  referenceNumber?: string;
  skipStock?: boolean;
  accrualDate?: Date;
  accrualLength?: number;
  roundFactor?: string;
  invoiceTemplateId?: string;
  vippsNumber?: string;
  deliveryMethod?: DeliveryMethod;
  deliveryAlternative?: string;
  sendToFactoring?: boolean;
  commission?: string;
  userDefinedDimensions?: UserDefinedDimension[];
  glnNumber?: string;
  customerDeliveryId?: number;
}

export const invoiceOrderSpec = objectSpec('InvoiceOrder', [
  ['OrderId', 'orderId', 'int'],
  ['CustomerId', 'customerId', 'int'],
  ['CustomerName', 'customerName', 'string'],
  ['CustomerDeliveryName', 'customerDeliveryName', 'string'],
  ['CustomerDeliveryPhone', 'customerDeliveryPhone', 'string'],
  ['Addresses', 'addresses', addressesSpec],
  ['OrderStatus', 'orderStatus', 'string'],
  ['InvoiceId', 'invoiceId', 'int'],
  ['DateOrdered', 'dateOrdered', 'dateTime'],
  ['DateInvoiced', 'dateInvoiced', 'dateTime'],
  ['DateChanged', 'dateChanged', 'dateTime'],
  ['PaymentTime', 'paymentTime', 'int'],
  ['CustomerReferenceNo', 'customerReferenceNo', 'string'],
  ['ProjectId', 'projectId', 'int'],
  ['OurReference', 'ourReference', 'int'],
  ['IncludeVAT', 'includeVat', 'bool', 'req,nil'],
  ['YourReference', 'yourReference', 'string'],
  ['OrderTotalIncVat', 'orderTotalIncVat', 'decimal'],
  ['OrderTotalVat', 'orderTotalVat', 'decimal'],
  ['InvoiceTitle', 'invoiceTitle', 'string'],
  ['InvoiceText', 'invoiceText', 'string'],
  ['Paid', 'paid', 'dateTime'],
  ['OCR', 'ocr', 'string'],
  ['CustomerOrgNo', 'customerOrgNo', 'string'],
  ['Currency', 'currency', currencySpec],
  ['PaymentMethodId', 'paymentMethodId', 'int'],
  ['PaymentAmount', 'paymentAmount', 'decimal'],
  ['ProductionManagerId', 'productionManagerId', 'int'],
  ['SalesOpportunityId', 'salesOpportunityId', 'int'],
  ['TypeOfSaleId', 'typeOfSaleId', 'int'],
  ['Distributor', 'distributor', 'string'],
  ['DistributionMethod', 'distributionMethod', 'string'],
  ['DepartmentId', 'departmentId', 'int'],
  ['ExternalStatus', 'externalStatus', 'int'],
  ['InvoiceEmailAddress', 'invoiceEmailAddress', 'string'],
  ['InvoiceRows', 'invoiceRows', arrayOf('InvoiceRow', invoiceRowSpec)],
  ['APIException', 'apiException', aPIExceptionSpec],
  ['ProductionNumber', 'productionNumber', 'string'],
  ['DeliveryDate', 'deliveryDate', 'dateTime'],
  ['ReferenceInvoiceId', 'referenceInvoiceId', 'int'],
  ['ReferenceOrderId', 'referenceOrderId', 'int'],
  ['ReferenceNumber', 'referenceNumber', 'string'],
  ['SkipStock', 'skipStock', 'bool'],
  ['AccrualDate', 'accrualDate', 'dateTime'],
  ['AccrualLength', 'accrualLength', 'int'],
  ['RoundFactor', 'roundFactor', 'decimal'],
  ['InvoiceTemplateId', 'invoiceTemplateId', 'guid'],
  ['VippsNumber', 'vippsNumber', 'string'],
  ['DeliveryMethod', 'deliveryMethod', deliveryMethodSpec],
  ['DeliveryAlternative', 'deliveryAlternative', 'string'],
  ['SendToFactoring', 'sendToFactoring', 'bool', 'nil'],
  ['Commission', 'commission', 'decimal'],
  [
    'UserDefinedDimensions',
    'userDefinedDimensions',
    arrayOf('UserDefinedDimension', userDefinedDimensionSpec),
  ],
  ['GLNNumber', 'glnNumber', 'string'],
  ['CustomerDeliveryId', 'customerDeliveryId', 'int'],
]);

export interface SaveInvoicesRequest {
  invoices?: InvoiceOrder[];
}

export const saveInvoicesRequestSpec = objectSpec('SaveInvoices', [
  ['invoices', 'invoices', arrayOf('InvoiceOrder', invoiceOrderSpec)],
]);

export interface SaveInvoicesResponse {
  saveInvoicesResult?: InvoiceOrder[];
}

export const saveInvoicesResponseSpec = objectSpec('SaveInvoicesResponse', [
  ['SaveInvoicesResult', 'saveInvoicesResult', arrayOf('InvoiceOrder', invoiceOrderSpec)],
]);

export interface InvoiceSearchParameters {
  customerIds?: number[];
  changedAfter?: Date;
  orderStates?: OrderSlipStateType[];
  invoiceIds?: number[];
  orderIds?: number[];
  externalStatus?: number[];
}

export const invoiceSearchParametersSpec = objectSpec('InvoiceSearchParameters', [
  ['CustomerIds', 'customerIds', arrayOf('int', 'int')],
  ['ChangedAfter', 'changedAfter', 'dateTime'],
  ['OrderStates', 'orderStates', arrayOf('OrderSlipStateType', 'string')],
  ['InvoiceIds', 'invoiceIds', arrayOf('int', 'int')],
  ['OrderIds', 'orderIds', arrayOf('int', 'int')],
  ['ExternalStatus', 'externalStatus', arrayOf('int', 'int')],
]);

export interface GetInvoicesRequest {
  searchParams?: InvoiceSearchParameters;
  invoiceReturnProperties?: string[];
  rowReturnProperties?: string[];
}

export const getInvoicesRequestSpec = objectSpec('GetInvoices', [
  ['searchParams', 'searchParams', invoiceSearchParametersSpec],
  ['invoiceReturnProperties', 'invoiceReturnProperties', arrayOf('string', 'string')],
  ['rowReturnProperties', 'rowReturnProperties', arrayOf('string', 'string')],
]);

export interface GetInvoicesResponse {
  getInvoicesResult?: InvoiceOrder[];
}

export const getInvoicesResponseSpec = objectSpec('GetInvoicesResponse', [
  ['GetInvoicesResult', 'getInvoicesResult', arrayOf('InvoiceOrder', invoiceOrderSpec)],
]);

export interface InvoiceSyncParameters {
  changedAfter?: Date;
  registeredAfter?: Date;
}

export const invoiceSyncParametersSpec = objectSpec('InvoiceSyncParameters', [
  ['ChangedAfter', 'changedAfter', 'dateTime'],
  ['RegisteredAfter', 'registeredAfter', 'dateTime', 'req'],
]);

export interface GetOrderSyncListRequest {
  syncParams?: InvoiceSyncParameters;
}

export const getOrderSyncListRequestSpec = objectSpec('GetOrderSyncList', [
  ['syncParams', 'syncParams', invoiceSyncParametersSpec],
]);

export interface GetOrderSyncListResponse {
  getOrderSyncListResult?: number[];
}

export const getOrderSyncListResponseSpec = objectSpec('GetOrderSyncListResponse', [
  ['GetOrderSyncListResult', 'getOrderSyncListResult', arrayOf('int', 'int')],
]);
