import { raw } from 'hono/html';
import type { AttachmentView } from '../../../invoicing/attachment-schemas.ts';
import { formatMoney } from '../format.ts';
import { LineGroups, Totals } from './views.tsx';

// The print view of an attachment (what the customer gets with the invoice): print-friendly
// HTML without the app's frame; the browser's «Skriv ut / lagre som PDF» makes the PDF
// (docs/decisions.md, «The attachment's PDF is the browser's»).

/**
 * The whole print page of an attachment.
 * @example return c.html(<PrintView view={view} />);
 */
export function PrintView({ view }: { view: AttachmentView }) {
  const title = `Fakturavedlegg ${view.number}`;
  return (
    <html lang="nb">
      <head>
        <meta charset="utf-8" />
        <title>{title}</title>
        <link rel="stylesheet" href="/static/broen.css" />
        <style>
          {raw(
            'body{margin:2rem;max-width:60rem} .no-print{margin-bottom:1rem} @media print{.no-print{display:none} body{margin:0}}',
          )}
        </style>
      </head>
      <body class="print-view">
        <p class="no-print">
          <a href={`/fakturavedlegg/${view.id}`}>Tilbake</a> · Skriv ut med nettleserens utskrift (Ctrl+P);
          velg «Lagre som PDF» for en PDF-fil.
        </p>
        <h1>{title}</h1>
        <p>
          <strong>Kunde:</strong> {view.customer ? `${view.customer.number} ${view.customer.name}` : ''}
          <br />
          <strong>Prosjekt:</strong> {view.project.number} {view.project.name}
          {view.yourReference && (
            <>
              <br />
              <strong>Deres referanse:</strong> {view.yourReference}
            </>
          )}
          {view.orderId !== null && (
            <>
              <br />
              <strong>Ordre:</strong> {view.orderId}
            </>
          )}
        </p>
        <LineGroups lines={view.lines} groups={view.groups} />
        <Totals totals={view.totals} />
        <p class="muted">Sum inkl. mva {formatMoney(view.totals.gross)}.</p>
      </body>
    </html>
  );
}
