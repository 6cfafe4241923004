import { z } from 'zod';
import { baseClient } from './seed.ts';
import { person, product } from './seed-records.ts';
import type { ClientData, SandboxData } from './state.ts';

// Clients added through the control API (`POST /_sandbox/clients`), so a test or the chaos
// suite can give each workspace a 24SO client and API user of its own — as every real company
// has. A new client holds what a company's 24SO has before Broen is connected: its employees
// (contacts 501–505), the work type «Ordinær» (id 1) and the products an order needs (TIME, KM,
// BOM, UTL, FRI); no customers, projects or hours.

export const addClientSchema = z.strictObject({
  name: z.string().trim().min(1, 'Skriv klientens navn').max(200, 'Navnet kan være høyst 200 tegn'),
  username: z.string().trim().min(3, 'Skriv et brukernavn (e-post)').max(200),
  password: z.string().min(8, 'Passordet må ha minst 8 tegn').max(200),
});

export type AddClientInput = z.infer<typeof addClientSchema>;

const FIRST_ADDED_CLIENT_ID = 3530001;
const EMPLOYEES = [
  ['Ola', 'Nordmann'],
  ['Kari', 'Hansen'],
  ['Per', 'Olsen'],
  ['Lise', 'Berg'],
  ['Jonas', 'Vik'],
] as const;

/** The e-mail of employee `n` (1–5) in an added client; the chaos suite gives its workers the same. */
export function addedEmployeeEmail(clientId: number, n: number): string {
  return `arbeider${n}@klient${clientId}.no`;
}

/**
 * Adds a client and a user who may log in to it (its only, default identity).
 * Throws when the username is taken (the control API answers 409).
 * @example addClient(data, { name: 'Fjord Maskin AS', username: 'api@fjord.no', password: 'hemmelig1' })
 *   // { clientId: 3530001, identityId: '6d3f0a52-0000-4000-8000-000003530001' }
 */
export function addClient(
  data: SandboxData,
  input: AddClientInput,
): { clientId: number; identityId: string } {
  const wanted = input.username.toLowerCase();
  if (data.users.some((u) => u.username.toLowerCase() === wanted)) {
    throw new UsernameTakenError(input.username);
  }
  const clientId = Math.max(FIRST_ADDED_CLIENT_ID - 1, ...data.clients.map((c) => c.id)) + 1;
  const suffix = String(clientId).padStart(12, '0');
  const identityId = `6d3f0a52-0000-4000-8000-${suffix}`;
  const userGuid = `6d3f0a52-0000-4000-9000-${suffix}`;
  const client = baseClient(clientId, input.name, '915678904', 'Industrivegen 1', '2069', 'JESSHEIM');
  fillCompanyBasics(client);
  client.users = [{ ContactId: 500, Id: userGuid, Name: 'API-bruker Broen', EmployeeId: 100 }];
  data.clients.push(client);
  data.users.push({
    username: input.username,
    password: input.password,
    identities: [
      {
        identityId,
        clientId,
        isDefault: true,
        disabled: false,
        user: { ContactId: 500, Id: userGuid, Name: 'API-bruker Broen', EmployeeId: 100 },
      },
    ],
  });
  return { clientId, identityId };
}

export class UsernameTakenError extends Error {
  constructor(username: string) {
    super(`Brukernavnet «${username}» finnes allerede i sandkassen.`);
    this.name = 'UsernameTakenError';
  }
}

function fillCompanyBasics(client: ClientData): void {
  EMPLOYEES.forEach(([first, last], i) => {
    const n = i + 1;
    client.persons.push(person(500 + n, first, last, addedEmployeeEmail(client.id, n), { EmployeeId: n }));
  });
  client.sequences.persons = 600;
  client.workTypes = [
    {
      Id: 1,
      Name: 'Ordinær',
      Description: 'Ordinær arbeidstid',
      Invoiceable: true,
      Price: '950.00',
      ProductId: 101,
      $active: true,
    },
  ];
  client.products = [
    product(101, 'TIME', 'Timer', 1, '950.00'),
    product(102, 'KM', 'Kjøring (km)', 1, '9.50'),
    product(103, 'BOM', 'Bomring', 1, '0', { TaxRate: '0' }),
    product(104, 'UTL', 'Andre utgifter', 1, '0'),
    product(105, 'FRI', 'Fritekst', 1, '0'),
  ];
  client.sequences.products = 105;
}
