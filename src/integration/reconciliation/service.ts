import type { OutcomeCode } from '../outcomes.ts';
import { readRetryingCaller } from '../read-tries.ts';
import { type ConnectionDeps, readWithSession } from '../session-calls.ts';
import { getSettings } from '../settings.ts';
import { attempt } from '../twentyfour-gateway.ts';
import { loadLocalRecords, proposeRows } from './propose.ts';
import { type RemoteSnapshot, readTwentyFour, snapshotHash } from './read-remote.ts';
import {
  countRows,
  createReconciliation,
  failReconciliation,
  getReconciliation,
  type Reconciliation,
  type ReconRow,
  searchRemote,
  storeProposal,
  toRow,
} from './store.ts';
import type { ReconEntity, RowAction } from './tables.ts';

// The reconciliation's use cases: start one (the read runs as a job), read 24SO and propose,
// decide a row, and the summary the page and the API show. Confirmation is in confirm.ts.

/** The job kind that reads 24SO for a proposal. */
export const RECONCILIATION_JOB = 'reconciliation.read';

/** Norwegian names per kind, singular, for messages. */
export const ENTITY_LABEL: Record<ReconEntity, string> = {
  customer: 'kunde',
  project: 'prosjekt',
  product: 'vare',
  employee: 'arbeider',
};

/**
 * Why the reconciliation refused, as an outcome code (decision 61): `not_found`, `conflict` (the
 * proposal is closed, changed or taken), `rule_violation` (the choice does not fit the row) or
 * `unreachable` (24SO cannot be read to check the proposal). src/http gives it its status.
 */
export type Failure = {
  ok: false;
  code: Extract<OutcomeCode, 'not_found' | 'conflict' | 'rule_violation' | 'unreachable'>;
  message: string;
  /** For a proposal 24SO has moved away from: what changed, in Norwegian. */
  changes?: string[];
};

/**
 * Creates a proposal in state `reading`; the caller queues `RECONCILIATION_JOB` for it.
 * @example const rec = await startReconciliation(deps.db, deps.clock, { workspaceId, actor });
 */
export const startReconciliation = createReconciliation;

/**
 * Reads the connected 24SO client (the sync lists and batched reads), matches it against the
 * workspace and stores the proposal. A read that fails leaves the proposal `failed` with why.
 * @example await readAndPropose(runtime, rec.id);
 */
export async function readAndPropose(deps: ConnectionDeps, workspaceId: string, id: string): Promise<void> {
  const read = await readSnapshot(deps, workspaceId);
  if (!read.ok) {
    await failReconciliation(deps.db, deps.clock, id, read.message);
    return;
  }
  const [locals, { settings }] = await Promise.all([
    loadLocalRecords(deps.db, workspaceId),
    getSettings(deps.db, workspaceId),
  ]);
  const rows = proposeRows(locals, read.snapshot, settings);
  await storeProposal(deps.db, deps.clock, id, {
    workspaceId,
    identityId: read.identityId,
    hash: snapshotHash(read.snapshot),
    snapshot: read.snapshot,
    rows,
  });
}

/**
 * What the connected 24SO client holds now, or the connection problem in Norwegian. `withinMs`
 * bounds the tries of all its reads together: a person confirming waits on it
 * (USER_REQUEST_DEADLINE_MS); the reconciliation's job does not (the default, unbounded).
 * @example const r = await readSnapshot(runtime, workspaceId); if (r.ok) r.snapshot.calls
 */
export async function readSnapshot(
  deps: ConnectionDeps,
  workspaceId: string,
  options: { withinMs?: number } = {},
): Promise<
  { ok: true; snapshot: RemoteSnapshot; identityId: string } | { ok: false; message: string; state: string }
> {
  const withinMs = options.withinMs ?? Number.POSITIVE_INFINITY;
  const startedAt = performance.now();
  // Each of the snapshot's reads is asked again while its answer is lost (up to READ_TRIES),
  // so one lost answer does not cost the whole snapshot; a snapshot one of whose reads stayed
  // unanswered through those tries is read again whole by readWithSession (up to READ_TRIES too,
  // and its session's opening has tries of its own): reads only, so sending them again is safe,
  // and a snapshot of five or six calls under heavy loss needs it.
  const result = await readWithSession(
    deps,
    workspaceId,
    async (session) => {
      const soap = session.soap;
      if (!soap)
        return { ok: false, kind: 'unreachable', detail: 'this gateway cannot read records' } as const;
      return attempt('read', async () => ({
        snapshot: await readTwentyFour(readRetryingCaller(soap, { withinMs, startedAt })),
        identityId: session.identityId,
      }));
    },
    { withinMs },
  );
  if (!result.ok) return { ok: false, message: result.message, state: result.state };
  return { ok: true, ...result.value };
}

export interface Summary {
  /** «N kobles til eksisterende» */
  link: number;
  /** «M opprettes i 24SO» */
  create: number;
  /** «K hentes inn» */
  import: number;
  /** «L må avgjøres» */
  undecided: number;
  /** «ikke synkroniser» */
  skip: number;
  /** Left alone: 24SO-only records under export, workspace-only records under import. */
  ignore: number;
  perEntity: Record<ReconEntity, Record<RowAction, number>>;
}

/**
 * Counts per action, overall and per kind.
 * @example const s = await summarise(db, rec.id); s.undecided
 */
export async function summarise(db: ConnectionDeps['db'], id: string): Promise<Summary> {
  const empty = (): Record<RowAction, number> => ({
    link: 0,
    create: 0,
    skip: 0,
    undecided: 0,
    import: 0,
    ignore: 0,
  });
  const out: Summary = {
    link: 0,
    create: 0,
    import: 0,
    undecided: 0,
    skip: 0,
    ignore: 0,
    perEntity: { customer: empty(), project: empty(), product: empty(), employee: empty() },
  };
  for (const { entity, action, n } of await countRows(db, id)) {
    out[action] += n;
    out.perEntity[entity][action] += n;
  }
  return out;
}

export interface DecisionInput {
  workspaceId: string;
  id: string;
  rowId: string;
  action: 'link' | 'create' | 'skip';
  remoteId?: string | null;
  actor: string;
}

/**
 * Decides one row: link it to a 24SO record read for this proposal, «opprett ny», or «ikke
 * synkroniser». Refused (with why, in Norwegian) when the proposal is no longer open, the row
 * is not in it, or the 24SO record is unknown or already chosen for another row.
 * @example await decideRow(db, clock, { workspaceId, id, rowId, action: 'link', remoteId: '10001', actor });
 */
export async function decideRow(
  db: ConnectionDeps['db'],
  clock: () => Date,
  input: DecisionInput,
): Promise<{ ok: true; row: ReconRow } | Failure> {
  const rec = await getReconciliation(db, input.workspaceId, input.id);
  if (!rec) return { ok: false, code: 'not_found', message: 'Avstemmingen finnes ikke.' };
  const closed = notOpen(rec);
  if (closed) return closed;
  const current = await db
    .selectFrom('reconciliation_rows')
    .selectAll()
    .where('reconciliation_id', '=', rec.id)
    .where('id', '=', input.rowId)
    .executeTakeFirst();
  if (!current) {
    return {
      ok: false,
      code: 'not_found',
      message: 'Raden finnes ikke i denne avstemmingen lenger. Last siden på nytt.',
    };
  }
  const row = toRow(current);
  if (row.localId === null) {
    return {
      ok: false,
      code: 'rule_violation',
      message:
        'Poster som bare finnes i 24SevenOffice hentes inn eller blir liggende etter retningen i innstillingene.',
    };
  }
  if (input.action === 'create' && row.entity === 'employee') {
    return {
      ok: false,
      code: 'rule_violation',
      message:
        'Arbeidere kan ikke opprettes i 24SevenOffice fra Broen; velg en kontakt eller «ikke synkroniser».',
    };
  }
  let remoteId: string | null = null;
  if (input.action === 'link') {
    remoteId = input.remoteId?.trim() || null;
    if (!remoteId)
      return {
        ok: false,
        code: 'rule_violation',
        message: 'Velg hvilken post i 24SevenOffice raden skal kobles til.',
      };
    const [found] = await searchRemote(db, rec.id, row.entity, { ids: [remoteId] });
    if (!found) {
      return {
        ok: false,
        code: 'rule_violation',
        message: `Fant ingen ${ENTITY_LABEL[row.entity]} med id ${remoteId} i det som ble lest fra 24SevenOffice.`,
      };
    }
    const taken = await db
      .selectFrom('reconciliation_rows')
      .select(['local_label'])
      .where('reconciliation_id', '=', rec.id)
      .where('entity', '=', row.entity)
      .where('action', '=', 'link')
      .where('remote_id', '=', remoteId)
      .where('id', '!=', row.id)
      .executeTakeFirst();
    if (taken) {
      return {
        ok: false,
        code: 'conflict',
        message: `${found.label} er allerede valgt for ${taken.local_label ?? 'en annen rad'}. Velg en annen, eller endre den raden først.`,
      };
    }
  }
  const at = clock().toISOString();
  const updated = await db.transaction().execute(async (tx) => {
    // Through the proposal's row: a confirmation holding it makes this wait, then refuse.
    const moved = await tx
      .updateTable('reconciliations')
      .set({ version: (eb) => eb('version', '+', 1), updated_at: at })
      .where('id', '=', rec.id)
      .where('state', '=', 'ready')
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) === 0) return false;
    await tx
      .updateTable('reconciliation_rows')
      .set({ action: input.action, remote_id: remoteId, decided_by: input.actor, decided_at: at })
      .where('id', '=', row.id)
      .execute();
    return true;
  });
  if (!updated) {
    const again = await getReconciliation(db, input.workspaceId, input.id);
    return (
      (again && notOpen(again)) || {
        ok: false,
        code: 'conflict',
        message: 'Avstemmingen er endret. Last siden på nytt.',
      }
    );
  }
  return { ok: true, row: { ...row, action: input.action, remoteId, decidedBy: input.actor, decidedAt: at } };
}

/**
 * Why a proposal takes no decisions now, or null when it is open.
 * @example const closed = notOpen(rec); if (closed) return closed;
 */
export function notOpen(rec: Reconciliation): Failure | null {
  switch (rec.state) {
    case 'ready':
      return null;
    case 'reading':
      return {
        ok: false,
        code: 'conflict',
        message: 'Avstemmingen leser fortsatt fra 24SevenOffice. Vent litt og prøv igjen.',
      };
    case 'confirmed':
      return {
        ok: false,
        code: 'conflict',
        message: `Avstemmingen er allerede bekreftet av ${rec.confirmedBy ?? 'en annen'}${rec.confirmedAt ? ` (${rec.confirmedAt.slice(0, 16).replace('T', ' ')} UTC)` : ''}. Start en ny avstemming for å endre koblinger.`,
      };
    case 'superseded':
      return {
        ok: false,
        code: 'conflict',
        message: 'En nyere avstemming er startet; denne kan ikke endres lenger. Åpne den nyeste.',
      };
    case 'failed':
      return {
        ok: false,
        code: 'conflict',
        message: `Avstemmingen feilet: ${rec.message ?? 'ukjent feil'}. Start en ny.`,
      };
  }
}
