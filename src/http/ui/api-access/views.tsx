import { API_TOKEN_NAME_MAX, type ApiTokenSummary } from '../../../workspace/api-tokens.ts';
import { CsrfField, Field } from '../components/form.tsx';
import { FORM_TOKEN_FIELD } from '../components/form-once.ts';
import { Notice, Page } from '../components/layout.tsx';
import { PageHead } from '../components/resource-views.tsx';
import type { SessionUser } from '../context.ts';
import { formatDateTime } from '../format.ts';

/** Where the page lives, under Integrasjoner. */
export const API_ACCESS_PATH = '/integrasjoner/api-tilgang';

/** The confirm-and-revoke address of one token. */
export const revokePath = (tokenId: string) =>
  `${API_ACCESS_PATH}/${encodeURIComponent(tokenId)}/trekk-tilbake`;

/** What the page says after a redirect (`?melding=`). */
export const NOTICES: Record<string, string> = {
  tilbakekalt: 'Tokenet er trukket tilbake. Kall til REST API-et med det får nå 401.',
  allerede: 'Tokenet var allerede trukket tilbake.',
  'allerede-laget':
    'Skjemaet var allerede sendt, så det ble ikke laget et nytt token. Et token vises bare én gang; trekk det tilbake og lag et nytt om du ikke fikk kopiert det.',
};

/** A token made just now: the only time its text is on a page. */
export interface JustCreated {
  name: string;
  token: string;
}

function TokenStatus({ token }: { token: ApiTokenSummary }) {
  return token.revokedAt === null ? (
    <span class="badge ok">Aktiv</span>
  ) : (
    <span class="badge off">Trukket tilbake {formatDateTime(token.revokedAt)}</span>
  );
}

function TokenTable({ tokens }: { tokens: ApiTokenSummary[] }) {
  if (tokens.length === 0) return <p class="empty">Ingen API-tokens ennå.</p>;
  return (
    <table class="list" id="api-tokens">
      <thead>
        <tr>
          <th scope="col">Navn</th>
          <th scope="col">Opprettet</th>
          <th scope="col">Sist brukt</th>
          <th scope="col">Status</th>
          <th scope="col">
            <span class="visually-hidden">Handling</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {tokens.map((t) => (
          <tr data-token-id={t.id}>
            <td>{t.name}</td>
            <td>{formatDateTime(t.createdAt)}</td>
            <td>{t.lastUsedAt === null ? 'Aldri brukt' : formatDateTime(t.lastUsedAt)}</td>
            <td>
              <TokenStatus token={t} />
            </td>
            <td>{t.revokedAt === null && <a href={revokePath(t.id)}>Trekk tilbake</a>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CreatedBox({ created }: { created: JustCreated }) {
  return (
    <section class="card" id="nytt-token" aria-labelledby="nytt-token-tittel">
      <h2 id="nytt-token-tittel">Nytt token: {created.name}</h2>
      <p class="notice notice-error" role="alert">
        Kopier tokenet nå. Det vises bare denne ene gangen og kan ikke hentes fram igjen; Broen lagrer bare et
        fingeravtrykk av det.
      </p>
      <div class="field">
        <label for="nytt-token-verdi">Token</label>
        <input id="nytt-token-verdi" readonly value={created.token} autocomplete="off" spellcheck={false} />
        <span class="field-hint">
          Merk teksten og kopier den (Ctrl+C, eller ⌘C på Mac), og lim den inn der den skal brukes, som{' '}
          <code>Authorization: Bearer …</code>.
        </span>
      </div>
    </section>
  );
}

/**
 * API-tilgang: the workspace's REST API tokens and a form for a new one; right after creating,
 * the new token's text once.
 * @example c.html(<ApiAccessPage session={s} path={p} tokens={list} formToken={newFormToken()} />)
 */
export function ApiAccessPage(props: {
  session: SessionUser;
  path: string;
  tokens: ApiTokenSummary[];
  formToken: string;
  notice?: string;
  created?: JustCreated;
  name?: string;
  nameError?: string;
}) {
  const { session, tokens, created } = props;
  return (
    <Page title="API-tilgang" session={session} path={props.path}>
      <PageHead title="API-tilgang" />
      <p>
        Med et API-token kan annen programvare – en timeapp, et lønnssystem – lese og skrive data i dette
        arbeidsområdet gjennom REST API-et (<a href="/api/v1/openapi.json">beskrivelse i OpenAPI</a>). Gi
        hvert system sitt eget token, så kan du trekke tilbake ett uten å stoppe de andre.
      </p>
      <Notice text={props.notice} />
      {created && <CreatedBox created={created} />}
      <TokenTable tokens={tokens} />
      <h2>Nytt token</h2>
      <form method="post" action={API_ACCESS_PATH} class="record" novalidate>
        <CsrfField token={session.csrfToken} />
        <input type="hidden" name={FORM_TOKEN_FIELD} value={props.formToken} />
        <Field
          spec={{
            name: 'name',
            label: 'Navn',
            kind: 'text',
            required: true,
            maxLength: API_TOKEN_NAME_MAX,
            hint: 'Hva tokenet brukes til, for eksempel «lønn» eller «timeapp».',
          }}
          value={props.name ?? ''}
          error={props.nameError}
        />
        <div class="form-actions">
          <button type="submit">Lag token</button>
        </div>
      </form>
    </Page>
  );
}

/** "Trekke tilbake …?" before revoking; works without JavaScript. */
export function RevokeConfirmPage({
  session,
  path,
  token,
}: {
  session: SessionUser;
  path: string;
  token: ApiTokenSummary;
}) {
  return (
    <Page title="Trekk tilbake API-token" session={session} path={path}>
      <h1>Trekk tilbake API-token</h1>
      <div class="card">
        <p>
          Trekke tilbake tokenet «{token.name}» (opprettet {formatDateTime(token.createdAt)})? Alt som bruker
          det, får 401 fra REST API-et med en gang. Dette kan ikke angres; lag et nytt token om du trenger
          tilgang igjen.
        </p>
        <form method="post" action={revokePath(token.id)} class="form-actions">
          <CsrfField token={session.csrfToken} />
          <button type="submit" class="danger">
            Ja, trekk tilbake
          </button>
          <a href={API_ACCESS_PATH}>Nei, avbryt</a>
        </form>
      </div>
    </Page>
  );
}
