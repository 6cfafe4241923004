import type { Obj } from '../codec.ts';
import { computeTotals } from '../order-totals.ts';
import {
  apiException,
  changedAfter,
  limitIds,
  type OperationContext,
  onlyMap,
  propertySet,
  publicCopy,
  requireClient,
  type ServiceDef,
} from '../service.ts';
import { type ClientData, isoSeconds, nextId } from '../state.ts';

// InvoiceService: orders and invoices. SaveInvoices creates or updates orders, answering per
// item; an invoiced order can no longer be changed; totals are computed exactly.

function checkDimensions(client: ClientData, dims: unknown): string | undefined {
  for (const d of (dims as Obj[] | undefined) ?? []) {
    const type = client.dimensionTypes.find((t) => t.TypeId === d.TypeId);
    if (!type) return `Dimension type ${d.TypeId ?? '(none)'} does not exist.`;
    if (!client.dimensionValues.some((v) => v.TypeId === d.TypeId && v.Value === d.Value)) {
      return `Dimension value '${d.Value ?? ''}' does not exist for dimension ${type.Name}.`;
    }
    d.Name = type.Name;
  }
  return undefined;
}

function prepareRow(client: ClientData, row: Obj): string | undefined {
  if (row.Type === 'Text' || row.Type === 'TextBold') return undefined;
  let product = row.ProductId === undefined ? undefined : client.products.find((x) => x.Id === row.ProductId);
  if (row.ProductId !== undefined && !product) return `Product ${row.ProductId} does not exist.`;
  if (!product && typeof row.ProductNo === 'string') {
    product = client.products.find((x) => x.No === row.ProductNo);
    if (!product) return `Product with number '${row.ProductNo}' does not exist.`;
  }
  if (row.DepartmentId !== undefined && !client.departments.some((d) => d.Id === row.DepartmentId)) {
    return `Department ${row.DepartmentId} does not exist.`;
  }
  if (row.ProjectId !== undefined && !client.projects.some((x) => x.Id === row.ProjectId)) {
    return `Project ${row.ProjectId} does not exist.`;
  }
  if (product) {
    row.ProductId = product.Id;
    row.ProductNo = product.No;
    row.Name ??= product.Name;
    row.Price ??= product.Price;
    row.VatRate ??= product.TaxRate ?? '25';
  }
  row.Type ??= 'Normal';
  row.VatRate ??= '25';
  return checkDimensions(client, row.UserDefinedDimensions);
}

/** Applies the rows of an update: ChangeState per row, or a full replacement without any. */
function applyRows(client: ClientData, existing: Obj[], incoming: Obj[]): { rows: Obj[]; error?: string } {
  const rows = existing.map((r) => ({ ...r }));
  const explicit = incoming.some((r) => r.ChangeState !== undefined && r.ChangeState !== 'None');
  let next = Math.max(0, ...rows.map((r) => (r.RowId as number | undefined) ?? 0)) + 1;
  if (!explicit) {
    const replaced = incoming.map((r, i) => ({ ...r, RowId: i + 1 }));
    for (const r of replaced) {
      const error = prepareRow(client, r);
      if (error) return { rows, error };
    }
    return { rows: replaced };
  }
  for (const change of incoming) {
    const { ChangeState: state, ...row } = change;
    const at = rows.findIndex((r) => r.RowId === row.RowId);
    if (state === 'Delete' || state === 'Edit') {
      if (at < 0) return { rows, error: `Row ${row.RowId ?? '(none)'} does not exist on the order.` };
      if (state === 'Delete') {
        rows.splice(at, 1);
        continue;
      }
      const merged = { ...rows[at], ...row };
      const error = prepareRow(client, merged);
      if (error) return { rows, error };
      rows[at] = merged;
      continue;
    }
    const added = { ...row, RowId: next++ };
    const error = prepareRow(client, added);
    if (error) return { rows, error };
    rows.push(added);
  }
  return { rows };
}

function saveOne(ctx: OperationContext, client: ClientData, input: Obj): Obj {
  const failed = (message: string) => ({
    ...input,
    APIException: apiException('Data.ValidationException', message),
  });
  const existing =
    input.OrderId === undefined ? undefined : client.orders.find((o) => o.OrderId === input.OrderId);
  if (existing && String(existing.OrderStatus).startsWith('Invoiced')) {
    return failed(`Order ${existing.OrderId} is invoiced and can no longer be changed.`);
  }
  const customerId = input.CustomerId ?? existing?.CustomerId;
  const customer = client.companies.find((c) => c.Id === customerId);
  if (customerId === undefined) return failed('CustomerId is required.');
  if (!customer) return failed(`Customer ${customerId} does not exist.`);
  if (input.ProjectId !== undefined && !client.projects.some((x) => x.Id === input.ProjectId)) {
    return failed(`Project ${input.ProjectId} does not exist.`);
  }
  const employees = new Set([
    ...client.persons.map((x) => x.EmployeeId),
    ...client.users.map((u) => u.EmployeeId),
  ]);
  if (input.OurReference !== undefined && !employees.has(input.OurReference)) {
    return failed(`OurReference ${input.OurReference} is not an employee.`);
  }
  if (input.DepartmentId !== undefined && !client.departments.some((d) => d.Id === input.DepartmentId)) {
    return failed(`Department ${input.DepartmentId} does not exist.`);
  }
  const headerError = checkDimensions(client, input.UserDefinedDimensions);
  if (headerError) return failed(headerError);
  const { rows, error } = applyRows(
    client,
    (existing?.InvoiceRows as Obj[] | undefined) ?? [],
    (input.InvoiceRows as Obj[] | undefined) ?? [],
  );
  if (error) return failed(error);

  const stamp = isoSeconds(ctx.now);
  // Server-kept and read-only properties are not taken from the request.
  const {
    OrderId: _id,
    InvoiceId: _inv,
    APIException: _a,
    DateChanged: _d,
    OrderTotalIncVat: _t,
    OrderTotalVat: _v,
    OCR: _o,
    Paid: _p,
    InvoiceRows: _r,
    ...changes
  } = input;
  const order: Obj = existing ?? {
    OrderId: nextId(client, 'orders'),
    OrderStatus: 'Web',
    DateOrdered: stamp,
    PaymentTime: customer.PaymentTime ?? 14,
    Currency: { Rate: '1', Unit: 1, Symbol: 'NOK' },
    $registered: stamp,
  };
  Object.assign(order, changes, { CustomerName: customer.Name, DateChanged: stamp });
  if (input.InvoiceRows !== undefined || !existing) order.InvoiceRows = rows;
  if (order.OrderStatus === 'Invoiced' && order.InvoiceId === undefined) {
    order.InvoiceId = nextId(client, 'invoices');
    order.DateInvoiced = stamp;
  }
  computeTotals(order);
  if (!existing) client.orders.push(order);
  ctx.changed = true;
  return publicCopy(order);
}

function getInvoices(ctx: OperationContext, p: Obj) {
  const client = requireClient(ctx);
  const s = (p.searchParams as Obj | undefined) ?? {};
  const orderIds = limitIds(s.OrderIds, 'OrderIds');
  const sets = {
    orders: orderIds && new Set(orderIds),
    invoices: Array.isArray(s.InvoiceIds) ? new Set(s.InvoiceIds) : undefined,
    customers: Array.isArray(s.CustomerIds) ? new Set(s.CustomerIds) : undefined,
    states: Array.isArray(s.OrderStates) ? new Set(s.OrderStates) : undefined,
    external: Array.isArray(s.ExternalStatus) ? new Set(s.ExternalStatus) : undefined,
  };
  const header = propertySet(p.invoiceReturnProperties);
  const rows = propertySet(p.rowReturnProperties);
  const result = client.orders
    .filter((o) => {
      if (sets.orders && !sets.orders.has(o.OrderId as number)) return false;
      if (sets.invoices && !sets.invoices.has(o.InvoiceId)) return false;
      if (sets.customers && !sets.customers.has(o.CustomerId)) return false;
      if (sets.states && !sets.states.has(o.OrderStatus)) return false;
      if (sets.external && !sets.external.has(o.ExternalStatus)) return false;
      return changedAfter(o.DateChanged, s.ChangedAfter);
    })
    .map(publicCopy);
  return { result, only: onlyMap(['InvoiceOrder', header], ['InvoiceRow', rows]) };
}

export const invoiceService: ServiceDef = {
  name: 'InvoiceService',
  path: '/Economy/InvoiceOrder/V001/InvoiceService.asmx',
  wsdl: 'invoiceService.wsdl',
  operations: {
    SaveInvoices: {
      needsClient: true,
      run: (ctx, p) => {
        const client = requireClient(ctx);
        return { result: ((p.invoices as Obj[] | undefined) ?? []).map((o) => saveOne(ctx, client, o)) };
      },
    },
    UpdateInvoices: {
      needsClient: true,
      run: (ctx, p) => {
        const client = requireClient(ctx);
        const result = ((p.invoices as Obj[] | undefined) ?? []).map((input) => {
          const found = client.orders.find(
            (o) =>
              o.OrderId === input.OrderId ||
              (input.InvoiceId !== undefined && o.InvoiceId === input.InvoiceId),
          );
          if (!found)
            return {
              ...input,
              APIException: apiException('Data.ValidationException', 'Invoice does not exist.'),
            };
          if (input.InvoiceTitle !== undefined) found.InvoiceTitle = input.InvoiceTitle;
          if (input.ReferenceNumber !== undefined) found.ReferenceNumber = input.ReferenceNumber;
          found.DateChanged = isoSeconds(ctx.now);
          ctx.changed = true;
          return publicCopy(found);
        });
        return { result };
      },
    },
    GetInvoices: { needsClient: true, run: getInvoices },
    GetOrderSyncList: {
      needsClient: true,
      run: (ctx, p) => {
        const s = (p.syncParams as Obj | undefined) ?? {};
        const ids = requireClient(ctx)
          .orders.filter(
            (o) =>
              changedAfter(o.DateChanged, s.ChangedAfter) && changedAfter(o.$registered, s.RegisteredAfter),
          )
          .map((o) => o.OrderId as number)
          .sort((a, b) => a - b);
        return { result: ids };
      },
    },
  },
};
