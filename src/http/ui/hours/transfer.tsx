import type { HourTransfer } from '../../../integration/hours/facts.ts';
import { formatDateTime } from '../format.ts';

// An hour's 24SO state on the Timer list and the hour page: sent (with the 24SO hour id),
// waiting (every reason with a link to where it is fixed), ready, failed (24SO's reason), or
// changed after transfer.

/** The values of the «24SevenOffice» filter and what the API calls them. */
export const TRANSFER_FILTER: { value: string; label: string; state: string }[] = [
  { value: 'ikke', label: 'Ikke overført', state: 'not_sent' },
  { value: 'venter', label: 'Venter', state: 'waiting' },
  { value: 'klar', label: 'Klar til overføring', state: 'ready' },
  { value: 'sendt', label: 'Overført', state: 'sent' },
  { value: 'feilet', label: 'Feilet', state: 'failed' },
  { value: 'endret', label: 'Endret etter overføring', state: 'changed_after_transfer' },
];

/**
 * The compact cell on the list: a badge, and for a waiting hour each reason with its fix link.
 * @example <TransferCell transfer={t} />
 */
export function TransferCell({ transfer }: { transfer: HourTransfer | undefined }) {
  if (!transfer) return <span class="badge">–</span>;
  switch (transfer.state) {
    case 'sent':
      return (
        <span
          class="badge ok"
          title={transfer.sentAt ? `Overført ${formatDateTime(transfer.sentAt)}` : undefined}
        >
          Overført (id {transfer.hourId})
        </span>
      );
    case 'ready':
      return <span class="badge">Klar til overføring</span>;
    case 'failed':
      return (
        <span class="transfer">
          <span class="badge off">Feilet</span> <span class="transfer-reason">{transfer.message}</span>
        </span>
      );
    case 'changed_after_transfer':
      return (
        <span class="transfer">
          <span class="badge off">Endret etter overføring</span>{' '}
          <span class="transfer-reason">{transfer.message}</span>
        </span>
      );
    default:
      return (
        <span class="transfer">
          <span class="badge off">Venter</span>
          <ul class="transfer-reasons">
            {transfer.reasons.map((r) => (
              <li data-rule={r.rule}>
                {r.message} <a href={r.fixUrl}>{r.fixLabel}</a>
              </li>
            ))}
          </ul>
        </span>
      );
  }
}

/**
 * The box on the hour page.
 * @example <TransferPanel transfer={t} />
 */
export function TransferPanel({ transfer }: { transfer: HourTransfer | undefined }) {
  return (
    <section class="card transfer-panel" aria-labelledby="overforing-24so">
      <h2 id="overforing-24so">24SevenOffice</h2>
      <TransferCell transfer={transfer} />
      {transfer?.state === 'sent' && transfer.sentAt ? (
        <p>Sist overført {formatDateTime(transfer.sentAt)}.</p>
      ) : null}
    </section>
  );
}
