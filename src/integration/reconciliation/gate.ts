import type { Db } from '../../db/database.ts';
import type { ConnectionStatus } from '../connection.ts';
import { latestReconciliations } from './store.ts';

// The switch «Aktiver» stays off until the records 24SO already holds have been reconciled:
// a confirmed reconciliation against the connected client, and nothing undecided in a newer one.

/** The blocker path the settings page and the API use for the reconciliation. */
export const RECONCILIATION_BLOCKER = 'reconciliation';

/**
 * What about the reconciliation keeps the integration from being switched on (empty: nothing).
 * @example const blockers = await reconciliationBlockers(db, workspaceId, status);
 */
export async function reconciliationBlockers(
  db: Db,
  workspaceId: string,
  status: Pick<ConnectionStatus, 'client'>,
): Promise<{ path: string; message: string }[]> {
  const { latest, confirmed } = await latestReconciliations(db, workspaceId);
  const block = (message: string) => [{ path: RECONCILIATION_BLOCKER, message }];
  if (latest && latest.state === 'ready' && latest.id !== confirmed?.id) {
    const n = await undecidedCount(db, latest.id);
    if (n > 0) return block(`${n} ${n === 1 ? 'rad' : 'rader'} i avstemmingen må avgjøres`);
    if (!confirmed) return block('Bekreft avstemmingen av eksisterende poster i 24SevenOffice');
  }
  if (!confirmed) {
    if (latest?.state === 'reading') return block('Avstemmingen leser fortsatt fra 24SevenOffice');
    return block(
      'Avstem eksisterende poster i 24SevenOffice før integrasjonen slås på, så ingenting blir duplikater',
    );
  }
  const current = status.client?.identityId.toLowerCase();
  if (current && confirmed.identityId?.toLowerCase() !== current) {
    return block('Avstemmingen ble gjort mot en annen 24SevenOffice-klient; avstem på nytt');
  }
  return [];
}

async function undecidedCount(db: Db, id: string): Promise<number> {
  const row = await db
    .selectFrom('reconciliation_rows')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('reconciliation_id', '=', id)
    .where('action', '=', 'undecided')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
