import { z } from 'zod';
import { queryBoolean } from './list-query.ts';
import {
  blankable,
  emailInput,
  idString,
  optionalText,
  orgNumberInput,
  requiredText,
  timestampOutput,
} from './values.ts';

// Customer schemas and types (kunder); the repository is customers.ts. The number is the customer number shown everywhere and, for exported
// customers, the Company Id in 24SO — so it is unique per workspace, even among deleted ones.

const addressInputSchema = z
  .strictObject({
    street: optionalText(200, 'Gateadresse').nullable().optional(),
    postalCode: optionalText(10, 'Postnummer').nullable().optional(),
    city: optionalText(100, 'Poststed').nullable().optional(),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'Landkode må være to store bokstaver, f.eks. NO.')
      .optional()
      .describe('Landkode, ISO 3166-1 alfa-2 (standard NO)'),
  })
  .describe('Postadresse');

export const customerCreateSchema = z
  .object({
    number: z
      .number()
      .int()
      .min(1)
      .max(999_999_999)
      .optional()
      .describe('Kundenummer; tildeles automatisk (høyeste + 1) når det utelates'),
    name: requiredText(200, 'Kundens navn'),
    orgNumber: blankable(orgNumberInput()),
    email: blankable(emailInput('E-postadresse')),
    invoiceEmail: blankable(emailInput('E-postadresse for faktura')),
    phone: blankable(optionalText(40, 'Telefon')),
    address: addressInputSchema.optional(),
    deliveryAddress: addressInputSchema
      .nullable()
      .optional()
      .describe('Leveringsadresse når den er en annen enn postadressen; null fjerner den'),
    paymentTermsDays: z
      .number()
      .int()
      .min(0)
      .max(365)
      .optional()
      .describe('Betalingstid i dager (standard 14)'),
    active: z.boolean().optional().describe('Aktiv kunde (standard true)'),
  })
  .meta({ title: 'CustomerCreate', description: 'Ny kunde' });

export const customerUpdateSchema = customerCreateSchema
  .partial()
  .meta({ title: 'CustomerUpdate', description: 'Endring av kunde; bare feltene som sendes endres' });

/** A warning that does not stop the write: another customer has the same org. number. */
export const customerWarningSchema = z
  .object({
    path: z.string().describe('Feltet advarselen gjelder, f.eks. orgNumber'),
    message: z.string().describe('Advarselen på norsk'),
    customerId: z.string().describe('Den andre kundens id'),
    customerNumber: z.number().int().describe('Den andre kundens kundenummer'),
  })
  .meta({ title: 'CustomerWarning', description: 'En advarsel om en kunde (stopper ikke lagringen)' });

export type CustomerWarning = z.infer<typeof customerWarningSchema>;

/**
 * The warning for a shared org. number: legal (a company with several departments), so it is
 * said, not refused.
 * @example sameOrgNumberMessage(10001, 'Nordvik Bygg AS')
 */
export function sameOrgNumberMessage(number: number, name: string): string {
  return `Kunde ${number} ${name} har samme organisasjonsnummer. Det er lov (for eksempel flere avdelinger), men sjekk at det ikke er samme kunde to ganger.`;
}

export const customerSchema = z
  .object({
    id: idString('Kundens id'),
    number: z.number().int().describe('Kundenummer'),
    name: z.string().describe('Navn'),
    orgNumber: z.string().nullable().describe('Organisasjonsnummer (9 siffer)'),
    email: z.string().nullable().describe('E-post'),
    invoiceEmail: z.string().nullable().describe('E-post for faktura'),
    phone: z.string().nullable().describe('Telefon'),
    address: z
      .object({
        street: z.string().nullable(),
        postalCode: z.string().nullable(),
        city: z.string().nullable(),
        country: z.string(),
      })
      .describe('Postadresse'),
    deliveryAddress: z
      .object({
        street: z.string().nullable(),
        postalCode: z.string().nullable(),
        city: z.string().nullable(),
        country: z.string(),
      })
      .nullable()
      .describe('Leveringsadresse, eller null når den er den samme som postadressen'),
    paymentTermsDays: z.number().int().describe('Betalingstid i dager'),
    active: z.boolean().describe('Aktiv'),
    createdAt: timestampOutput('Opprettet'),
    updatedAt: timestampOutput('Sist endret'),
    warnings: z
      .array(customerWarningSchema)
      .optional()
      .describe(
        'Advarsler etter opprettelse eller endring, f.eks. samme organisasjonsnummer som en annen kunde',
      ),
  })
  .meta({ title: 'Customer', description: 'En kunde i arbeidsområdet' });

export type CustomerCreate = z.input<typeof customerCreateSchema>;
export type CustomerUpdate = z.input<typeof customerUpdateSchema>;
export type Customer = z.infer<typeof customerSchema>;

export interface CustomerFilter {
  /** Part of the name, number or org. number. */
  search?: string;
  active?: boolean;
}

/** `?search=&active=&limit=&cursor=` for GET /customers. */
export const customerListQuerySchema = z.object({
  search: z.string().max(200).optional().describe('Søk i navn, kundenummer og org.nr.'),
  active: queryBoolean('Bare aktive (true) eller inaktive (false)'),
});

export const DEFAULT_PAYMENT_TERMS_DAYS = 14;

/**
 * The postal-code rule for an address: in Norway (the default country) a postal code has
 * 4 digits; other countries' codes are taken as written. Returns the Norwegian message, or
 * undefined when the code is fine or blank.
 * @example postalCodeProblem('NO', '123') // 'Norske postnummer har 4 siffer.'
 */
export function postalCodeProblem(
  country: string | null | undefined,
  postalCode: string | null | undefined,
): string | undefined {
  if ((country ?? 'NO') === 'NO' && postalCode && !/^\d{4}$/.test(postalCode)) {
    return 'Norske postnummer har 4 siffer.';
  }
  return undefined;
}
