import { SANDBOX_APPLICATION_ID } from '../config/config.ts';
import type { Obj } from './codec.ts';
import type { ClientData, IdentityGrant, SandboxData, SeedName } from './state.ts';

// The sandbox's seeds. "demo" follows docs/demo-data.md to the letter (ids, names, org numbers,
// e-mails, work types, the "Maskin" dimension, departments, products) and adds believable
// extras; "empty" keeps the login, the clients and 24SO's built-in lists (VAT types, type
// groups, project statuses, one product category, the API user as employee) and nothing else.

export const DEMO_USERNAME = 'api@demo.no';
export const DEMO_PASSWORD = 'demo-password';

export const CLIENT_IDS = { maskin: 3520001, transport: 3520002, utleie: 3520003 } as const;
export const IDENTITY_IDS = {
  maskin: '6d3f0a52-0000-4000-8000-000003520001',
  transport: '6d3f0a52-0000-4000-8000-000003520002',
  utleie: '6d3f0a52-0000-4000-8000-000003520003',
} as const;

const API_USER_GUID = '6d3f0a52-0000-4000-8000-0000000a9100';

const at = (date: string) => `${date}Z`;

/**
 * Builds a fresh copy of a seed.
 * @example const data = buildSeed('demo'); data.clients[0].name // 'Demo Maskin AS'
 */
export function buildSeed(name: SeedName): SandboxData {
  const clients = [
    baseClient(CLIENT_IDS.maskin, 'Demo Maskin AS', '915678904', 'Industrivegen 12', '2069', 'JESSHEIM'),
    baseClient(CLIENT_IDS.transport, 'Demo Transport AS', '916789012', 'Havnegata 4', '3015', 'DRAMMEN'),
    baseClient(CLIENT_IDS.utleie, 'Demo Utleie AS', '917890125', 'Lagerveien 2', '1540', 'VESTBY'),
  ];
  if (name === 'demo') {
    seedMaskin(clients[0]);
    seedTransport(clients[1]);
  }
  const grant = (key: keyof typeof CLIENT_IDS, isDefault: boolean, disabled: boolean): IdentityGrant => ({
    identityId: IDENTITY_IDS[key],
    clientId: CLIENT_IDS[key],
    isDefault,
    disabled,
    user: { ContactId: 500, Id: API_USER_GUID, Name: 'API-bruker Broen', EmployeeId: 100 },
  });
  return {
    version: 1,
    applicationIds: [SANDBOX_APPLICATION_ID],
    users: [
      {
        username: DEMO_USERNAME,
        password: DEMO_PASSWORD,
        identities: [grant('maskin', true, false), grant('transport', false, false), grant('utleie', false, true)],
      },
    ],
    clients,
    sessions: {},
  };
}

function baseClient(id: number, name: string, orgNo: string, street: string, postalCode: string, area: string): ClientData {
  const address = { Street: street, PostalCode: postalCode, PostalArea: area, City: area, Country: 'NO' };
  return {
    id,
    name,
    info: {
      AddressList: { Post: address, Visit: address },
      Country: 'NO',
      EmailAddressList: { Invoice: { Value: `faktura@${name.toLowerCase().replace(/ as$/, '').replace(/\s+/g, '')}.no` } },
      IsUsingFactoring: false,
      ReminderDays: 14,
      ReminderDays2: 14,
      ReminderDays3: 14,
      UserId: 9100,
      BankAccount: '1503.22.33445',
      OrganizationNumber: orgNo,
      DefaultCurrency: 'NOK',
    },
    users: [{ ContactId: 500, Id: API_USER_GUID, Name: 'API-bruker Broen', EmployeeId: 100 }],
    departments: [],
    vatTypes: [
      { No: 3, Name: 'Utgående mva, høy sats', Rate: '25' },
      { No: 31, Name: 'Utgående mva, middels sats', Rate: '15' },
      { No: 5, Name: 'Ingen utgående mva (innenfor mva-loven)', Rate: '0' },
      { No: 6, Name: 'Utenfor mva-loven', Rate: '0' },
    ],
    typeGroups: [
      { AccountId: 3000, Id: 1, Name: 'Salg, avgiftspliktig', $module: 'Sale' },
      { AccountId: 3100, Id: 2, Name: 'Salg, avgiftsfritt', $module: 'Sale' },
      { AccountId: 4000, Id: 3, Name: 'Varekjøp, avgiftspliktig', $module: 'Purchase' },
    ],
    companies: [],
    persons: [
      person(500, 'API-bruker', 'Broen', 'api@demo.no', { EmployeeId: 100, DateRegistered: at('2025-01-02T08:00:00') }),
    ],
    projects: [],
    projectStatuses: [
      { Id: 1, Name: 'Aktiv', Active: true },
      { Id: 2, Name: 'Tilbud', Active: true },
      { Id: 3, Name: 'Avsluttet', Active: false },
    ],
    workTypes: [],
    hours: [],
    productCategories: [{ Id: 1, Name: 'Generelt', No: '1', ParentId: 0 }],
    products: [],
    orders: [],
    dimensionTypes: [],
    dimensionValues: [],
    sequences: { companies: 20000, persons: 600, projects: 2000, hours: 55000, products: 100, productCategories: 1, orders: 70000, invoices: 50000 },
  };
}

function company(id: number, name: string, orgNo: string | undefined, email: string, city: [string, string, string], registered: string): Obj {
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

function person(id: number, first: string, last: string, email: string, extra: Obj = {}): Obj {
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

function project(id: number, name: string, customer: Obj, start: string, extra: Obj = {}): Obj {
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

function hour(id: number, contact: number, proj: Obj, workType: number, day: string, from: string, to: string, total: string, approved: boolean, description: string): Obj {
  const stamp = at(`${day}T16:00:00`);
  return {
    Id: id,
    TypeOfWorkId: workType,
    StartTime: at(`${day}T${from}:00`),
    StopTime: at(`${day}T${to}:00`),
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

function product(id: number, no: string, name: string, categoryId: number, price: string, extra: Obj = {}): Obj {
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

function seedMaskin(c: ClientData): void {
  c.departments = [
    { Id: 1, Name: 'Anlegg', Email: 'anlegg@demomaskin.no' },
    { Id: 2, Name: 'Transport', Email: 'transport@demomaskin.no' },
    { Id: 3, Name: 'Verksted', Email: 'verksted@demomaskin.no' },
  ];
  const nordvik = company(10001, 'Nordvik Bygg AS', '923456783', 'post@nordvikbygg.no', ['Sjøgata 14', '8006', 'BODØ'], '2025-01-15T09:12:00');
  const fjellheim = company(20417, 'Fjellheim Entreprenør AS', '934567897', 'faktura@fjellheim-entreprenor.no', ['Fjellvegen 3', '2600', 'LILLEHAMMER'], '2025-02-04T13:40:00');
  const kystvei = company(20418, 'Kystvei Anlegg AS', '812345672', 'post@kystveianlegg.no', ['Kaivegen 7', '6002', 'ÅLESUND'], '2025-02-20T08:05:00');
  const solberg = company(20420, 'Solberg Eiendom AS', undefined, 'regnskap@solbergeiendom.no', ['Solbergveien 21', '1405', 'LANGHUS'], '2025-04-02T11:30:00');
  c.companies = [
    nordvik,
    fjellheim,
    kystvei,
    company(20419, 'Hamar Veiservice AS', '913572468', 'post@hamarveiservice.no', ['Vangsvegen 40', '2317', 'HAMAR'], '2025-03-11T10:00:00'),
    solberg,
    company(20421, 'Lunde Rør og Grunn AS', '924681357', 'faktura@lunderor.no', ['Verkstedvegen 5', '3616', 'KONGSBERG'], '2025-06-18T14:20:00'),
    company(20422, 'Trøndelag Tomteutvikling AS', '935792468', 'post@trondelagtomt.no', ['Brattørkaia 9', '7010', 'TRONDHEIM'], '2025-09-01T09:45:00'),
  ];
  c.sequences.companies = 20422;
  c.persons.push(
    person(501, 'Ola', 'Nordmann', 'ola.nordmann@demomaskin.no', { EmployeeId: 1, PhoneNumbers: [{ Type: 'Mobile', Value: '91234567' }] }),
    person(502, 'Kari', 'Hansen', 'kari.hansen@demomaskin.no', { EmployeeId: 2, PhoneNumbers: [{ Type: 'Mobile', Value: '92345678' }] }),
    person(503, 'Per', 'Olsen', 'per@olsen.no', { EmployeeId: 3 }),
    person(504, 'Lise', 'Berg', 'lise.berg@demomaskin.no', { EmployeeId: 4 }),
    person(601, 'Jon', 'Vik', 'jon.vik@nordvikbygg.no', { RelationData: [{ ContactId: 601, CustomerId: 10001, Email: 'jon.vik@nordvikbygg.no', Title: 'Prosjektleder' }] }),
    person(602, 'Hilde', 'Fjellheim', 'hilde@fjellheim-entreprenor.no', { RelationData: [{ ContactId: 602, CustomerId: 20417, Title: 'Daglig leder' }] }),
  );
  c.users.push({ ContactId: 502, Id: '6d3f0a52-0000-4000-8000-0000000a9102', Name: 'Kari Hansen', EmployeeId: 2 });
  c.sequences.persons = 602;
  const boligfelt = project(1001, 'Boligfelt Nordvik, trinn 2', nordvik, '2025-04-07', { Participants: [501, 502] });
  const va = project(2050, 'VA-anlegg Fjellheim', fjellheim, '2025-05-12', { Participants: [501, 503], DepartmentId: 1 });
  const veier = project(2051, 'Vedlikehold veier 2025', kystvei, '2025-01-06', { Participants: [504] });
  c.projects = [
    boligfelt,
    va,
    veier,
    project(2040, 'Garasjeanlegg Solberg', solberg, '2024-09-02', { StatusId: 3, StatusName: 'Avsluttet', $deactivated: true }),
  ];
  c.sequences.projects = 2051;
  c.workTypes = [
    { Id: 1, Name: 'Ordinær', Description: 'Ordinær arbeidstid', Invoiceable: true, Price: '950.00', ProductId: 101, $active: true },
    { Id: 2, Name: 'Overtid 50%', Description: 'Overtid med 50 % tillegg', Invoiceable: true, Price: '1425.00', ProductId: 101, $active: true },
    { Id: 3, Name: 'Maskintimer', Description: 'Timer med maskin', Invoiceable: true, Price: '1350.00', ProductId: 101, $active: true },
    { Id: 4, Name: 'Reise', Description: 'Reisetid', Invoiceable: true, Price: '650.00', ProductId: 101, $active: true },
    { Id: 5, Name: 'Administrasjon', Description: 'Intern tid', Invoiceable: false, Price: '0', $active: true },
  ];
  c.hours = [
    hour(55001, 501, boligfelt, 1, '2025-10-06', '07:00', '15:00', '7.5', true, 'Grunnarbeid tomt 4'),
    hour(55002, 501, boligfelt, 3, '2025-10-07', '07:00', '14:30', '7', true, 'Graving grøft, GM-01'),
    hour(55003, 502, boligfelt, 1, '2025-10-07', '07:00', '15:00', '7.5', false, 'Forskaling'),
    hour(55004, 503, va, 3, '2025-10-08', '06:30', '15:00', '8', true, 'Legging av VA-rør'),
    hour(55005, 504, veier, 4, '2025-10-09', '06:00', '07:30', '1.5', true, 'Reise til anlegg'),
    hour(55006, 504, veier, 1, '2025-10-09', '07:30', '15:00', '7', true, 'Kantklipp og grøfterensk'),
  ];
  c.sequences.hours = 55006;
  c.productCategories = [
    { Id: 1, Name: 'Tjenester', No: '1', ParentId: 0 },
    { Id: 2, Name: 'Masser', No: '2', ParentId: 0 },
    { Id: 3, Name: 'Rør og kum', No: '3', ParentId: 0 },
    { Id: 4, Name: 'Utlegg', No: '4', ParentId: 0 },
  ];
  c.sequences.productCategories = 4;
  c.products = [
    product(101, 'TIME', 'Timer', 1, '950.00'),
    product(102, 'KM', 'Kjøring (km)', 4, '9.50'),
    product(103, 'BOM', 'Bomring', 4, '0', { TaxRate: '0' }),
    product(104, 'UTL', 'Andre utgifter', 4, '0'),
    product(105, 'FRI', 'Fritekst', 1, '0'),
    product(106, 'P-1001', 'Pukk 0-32 mm', 2, '289.00', { InPrice: '190.00', Stock: '420', StockControlled: true }),
    product(107, 'P-1002', 'Grus 0-16 mm', 2, '259.00', { InPrice: '170.00', Stock: '310', StockControlled: true }),
    product(108, 'P-1003', 'Matjord', 2, '349.00', { InPrice: '220.00', Stock: '95', StockControlled: true }),
    product(109, 'P-1004', 'Drensrør 110 mm', 3, '89.00', { InPrice: '52.00', Stock: '600', StockControlled: true }),
  ];
  c.sequences.products = 109;
  c.dimensionTypes = [{ Type: 'UserDefined', Name: 'Maskin', TypeId: 101 }];
  c.dimensionValues = [
    ['GM-01', 'Gravemaskin Volvo EC220'],
    ['GM-02', 'Gravemaskin CAT 308'],
    ['HL-01', 'Hjullaster Volvo L60'],
    ['LB-01', 'Lastebil Scania R500'],
  ].map(([value, label]) => ({ Type: 'UserDefined', Name: label, Value: value, TypeId: 101 }));
  const machine = (value: string) => [{ TypeId: 101, Name: 'Maskin', Value: value }];
  c.orders = [
    order(70001, kystvei, veier, 'Invoiced', '2025-09-30', [
      row(1, 101, 'TIME', 'Timer september', '42', '950.00', { DepartmentId: 2 }),
      row(2, 102, 'KM', 'Kjøring (km)', '312', '9.50'),
    ], { InvoiceId: 50001, DateInvoiced: at('2025-09-30T12:00:00') }),
    order(70002, nordvik, boligfelt, 'Web', '2025-10-10', [
      row(1, 101, 'TIME', 'Maskintimer Gravemaskin Volvo EC220', '7', '1350.00', { DepartmentId: 1, UserDefinedDimensions: machine('GM-01') }),
      row(2, 101, 'TIME', 'Ordinær', '7.5', '950.00', { DepartmentId: 1 }),
      row(3, 106, 'P-1001', 'Pukk 0-32 mm', '18', '289.00'),
      row(4, 105, 'FRI', 'Etter avtale med Jon Vik', '0', '0', { Type: 'Text' }),
    ]),
    order(70003, solberg, undefined, 'Confirmed', '2025-10-14', [row(1, 108, 'P-1003', 'Matjord', '12', '349.00', { DiscountRate: '10' })]),
    order(70004, fjellheim, va, 'Offer', '2025-10-20', [
      row(1, 109, 'P-1004', 'Drensrør 110 mm', '120', '89.00'),
      row(2, 101, 'TIME', 'Maskintimer Hjullaster Volvo L60', '16', '1350.00', { DepartmentId: 1, UserDefinedDimensions: machine('HL-01') }),
    ]),
  ];
  c.sequences.orders = 70004;
  c.sequences.invoices = 50001;
}

function row(id: number, productId: number, no: string, name: string, quantity: string, price: string, extra: Obj = {}): Obj {
  return { ProductId: productId, RowId: id, VatRate: '25', Price: price, Name: name, Quantity: quantity, Type: 'Normal', ProductNo: no, ...extra };
}

function order(id: number, customer: Obj, proj: Obj | undefined, status: string, date: string, rows: Obj[], extra: Obj = {}): Obj {
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

function seedTransport(c: ClientData): void {
  c.departments = [{ Id: 1, Name: 'Transport' }];
  const vestby = company(30001, 'Vestby Logistikk AS', '926813579', 'faktura@vestbylogistikk.no', ['Industriveien 8', '1540', 'VESTBY'], '2025-03-03T08:00:00');
  c.companies = [vestby, company(30002, 'Drammen Havn KF', '974620123', 'post@drammenhavn.no', ['Havnegata 1', '3015', 'DRAMMEN'], '2025-03-05T08:00:00')];
  c.sequences.companies = 30002;
  c.persons.push(person(701, 'Arne', 'Strand', 'arne.strand@demotransport.no', { EmployeeId: 1 }));
  c.sequences.persons = 701;
  c.projects = [project(3001, 'Massetransport Vestby', vestby, '2025-05-05')];
  c.sequences.projects = 3001;
  c.workTypes = [
    { Id: 1, Name: 'Kjøring', Invoiceable: true, Price: '1100.00', $active: true },
    { Id: 2, Name: 'Venting', Invoiceable: true, Price: '800.00', $active: true },
  ];
  c.productCategories = [{ Id: 1, Name: 'Transport', No: '1', ParentId: 0 }];
  c.products = [product(201, 'TRANSP', 'Transport per time', 1, '1100.00'), product(202, 'KM', 'Kjøring (km)', 1, '12.00')];
  c.sequences.products = 202;
}
