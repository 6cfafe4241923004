import type { Obj } from './codec.ts';
import { osloToUtcIso } from './oslo-time.ts';

// Builders for the records of the demo seed, in the WSDL's own shape (see state.ts).

/** A seed timestamp in UTC: at('2025-01-15T09:12:00') → '2025-01-15T09:12:00Z'. */
export const at = (date: string) => `${date}Z`;

/** A business customer (Company) with post and invoice address. @example company(10001, 'Nordvik Bygg AS', '923456783', 'post@x.no', ['Sjøgata 14', '8006', 'BODØ'], '2025-01-15T09:12:00') */
export function company(
  id: number,
  name: string,
  orgNo: string | undefined,
  email: string,
  city: [string, string, string],
  registered: string,
): Obj {
  const [street, postalCode, area] = city;
  return {
    Id: id,
    OrganizationNumber: orgNo,
    Name: name,
    Addresses: {
      Post: { Street: street, PostalCode: postalCode, PostalArea: area, Country: 'NO' },
      Invoice: { Street: street, PostalCode: postalCode, PostalArea: area, Country: 'NO' },
    },
    EmailAddresses: { Invoice: { Value: email }, Primary: { Value: email } },
    Country: 'NO',
    Type: 'Business',
    DateCreated: at(registered),
    DateChanged: at(registered),
    PaymentTime: 14,
    CurrencyId: 'LOCAL',
    $registered: at(registered),
    $active: true,
  };
}

/** A contact (PersonItem); with `EmployeeId` in `extra` an employee. @example person(501, 'Ola', 'Nordmann', 'ola@x.no', { EmployeeId: 1 }) */
export function person(id: number, first: string, last: string, email: string, extra: Obj = {}): Obj {
  const registered = (extra.DateRegistered as string | undefined) ?? at('2025-02-03T09:00:00');
  return {
    Country: 'NO',
    DateRegistered: registered,
    DateChanged: registered,
    EmailAddresses: [{ Type: 'Primary', Value: email }],
    FirstName: first,
    Id: id,
    LastName: last,
    IsPrivate: false,
    ...extra,
    ...(extra.EmployeeId !== undefined ? { EmployeeNumber: extra.EmployeeId } : {}),
  };
}

/** An open project on a customer. @example project(1001, 'Boligfelt Nordvik, trinn 2', nordvik, '2025-04-07') */
export function project(id: number, name: string, customer: Obj, start: string, extra: Obj = {}): Obj {
  return {
    Id: id,
    Enabled: false,
    Name: name,
    NameDisplay: 'Plain',
    DateChanged: at(`${start}T07:30:00`),
    DateStart: at(`${start}T00:00:00`),
    DateRegistered: at(`${start}T07:30:00`),
    CustomerId: customer.Id,
    CustomerName: customer.Name,
    Owner: 500,
    StatusId: 1,
    StatusName: 'Aktiv',
    NeedApproval: 'True',
    TimeReg: 'WorkType',
    Version: 1,
    Participants: [],
    ...extra,
  };
}

/** A registered hour (TimeService Hour) with its bookkeeping dates. @example hour(55001, 501, proj, 1, '2025-10-06', '07:00', '15:00', '7.5', true, 'Grunnarbeid') */
export function hour(
  id: number,
  contact: number,
  proj: Obj,
  workType: number,
  day: string,
  from: string,
  to: string,
  total: string,
  approved: boolean,
  description: string,
): Obj {
  const stamp = at(`${day}T16:00:00`);
  return {
    Id: id,
    TypeOfWorkId: workType,
    // Wall-clock times in Norway, stored as UTC the way 24SO keeps them.
    StartTime: osloToUtcIso(day, from),
    StopTime: osloToUtcIso(day, to),
    TotalHours: total,
    TotalHoursInvoice: total,
    ContactId: contact,
    ProjectId: proj.Id,
    Description: description,
    Locked: 'none',
    Approved: approved ? 'True' : 'False',
    ApprovedBy: approved ? 100 : undefined,
    NeedApproval: !approved,
    CustomerId: proj.CustomerId,
    $changed: stamp,
    $registered: stamp,
  };
}

/** A product in a category. @example product(101, 'TIME', 'Timer', 1, '950.00') */
export function product(
  id: number,
  no: string,
  name: string,
  categoryId: number,
  price: string,
  extra: Obj = {},
): Obj {
  return {
    Id: id,
    Name: name,
    TaxRate: '25',
    StatusId: 1,
    CategoryId: categoryId,
    PriceGroupID: 0,
    Price: price,
    No: no,
    DateChanged: at('2025-03-10T10:00:00'),
    StockControlled: false,
    ...extra,
  };
}

/** An order row (InvoiceRow). @example row(1, 101, 'TIME', 'Timer', '7.5', '950.00') */
export function row(
  id: number,
  productId: number,
  no: string,
  name: string,
  quantity: string,
  price: string,
  extra: Obj = {},
): Obj {
  return {
    ProductId: productId,
    RowId: id,
    VatRate: '25',
    Price: price,
    Name: name,
    Quantity: quantity,
    Type: 'Normal',
    ProductNo: no,
    ...extra,
  };
}

/** An order (InvoiceOrder) with rows and computed-later totals. @example order(70002, nordvik, proj, 'Web', '2025-10-10', rows) */
export function order(
  id: number,
  customer: Obj,
  proj: Obj | undefined,
  status: string,
  date: string,
  rows: Obj[],
  extra: Obj = {},
): Obj {
  return {
    OrderId: id,
    CustomerId: customer.Id,
    CustomerName: customer.Name,
    OrderStatus: status,
    DateOrdered: at(`${date}T00:00:00`),
    DateChanged: at(`${date}T09:00:00`),
    PaymentTime: 14,
    ProjectId: proj?.Id,
    OurReference: 100,
    IncludeVAT: false,
    InvoiceTitle: proj ? String(proj.Name) : 'Levering masser',
    Currency: { Rate: '1', Unit: 1, Symbol: 'NOK' },
    DepartmentId: 1,
    InvoiceRows: rows,
    $registered: at(`${date}T09:00:00`),
    ...extra,
  };
}
