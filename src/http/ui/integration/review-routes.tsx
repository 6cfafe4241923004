import type { Context } from 'hono';
import { Hono } from 'hono';
import { getConnectionStatus } from '../../../integration/connection.ts';
import {
  confirmMappingReview,
  getMappingReview,
  type MappingReview,
  type MappingReviewItem,
} from '../../../integration/mapping-review.ts';
import { CsrfField } from '../components/form.tsx';
import { Notice, Page } from '../components/layout.tsx';
import type { UiDeps, UiEnv } from '../context.ts';
import { formatDateTime } from '../format.ts';
import { notice, sessionOf, text } from './page-helpers.tsx';
import { BASE, StateBox, SubNav } from './views.tsx';

// Gjennomgang av koblinger: after a login on another 24SO client, every mapping with the new
// client's name beside the name it had, and «Bekreft koblingene» — which «Slå på integrasjonen»
// waits for. The API's /integration/mapping-review calls the same functions.

/**
 * GET shows the review; POST /bekreft confirms it for the settings version the page showed.
 * @example app.route('/', createReviewRoutes(deps));
 */
export function createReviewRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();

  const reviewPage = async (c: Context<UiEnv>, error?: string, code: 200 | 409 | 422 | 503 = 200) => {
    const session = sessionOf(c);
    const [review, status] = await Promise.all([
      getMappingReview(deps.integration, session.workspaceId),
      getConnectionStatus(deps.db, session.workspaceId),
    ]);
    return c.html(
      <Page title="24SevenOffice – gjennomgang av koblinger" session={session} path={c.req.path}>
        <h1>Gjennomgang av koblinger</h1>
        <SubNav current="settings" />
        {notice(c)}
        {error && <Notice text={error} kind="error" />}
        <StateBox status={status} csrfToken={session.csrfToken} />
        <ReviewBox review={review} csrfToken={session.csrfToken} />
      </Page>,
      code,
    );
  };

  app.get('/24sevenoffice/koblinger', (c) => reviewPage(c));

  app.post('/24sevenoffice/koblinger/bekreft', async (c) => {
    const session = sessionOf(c);
    const version = text((await c.req.parseBody()).version);
    const result = await confirmMappingReview(deps.integration, {
      workspaceId: session.workspaceId,
      actor: session.email,
      expectedVersion: /^\d+$/.test(version) ? Number(version) : undefined,
    });
    if (!result.ok) return reviewPage(c, result.message, result.status);
    return c.redirect(`${BASE}/innstillinger?melding=koblinger-bekreftet`, 303);
  });

  return app;
}

/** The review: its state, one row per mapping, and the confirmation while it is pending. */
function ReviewBox({ review, csrfToken }: { review: MappingReview; csrfToken: string }) {
  const pending = review.state === 'pending';
  return (
    <section class="card mapping-review" aria-labelledby="gjennomgang" data-state={review.state}>
      <h2 id="gjennomgang">
        Koblingene i {review.toClient ? `klienten «${review.toClient}»` : '24SevenOffice'}{' '}
        <span class={pending ? 'badge off' : 'badge ok'}>{pending ? 'Må bekreftes' : 'Bekreftet'}</span>
      </h2>
      {pending ? (
        <p>
          Koblingene ble laget for klienten «{review.fromClient}». En id som finnes i begge klientene kan bety
          noe annet her, så se over hver kobling med navnet den har i «{review.toClient}» før integrasjonen
          slås på igjen.
        </p>
      ) : review.state === 'confirmed' ? (
        <p>
          Koblingene fra «{review.fromClient}» ble bekreftet for «{review.toClient}» av {review.confirmedBy}{' '}
          {review.confirmedAt ? formatDateTime(review.confirmedAt) : ''}.
        </p>
      ) : (
        <p>Det er ikke byttet klient siden koblingene ble laget; ingenting venter på gjennomgang.</p>
      )}
      {!review.checked && review.message && (
        <p class="notice notice-error" role="alert">
          Navnene i 24SevenOffice kunne ikke leses: {review.message}
        </p>
      )}
      {review.items.length === 0 ? (
        <p>Ingen koblinger er valgt.</p>
      ) : (
        <div class="table-scroll">
          <table class="list review">
            <thead>
              <tr>
                <th scope="col">Kobling</th>
                <th scope="col">Før{review.fromClient ? ` («${review.fromClient}»)` : ''}</th>
                <th scope="col">Nå{review.toClient ? ` («${review.toClient}»)` : ''}</th>
              </tr>
            </thead>
            <tbody>
              {review.items.map((item) => (
                <ReviewRow item={item} checked={review.checked} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pending && review.items.some((i) => review.checked && !i.found) && (
        <p class="field-hint">
          Koblinger som ikke finnes i klienten må velges på nytt eller fjernes i{' '}
          <a href={`${BASE}/innstillinger`}>innstillingene</a> før integrasjonen kan slås på.
        </p>
      )}
      {pending && (
        <form method="post" action={`${BASE}/koblinger/bekreft`}>
          <CsrfField token={csrfToken} />
          <input type="hidden" name="version" value={String(review.version)} />
          <div class="form-actions">
            <button type="submit" disabled={!review.checked}>
              Bekreft koblingene
            </button>
            <a href={`${BASE}/innstillinger`}>Endre koblingene</a>
          </div>
        </form>
      )}
    </section>
  );
}

function ReviewRow({ item, checked }: { item: MappingReviewItem; checked: boolean }) {
  return (
    <tr data-path={item.path}>
      <td>{item.mapping}</td>
      <td>{item.previousName ? `${item.previousName} (${item.valueText})` : item.valueText}</td>
      <td>
        {!checked ? (
          'Ikke kontrollert'
        ) : item.found ? (
          <>
            {item.currentName} ({item.valueText})
            {item.previousName && item.previousName !== item.currentName && (
              <span class="badge off"> Annen betydning</span>
            )}
          </>
        ) : (
          <span class="badge off">Finnes ikke i klienten</span>
        )}
      </td>
    </tr>
  );
}
