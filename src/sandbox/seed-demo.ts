import { computeTotals } from './order-totals.ts';
import { at, company, hour, order, person, product, project, row } from './seed-records.ts';
import type { ClientData } from './state.ts';

// The demo seed's business data, following docs/demo-data.md: "Demo Maskin AS" with the
// agreed customers, contacts, projects, work types, "Maskin" dimension, departments, products
// and a handful of orders; "Demo Transport AS" with a little data of its own. Against the demo
// workspace, Demo Maskin AS holds records that match in every way the reconciliation knows:
// exact (Nordvik and Fjellheim by org. number, project 1001 by number, products P-1001…P-1004,
// Ola and Kari by e-mail), name only (Aukra Næringspark, project «VA-anlegg Fjellheim», Per
// Olsen), ambiguous (two «Solberg Eiendom») and 24SO only (Kystvei, Hamar, Lunde, Trøndelag).

/** Fills "Demo Maskin AS". */
export function seedMaskin(c: ClientData): void {
  c.departments = [
    { Id: 1, Name: 'Anlegg', Email: 'anlegg@demomaskin.no' },
    { Id: 2, Name: 'Transport', Email: 'transport@demomaskin.no' },
    { Id: 3, Name: 'Verksted', Email: 'verksted@demomaskin.no' },
  ];
  const nordvik = company(
    10001,
    'Nordvik Bygg AS',
    '923456783',
    'post@nordvikbygg.no',
    ['Sjøgata 14', '8006', 'BODØ'],
    '2025-01-15T09:12:00',
  );
  const fjellheim = company(
    20417,
    'Fjellheim Entreprenør AS',
    '934567897',
    'faktura@fjellheim-entreprenor.no',
    ['Fjellvegen 3', '2600', 'LILLEHAMMER'],
    '2025-02-04T13:40:00',
  );
  const kystvei = company(
    20418,
    'Kystvei Anlegg AS',
    '812345672',
    'post@kystveianlegg.no',
    ['Kaivegen 7', '6002', 'ÅLESUND'],
    '2025-02-20T08:05:00',
  );
  const solberg = company(
    20420,
    'Solberg Eiendom AS',
    undefined,
    'regnskap@solbergeiendom.no',
    ['Solbergveien 21', '1405', 'LANGHUS'],
    '2025-04-02T11:30:00',
  );
  c.companies = [
    nordvik,
    fjellheim,
    kystvei,
    company(
      20419,
      'Hamar Veiservice AS',
      '913572468',
      'post@hamarveiservice.no',
      ['Vangsvegen 40', '2317', 'HAMAR'],
      '2025-03-11T10:00:00',
    ),
    solberg,
    company(
      20421,
      'Lunde Rør og Grunn AS',
      '924681357',
      'faktura@lunderor.no',
      ['Verkstedvegen 5', '3616', 'KONGSBERG'],
      '2025-06-18T14:20:00',
    ),
    company(
      20422,
      'Trøndelag Tomteutvikling AS',
      '935792468',
      'post@trondelagtomt.no',
      ['Brattørkaia 9', '7010', 'TRONDHEIM'],
      '2025-09-01T09:45:00',
    ),
    // For the activation reconciliation (docs/demo-data.md): the workspace's «Solberg Eiendom
    // AS» has two name-only candidates here (ambiguous), its «Aukra Næringspark AS» one.
    company(
      20423,
      'Solberg Eiendom A/S',
      undefined,
      'post@solberg-eiendom.no',
      ['Storgata 2', '1400', 'SKI'],
      '2025-04-20T10:15:00',
    ),
    company(
      20424,
      'AUKRA NÆRINGSPARK A/S',
      undefined,
      'post@aukra-naering.no',
      ['Aukraveien 1', '6480', 'AUKRA'],
      '2025-05-02T12:00:00',
    ),
  ];
  c.sequences.companies = 20424;
  c.persons.push(
    person(501, 'Ola', 'Nordmann', 'ola.nordmann@demomaskin.no', {
      EmployeeId: 1,
      PhoneNumbers: [{ Type: 'Mobile', Value: '91234567' }],
    }),
    person(502, 'Kari', 'Hansen', 'kari.hansen@demomaskin.no', {
      EmployeeId: 2,
      PhoneNumbers: [{ Type: 'Mobile', Value: '92345678' }],
    }),
    person(503, 'Per', 'Olsen', 'per@olsen.no', { EmployeeId: 3 }),
    person(504, 'Lise', 'Berg', 'lise.berg@demomaskin.no', { EmployeeId: 4 }),
    person(601, 'Jon', 'Vik', 'jon.vik@nordvikbygg.no', {
      RelationData: [
        { ContactId: 601, CustomerId: 10001, Email: 'jon.vik@nordvikbygg.no', Title: 'Prosjektleder' },
      ],
    }),
    person(602, 'Hilde', 'Fjellheim', 'hilde@fjellheim-entreprenor.no', {
      RelationData: [{ ContactId: 602, CustomerId: 20417, Title: 'Daglig leder' }],
    }),
  );
  c.users.push({
    ContactId: 502,
    Id: '6d3f0a52-0000-4000-8000-0000000a9102',
    Name: 'Kari Hansen',
    EmployeeId: 2,
  });
  c.sequences.persons = 602;
  const boligfelt = project(1001, 'Boligfelt Nordvik, trinn 2', nordvik, '2025-04-07', {
    Participants: [501, 502],
  });
  const va = project(2050, 'VA-anlegg Fjellheim', fjellheim, '2025-05-12', {
    Participants: [501, 503],
    DepartmentId: 1,
  });
  const veier = project(2051, 'Vedlikehold veier 2025', kystvei, '2025-01-06', { Participants: [504] });
  c.projects = [
    boligfelt,
    va,
    veier,
    project(2040, 'Garasjeanlegg Solberg', solberg, '2024-09-02', {
      StatusId: 3,
      StatusName: 'Avsluttet',
      $deactivated: true,
    }),
  ];
  c.sequences.projects = 2051;
  c.workTypes = [
    {
      Id: 1,
      Name: 'Ordinær',
      Description: 'Ordinær arbeidstid',
      Invoiceable: true,
      Price: '950.00',
      ProductId: 101,
      $active: true,
    },
    {
      Id: 2,
      Name: 'Overtid 50%',
      Description: 'Overtid med 50 % tillegg',
      Invoiceable: true,
      Price: '1425.00',
      ProductId: 101,
      $active: true,
    },
    {
      Id: 3,
      Name: 'Maskintimer',
      Description: 'Timer med maskin',
      Invoiceable: true,
      Price: '1350.00',
      ProductId: 101,
      $active: true,
    },
    {
      Id: 4,
      Name: 'Reise',
      Description: 'Reisetid',
      Invoiceable: true,
      Price: '650.00',
      ProductId: 101,
      $active: true,
    },
    {
      Id: 5,
      Name: 'Administrasjon',
      Description: 'Intern tid',
      Invoiceable: false,
      Price: '0',
      $active: true,
    },
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
    product(106, 'P-1001', 'Pukk 0-32 mm', 2, '289.00', {
      InPrice: '190.00',
      Stock: '420',
      StockControlled: true,
    }),
    product(107, 'P-1002', 'Grus 0-16 mm', 2, '259.00', {
      InPrice: '170.00',
      Stock: '310',
      StockControlled: true,
    }),
    product(108, 'P-1003', 'Matjord', 2, '349.00', { InPrice: '220.00', Stock: '95', StockControlled: true }),
    product(109, 'P-1004', 'Drensrør 110 mm', 3, '89.00', {
      InPrice: '52.00',
      Stock: '600',
      StockControlled: true,
    }),
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
    order(
      70001,
      kystvei,
      veier,
      'Invoiced',
      '2025-09-30',
      [
        row(1, 101, 'TIME', 'Timer september', '42', '950.00', { DepartmentId: 2 }),
        row(2, 102, 'KM', 'Kjøring (km)', '312', '9.50'),
      ],
      { InvoiceId: 50001, DateInvoiced: at('2025-09-30T12:00:00') },
    ),
    order(70002, nordvik, boligfelt, 'Web', '2025-10-10', [
      row(1, 101, 'TIME', 'Maskintimer Gravemaskin Volvo EC220', '7', '1350.00', {
        DepartmentId: 1,
        UserDefinedDimensions: machine('GM-01'),
      }),
      row(2, 101, 'TIME', 'Ordinær', '7.5', '950.00', { DepartmentId: 1 }),
      row(3, 106, 'P-1001', 'Pukk 0-32 mm', '18', '289.00'),
      row(4, 105, 'FRI', 'Etter avtale med Jon Vik', '0', '0', { Type: 'Text' }),
    ]),
    order(70003, solberg, undefined, 'Confirmed', '2025-10-14', [
      row(1, 108, 'P-1003', 'Matjord', '12', '349.00', { DiscountRate: '10' }),
    ]),
    order(70004, fjellheim, va, 'Offer', '2025-10-20', [
      row(1, 109, 'P-1004', 'Drensrør 110 mm', '120', '89.00'),
      row(2, 101, 'TIME', 'Maskintimer Hjullaster Volvo L60', '16', '1350.00', {
        DepartmentId: 1,
        UserDefinedDimensions: machine('HL-01'),
      }),
    ]),
  ];
  for (const o of c.orders) computeTotals(o);
  c.sequences.orders = 70004;
  c.sequences.invoices = 50001;
}

/** Fills "Demo Transport AS". */
export function seedTransport(c: ClientData): void {
  c.departments = [{ Id: 1, Name: 'Transport' }];
  const vestby = company(
    30001,
    'Vestby Logistikk AS',
    '926813579',
    'faktura@vestbylogistikk.no',
    ['Industriveien 8', '1540', 'VESTBY'],
    '2025-03-03T08:00:00',
  );
  c.companies = [
    vestby,
    company(
      30002,
      'Drammen Havn KF',
      '974620123',
      'post@drammenhavn.no',
      ['Havnegata 1', '3015', 'DRAMMEN'],
      '2025-03-05T08:00:00',
    ),
  ];
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
  c.products = [
    product(201, 'TRANSP', 'Transport per time', 1, '1100.00'),
    product(202, 'KM', 'Kjøring (km)', 1, '12.00'),
  ];
  c.sequences.products = 202;
}
