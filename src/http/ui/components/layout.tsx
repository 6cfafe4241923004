import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { SessionUser } from '../context.ts';

/** One entry of the main navigation; `sub` are pages shown under it. */
interface NavItem {
  href: string;
  label: string;
  sub?: NavItem[];
}

/** The main navigation, in the order the office works. */
export const NAVIGATION: NavItem[] = [
  { href: '/kunder', label: 'Kunder' },
  {
    href: '/prosjekter',
    label: 'Prosjekter',
    sub: [
      { href: '/varelinjer', label: 'Varelinjer' },
      { href: '/fritekstlinjer', label: 'Fritekstlinjer' },
    ],
  },
  { href: '/arbeidere', label: 'Arbeidere', sub: [{ href: '/arbeidere/admin', label: 'Admin. arbeidere' }] },
  { href: '/timer', label: 'Timer' },
  { href: '/kjoring', label: 'Kjøring' },
  { href: '/maskiner', label: 'Maskiner' },
  { href: '/varelager', label: 'Varelager' },
  { href: '/timetyper', label: 'Timetyper' },
  {
    href: '/integrasjoner',
    label: 'Integrasjoner',
    sub: [
      { href: '/integrasjoner/synkronisering', label: 'Synkronisering' },
      { href: '/integrasjoner/api-tilgang', label: 'API-tilgang' },
    ],
  },
  { href: '/import', label: 'Import' },
  { href: '/brukere', label: 'Brukere' },
];

function isCurrent(path: string, href: string): boolean {
  return path === href || path.startsWith(`${href}/`);
}

interface PageProps {
  title: string;
  session: SessionUser | undefined;
  /** Request path, to mark the current navigation entry. */
  path: string;
  children?: Child;
}

/**
 * The page frame: header with the workspace name, navigation, logout, and the CSRF token for
 * htmx (hx-headers on body, so every htmx request carries it without inline script).
 * @example return c.html(<Page title="Kunder" session={s} path={c.req.path}>…</Page>);
 */
export function Page({ title, session, path, children }: PageProps) {
  const hxHeaders = session ? JSON.stringify({ 'X-CSRF-Token': session.csrfToken }) : undefined;
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="nb">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{session ? `${title} – ${session.workspaceName} – Broen` : `${title} – Broen`}</title>
          <link rel="icon" href="data:," />
          <link rel="stylesheet" href="/static/broen.css" />
          <script src="/static/htmx.min.js" defer></script>
          <script src="/static/broen.js" defer></script>
        </head>
        <body hx-headers={hxHeaders}>
          <a class="skip-link" href="#innhold">
            Hopp til innholdet
          </a>
          <header class="topbar">
            <a class="brand" href="/">
              Broen
            </a>
            {session && <span class="workspace-name">{session.workspaceName}</span>}
            {session && (
              <form method="post" action="/logg-ut" class="logout">
                <input type="hidden" name="_csrf" value={session.csrfToken} />
                <a class="user-name" href="/konto/passord" title="Bytt passord">
                  {session.name}
                </a>
                <button type="submit" class="link-button">
                  Logg ut
                </button>
              </form>
            )}
          </header>
          {session && (
            <nav class="mainnav" aria-label="Hovedmeny">
              <ul>
                {NAVIGATION.map((item) => {
                  // On a sub page the section is "current" too, but only the sub page is "the page".
                  const onSub = item.sub?.some((s) => isCurrent(path, s.href)) ?? false;
                  const current = onSub ? 'true' : isCurrent(path, item.href) ? 'page' : undefined;
                  return (
                    <li>
                      <a href={item.href} aria-current={current}>
                        {item.label}
                      </a>
                      {item.sub && (
                        <ul class="subnav">
                          {item.sub.map((s) => (
                            <li>
                              <a href={s.href} aria-current={isCurrent(path, s.href) ? 'page' : undefined}>
                                {s.label}
                              </a>
                            </li>
                          ))}
                        </ul>
                      )}
                    </li>
                  );
                })}
              </ul>
            </nav>
          )}
          <main id="innhold" tabindex={-1}>
            {children}
          </main>
        </body>
      </html>
    </>
  );
}

/** A short message at the top of a page after an action ("Kunden er lagret"). */
export function Notice({ text, kind = 'ok' }: { text: string | undefined; kind?: 'ok' | 'error' }) {
  if (!text) return null;
  return (
    <p class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {text}
    </p>
  );
}
