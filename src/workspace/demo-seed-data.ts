// The fixed records of the demo workspace: its login, customers, workers, hour types, machines
// and projects. Numbers, names, org. numbers, e-mails, hour types and machines follow
// docs/demo-data.md (the agreement with the sandbox's seed); the rest is made up to look like a
// machine contractor in Nordmøre. Products and prices are in demo-seed-price-list.ts.

export const DEMO_SLUG = 'demo';
export const DEMO_NAME = 'Demo Maskin AS';
export const DEMO_LOGIN = {
  email: 'admin@demo.no',
  password: 'demo1234',
  name: 'Demo Administrator',
} as const;

export interface DemoCustomer {
  number: number;
  name: string;
  orgNumber: string;
  email: string;
  invoiceEmail: string;
  phone: string;
  street: string;
  postalCode: string;
  city: string;
  paymentTermsDays: number;
}

export const DEMO_CUSTOMERS: DemoCustomer[] = [
  {
    number: 10001,
    name: 'Nordvik Bygg AS',
    orgNumber: '923456783',
    email: 'post@nordvikbygg.no',
    invoiceEmail: 'faktura@nordvikbygg.no',
    phone: '71 58 20 00',
    street: 'Industriveien 12',
    postalCode: '6517',
    city: 'Kristiansund',
    paymentTermsDays: 14,
  },
  {
    number: 10002,
    name: 'Fjellheim Entreprenør AS',
    orgNumber: '934567897',
    email: 'post@fjellheim-ent.no',
    invoiceEmail: 'faktura@fjellheim-ent.no',
    phone: '71 21 44 10',
    street: 'Fannestrandveien 58',
    postalCode: '6415',
    city: 'Molde',
    paymentTermsDays: 30,
  },
  {
    number: 10003,
    name: 'Solberg Eiendom AS',
    orgNumber: '987654325',
    email: 'kontakt@solbergeiendom.no',
    invoiceEmail: 'regnskap@solbergeiendom.no',
    phone: '913 22 871',
    street: 'Storgata 3',
    postalCode: '6413',
    city: 'Molde',
    paymentTermsDays: 14,
  },
  {
    number: 10004,
    name: 'Aukra Næringspark AS',
    orgNumber: '876543214',
    email: 'post@aukranaering.no',
    invoiceEmail: 'faktura@aukranaering.no',
    phone: '71 17 12 00',
    street: 'Nyhamna 1',
    postalCode: '6480',
    city: 'Aukra',
    paymentTermsDays: 30,
  },
  {
    number: 10005,
    name: 'Bergsøy Boligbyggelag',
    orgNumber: '998877660',
    email: 'post@bergsoybbl.no',
    invoiceEmail: 'faktura@bergsoybbl.no',
    phone: '70 02 15 40',
    street: 'Åsveien 22',
    postalCode: '6065',
    city: 'Ulsteinvik',
    paymentTermsDays: 14,
  },
  {
    number: 10006,
    name: 'Halsa Hytteutvikling AS',
    orgNumber: '911223341',
    email: 'post@halsahytter.no',
    invoiceEmail: 'faktura@halsahytter.no',
    phone: '481 55 302',
    street: 'Liabøen 4',
    postalCode: '6683',
    city: 'Vågland',
    paymentTermsDays: 14,
  },
  {
    number: 10007,
    name: 'Tingvoll Vann og Avløp KF',
    orgNumber: '922334455',
    email: 'postmottak@tingvollva.no',
    invoiceEmail: 'faktura@tingvollva.no',
    phone: '71 53 15 00',
    street: 'Kommunehuset',
    postalCode: '6630',
    city: 'Tingvoll',
    paymentTermsDays: 30,
  },
  {
    number: 10008,
    name: 'Sunndal Grunnarbeid AS',
    orgNumber: '933445569',
    email: 'post@sunndalgrunn.no',
    invoiceEmail: 'post@sunndalgrunn.no',
    phone: '71 69 03 30',
    street: 'Auragata 9',
    postalCode: '6600',
    city: 'Sunndalsøra',
    paymentTermsDays: 20,
  },
  {
    number: 10009,
    name: 'Romsdal Tomteselskap AS',
    orgNumber: '944556672',
    email: 'salg@romsdaltomt.no',
    invoiceEmail: 'faktura@romsdaltomt.no',
    phone: '950 41 228',
    street: 'Sentrumsgata 14',
    postalCode: '6300',
    city: 'Åndalsnes',
    paymentTermsDays: 14,
  },
  {
    number: 10010,
    name: 'Kyststien Eiendom AS',
    orgNumber: '955667786',
    email: 'post@kyststien.no',
    invoiceEmail: 'faktura@kyststien.no',
    phone: '412 80 966',
    street: 'Skolegata 7',
    postalCode: '6509',
    city: 'Kristiansund',
    paymentTermsDays: 14,
  },
];

export interface DemoEmployee {
  number: number;
  name: string;
  email: string;
  phone: string;
  /** Operates machines, so gets machine hours on machine projects. */
  operator: boolean;
}

export const DEMO_EMPLOYEES: DemoEmployee[] = [
  {
    number: 1,
    name: 'Ola Nordmann',
    email: 'ola.nordmann@demomaskin.no',
    phone: '920 11 201',
    operator: true,
  },
  {
    number: 2,
    name: 'Kari Hansen',
    email: 'kari.hansen@demomaskin.no',
    phone: '920 11 202',
    operator: false,
  },
  { number: 3, name: 'Per Olsen', email: 'per.olsen@demomaskin.no', phone: '920 11 203', operator: true },
  { number: 4, name: 'Jonas Berg', email: 'jonas.berg@demomaskin.no', phone: '920 11 204', operator: true },
  {
    number: 5,
    name: 'Ingrid Johansen',
    email: 'ingrid.johansen@demomaskin.no',
    phone: '920 11 205',
    operator: true,
  },
  {
    number: 6,
    name: 'Magnus Larsen',
    email: 'magnus.larsen@demomaskin.no',
    phone: '920 11 206',
    operator: true,
  },
  {
    number: 7,
    name: 'Silje Andersen',
    email: 'silje.andersen@demomaskin.no',
    phone: '920 11 207',
    operator: false,
  },
  {
    number: 8,
    name: 'Erik Halvorsen',
    email: 'erik.halvorsen@demomaskin.no',
    phone: '920 11 208',
    operator: false,
  },
];

export const DEMO_HOUR_TYPES = [
  { code: 'ORD', name: 'Ordinær', billable: true, hourlyPrice: '895.00' },
  { code: 'OT50', name: 'Overtid 50 %', billable: true, hourlyPrice: '1342.50' },
  { code: 'OT100', name: 'Overtid 100 %', billable: true, hourlyPrice: '1790.00' },
  { code: 'MASK', name: 'Maskintimer', billable: true, hourlyPrice: '1150.00' },
  { code: 'REISE', name: 'Reise', billable: true, hourlyPrice: '650.00' },
] as const;

export const DEMO_MACHINES = [
  { number: 'GM-01', name: 'Gravemaskin Volvo EC220', hourlyPrice: '1350.00' },
  { number: 'GM-02', name: 'Gravemaskin CAT 308', hourlyPrice: '1050.00' },
  { number: 'HL-01', name: 'Hjullaster Volvo L60', hourlyPrice: '1150.00' },
  { number: 'LB-01', name: 'Lastebil Scania R500', hourlyPrice: '1250.00' },
  { number: 'DU-01', name: 'Dumper Volvo A25', hourlyPrice: '1200.00' },
] as const;

export interface DemoProject {
  number: string;
  name: string;
  customerNumber: number;
  managerNumber: number;
  /** Machines used on the project; empty for hand work only. */
  machines: string[];
  /** Kilometres one way from the yard in Kristiansund, for km entries. */
  km: number;
  /** Toll passages per trip. */
  tolls: number;
  startWeeksAgo: number;
  tasks: string[];
}

export const DEMO_PROJECTS: DemoProject[] = [
  {
    number: '1001',
    name: 'Boligfelt Nordvik, trinn 2',
    customerNumber: 10001,
    managerNumber: 1,
    machines: ['GM-01', 'DU-01', 'HL-01'],
    km: 12,
    tolls: 0,
    startWeeksAgo: 10,
    tasks: [
      'Graving av grøft for VA',
      'Masseutskifting veg',
      'Bærelag og pukk',
      'Legging av overvannsrør',
      'Planering av tomter',
    ],
  },
  {
    number: '1002',
    name: 'VA-anlegg Fjellheim',
    customerNumber: 10002,
    managerNumber: 2,
    machines: ['GM-02', 'LB-01'],
    km: 74,
    tolls: 2,
    startWeeksAgo: 8,
    tasks: [
      'Graving og legging av vannledning',
      'Montering av kummer',
      'Tilkobling av stikkledninger',
      'Trykkprøving',
      'Tilbakefylling og komprimering',
    ],
  },
  {
    number: '1003',
    name: 'Tomtearbeid Solberg',
    customerNumber: 10003,
    managerNumber: 1,
    machines: [],
    km: 70,
    tolls: 2,
    startWeeksAgo: 5,
    tasks: [
      'Utsetting og oppmåling',
      'Drenering rundt grunnmur',
      'Legging av fiberduk',
      'Opprydding på tomt',
    ],
  },
  {
    number: '1004',
    name: 'Parkeringsplass Aukra næringspark',
    customerNumber: 10004,
    managerNumber: 3,
    machines: ['HL-01', 'LB-01'],
    km: 88,
    tolls: 1,
    startWeeksAgo: 6,
    tasks: [
      'Avdekking og bortkjøring av matjord',
      'Utlegging av forsterkningslag',
      'Setting av kantstein',
      'Finplanering før asfalt',
    ],
  },
  {
    number: '1005',
    name: 'Drenering Bergsøy borettslag',
    customerNumber: 10005,
    managerNumber: 2,
    machines: ['GM-02'],
    km: 150,
    tolls: 2,
    startWeeksAgo: 4,
    tasks: [
      'Graving langs grunnmur',
      'Legging av drensrør',
      'Montering av sandfang',
      'Tilbakefylling med singel',
    ],
  },
  {
    number: '1006',
    name: 'Hyttefelt Halsa, veg og VA',
    customerNumber: 10006,
    managerNumber: 3,
    machines: ['GM-01', 'DU-01'],
    km: 55,
    tolls: 0,
    startWeeksAgo: 7,
    tasks: [
      'Bygging av adkomstveg',
      'Sprengning og pigging',
      'Grøft for vann og strøm',
      'Stikkrenner og grøfterensk',
    ],
  },
];
