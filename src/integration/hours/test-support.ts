import pino from 'pino';
import { SANDBOX_APPLICATION_ID } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import { createSandbox, type Sandbox } from '../../sandbox/server.ts';
import { TwentyFourSession } from '../../twentyfour/session.ts';
import type { FetchLike } from '../../twentyfour/transport.ts';
import { updateEmployee } from '../../workspace/employees.ts';
import { approveHours } from '../../workspace/hour-approval.ts';
import { createHourEntry } from '../../workspace/hours.ts';
import { type HoursFixture, hoursFixture } from '../../workspace/workspace-fixture.ts';
import { getSettings, type IntegrationSettings, setEnabled } from '../settings.ts';
import { recordSynced } from '../sync/records.ts';
import { createOrJoinRun, moveRun } from '../sync/runs.ts';
import type { HourExportDeps, HourExportRun } from './export.ts';

// A workspace whose hours can go to the in-process sandbox's "Demo Maskin AS": Ola and Kari
// linked to contacts 501/502, project 1001 linked to 24SO project 1001, ORD → work type 1,
// INT → 5, hours from 2025-01-01, integration on.

export interface HoursWorld {
  f: HoursFixture;
  deps: HourExportDeps;
  sandbox: Sandbox;
  session: TwentyFourSession;
  /** A fresh run to export in. */
  newRun(): Promise<HourExportRun>;
  /** An approved hour of Ola on the linked project. */
  approvedHour(input?: Partial<Parameters<typeof createHourEntry>[2]>): Promise<string>;
  /** The stored hours settings section. */
  currentHours(): Promise<IntegrationSettings['hours']>;
  /** The sandbox's hours carrying Broen's marker for this hour id. */
  inSandbox(localId: string): Record<string, unknown>[];
}

export const silentLogger = pino({ level: 'silent' });

/**
 * Builds the world; `fetch` lets a test put faults between client and sandbox.
 * @example const w = await hoursWorld(db);
 */
export async function hoursWorld(
  db: Db,
  options: { sandbox?: Sandbox; fetch?: FetchLike; clock?: () => Date } = {},
): Promise<HoursWorld> {
  const clock = options.clock ?? (() => new Date());
  const f = await hoursFixture(db);
  await updateEmployee(db, f.workspaceId, f.olaId, { twentyfourContactId: 501 });
  await updateEmployee(db, f.workspaceId, f.kariId, { twentyfourContactId: 502 });
  await recordSynced(db, clock, [
    {
      workspaceId: f.workspaceId,
      entity: 'project',
      localId: f.projectId,
      remoteId: '1001',
      fingerprint: null,
      runId: null,
    },
  ]);
  await setEnabled(db, clock, { workspaceId: f.workspaceId, actor: 'test', enabled: true });
  await writeHourSettings(db, f.workspaceId, {
    sync: 'auto',
    startDate: '2025-01-01',
    workTypeByHourType: { ORD: '1', INT: '5' },
  });
  const sandbox = options.sandbox ?? createSandbox({ seed: 'demo' });
  const session = new TwentyFourSession(
    {
      fetch: options.fetch ?? ((r) => sandbox.fetch(r)),
      logger: silentLogger,
      clock,
      sleep: async () => {},
    },
    {
      applicationId: SANDBOX_APPLICATION_ID,
      username: 'api@demo.no',
      password: 'demo-password',
      baseUrl: 'http://sandbox.test',
      timeoutMs: 5_000,
      minLoginIntervalMs: 0,
    },
  );
  return {
    f,
    deps: { db, clock, logger: silentLogger },
    sandbox,
    session,
    async newRun() {
      const input = {
        workspaceId: f.workspaceId,
        trigger: 'manual' as const,
        entity: 'hour' as const,
        dryRun: false,
      };
      const live = await createOrJoinRun(db, clock, input);
      if (!live.joined) return live.run;
      // The previous test run is over: a new one, so a run's counts are its own.
      await moveRun(db, clock, live.run.id, 'running');
      await moveRun(db, clock, live.run.id, 'done');
      return (await createOrJoinRun(db, clock, input)).run;
    },
    async approvedHour(input = {}) {
      const h = await createHourEntry(db, f.workspaceId, {
        employeeId: f.olaId,
        projectId: f.projectId,
        hourTypeId: f.ordId,
        date: '2025-03-14',
        hours: '7.5',
        description: 'Grunnarbeid',
        ...input,
      });
      await approveHours(db, f.workspaceId, [h.id], 'admin@demo.no', clock);
      return h.id;
    },
    async currentHours() {
      return (await getSettings(db, f.workspaceId)).settings.hours;
    },
    inSandbox(localId) {
      const client = sandbox.state.clients.find((c) => c.name === 'Demo Maskin AS');
      return (client?.hours ?? []).filter((h) => String(h.InternalNote ?? '').includes(`[broen:${localId}]`));
    },
  };
}

/**
 * Writes the hours section straight into the stored document (the settings page checks work
 * types against a live 24SO; these tests name the sandbox's known ids).
 * @example await writeHourSettings(db, wsId, { ...current, startDate: '2025-03-01' });
 */
export async function writeHourSettings(
  db: Db,
  workspaceId: string,
  hours: IntegrationSettings['hours'],
): Promise<void> {
  const stored = await getSettings(db, workspaceId);
  await db
    .updateTable('integration_settings')
    .set({ document: JSON.stringify({ ...stored.settings, hours }), version: stored.version + 1 })
    .where('workspace_id', '=', workspaceId)
    .execute();
}
