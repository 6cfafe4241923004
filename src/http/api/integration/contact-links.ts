import type { Hono } from 'hono';
import { z } from 'zod';
import {
  hoursWaitingForContact,
  linkContacts,
  readContacts,
  suggestContacts,
} from '../../../integration/reconciliation/contacts.ts';
import { integrationRuntime } from '../../../integration/runtime.ts';
import type { AppDeps } from '../../deps.ts';
import { HttpError } from '../../errors.ts';
import type { ApiContext, ApiEnv } from '../api-env.ts';
import { documentRoute } from '../operations.ts';
import { readJsonBody } from '../validation.ts';

// Workers ↔ 24SO contacts beside GET /integration/lookups/contacts: a suggested contact per
// worker, and linking several workers at once (or every sure suggestion) in one transaction.

const linkSchema = z.strictObject({
  employeeId: z.string().uuid('Ukjent arbeider'),
  contactId: z
    .number({ error: 'contactId må være et positivt heltall' })
    .int()
    .positive('contactId må være et positivt heltall'),
});

export const contactLinksSchema = z
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

const NEEDS_CONNECTION = [
  { status: 409 as const, description: 'Arbeidsområdet er ikke koblet til 24SevenOffice.' },
  {
    status: 422 as const,
    description:
      'Passordet avvises eller klienten er borte; eller en kontakt finnes ikke i klienten (errors sier hvilken).',
  },
  { status: 503 as const, description: '24SevenOffice svarer ikke akkurat nå.' },
  { status: 403 as const, description: '24SevenOffice-brukeren har ikke tilgang til kontaktlisten.' },
];

documentRoute({
  method: 'get',
  path: '/integration/contact-suggestions',
  operationId: 'getContactSuggestions',
  summary:
    'Arbeiderne med foreslått 24SevenOffice-kontakt (e-post, så navn, blant ansatte) og timer som venter på kobling',
  tag: '24SevenOffice',
  schemaNames: { response: 'ContactSuggestions' },
  responses: { 200: { description: 'Forslagene', schema: suggestionsSchema } },
  errors: NEEDS_CONNECTION,
});
documentRoute({
  method: 'post',
  path: '/integration/contact-links',
  operationId: 'linkContacts',
  summary: 'Koble arbeidere til kontakter i 24SevenOffice, flere om gangen (alt eller ingenting)',
  description:
    'Hver kontakt kontrolleres mot klientens kontaktliste, og en kontakt som allerede er koblet til en annen arbeider avvises (409).',
  tag: '24SevenOffice',
  body: contactLinksSchema,
  schemaNames: { body: 'ContactLinksInput', response: 'ContactLinksResult' },
  responses: { 200: { description: 'Koblet', schema: z.object({ linked: z.number().int() }) } },
  errors: [...NEEDS_CONNECTION, { status: 404, description: 'En arbeider finnes ikke.' }],
});

/**
 * Mounts the contact link routes on the integration router.
 * @example mountContactLinkRoutes(api, deps);
 */
export function mountContactLinkRoutes(api: Hono<ApiEnv>, deps: AppDeps): void {
  const ws = (c: ApiContext) => c.get('principal').workspaceId;
  const contactsOr = async (workspaceId: string) => {
    const r = await readContacts(integrationRuntime(deps), workspaceId);
    if (!r.ok) {
      const status =
        r.state === 'unreachable'
          ? 503
          : r.state === 'not_connected'
            ? 409
            : r.state === 'forbidden'
              ? 403
              : 422;
      throw new HttpError(status, r.message);
    }
    return r;
  };

  api.get('/contact-suggestions', async (c) => {
    const { contacts } = await contactsOr(ws(c));
    const [items, waitingHours] = await Promise.all([
      suggestContacts(deps.db, ws(c), contacts),
      hoursWaitingForContact(deps.db, ws(c)),
    ]);
    return c.json({ items, waitingHours });
  });

  api.post('/contact-links', async (c) => {
    const body = await readJsonBody(c, contactLinksSchema);
    const { contacts, clientName } = await contactsOr(ws(c));
    const links = [...(body.links ?? [])];
    if (body.acceptSuggestions) {
      for (const s of await suggestContacts(deps.db, ws(c), contacts)) {
        if (s.suggestion?.sure && !links.some((l) => l.employeeId === s.employeeId)) {
          links.push({ employeeId: s.employeeId, contactId: Number(s.suggestion.contactId) });
        }
      }
    }
    const result = await linkContacts(deps.db, deps.clock, ws(c), links, contacts, clientName);
    if (!result.ok) throw new HttpError(result.status, result.message, result.errors);
    return c.json({ linked: result.linked });
  });
}
