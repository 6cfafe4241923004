import type { GatewayFailure } from './gateway.ts';
import type { ConnectionState } from './tables.ts';

// What a failed 24SO call means for the workspace's connection: the state it puts it in and the
// Norwegian message the admin reads (the state box, the API's `message`, a run's reason).

/** A failure with the state it puts the connection in and a Norwegian message. */
export interface ConnectionProblem {
  ok: false;
  state: Exclude<ConnectionState, 'connected'> | 'forbidden';
  message: string;
  detail: string;
  /** 24SO's quarantine (hourly call limit): when it takes calls again, if it said. */
  retryAt?: Date;
}

/**
 * What the admin reads when a read outside a sync run went unanswered through all its tries
 * (read-tries.ts): 24SO did not answer, and pressing the button again later is the remedy.
 */
export const UNANSWERED_MESSAGE =
  '24SevenOffice svarte ikke, heller ikke da vi spurte på nytt. Prøv igjen om litt.';

/**
 * The Norwegian text for a state, as shown in the state box and the API's `message`.
 * @example stateMessage('unreachable') // '24SevenOffice svarer ikke akkurat nå. …'
 */
export function stateMessage(
  state: ConnectionState | 'forbidden',
  clientName?: string | null,
  username?: string | null,
): string {
  switch (state) {
    case 'not_connected':
      return 'Ikke koblet til 24SevenOffice.';
    case 'connected':
      return `Tilkoblet klienten «${clientName ?? ''}» som ${username ?? ''}.`;
    case 'invalid_credentials':
      return 'Feil brukernavn eller passord i 24SevenOffice. Logg inn på nytt.';
    case 'client_unavailable':
      return `Klienten${clientName ? ` «${clientName}»` : ''} er ikke lenger tilgjengelig for denne brukeren. Logg inn på nytt og velg klient.`;
    case 'unreachable':
      return '24SevenOffice svarer ikke akkurat nå. Prøv igjen om litt.';
    case 'forbidden':
      return 'Denne 24SevenOffice-brukeren har ikke tilgang til listen.';
  }
}

/**
 * A gateway failure as the connection's state and the admin's message.
 * @example const p = connectionProblem({ kind: 'unreachable', detail: 'timeout' });
 */
export function connectionProblem(failure: GatewayFailure, clientName?: string | null): ConnectionProblem {
  switch (failure.kind) {
    case 'rate_limited':
      return {
        ok: false,
        state: 'unreachable',
        message: failure.retryAt
          ? `24SevenOffice tar ikke imot flere kall før kl. ${osloTime(failure.retryAt)} (kvoten per time er brukt opp). Prøv igjen da.`
          : '24SevenOffice tar ikke imot flere kall denne timen (kvoten per time er brukt opp). Prøv igjen senere.',
        detail: failure.detail,
        ...(failure.retryAt ? { retryAt: failure.retryAt } : {}),
      };
    // An expired session that does not come back after a fresh login, or a call whose answer
    // was lost, behaves as unreachable for the admin.
    case 'session_expired':
    case 'outcome_unknown':
      return {
        ok: false,
        state: 'unreachable',
        message: stateMessage('unreachable'),
        detail: failure.detail,
      };
    default:
      return {
        ok: false,
        state: failure.kind,
        message: stateMessage(failure.kind, clientName),
        detail: failure.detail,
      };
  }
}

function osloTime(at: Date): string {
  return at.toLocaleTimeString('nb-NO', { timeZone: 'Europe/Oslo', hour: '2-digit', minute: '2-digit' });
}
