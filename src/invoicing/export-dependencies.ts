import type { Db } from '../db/database.ts';
import { getSettings } from '../integration/settings.ts';
import type { SyncRun } from '../integration/sync/runs.ts';
import { getRunDetail, startSync } from '../integration/sync/service.ts';
import type { SyncEntity } from '../integration/sync/tables.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { DomainError } from '../workspace/errors.ts';
import type { Attachment } from './attachment-schemas.ts';
import type { LinkKind, LinkLookup } from './links.ts';

// «Eksporter nå» on the order preview: the attachment's customer or project is not in 24SO yet,
// so Broen exports it through the sync engine — a manual run of the kind that is missing, the
// same duplicate-safe path «Synkroniser nå» takes (intents before writes, recovery by key). A
// live run of the workspace is joined, never run beside (one run per workspace at a time).

const LABEL: Record<LinkKind, string> = { customer: 'Kunder', project: 'Prosjekter' };

export interface ExportDeps {
  db: Db;
  clock: () => Date;
  queue: JobQueue;
  links: LinkLookup;
}

export type ExportStart =
  | { state: 'nothing' }
  | { state: 'started'; run: SyncRun; joined: boolean; exporting: LinkKind[] };

/**
 * What of the attachment's customer and project 24SO does not have yet.
 * @example await missingInTwentyFour(deps, ws.id, attachment) // ['customer', 'project']
 */
export async function missingInTwentyFour(
  deps: Pick<ExportDeps, 'db' | 'links'>,
  workspaceId: string,
  a: Attachment,
): Promise<LinkKind[]> {
  const missing: LinkKind[] = [];
  if (
    a.row.customer_id &&
    (await deps.links(deps.db, workspaceId, 'customer', a.row.customer_id)) === undefined
  )
    missing.push('customer');
  if ((await deps.links(deps.db, workspaceId, 'project', a.row.project_id)) === undefined)
    missing.push('project');
  return missing;
}

/**
 * Which kind a run must export for the missing records, or the Norwegian reason it cannot
 * (the integration is off, or the kind is imported from 24SO).
 * @example const entity = await exportEntity(db, ws.id, ['customer', 'project']); // 'project'
 */
export async function exportEntity(
  db: Db,
  workspaceId: string,
  missing: LinkKind[],
): Promise<SyncEntity | null> {
  const { enabled, settings } = await getSettings(db, workspaceId);
  if (!enabled) {
    throw new DomainError(
      'rule_violation',
      'Integrasjonen med 24SevenOffice er slått av, så ingenting kan eksporteres. Slå den på under Integrasjoner → 24SevenOffice.',
    );
  }
  const direction = { customer: settings.customers.direction, project: settings.projects.direction };
  const imported = missing.filter((kind) => direction[kind] === 'import');
  if (imported.length > 0) {
    throw new DomainError(
      'rule_violation',
      `${imported.map((k) => LABEL[k]).join(' og ')} hentes fra 24SevenOffice (import) etter innstillingene, så Broen eksporterer dem ikke. Koble dem under Synkronisering, eller endre retningen i innstillingene.`,
    );
  }
  // A project run sends the project's customer first when it is to be linked; otherwise both kinds.
  if (missing.length === 1) return missing[0] as SyncEntity;
  return settings.projects.includeCustomer ? 'project' : null;
}

/**
 * Starts (or joins) the sync run that exports the attachment's missing customer and project.
 * @example const r = await exportDependencies(deps, ws.id, attachment, 'admin@demo.no');
 */
export async function exportDependencies(
  deps: ExportDeps,
  workspaceId: string,
  a: Attachment,
  actor: string,
): Promise<ExportStart> {
  const missing = await missingInTwentyFour(deps, workspaceId, a);
  if (missing.length === 0) return { state: 'nothing' };
  const entity = await exportEntity(deps.db, workspaceId, missing);
  const { run, joined } = await startSync(
    { db: deps.db, clock: deps.clock, queue: deps.queue },
    { workspaceId, trigger: 'manual', entity, dryRun: false, requestedBy: actor },
  );
  return { state: 'started', run, joined, exporting: missing };
}

/**
 * Why an export run that has ended left the customer or project out of 24SO, in Norwegian.
 * @example const why = await exportFailure(db, ws.id, runId);
 */
export async function exportFailure(db: Db, workspaceId: string, runId: string): Promise<string> {
  const detail = await getRunDetail(db, workspaceId, runId);
  const reasons = (detail?.failures ?? [])
    .filter((f) => f.entity === 'customer' || f.entity === 'project')
    .map((f) => `${f.label}: ${f.reason ?? 'avvist'}`);
  return [detail?.message, ...reasons].filter(Boolean).join(' ') || 'Synkroniseringen sendte dem ikke.';
}
