import { TwentyFourError } from '../../twentyfour/errors.ts';
import {
  getDeactivatedProjects,
  getProjectList,
  getProjectStatuses,
  type Project,
  saveProject,
} from '../../twentyfour/index.ts';
import type { AdapterContext, ExportAdapter, LocalItem } from './adapter.ts';
import { RECOVERY_MARGIN_MS } from './customer-adapter.ts';
import { classifyWriteError } from './reasons.ts';

// Projects → 24SO Project, one SaveProject each (24SO has no batch save for projects). Project
// has neither ExternalId nor a number field: after an unknown outcome the projects changed since
// the intent are read and matched on name + customer among projects no other record is linked
// to; more than one candidate is reported, never guessed. The project manager goes in as a
// participant (the SOAP Project has no manager field; Owner is always the API user).

export interface ProjectPayload {
  project: Project;
  /** Workspace status, kept so a status change is a change. */
  status: string;
}

const CLOSED = new Set(['completed', 'cancelled']);

export const projectAdapter: ExportAdapter<ProjectPayload> = {
  entity: 'project',
  batchSize: 1,

  async loadLocal(ctx, only) {
    let q = ctx.db
      .selectFrom('projects')
      .leftJoin('employees', 'employees.id', 'projects.project_manager_id')
      .select([
        'projects.id',
        'projects.number',
        'projects.name',
        'projects.customer_id',
        'projects.status',
        'projects.start_date',
        'projects.end_date',
        'projects.deleted_at',
        'employees.twentyfour_contact_id',
      ])
      .where('projects.workspace_id', '=', ctx.workspaceId);
    if (only) q = q.where('projects.id', 'in', only.size ? [...only] : ['']);
    const rows = await q.orderBy('projects.number').execute();
    const items: LocalItem<ProjectPayload>[] = [];
    for (const row of rows) {
      const gone = row.deleted_at !== null || CLOSED.has(row.status);
      const label = `${row.number} ${row.name}`;
      const base = { localId: row.id, label, gone, deleted: row.deleted_at !== null };
      let customerId: number | undefined;
      if (ctx.settings.projects.includeCustomer && row.customer_id) {
        const remote = await ctx.linkedRemoteId('customer', row.customer_id);
        if (!remote) {
          items.push({
            ...base,
            dependsOn: [{ entity: 'customer', localId: row.customer_id }],
            payload: {
              ok: false,
              reasonCode: 'customer_not_synced',
              reason: 'Kunden til prosjektet finnes ikke i 24SevenOffice ennå; synkroniser kunden først.',
            },
          });
          continue;
        }
        customerId = Number(remote);
      }
      const project: Project = {
        name: row.name,
        nameDisplay: 'Plain',
        timeReg: 'WorkType',
        customerId,
        dateStart: row.start_date ? new Date(`${row.start_date}T00:00:00Z`) : undefined,
        dateStop: row.end_date ? new Date(`${row.end_date}T00:00:00Z`) : undefined,
        participants: row.twentyfour_contact_id ? [Number(row.twentyfour_contact_id)] : undefined,
      };
      items.push({
        ...base,
        dependsOn: row.customer_id ? [{ entity: 'customer', localId: row.customer_id }] : undefined,
        payload: { ok: true, value: { project, status: gone ? 'closed' : row.status } },
      });
    }
    return items;
  },

  fingerprint: (payload, deactivate) => JSON.stringify([payload.project, payload.status, deactivate]),

  async save(ctx, items) {
    const item = items[0];
    if (!item) return [];
    const statuses = await projectStatuses(ctx);
    const project: Project = { ...item.payload.project };
    if (item.remoteId) project.id = Number(item.remoteId);
    // Closed or deleted: a status 24SO treats as inactive; reopened: back to an active one.
    if (item.deactivate) project.statusId = statuses.inactive;
    else if (item.remoteId) project.statusId = statuses.active;
    try {
      const id = await saveProject(ctx.soap, project);
      return [{ localId: item.localId, ok: true, remoteId: String(id) }];
    } catch (error) {
      // A project-level refusal (e.g. an unknown customer id) is that project's own failure.
      if (error instanceof TwentyFourError && classifyWriteError(error, ctx.clock).kind === 'refused') {
        const f = classifyWriteError(error, ctx.clock);
        return [{ localId: item.localId, ok: false, reason: f.reason, reasonCode: 'rejected' }];
      }
      throw error;
    }
  },

  async recover(ctx, open) {
    const found = new Map<string, string>();
    if (open.length === 0) return found;
    const earliest = Math.min(...open.map((o) => Date.parse(o.intentAt)));
    const changedAfter = new Date(earliest - RECOVERY_MARGIN_MS);
    const candidates = [
      ...(await getProjectList(ctx.soap, { changedAfter })),
      ...(await getDeactivatedProjects(ctx.soap, { changedAfter })),
    ];
    const linked = await linkedProjectIds(ctx);
    for (const o of open) {
      if (!o.payload) continue;
      const want = o.payload.project;
      const matches = candidates.filter(
        (p) =>
          p.id !== undefined &&
          !linked.has(String(p.id)) &&
          p.name === want.name &&
          (p.customerId ?? 0) === (want.customerId ?? 0),
      );
      if (matches.length === 1 && matches[0]?.id !== undefined) {
        found.set(o.localId, String(matches[0].id));
        linked.add(String(matches[0].id));
      } else if (matches.length > 1) {
        throw new AmbiguousRecoveryError(
          o.localId,
          matches.map((m) => String(m.id)),
        );
      }
    }
    return found;
  },
};

/** More than one 24SO project could be the one an unknown write made: a person must look. */
export class AmbiguousRecoveryError extends Error {
  readonly retryable = false;
  constructor(
    readonly localId: string,
    readonly candidates: string[],
  ) {
    super(
      `Usikkert om prosjektet ble opprettet: 24SevenOffice har ${candidates.length} like prosjekter (id ${candidates.join(', ')}). Koble riktig prosjekt før det sendes igjen.`,
    );
  }
}

async function linkedProjectIds(ctx: AdapterContext): Promise<Set<string>> {
  const rows = await ctx.db
    .selectFrom('sync_records')
    .select('remote_id')
    .where('workspace_id', '=', ctx.workspaceId)
    .where('entity', '=', 'project')
    .where('remote_id', 'is not', null)
    .execute();
  return new Set(rows.map((r) => String(r.remote_id)));
}

async function projectStatuses(ctx: AdapterContext): Promise<{ active?: number; inactive?: number }> {
  const key = 'project.statuses';
  if (!ctx.memo.has(key)) {
    const statuses = await getProjectStatuses(ctx.soap);
    ctx.memo.set(key, {
      active: statuses.find((s) => s.active !== false)?.id,
      inactive: statuses.find((s) => s.active === false)?.id,
    });
  }
  return ctx.memo.get(key) as { active?: number; inactive?: number };
}
