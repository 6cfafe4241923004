import type { Transaction } from 'kysely';
import type { Database } from '../../db/tables.ts';
import { USER_REQUEST_DEADLINE_MS } from '../deadline.ts';
import type { ConnectionDeps } from '../session-calls.ts';
import type { RemoteSnapshot } from './read-remote.ts';
import { snapshotHash } from './read-remote.ts';
import { ENTITY_LABEL, type Failure, notOpen, readSnapshot } from './service.ts';
import { getReconciliation, toReconciliation, toRow } from './store.ts';
import type { ReconEntity } from './tables.ts';

// Confirming a proposal: 24SO is read again and compared with what the proposal was made from
// (a change refuses the confirmation, saying what changed); then, in one transaction that first
// takes the proposal (a second admin confirming at the same time finds it taken), every link
// becomes a sync_records row in state synced with the 24SO id, so the engine's first run
// updates instead of creating; «ikke synkroniser» becomes a skipped row the engine leaves
// alone; workers get their 24SO contact id. Nothing is written to 24SO here.

/** The reason code of a record the admin chose not to synchronise at reconciliation. */
export const NOT_SYNCED_CODE = 'reconciliation_skip';
export const NOT_SYNCED_REASON =
  'Ikke synkronisert: valgt ved avstemming. Start en ny avstemming for å endre det.';

export interface Applied {
  linked: number;
  skipped: number;
  toCreate: number;
  workersLinked: number;
}

class Refusal extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

/** How many changes a refusal lists by name. */
const MAX_CHANGES = 20;

/**
 * Confirms a proposal (see the file comment).
 * @example const r = await confirmReconciliation(runtime, { workspaceId, id, actor: 'Kari' });
 */
export async function confirmReconciliation(
  deps: ConnectionDeps,
  input: { workspaceId: string; id: string; actor: string },
): Promise<{ ok: true; applied: Applied } | Failure> {
  const rec = await getReconciliation(deps.db, input.workspaceId, input.id);
  if (!rec) return { ok: false, code: 'not_found', message: 'Avstemmingen finnes ikke.' };
  const closed = notOpen(rec);
  if (closed) return closed;
  const undecided = await deps.db
    .selectFrom('reconciliation_rows')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('reconciliation_id', '=', rec.id)
    .where('action', '=', 'undecided')
    .executeTakeFirstOrThrow();
  if (Number(undecided.n) > 0) {
    return {
      ok: false,
      code: 'conflict',
      message: `${undecided.n} ${Number(undecided.n) === 1 ? 'rad må' : 'rader må'} avgjøres før avstemmingen kan bekreftes.`,
    };
  }
  // The admin waits on the confirmation: its reads are not asked again past the request's deadline.
  const read = await readSnapshot(deps, input.workspaceId, { withinMs: USER_REQUEST_DEADLINE_MS });
  // 24SO cannot be read now: worth trying again later. Any other connection problem (not
  // connected, password refused, no right) stops the confirmation until someone acts; it is a
  // conflict with the proposal, as it always was, not the connection's own outcome (decision 61).
  if (!read.ok) {
    return {
      ok: false,
      code: read.state === 'unreachable' ? 'unreachable' : 'conflict',
      message: read.message,
    };
  }
  if (read.identityId.toLowerCase() !== (rec.identityId ?? '').toLowerCase()) {
    return {
      ok: false,
      code: 'conflict',
      message:
        'Arbeidsområdet er koblet til en annen 24SevenOffice-klient enn da avstemmingen ble laget. Start en ny avstemming.',
    };
  }
  if (snapshotHash(read.snapshot) !== rec.snapshotHash) {
    const changes = await describeChanges(deps, rec.id, read.snapshot);
    return {
      ok: false,
      code: 'conflict',
      message: `24SevenOffice er endret siden forslaget ble laget (${changes.length >= MAX_CHANGES ? `minst ${MAX_CHANGES}` : changes.length} ${changes.length === 1 ? 'endring' : 'endringer'}). Start avstemmingen på nytt.`,
      changes,
    };
  }
  const at = deps.clock().toISOString();
  try {
    const applied = await deps.db.transaction().execute((tx) => apply(tx, rec.id, input, at));
    return { ok: true, applied };
  } catch (error) {
    if (error instanceof Refusal) return error.failure;
    throw error;
  }
}

async function apply(
  tx: Transaction<Database>,
  id: string,
  input: { workspaceId: string; actor: string },
  at: string,
): Promise<Applied> {
  // Taking the proposal first: the second of two confirmations waits here, then finds it taken.
  const taken = await tx
    .updateTable('reconciliations')
    .set({
      state: 'confirmed',
      confirmed_by: input.actor,
      confirmed_at: at,
      updated_at: at,
      version: (eb) => eb('version', '+', 1),
    })
    .where('id', '=', id)
    .where('state', '=', 'ready')
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) === 0) {
    const now = await tx
      .selectFrom('reconciliations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    throw new Refusal(
      notOpen(toReconciliation(now)) ?? {
        ok: false,
        code: 'conflict',
        message: 'Avstemmingen er endret. Last siden på nytt.',
      },
    );
  }
  const rows = (
    await tx
      .selectFrom('reconciliation_rows')
      .selectAll()
      .where('reconciliation_id', '=', id)
      .where('local_id', 'is not', null)
      .where('action', 'in', ['link', 'skip', 'create', 'undecided'])
      .execute()
  ).map(toRow);
  if (rows.some((r) => r.action === 'undecided')) {
    throw new Refusal({
      ok: false,
      code: 'conflict',
      message: 'Noen rader må avgjøres før avstemmingen kan bekreftes.',
    });
  }
  const applied: Applied = { linked: 0, skipped: 0, toCreate: 0, workersLinked: 0 };
  const chosen = new Map<string, string>();
  for (const r of rows) {
    if (r.action !== 'link' || !r.remoteId) continue;
    const key = `${r.entity}:${r.remoteId}`;
    const other = chosen.get(key);
    if (other) {
      throw new Refusal({
        ok: false,
        code: 'conflict',
        message: `24SO-${ENTITY_LABEL[r.entity]} ${r.remoteId} er valgt for både ${other} og ${r.localLabel}. Endre en av radene.`,
      });
    }
    chosen.set(key, r.localLabel ?? r.localId ?? '');
  }
  for (const r of rows) {
    const localId = r.localId as string;
    if (r.entity === 'employee') {
      if (r.action !== 'link' || !r.remoteId) continue;
      const clash = await tx
        .selectFrom('employees')
        .select(['name'])
        .where('workspace_id', '=', input.workspaceId)
        .where('twentyfour_contact_id', '=', Number(r.remoteId))
        .where('id', '!=', localId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (clash) {
        throw new Refusal({
          ok: false,
          code: 'conflict',
          message: `Kontakt ${r.remoteId} er allerede koblet til arbeideren ${clash.name}. Fjern den koblingen først.`,
        });
      }
      await tx
        .updateTable('employees')
        .set({ twentyfour_contact_id: Number(r.remoteId), updated_at: at })
        .where('workspace_id', '=', input.workspaceId)
        .where('id', '=', localId)
        .execute();
      applied.workersLinked++;
      continue;
    }
    const entity = r.entity as Exclude<ReconEntity, 'employee'>;
    const existing = await tx
      .selectFrom('sync_records')
      .selectAll()
      .where('workspace_id', '=', input.workspaceId)
      .where('entity', '=', entity)
      .where('local_id', '=', localId)
      .executeTakeFirst();
    if (existing?.intent_id) {
      throw new Refusal({
        ok: false,
        code: 'conflict',
        message: `${r.localLabel} har en overføring til 24SevenOffice som ikke er avklart ennå. Vent til synkroniseringen er ferdig og start avstemmingen på nytt.`,
      });
    }
    if (r.action === 'link' && r.remoteId) {
      if (existing?.state === 'synced' && existing.remote_id === r.remoteId) continue;
      const holder = await tx
        .selectFrom('sync_records')
        .select(['local_id'])
        .where('workspace_id', '=', input.workspaceId)
        .where('entity', '=', entity)
        .where('remote_id', '=', r.remoteId)
        .where('local_id', '!=', localId)
        .executeTakeFirst();
      if (holder) {
        throw new Refusal({
          ok: false,
          code: 'conflict',
          message: `24SO-${ENTITY_LABEL[entity]} ${r.remoteId} er allerede koblet til en annen post i arbeidsområdet. Velg en annen for ${r.localLabel}.`,
        });
      }
      const values = {
        remote_id: r.remoteId,
        state: 'synced' as const,
        origin: 'export' as const,
        reason: null,
        reason_code: null,
        attempts: 0,
        next_retry_at: null,
        last_synced_at: null,
        // No fingerprint: the first run sends the workspace's values as an update.
        fingerprint: null,
        remote_changed_at: null,
        intent_id: null,
        intent_op: null,
        intent_at: null,
        intent_fingerprint: null,
        updated_at: at,
      };
      if (existing) {
        await tx
          .updateTable('sync_records')
          .set(values)
          .where('workspace_id', '=', input.workspaceId)
          .where('entity', '=', entity)
          .where('local_id', '=', localId)
          .execute();
      } else {
        await tx
          .insertInto('sync_records')
          .values({
            ...values,
            workspace_id: input.workspaceId,
            entity,
            local_id: localId,
            last_run_id: null,
            created_at: at,
          })
          .execute();
      }
      applied.linked++;
    } else if (r.action === 'skip') {
      const values = {
        state: 'skipped' as const,
        reason: NOT_SYNCED_REASON,
        reason_code: NOT_SYNCED_CODE,
        next_retry_at: null,
        updated_at: at,
      };
      if (existing) {
        await tx
          .updateTable('sync_records')
          .set(values)
          .where('workspace_id', '=', input.workspaceId)
          .where('entity', '=', entity)
          .where('local_id', '=', localId)
          .execute();
      } else {
        await tx
          .insertInto('sync_records')
          .values({
            ...values,
            workspace_id: input.workspaceId,
            entity,
            local_id: localId,
            remote_id: null,
            last_synced_at: null,
            fingerprint: null,
            remote_changed_at: null,
            intent_id: null,
            intent_op: null,
            intent_at: null,
            intent_fingerprint: null,
            last_run_id: null,
            created_at: at,
          })
          .execute();
      }
      applied.skipped++;
    } else if (r.action === 'create') {
      // An earlier «ikke synkroniser» is lifted; a record linked before keeps its link.
      if (existing?.reason_code === NOT_SYNCED_CODE) {
        await tx
          .deleteFrom('sync_records')
          .where('workspace_id', '=', input.workspaceId)
          .where('entity', '=', entity)
          .where('local_id', '=', localId)
          .execute();
      }
      if (!existing?.remote_id) applied.toCreate++;
    }
  }
  return applied;
}

/**
 * What differs between the 24SO records a proposal was made from and 24SO now, in Norwegian,
 * at most MAX_CHANGES lines.
 * @example await describeChanges(deps, rec.id, snapshot) // ['Ny i 24SevenOffice: kunde 20450 Ny AS']
 */
export async function describeChanges(
  deps: ConnectionDeps,
  id: string,
  now: RemoteSnapshot,
): Promise<string[]> {
  const stored = await deps.db
    .selectFrom('reconciliation_remote')
    .select(['entity', 'remote_id', 'label', 'hash'])
    .where('reconciliation_id', '=', id)
    .execute();
  const before = new Map(stored.map((r) => [`${r.entity}:${r.remote_id}`, r]));
  const out: string[] = [];
  const seen = new Set<string>();
  for (const entity of ['customer', 'project', 'product', 'employee'] as const) {
    for (const r of now.records[entity]) {
      const key = `${entity}:${r.id}`;
      seen.add(key);
      const old = before.get(key);
      if (!old) out.push(`Ny i 24SevenOffice: ${ENTITY_LABEL[entity]} ${r.label}`);
      else if (old.hash !== r.hash) out.push(`Endret i 24SevenOffice: ${ENTITY_LABEL[entity]} ${r.label}`);
    }
  }
  for (const [key, r] of before) {
    if (!seen.has(key)) out.push(`Borte fra 24SevenOffice: ${ENTITY_LABEL[r.entity]} ${r.label}`);
  }
  return out.slice(0, MAX_CHANGES);
}
