import type { Child } from 'hono/jsx';
import { ATTACHMENT_STATUS_LABELS, type AttachmentView } from '../../../invoicing/attachment-schemas.ts';
import { type BasisLineView, LINE_KIND_LABELS, LINE_KINDS, type LineKind } from '../../../invoicing/basis.ts';
import type { previewView } from '../../../invoicing/preview-view.ts';
import type { ReadBack } from '../../../invoicing/read-back.ts';
import { CsrfField } from '../components/form.tsx';
import { formatDate, formatHours, formatMoney, formatQuantity } from '../format.ts';

// The invoicing pages' building blocks: line tables grouped by kind (with tick boxes on the
// basis), totals, the order preview with its blockers, and the transfer state.

type Preview = ReturnType<typeof previewView>;

function lineDetail(l: BasisLineView): string {
  const parts = [l.employee, l.hourType, l.machine, l.product].filter((p): p is string => Boolean(p));
  return parts.join(' · ');
}

/** Lines grouped by kind, each group with its sum; `selectable` adds a tick box per line. */
export function LineGroups(props: {
  lines: BasisLineView[];
  groups: { kind: LineKind; label: string; count: number; net: string }[];
  selectable?: boolean;
}) {
  return (
    <>
      {LINE_KINDS.map((kind) => {
        const lines = props.lines.filter((l) => l.kind === kind);
        const group = props.groups.find((g) => g.kind === kind);
        if (lines.length === 0 || !group) return null;
        return (
          <section class="invoice-group" aria-label={LINE_KIND_LABELS[kind]}>
            <h2>
              {LINE_KIND_LABELS[kind]} <span class="muted">({lines.length})</span>
            </h2>
            <table class="list">
              <thead>
                <tr>
                  {props.selectable && <th>Velg</th>}
                  <th>Dato</th>
                  <th>Tekst</th>
                  <th>Detaljer</th>
                  <th class="num">Antall</th>
                  <th class="num">Pris</th>
                  <th class="num">Beløp</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((l) => (
                  <tr>
                    {props.selectable && (
                      <td>
                        <input
                          type="checkbox"
                          name="linje"
                          value={`${l.kind}:${l.sourceId}`}
                          aria-label={`Velg ${l.text || LINE_KIND_LABELS[kind]} ${formatDate(l.date)}`}
                        />
                      </td>
                    )}
                    <td>{formatDate(l.date)}</td>
                    <td>{l.text}</td>
                    <td>{lineDetail(l)}</td>
                    <td class="num">
                      {l.hours !== null
                        ? `${formatHours(l.hours)} t`
                        : `${formatQuantity(l.quantity)} ${l.unit}`}
                    </td>
                    <td class="num">{formatMoney(l.unitPrice)}</td>
                    <td class="num">{formatMoney(l.amount)}</td>
                  </tr>
                ))}
                <tr class="group-total">
                  {props.selectable && <td />}
                  <td colspan={5}>
                    <strong>Sum {LINE_KIND_LABELS[kind].toLowerCase()}</strong>
                  </td>
                  <td class="num">
                    <strong>{formatMoney(group.net)}</strong>
                  </td>
                </tr>
              </tbody>
            </table>
          </section>
        );
      })}
    </>
  );
}

/** Net, VAT and gross. */
export function Totals(props: { totals: { net: string; vat: string; gross: string }; note?: string }) {
  return (
    <section class="invoice-totals" aria-label="Summer">
      <table class="list">
        <tbody>
          <tr>
            <th>Sum eks. mva</th>
            <td class="num" data-sum="net">
              {formatMoney(props.totals.net)}
            </td>
          </tr>
          <tr>
            <th>Mva</th>
            <td class="num" data-sum="vat">
              {formatMoney(props.totals.vat)}
            </td>
          </tr>
          <tr>
            <th>Sum inkl. mva</th>
            <td class="num" data-sum="gross">
              <strong>{formatMoney(props.totals.gross)}</strong>
            </td>
          </tr>
        </tbody>
      </table>
      {props.note && <p class="muted">{props.note}</p>}
    </section>
  );
}

/** The order preview: header, lines with product and dimension, totals and blockers. */
export function PreviewBox(props: {
  preview: Preview;
  /** «Eksporter nå» on the blockers of a customer or project not in 24SO. */
  exportAction?: { href: string; csrfToken: string };
}) {
  const p = props.preview;
  return (
    <section class="order-preview" aria-label="Forhåndsvisning av ordren">
      <h2>Forhåndsvisning av ordren i 24SevenOffice</h2>
      <dl class="facts">
        <dt>Kunde</dt>
        <dd>
          {p.customer.number} {p.customer.name}
          {p.customer.twentyfourId !== null ? ` (kunde ${p.customer.twentyfourId} i 24SevenOffice)` : ''}
        </dd>
        <dt>Prosjekt</dt>
        <dd>
          {p.project.number} {p.project.name}
          {p.project.twentyfourId !== null ? ` (prosjekt ${p.project.twentyfourId} i 24SevenOffice)` : ''}
        </dd>
        <dt>Fakturatype</dt>
        <dd>{p.invoiceType === 'single-line' ? 'Enlinjet' : 'Flerlinjet'}</dd>
        <dt>Deres referanse</dt>
        <dd>{p.yourReference || '–'}</dd>
        <dt>Vår referanse</dt>
        <dd>
          {p.ourReference !== null
            ? `${p.ourReferenceName ?? 'Prosjektlederen'} (ansatt ${p.ourReference} i 24SevenOffice)`
            : '– (prosjektet har ingen prosjektleder koblet til en ansatt i 24SevenOffice)'}
        </dd>
        <dt>Betalingstid</dt>
        <dd>{p.paymentTermsDays} dager</dd>
        <dt>Ordredato / leveringsdato</dt>
        <dd>
          {formatDate(p.orderDate)} / {formatDate(p.deliveryDate)}
        </dd>
        <dt>Referanse (Broens nøkkel)</dt>
        <dd>
          <code>{p.referenceNumber}</code>
        </dd>
      </dl>
      <table class="list" id="ordrelinjer">
        <thead>
          <tr>
            <th>Varenr.</th>
            <th>Tekst</th>
            <th class="num">Antall</th>
            <th class="num">Pris</th>
            <th class="num">Beløp</th>
            <th class="num">Mva %</th>
            <th>Dimensjon</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr>
              <td>{r.productNo ?? <em>mangler</em>}</td>
              <td>{r.name}</td>
              <td class="num">{formatQuantity(r.quantity)}</td>
              <td class="num">{formatMoney(r.unitPrice)}</td>
              <td class="num">{formatMoney(r.amount)}</td>
              <td class="num">{r.vatRate}</td>
              <td>{r.dimension}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Totals totals={p.totals} note="Mva slik 24SevenOffice beregner den, med satsen på hver vare." />
      {p.blockers.length > 0 && (
        <div class="notice notice-error" role="alert" id="hindringer">
          <p>
            <strong>Dette må ordnes før ordren kan lages:</strong>
          </p>
          <ul>
            {p.blockers.map((b) => (
              <li>
                {b.message} {b.href && <a href={b.href}>{b.fixLabel ?? 'Rett'}</a>}
                {b.exportable && props.exportAction && (
                  <form method="post" action={props.exportAction.href} class="inline-form">
                    <CsrfField token={props.exportAction.csrfToken} />
                    <button type="submit" class="secondary">
                      Eksporter nå
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** «Overført som ordre N» with the read-back comparison, or exactly what differs. */
export function TransferredBox(props: { orderId: number; readBack: ReadBack }) {
  const r = props.readBack;
  return (
    <section class={`notice ${r.matches ? 'notice-ok' : 'notice-error'}`} id="overfort" role="status">
      <p>
        <strong>Overført som ordre {props.orderId}</strong> i 24SevenOffice (Ordreliste).
      </p>
      {r.matches ? (
        <p>Lest tilbake og sammenlignet: {r.checked.join('; ')} — alt stemmer.</p>
      ) : (
        <>
          <p>Ordren ble lest tilbake, men avviker fra forhåndsvisningen:</p>
          <ul>
            {r.differences.map((d) => (
              <li>{d}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** The button at the bottom of an attachment; disabled while anything blocks. */
export function TransferButton(props: { attachment: AttachmentView; csrfToken: string; blocked: boolean }) {
  const a = props.attachment;
  return (
    <form method="post" action={`/fakturavedlegg/${a.id}/overfor`} class="form-actions">
      <CsrfField token={props.csrfToken} />
      <button
        type="submit"
        disabled={props.blocked}
        aria-describedby={props.blocked ? 'hindringer' : undefined}
      >
        Lag faktura (24SevenOffice)
      </button>
      {props.blocked && <span class="muted"> Knappen er av til hindringene over er ordnet.</span>}
    </form>
  );
}

/** The status word of an attachment; an open one whose transfer is asked for says so. */
export function statusLabel(a: {
  status: AttachmentView['status'];
  orderId: number | null;
  transfer: AttachmentView['transfer']['state'];
}): Child {
  if (a.status === 'transferred' && a.orderId !== null) return `Overført (ordre ${a.orderId})`;
  if (a.status === 'open' && a.transfer === 'queued') return ATTACHMENT_STATUS_LABELS.transferring;
  if (a.status === 'open' && a.transfer === 'waiting') return 'Venter på 24SO';
  return ATTACHMENT_STATUS_LABELS[a.status];
}
