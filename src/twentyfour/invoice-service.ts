import { type ItemResult, readBatchItems, toItemResults } from './batch.ts';
import { readObject, writeFields } from './codec.ts';
import {
  type GetInvoicesResponse,
  type GetOrderSyncListResponse,
  getInvoicesRequestSpec,
  getInvoicesResponseSpec,
  getOrderSyncListRequestSpec,
  getOrderSyncListResponseSpec,
  type InvoiceOrder,
  type InvoiceSearchParameters,
  invoiceOrderSpec,
  saveInvoicesRequestSpec,
} from './schema/invoice.ts';
import type { SoapCaller } from './transport.ts';

export type {
  InvoiceOrder,
  InvoiceRow,
  InvoiceSearchParameters,
  UserDefinedDimension,
} from './schema/invoice.ts';

/** 24SO accepts at most this many OrderIds in one GetInvoices call. */
export const MAX_ORDER_IDS_PER_CALL = 1000;

/** .NET DateTime.MinValue: "not used" for the schema-required InvoiceSyncParameters.RegisteredAfter. */
const DATE_MIN = new Date('0001-01-01T00:00:00Z');

export const INVOICE_PROPERTIES = [
  'OrderId',
  'CustomerId',
  'CustomerName',
  'OrderStatus',
  'InvoiceId',
  'DateOrdered',
  'DateInvoiced',
  'DateChanged',
  'PaymentTime',
  'ProjectId',
  'OurReference',
  'YourReference',
  'OrderTotalIncVat',
  'OrderTotalVat',
  'InvoiceTitle',
  'DepartmentId',
  'ReferenceNumber',
  'UserDefinedDimensions',
  'InvoiceRows',
];
export const INVOICE_ROW_PROPERTIES = [
  'ProductId',
  'RowId',
  'VatRate',
  'Price',
  'Name',
  'DiscountRate',
  'Quantity',
  'Type',
  'ProjectId',
  'DepartmentId',
  'ProductNo',
  'UserDefinedDimensions',
];

/**
 * Creates or updates orders (and invoices); one outcome per order with its OrderId or the
 * APIException 24SO reported.
 * @example const [result] = await saveInvoices(session, [{ customerId: 10001, orderStatus: 'Web', invoiceRows: [...] }]);
 */
export async function saveInvoices(
  caller: SoapCaller,
  invoices: InvoiceOrder[],
): Promise<ItemResult<InvoiceOrder>[]> {
  if (invoices.length === 0) return [];
  const element = await caller.call(
    'invoice',
    'SaveInvoices',
    writeFields(saveInvoicesRequestSpec, { invoices }),
  );
  const items = readBatchItems<InvoiceOrder>(invoiceOrderSpec, element, 'SaveInvoicesResult', 'InvoiceOrder');
  return toItemResults(items, invoices.length, (o) => o.orderId);
}

/**
 * Orders and invoices matching the search, with the listed header and row properties.
 * More than 1000 OrderIds are fetched in several calls, as 24SO requires.
 * @example const orders = await getInvoices(session, { orderIds: [70015] });
 */
export async function getInvoices(
  caller: SoapCaller,
  searchParams: InvoiceSearchParameters,
  invoiceReturnProperties: string[] = INVOICE_PROPERTIES,
  rowReturnProperties: string[] = INVOICE_ROW_PROPERTIES,
): Promise<InvoiceOrder[]> {
  const orderIds = searchParams.orderIds;
  if (orderIds && orderIds.length > MAX_ORDER_IDS_PER_CALL) {
    const all: InvoiceOrder[] = [];
    for (let i = 0; i < orderIds.length; i += MAX_ORDER_IDS_PER_CALL) {
      const chunk = orderIds.slice(i, i + MAX_ORDER_IDS_PER_CALL);
      all.push(
        ...(await getInvoices(
          caller,
          { ...searchParams, orderIds: chunk },
          invoiceReturnProperties,
          rowReturnProperties,
        )),
      );
    }
    return all;
  }
  const element = await caller.call(
    'invoice',
    'GetInvoices',
    writeFields(getInvoicesRequestSpec, { searchParams, invoiceReturnProperties, rowReturnProperties }),
  );
  return readObject<GetInvoicesResponse>(getInvoicesResponseSpec, element).getInvoicesResult ?? [];
}

/**
 * OrderIds changed (or registered) after the given times, for a full or incremental sync.
 * @example const ids = await getOrderSyncList(session, { changedAfter: lastRun });
 */
export async function getOrderSyncList(
  caller: SoapCaller,
  params: { changedAfter?: Date; registeredAfter?: Date },
): Promise<number[]> {
  const syncParams = {
    changedAfter: params.changedAfter,
    registeredAfter: params.registeredAfter ?? DATE_MIN,
  };
  const element = await caller.call(
    'invoice',
    'GetOrderSyncList',
    writeFields(getOrderSyncListRequestSpec, { syncParams }),
  );
  return (
    readObject<GetOrderSyncListResponse>(getOrderSyncListResponseSpec, element).getOrderSyncListResult ?? []
  );
}
