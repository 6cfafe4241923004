import { Hono } from 'hono';
import {
  checkWorkerContact,
  hoursWaitingForContact,
  linkContacts,
  readContacts,
  suggestContacts,
  type WorkerSuggestion,
} from '../../../integration/reconciliation/contacts.ts';
import { type Employee, getEmployee, listEmployees, updateEmployee } from '../../../workspace/employees.ts';
import { isDomainError } from '../../../workspace/errors.ts';
import { HttpError } from '../../errors.ts';
import { statusOf } from '../../outcome-status.ts';
import { CsrfField } from '../components/form.tsx';
import { Page } from '../components/layout.tsx';
import { formBody, sessionOf, UI_PAGE_SIZE } from '../components/request.ts';
import { Notice, PageHead, Pager, withQuery } from '../components/resource-views.tsx';
import type { UiDeps, UiEnv } from '../context.ts';
import { parsePositiveInteger } from '../format.ts';

const CONTACT_ID_ERROR = '24SO kontakt-ID må være et positivt heltall.';

/** The id of the page's datalist of 24SO contacts (native, searchable by name, e-mail and id). */
const CONTACTS_LIST = 'kontakter-24so';

function noticeText(melding: string | undefined, antall: string | undefined): string | undefined {
  if (melding === 'lagret') return 'Kontakt-ID er lagret.';
  if (melding === 'lagret-ukontrollert')
    return 'Kontakt-ID er lagret, men ikke kontrollert mot 24SevenOffice (ikke tilkoblet nå).';
  if (melding === 'koblet')
    return `${/^\d+$/.test(antall ?? '') ? antall : 'Alle'} arbeidere er koblet til kontaktene som ble foreslått.`;
  return undefined;
}

/**
 * One worker's row with the 24SO contact id editable in place (htmx swaps the row; without
 * JavaScript the form posts and the page reloads).
 * @example <ContactIdRow employee={e} csrfToken={t} />
 */
export function ContactIdRow({
  employee,
  csrfToken,
  value,
  error,
  saved,
  unchecked,
  suggestion,
  contactName,
  listed,
}: {
  employee: Employee;
  csrfToken: string;
  value?: string;
  error?: string;
  saved?: boolean;
  /** Saved without checking against 24SO (not connected, or 24SO did not answer). */
  unchecked?: boolean;
  suggestion?: WorkerSuggestion['suggestion'];
  /** The linked contact's name in 24SO, when the list was read. */
  contactName?: string | null;
  /** The page has the contacts datalist (24SO's list was read). */
  listed?: boolean;
}) {
  const inputId = `kontakt-${employee.id}`;
  const current =
    value ?? (employee.twentyfourContactId === null ? '' : String(employee.twentyfourContactId));
  return (
    <tr id={`arbeider-${employee.id}`}>
      <td class="num">{employee.number}</td>
      <td>
        <a href={`/arbeidere/${employee.id}`}>{employee.name}</a>
      </td>
      <td>{employee.email ?? ''}</td>
      <td>
        <form
          method="post"
          action={`/arbeidere/admin/${employee.id}`}
          class="inline-form"
          hx-post={`/arbeidere/admin/${employee.id}`}
          hx-target="closest tr"
          hx-swap="outerHTML"
        >
          <CsrfField token={csrfToken} />
          <label for={inputId} class="visually-hidden">
            24SO kontakt-ID for {employee.name}
          </label>
          <input
            id={inputId}
            name="twentyfourContactId"
            inputmode="numeric"
            list={listed ? CONTACTS_LIST : undefined}
            autocomplete="off"
            placeholder={listed ? 'Søk navn, e-post eller ID' : undefined}
            value={current}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? `${inputId}-feil` : undefined}
          />
          <button type="submit" class="secondary">
            Lagre
          </button>
          {error && (
            <span class="field-error" id={`${inputId}-feil`}>
              {error}
            </span>
          )}
          {saved && (
            <span class="badge ok" role="status">
              {unchecked ? 'Lagret (ikke kontrollert mot 24SevenOffice)' : 'Lagret'}
            </span>
          )}
          {contactName && !error && <span class="field-hint"> {contactName}</span>}
        </form>
        {suggestion && employee.twentyfourContactId === null && (
          <form method="post" action={`/arbeidere/admin/${employee.id}`} class="inline-form suggestion">
            <CsrfField token={csrfToken} />
            <input type="hidden" name="twentyfourContactId" value={suggestion.contactId} />
            <span class="field-hint">
              Forslag: {suggestion.name}
              {suggestion.email ? ` (${suggestion.email})` : ''}, kontakt-ID {suggestion.contactId} –{' '}
              {suggestion.sure ? 'samme e-post' : 'bare navnet likner'}
            </span>{' '}
            <button type="submit" class="secondary">
              Bruk forslaget
            </button>
          </form>
        )}
      </td>
    </tr>
  );
}

/**
 * Arbeidere → Admin. arbeidere: every worker with its 24SO contact, picked from the client's
 * contacts read live (or typed, and checked against them), a suggested contact per worker and
 * «Koble alle foreslåtte», and the approved hours waiting only for a contact id.
 * @example ui.route('/', createEmployeeAdminRoutes(deps));
 */
export function createEmployeeAdminRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();

  app.get('/arbeidere/admin', async (c) => {
    const session = sessionOf(c);
    const search = c.req.query('sok')?.trim().slice(0, 200) || undefined;
    const cursor = c.req.query('cursor') || undefined;
    let page: Awaited<ReturnType<typeof listEmployees>>;
    try {
      page = await listEmployees(deps.db, session.workspaceId, { search }, { limit: UI_PAGE_SIZE, cursor });
    } catch (error) {
      if (isDomainError(error) && error.field === 'cursor') return c.redirect('/arbeidere/admin', 303);
      throw error;
    }
    const live = await readContacts(deps.integration, session.workspaceId);
    const contacts = live.ok ? live.contacts : [];
    const [suggestions, waiting] = await Promise.all([
      suggestContacts(deps.db, session.workspaceId, contacts),
      hoursWaitingForContact(deps.db, session.workspaceId),
    ]);
    const suggestionOf = new Map(suggestions.map((s) => [s.employeeId, s.suggestion]));
    const sure = suggestions.filter((s) => s.suggestion?.sure).length;
    const nameOf = new Map(contacts.map((k) => [k.id, `${k.name}${k.email ? ` (${k.email})` : ''}`]));
    return c.html(
      <Page title="Admin. arbeidere" session={session} path={c.req.path}>
        <PageHead title="Admin. arbeidere" />
        <p>
          Koble hver arbeider til en kontakt i 24SevenOffice: velg kontakten fra listen (søk på navn, e-post
          eller kontakt-ID) eller skriv inn ID-en. Koblingen trengs for å overføre timer per ansatt og for
          prosjektleder på prosjekter.
        </p>
        {waiting.entries > 0 && (
          <p class="notice notice-info" role="note" data-waiting-hours={waiting.entries}>
            {waiting.entries} godkjente {waiting.entries === 1 ? 'time' : 'timer'} venter på kobling (timer
            før startdatoen og timer med en timetype uten arbeidstype er ikke talt med: de venter uansett).
          </p>
        )}
        <Notice text={noticeText(c.req.query('melding'), c.req.query('antall'))} />
        {!live.ok && (
          <p class="notice notice-info" role="note">
            Kontaktene i 24SevenOffice kunne ikke leses: {live.message} Du kan fortsatt skrive inn kontakt-ID;
            den lagres som ikke kontrollert.
          </p>
        )}
        {live.ok && (
          <>
            <datalist id={CONTACTS_LIST}>
              {contacts.map((k) => (
                <option value={k.id}>
                  {k.name}
                  {k.email ? ` – ${k.email}` : ''}
                  {k.isEmployee ? '' : ' (ikke ansatt)'}
                </option>
              ))}
            </datalist>
            {sure > 0 && (
              <form method="post" action="/arbeidere/admin/koble-foreslatte" class="bulk-actions">
                <CsrfField token={session.csrfToken} />
                <button type="submit">Koble alle foreslåtte ({sure})</button>
                <span class="field-hint">
                  {' '}
                  Kobler arbeiderne som har samme e-post som én ansatt i 24SevenOffice.
                </span>
              </form>
            )}
          </>
        )}
        <form method="get" action="/arbeidere/admin" class="filters" aria-label="Filter">
          <div class="field">
            <label for="admin-sok">Søk (navn, nr., e-post)</label>
            <input id="admin-sok" name="sok" type="search" value={search ?? ''} />
          </div>
          <button type="submit" class="secondary">
            Vis
          </button>
        </form>
        {page.items.length === 0 ? (
          <p class="empty">Ingen arbeidere funnet.</p>
        ) : (
          <div class="table-scroll">
            <table class="list">
              <thead>
                <tr>
                  <th scope="col" class="num">
                    Nr.
                  </th>
                  <th scope="col">Navn</th>
                  <th scope="col">E-post</th>
                  <th scope="col">24SO kontakt-ID</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((e) => (
                  <ContactIdRow
                    employee={e}
                    csrfToken={session.csrfToken}
                    suggestion={suggestionOf.get(e.id)}
                    listed={live.ok}
                    contactName={
                      e.twentyfourContactId === null
                        ? null
                        : (nameOf.get(String(e.twentyfourContactId)) ?? null)
                    }
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager
          path="/arbeidere/admin"
          params={{ sok: search }}
          cursor={cursor}
          nextCursor={page.nextCursor}
        />
      </Page>,
    );
  });

  app.post('/arbeidere/admin/koble-foreslatte', async (c) => {
    const session = sessionOf(c);
    const live = await readContacts(deps.integration, session.workspaceId);
    if (!live.ok) throw new HttpError(503, `Kontaktene i 24SevenOffice kunne ikke leses: ${live.message}`);
    const links = (await suggestContacts(deps.db, session.workspaceId, live.contacts)).flatMap((s) =>
      s.suggestion?.sure ? [{ employeeId: s.employeeId, contactId: Number(s.suggestion.contactId) }] : [],
    );
    const result = await linkContacts(
      deps.db,
      deps.clock,
      session.workspaceId,
      links,
      live.contacts,
      live.clientName,
    );
    if (!result.ok) throw new HttpError(statusOf(result.code), result.errors.map((e) => e.message).join(' '));
    return c.redirect(
      withQuery('/arbeidere/admin', { melding: 'koblet', antall: String(result.linked) }),
      303,
    );
  });

  app.post('/arbeidere/admin/:id', async (c) => {
    const session = sessionOf(c);
    const employee = await getEmployee(deps.db, session.workspaceId, c.req.param('id'));
    if (!employee) throw new HttpError(404, 'Arbeideren finnes ikke.');
    const raw = ((await formBody(c)).twentyfourContactId ?? '').trim();
    const htmx = c.req.header('hx-request') === 'true';
    const contactId = raw === '' ? null : parsePositiveInteger(raw);
    let error = contactId === undefined ? CONTACT_ID_ERROR : undefined;
    let updated = employee;
    // Checked against the connected client's contacts; without a connection it is saved unchecked.
    let unchecked = false;
    let contactName: string | null = null;
    if (!error && contactId) {
      const check = await checkWorkerContact(deps.integration, session.workspaceId, contactId);
      if (check.state === 'checked') contactName = check.name;
      else if (check.state === 'unchecked') unchecked = true;
      else error = check.message;
    }
    if (!error) {
      try {
        updated = await updateEmployee(
          deps.db,
          session.workspaceId,
          employee.id,
          { twentyfourContactId: contactId },
          deps.clock,
        );
      } catch (e) {
        if (!isDomainError(e)) throw e;
        error = e.errors[0]?.message ?? e.message;
      }
    }
    if (htmx) {
      // 200 even on a validation error: htmx swaps only successful responses by default.
      return c.html(
        <ContactIdRow
          employee={updated}
          csrfToken={session.csrfToken}
          value={error ? raw : undefined}
          error={error}
          saved={!error}
          unchecked={unchecked}
          contactName={contactName}
        />,
      );
    }
    if (error) throw new HttpError(422, `${employee.name}: ${error}`);
    return c.redirect(
      withQuery('/arbeidere/admin', { melding: unchecked ? 'lagret-ukontrollert' : 'lagret' }),
      303,
    );
  });

  return app;
}
