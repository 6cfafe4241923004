import { Hono } from 'hono';
import { type Employee, getEmployee, listEmployees, updateEmployee } from '../../../workspace/employees.ts';
import { isDomainError } from '../../../workspace/errors.ts';
import { HttpError } from '../../errors.ts';
import { CsrfField } from '../components/form.tsx';
import { Page } from '../components/layout.tsx';
import { formBody, sessionOf, UI_PAGE_SIZE } from '../components/resource-routes.tsx';
import { Notice, PageHead, Pager, withQuery } from '../components/resource-views.tsx';
import type { UiDeps, UiEnv } from '../context.ts';
import { parsePositiveInteger } from '../format.ts';

const CONTACT_ID_ERROR = '24SO kontakt-ID må være et positivt heltall.';

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
}: {
  employee: Employee;
  csrfToken: string;
  value?: string;
  error?: string;
  saved?: boolean;
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
              Lagret
            </span>
          )}
        </form>
      </td>
    </tr>
  );
}

/**
 * Arbeidere → Admin. arbeidere: every worker with the 24SO contact id typed in place.
 * (Picking the contact from 24SO's list comes with the integration.)
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
    return c.html(
      <Page title="Admin. arbeidere" session={session} path={c.req.path}>
        <PageHead title="Admin. arbeidere" />
        <p>
          Koble hver arbeider til en kontakt i 24SevenOffice ved å skrive inn kontaktens ID (Kontakt ID).
          Koblingen trengs for å overføre timer per ansatt og for prosjektleder på prosjekter.
        </p>
        <Notice text={c.req.query('melding') === 'lagret' ? 'Kontakt-ID er lagret.' : undefined} />
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
                <ContactIdRow employee={e} csrfToken={session.csrfToken} />
              ))}
            </tbody>
          </table>
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

  app.post('/arbeidere/admin/:id', async (c) => {
    const session = sessionOf(c);
    const employee = await getEmployee(deps.db, session.workspaceId, c.req.param('id'));
    if (!employee) throw new HttpError(404, 'Arbeideren finnes ikke.');
    const raw = ((await formBody(c)).twentyfourContactId ?? '').trim();
    const htmx = c.req.header('hx-request') === 'true';
    const contactId = raw === '' ? null : parsePositiveInteger(raw);
    let error = contactId === undefined ? CONTACT_ID_ERROR : undefined;
    let updated = employee;
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
        />,
      );
    }
    if (error) throw new HttpError(422, `${employee.name}: ${error}`);
    return c.redirect(withQuery('/arbeidere/admin', { melding: 'lagret' }), 303);
  });

  return app;
}
