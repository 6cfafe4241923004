import type { HourTransfer } from '../../../integration/hours/facts.ts';
import { HOUR_RULE_LABELS, type HourReason, WORKSPACE_RULES } from '../../../integration/hours/rules.ts';
import { formatDateTime } from '../format.ts';

// An hour's 24SO state on the Timer list and the hour page: sent (with the 24SO hour id),
// waiting (every reason with a link to where it is fixed), ready, failed (24SO's reason), or
// changed after transfer. The list keeps each row short: a waiting hour names its own reasons
// in a few words, each a link to its fix with the whole sentence on hover, and the settings that
// hold every hour (integration off, no start date) are said once above the table
// (WaitingForSettings) — said on each row they made every row a screen tall. The hour page says
// everything in full.

/** The values of the «24SevenOffice» filter and what the API calls them. */
export const TRANSFER_FILTER: { value: string; label: string; state: string }[] = [
  { value: 'ikke', label: 'Ikke overført', state: 'not_sent' },
  { value: 'venter', label: 'Venter', state: 'waiting' },
  { value: 'klar', label: 'Klar til overføring', state: 'ready' },
  { value: 'sendt', label: 'Overført', state: 'sent' },
  { value: 'feilet', label: 'Feilet', state: 'failed' },
  { value: 'endret', label: 'Endret etter overføring', state: 'changed_after_transfer' },
];

/** «mangler kontakt-ID» → «Mangler kontakt-ID». */
function shortLabel(reason: HourReason): string {
  const label = HOUR_RULE_LABELS[reason.rule];
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/**
 * The cell on the Timer list: a badge, and for a waiting hour each of its own reasons in a few
 * words, linking to where it is fixed (the settings every hour waits for: WaitingForSettings).
 * @example <TransferCell transfer={t} />
 */
export function TransferCell({ transfer }: { transfer: HourTransfer | undefined }) {
  if (transfer?.state !== 'waiting') return <TransferState transfer={transfer} />;
  const own = transfer.reasons.filter((r) => !WORKSPACE_RULES.includes(r.rule));
  return (
    <span class="transfer">
      <span class="badge off" title={own.length === 0 ? 'Venter på innstillingene over tabellen' : undefined}>
        Venter
      </span>
      {own.length > 0 ? (
        <ul class="transfer-reasons compact">
          {own.map((r) => (
            <li data-rule={r.rule}>
              <a href={r.fixUrl} title={`${r.message} ${r.fixLabel}.`}>
                {shortLabel(r)}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </span>
  );
}

/**
 * The hour's state in full: a badge, and for a waiting hour every reason in a sentence with its
 * fix link (the hour page).
 */
function TransferState({ transfer }: { transfer: HourTransfer | undefined }) {
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
 * Above the Timer list: the settings that keep every hour from 24SO, once, each with its fix.
 * @example <WaitingForSettings reasons={workspaceReasons(rules)} />
 */
export function WaitingForSettings({ reasons }: { reasons: HourReason[] }) {
  if (reasons.length === 0) return null;
  return (
    <div class="notice notice-info" role="note" data-testid="timer-venter-innstillinger">
      Ingen timer overføres til 24SevenOffice før dette er på plass:
      <ul class="transfer-reasons">
        {reasons.map((r) => (
          <li data-rule={r.rule}>
            {r.message} <a href={r.fixUrl}>{r.fixLabel}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The box on the hour page.
 * @example <TransferPanel transfer={t} />
 */
export function TransferPanel({ transfer }: { transfer: HourTransfer | undefined }) {
  return (
    <section class="card transfer-panel" aria-labelledby="overforing-24so">
      <h2 id="overforing-24so">24SevenOffice</h2>
      <TransferState transfer={transfer} />
      {transfer?.state === 'sent' && transfer.sentAt ? (
        <p>Sist overført {formatDateTime(transfer.sentAt)}.</p>
      ) : null}
    </section>
  );
}
