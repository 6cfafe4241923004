import { z } from 'zod';
import {
  hoursWaitingForContact,
  linkContacts,
  readContacts,
  suggestContacts,
} from '../../../integration/reconciliation/contacts.ts';
import type { IntegrationRuntime } from '../../../integration/runtime.ts';
import { HttpError } from '../../errors.ts';
import { connectionProblemError, statusOf } from '../../outcome-status.ts';
import { type ApiOperation, defineOperation, type ErrorSpec } from '../operations.ts';

// Workers ↔ 24SO contacts beside GET /integration/lookups/contacts: a suggested contact per
// worker, and linking several workers at once (or every sure suggestion) in one transaction,
// each declared once (validation, OpenAPI entry and typed answer). Both read the client's
// contacts from 24SO, so the link runs outside the request's transaction.

const linkSchema = z.strictObject({
  employeeId: z.string().uuid('Ukjent arbeider'),
  contactId: z
    .number({ error: 'contactId må være et positivt heltall' })
    .int()
    .positive('contactId må være et positivt heltall'),
});

const contactLinksSchema = z
  .strictObject({
    links: z.array(linkSchema).max(1000, 'Høyst 1000 koblinger om gangen').optional(),
    acceptSuggestions: z.boolean().optional().meta({
      description: 'true: koble alle sikre forslag (samme e-post, én kandidat). Kan kombineres med links.',
    }),
  })
  .refine((b) => (b.links?.length ?? 0) > 0 || b.acceptSuggestions === true, {
    message: 'Send links eller acceptSuggestions: true',
  });

const suggestionSchema = z.object({
  employeeId: z.string(),
  number: z.number().int(),
  name: z.string(),
  email: z.string().nullable(),
  twentyfourContactId: z.number().int().nullable(),
  suggestion: z
    .object({
      contactId: z.string(),
      name: z.string(),
      email: z.string().nullable(),
      matchedBy: z.enum(['email', 'name']),
      sure: z
        .boolean()
        .meta({ description: 'true: samme e-post og én kandidat; false: bare navnet likner.' }),
    })
    .nullable(),
});

const suggestionsSchema = z.object({
  items: z.array(suggestionSchema),
  waitingHours: z.object({
    entries: z
      .number()
      .int()
      .meta({ description: 'Godkjente timeregistreringer som bare venter på arbeiderens kontakt-id.' }),
    minutes: z.number().int(),
  }),
});

const NEEDS_CONNECTION: ErrorSpec[] = [
  { status: 409, description: 'Arbeidsområdet er ikke koblet til 24SevenOffice.' },
  {
    status: 422,
    description:
      'Passordet avvises eller klienten er borte; eller en kontakt finnes ikke i klienten (errors sier hvilken).',
  },
  { status: 503, description: '24SevenOffice svarer ikke akkurat nå.' },
  { status: 403, description: '24SevenOffice-brukeren har ikke tilgang til kontaktlisten.' },
];

/** The connected client's contacts, or the connection problem as its HTTP error. */
async function contactsOrThrow(runtime: IntegrationRuntime, workspaceId: string) {
  const live = await readContacts(runtime, workspaceId);
  if (!live.ok) throw connectionProblemError(live);
  return live;
}

export const contactLinkOperations: ApiOperation[] = [
  defineOperation({
    method: 'get',
    path: '/integration/contact-suggestions',
    operationId: 'getContactSuggestions',
    summary:
      'Arbeiderne med foreslått 24SevenOffice-kontakt (e-post, så navn, blant ansatte) og timer som venter på kobling',
    tag: '24SevenOffice',
    schemaNames: { response: 'ContactSuggestions' },
    responses: { 200: { description: 'Forslagene', schema: suggestionsSchema } },
    errors: NEEDS_CONNECTION,
    handler: async ({ deps, workspaceId }) => {
      const { contacts } = await contactsOrThrow(deps.integration, workspaceId);
      const [items, waitingHours] = await Promise.all([
        suggestContacts(deps.db, workspaceId, contacts),
        hoursWaitingForContact(deps.db, workspaceId),
      ]);
      return { status: 200, body: { items, waitingHours } };
    },
  }),
  defineOperation({
    method: 'post',
    path: '/integration/contact-links',
    operationId: 'linkContacts',
    summary: 'Koble arbeidere til kontakter i 24SevenOffice, flere om gangen (alt eller ingenting)',
    description:
      'Hver kontakt kontrolleres mot klientens kontaktliste, og en kontakt som allerede er koblet til en annen arbeider avvises (409).',
    tag: '24SevenOffice',
    idempotentAnswer: 'after',
    body: contactLinksSchema,
    schemaNames: { body: 'ContactLinksInput', response: 'ContactLinksResult' },
    responses: { 200: { description: 'Koblet', schema: z.object({ linked: z.number().int() }) } },
    errors: [...NEEDS_CONNECTION, { status: 404, description: 'En arbeider finnes ikke.' }],
    handler: async ({ deps, workspaceId, body }) => {
      const { contacts, clientName } = await contactsOrThrow(deps.integration, workspaceId);
      const links = [...(body.links ?? [])];
      if (body.acceptSuggestions) {
        for (const s of await suggestContacts(deps.db, workspaceId, contacts)) {
          if (s.suggestion?.sure && !links.some((l) => l.employeeId === s.employeeId)) {
            links.push({ employeeId: s.employeeId, contactId: Number(s.suggestion.contactId) });
          }
        }
      }
      const result = await linkContacts(deps.db, deps.clock, workspaceId, links, contacts, clientName);
      if (!result.ok) throw new HttpError(statusOf(result.code), result.message, result.errors);
      return { status: 200, body: { linked: result.linked } };
    },
  }),
];
