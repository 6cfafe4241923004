import { osloTime } from '../../../integration/sync/engine.ts';
import type { TransferState } from '../../../invoicing/attachment-schemas.ts';

// What an attachment page shows while something runs in the background for it: the transfer
// job («Overføres…», or waiting for 24SO's quarantine). The block asks for itself again every
// second (htmx); once the work has an outcome the answer sends the browser back to the page.

const POLL = 'every 1s';

/** The transfer's progress while its job is queued, running or waiting for 24SO. */
export function TransferProgress(props: {
  attachmentId: string;
  state: Extract<TransferState, 'queued' | 'waiting'>;
  waitingUntil: string | null;
  transferKey: string | null;
}) {
  return (
    <section
      id="overforing"
      class="notice notice-info"
      role="status"
      data-state={props.state}
      hx-get={`/fakturavedlegg/${props.attachmentId}/overforing`}
      hx-trigger={POLL}
      hx-swap="outerHTML"
    >
      {props.state === 'waiting' && props.waitingUntil ? (
        <p>
          <strong>Venter på 24SO til kl. {osloTime(new Date(props.waitingUntil))}.</strong> 24SevenOffice tar
          ikke imot flere kall før da (kvoten per time er brukt opp). Overføringen fortsetter av seg selv, med
          den samme ordren; det blir aldri laget to.
        </p>
      ) : (
        <p>
          <strong>Overføres…</strong> Ordren lages i 24SevenOffice og leses tilbake
          {props.transferKey ? ` (referanse ${props.transferKey})` : ''}. Siden oppdateres av seg selv.
        </p>
      )}
    </section>
  );
}
