import { SANDBOX_APPLICATION_ID } from '../config/config.ts';
import { seedMaskin, seedTransport } from './seed-demo.ts';
import { at, person } from './seed-records.ts';
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
        identities: [
          grant('maskin', true, false),
          grant('transport', false, false),
          grant('utleie', false, true),
        ],
      },
    ],
    clients,
    sessions: {},
  };
}

export function baseClient(
  id: number,
  name: string,
  orgNo: string,
  street: string,
  postalCode: string,
  area: string,
): ClientData {
  const address = { Street: street, PostalCode: postalCode, PostalArea: area, City: area, Country: 'NO' };
  return {
    id,
    name,
    info: {
      AddressList: { Post: address, Visit: address },
      Country: 'NO',
      EmailAddressList: {
        Invoice: { Value: `faktura@${name.toLowerCase().replace(/ as$/, '').replace(/\s+/g, '')}.no` },
      },
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
      person(500, 'API-bruker', 'Broen', 'api@demo.no', {
        EmployeeId: 100,
        DateRegistered: at('2025-01-02T08:00:00'),
      }),
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
    sequences: {
      companies: 20000,
      persons: 600,
      projects: 2000,
      hours: 55000,
      products: 100,
      productCategories: 1,
      orders: 70000,
      invoices: 50000,
    },
  };
}
