import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';
import type { SeededWorkspace } from './seed.ts';

// Watches the workspaces until everything is in 24SO, from the database (an observer's read, no
// 24SO call), and does what an office user would: «Lag faktura (24SevenOffice)» on each
// attachment until it is transferred (the API says when to ask again), and «Synkroniser nå» /
// «Prøv igjen» when a workspace has sat idle with records not yet in 24SO. Those nudges are
// counted and reported: the automatic triggers should make them rare.

const ENTITIES = ['customer', 'project', 'product', 'hour'] as const;
const TRANSFER_EVERY_MS = 2_000;

export interface WorkspaceProgress {
  slug: string;
  synced: Record<(typeof ENTITIES)[number], number>;
  expected: Record<(typeof ENTITIES)[number], number>;
  /** Records with an open intent or in another state than synced. */
  unsettled: Record<string, number>;
  transferred: number;
  attachments: number;
  done: boolean;
  /** Milliseconds from switching on to done. */
  doneAfterMs?: number;
}

export class ProgressWatcher {
  readonly progress = new Map<string, WorkspaceProgress>();
  nudges = 0;
  transferCalls = 0;
  private readonly transferred = new Set<string>();
  private readonly lastTransferTry = new Map<string, number>();
  private readonly idleSince = new Map<string, number>();
  /** Attachment ids and workspace slugs with a call going. */
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly workspaces: SeededWorkspace[],
    private readonly startedAt: number,
    private readonly nudgeAfterMs: number,
  ) {}

  allDone(): boolean {
    return this.workspaces.every((ws) => this.progress.get(ws.slug)?.done);
  }

  /** One look at every workspace; drives transfers and nudges. */
  async tick(): Promise<void> {
    const states = await sql<{
      workspace_id: string;
      entity: string;
      state: string;
      open: number;
      n: number;
    }>`
      select workspace_id, entity, state, (intent_id is not null)::int as open, count(*)::int as n
      from sync_records group by workspace_id, entity, state, (intent_id is not null)`.execute(this.db);
    const live = await sql<{ workspace_id: string }>`
      select workspace_id from sync_runs where active_key is not null`.execute(this.db);
    const busy = new Set(live.rows.map((r) => r.workspace_id));
    const now = Date.now();
    for (const ws of this.workspaces) {
      const previous = this.progress.get(ws.slug);
      if (previous?.done) continue;
      const synced = { customer: 0, project: 0, product: 0, hour: 0 };
      const unsettled: Record<string, number> = {};
      for (const r of states.rows) {
        if (r.workspace_id !== ws.workspaceId) continue;
        if (r.state === 'synced' && r.open === 0) synced[r.entity as keyof typeof synced] += r.n;
        else {
          const key = `${r.entity} ${r.state}${r.open ? ' (in flight)' : ''}`;
          unsettled[key] = (unsettled[key] ?? 0) + r.n;
        }
      }
      const expected = {
        customer: ws.size.customers,
        project: ws.size.projects,
        product: ws.size.products,
        hour: ws.size.hours,
      };
      for (const id of ws.attachmentIds) {
        if (this.transferred.has(id) || this.inFlight.has(id)) continue;
        if (now - (this.lastTransferTry.get(id) ?? 0) < TRANSFER_EVERY_MS) continue;
        this.lastTransferTry.set(id, now);
        this.background(id, () => this.transfer(ws, id));
      }
      const transferred = ws.attachmentIds.filter((id) => this.transferred.has(id)).length;
      const recordsDone =
        ENTITIES.every((e) => synced[e] >= expected[e]) && Object.keys(unsettled).length === 0;
      const done = recordsDone && transferred === ws.attachmentIds.length && !busy.has(ws.workspaceId);
      this.progress.set(ws.slug, {
        slug: ws.slug,
        synced,
        expected,
        unsettled,
        transferred,
        attachments: ws.attachmentIds.length,
        done,
        doneAfterMs: done ? now - this.startedAt : undefined,
      });
      if (!recordsDone && !busy.has(ws.workspaceId)) {
        const since = this.idleSince.get(ws.slug) ?? now;
        this.idleSince.set(ws.slug, since);
        if (now - since >= this.nudgeAfterMs && !this.inFlight.has(ws.slug)) {
          this.idleSince.delete(ws.slug);
          const failed = Object.keys(unsettled).some((k) => k.includes('failed'));
          this.background(ws.slug, () => this.nudge(ws, failed));
        }
      } else {
        this.idleSince.delete(ws.slug);
      }
    }
  }

  /** Runs a call without holding up the next look (an app may take its time to answer). */
  private background(key: string, call: () => Promise<void>): void {
    this.inFlight.add(key);
    call()
      .catch(() => {})
      .finally(() => this.inFlight.delete(key));
  }

  /** Waits for the calls still going (before the verdict). */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await new Promise((r) => setTimeout(r, 50));
  }

  private async transfer(ws: SeededWorkspace, id: string): Promise<void> {
    this.transferCalls += 1;
    const answer = await ws.api
      .call('POST', `/invoice-attachments/${id}/transfer`, undefined, { attempts: 1 })
      .catch(() => undefined);
    // 200 transferred; 422 blocked (customer or project not in 24SO yet) or refused by a
    // fault; 409 another transfer of it runs; 503 the answer was lost: ask again later.
    if (answer?.status === 200 && (answer.body as { state?: string }).state === 'transferred') {
      this.transferred.add(id);
    }
  }

  private async nudge(ws: SeededWorkspace, failed: boolean): Promise<void> {
    this.nudges += 1;
    if (failed)
      await ws.api.call('POST', '/integration/records/retry', { entity: null }).catch(() => undefined);
    else
      await ws.api.call('POST', '/integration/sync', { entity: null, dryRun: false }).catch(() => undefined);
  }
}
