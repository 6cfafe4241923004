import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';

// Shared page frame and formatting for the sandbox's read-only web view (Norwegian).

const CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2430;background:#f5f6f8}
header{background:#0b4f6c;color:#fff;padding:.8rem 1.5rem;display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline}
header a{color:#fff;text-decoration:none;font-weight:600}
header span{opacity:.8;font-size:.9rem}
main{padding:1rem 1.5rem;max-width:1200px}
nav.sections{display:flex;flex-wrap:wrap;gap:.25rem 1rem}
section{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:.8rem 1rem;margin:1rem 0;overflow-x:auto}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin:.2rem 0 .6rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eceff3;vertical-align:top}
th{background:#f0f3f6;font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:#6b7380}
.badge{display:inline-block;padding:.05rem .45rem;border-radius:9px;background:#e6eef5;font-size:.8rem}
.badge.sperret{background:#fbe3e3}
table.lines{margin:.3rem 0 .6rem;background:#fafbfc}
@media (max-width:1100px){main>table{display:block;overflow-x:auto}}
`;

export function Page(props: { title: string; children: Child }) {
  return (
    <html lang="nb">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} – 24SO-sandkasse`}</title>
        {/* No icon of its own: without this the browser asks for /favicon.ico and logs the 404. */}
        <link rel="icon" href="data:," />
        <style>{raw(CSS)}</style>
      </head>
      <body>
        <header>
          <a href="/">24SevenOffice-sandkasse</a>
          <span>Innebygd testversjon av 24SevenOffice for Broen – kun lesing</span>
        </header>
        <main>{props.children}</main>
      </body>
    </html>
  );
}

/** "1250.5" → "1 250,50" without going through a float. */
export function kroner(value: unknown): string {
  if (typeof value !== 'string' || value === '') return '';
  const negative = value.startsWith('-');
  const [whole, frac = ''] = value.replace(/^[-+]/, '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${negative ? '-' : ''}${grouped},${frac.padEnd(2, '0').slice(0, 2)}`;
}

/** "7.50" → "7,5"; integers as they are. */
export function quantity(value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  const text = String(value);
  return (text.includes('.') ? text.replace(/\.?0+$/, '') : text).replace('.', ',');
}

/** ISO timestamp → "06.10.2025" (date) or "06.10.2025 07:00" (UTC, as 24SO returns it). */
export function date(value: unknown, withTime = false): string {
  if (typeof value !== 'string' || value.startsWith('0001-')) return '';
  const [y, m, d] = value.slice(0, 10).split('-');
  return withTime ? `${d}.${m}.${y} ${value.slice(11, 16)}` : `${d}.${m}.${y}`;
}

export const ORDER_STATUS: Record<string, string> = {
  Web: 'Ny (web)',
  Draft: 'Kladd',
  Offer: 'Tilbud',
  Confirmed: 'Bekreftet',
  ForInvoicing: 'Til fakturering',
  Invoiced: 'Fakturert',
  Inactive: 'Inaktiv',
};
