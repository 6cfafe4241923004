import type { Context } from 'hono';
import type { SessionUser, UiEnv } from '../context.ts';
import { Page } from './layout.tsx';

const TEXTS: Record<number, { title: string; text: string }> = {
  400: { title: 'Ugyldig forespørsel', text: 'Forespørselen kunne ikke leses.' },
  403: {
    title: 'Ingen tilgang',
    text: 'Forespørselen ble avvist av sikkerhetshensyn. Last siden på nytt og prøv igjen.',
  },
  404: {
    title: 'Siden finnes ikke',
    text: 'Vi fant ikke det du lette etter. Den kan være slettet eller flyttet.',
  },
  409: { title: 'Konflikt', text: 'Endringen kolliderer med noe som allerede finnes.' },
  422: { title: 'Kan ikke utføres', text: 'Handlingen bryter en regel.' },
  429: { title: 'For mange forsøk', text: 'Vent litt og prøv igjen.' },
  500: { title: 'Noe gikk galt', text: 'Det oppstod en feil på serveren. Prøv igjen om litt.' },
};

/**
 * A full error page in Norwegian (404, 403, 500 …) inside the normal frame.
 * @example return c.html(<ErrorPage status={404} session={s} path={c.req.path} />, 404);
 */
export function ErrorPage({
  status,
  detail,
  session,
  path,
}: {
  status: number;
  detail?: string;
  session: SessionUser | undefined;
  path: string;
}) {
  const t = TEXTS[status] ?? TEXTS[500];
  return (
    <Page title={t.title} session={session} path={path}>
      <h1>{t.title}</h1>
      <p>{detail ?? t.text}</p>
      <p>
        <a href="/">Til forsiden</a>
      </p>
    </Page>
  );
}

/**
 * Responds with the Norwegian error page for a status.
 * @example return renderErrorPage(c, 404);
 */
export function renderErrorPage(
  c: Context<UiEnv>,
  status: number,
  detail?: string,
): Response | Promise<Response> {
  return c.html(
    <ErrorPage status={status} detail={detail} session={c.var.session} path={c.req.path} />,
    status as 500,
  );
}
