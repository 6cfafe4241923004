import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/tables.ts';

// Every change to a workspace's integration settings leaves one row per changed leaf:
// who, when, which setting, old and new value. Events around the settings (connecting, another
// client, logging in again, disconnecting, clearing or confirming mappings) are rows of the same
// log under their own paths (AUDIT_EVENTS), carrying the settings version they happened at.

/** The event paths of the log besides the settings' own paths. */
export const AUDIT_EVENTS = {
  connected: 'connection.connected',
  clientChanged: 'connection.client',
  loggedInAgain: 'connection.login',
  disconnected: 'connection.disconnected',
  mappingsCleared: 'mappings.cleared',
  reviewConfirmed: 'mappings.reviewConfirmed',
} as const;

export interface SettingChange {
  path: string;
  oldValue: unknown;
  newValue: unknown;
}

export interface AuditEntry extends SettingChange {
  id: string;
  version: number;
  actor: string;
  at: string;
}

/**
 * Leaf-level differences between two JSON documents; keys of maps become path segments.
 * @example diffDocuments({a:{b:1}}, {a:{b:2}}) // [{ path: 'a.b', oldValue: 1, newValue: 2 }]
 */
export function diffDocuments(before: unknown, after: unknown, path = ''): SettingChange[] {
  // A value that changes shape (one transport number ↔ one per kind) is recorded whole.
  const reshaped = isObject(before) !== isObject(after) && before != null && after != null;
  if (!reshaped && (isObject(before) || isObject(after))) {
    const b = isObject(before) ? before : {};
    const a = isObject(after) ? after : {};
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
    return keys.flatMap((k) => diffDocuments(b[k], a[k], path ? `${path}.${k}` : k));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path, oldValue: before ?? null, newValue: after ?? null }];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Writes audit rows inside the caller's transaction, so a setting and its audit land together.
 * @example await writeAudit(trx, { workspaceId, actor: 'admin@demo.no', at, version: 3 }, changes);
 */
export async function writeAudit(
  trx: Transaction<Database> | Db,
  meta: { workspaceId: string; actor: string; at: string; version: number },
  changes: SettingChange[],
): Promise<void> {
  if (changes.length === 0) return;
  await trx
    .insertInto('integration_settings_audit')
    .values(
      changes.map((c) => ({
        id: randomUUID(),
        workspace_id: meta.workspaceId,
        version: meta.version,
        actor: meta.actor,
        at: meta.at,
        path: c.path,
        old_value: c.oldValue === null || c.oldValue === undefined ? null : JSON.stringify(c.oldValue),
        new_value: c.newValue === null || c.newValue === undefined ? null : JSON.stringify(c.newValue),
      })),
    )
    .execute();
}

/**
 * Records one event (see AUDIT_EVENTS) at the settings version it happened at.
 * @example await recordAuditEvent(db, clock, { workspaceId, actor }, { path: AUDIT_EVENTS.disconnected, oldValue: 'Demo AS', newValue: null });
 */
export async function recordAuditEvent(
  db: Db,
  clock: () => Date,
  meta: { workspaceId: string; actor: string },
  change: SettingChange,
): Promise<void> {
  const row = await db
    .selectFrom('integration_settings')
    .select('version')
    .where('workspace_id', '=', meta.workspaceId)
    .executeTakeFirst();
  await writeAudit(db, { ...meta, at: clock().toISOString(), version: row?.version ?? 0 }, [change]);
}

/**
 * The newest audit entries of a workspace first; `before` is the cursor (an entry id).
 * @example const { entries, nextCursor } = await listAudit(db, workspaceId, { limit: 50 });
 */
export async function listAudit(
  db: Db,
  workspaceId: string,
  options: { limit?: number; cursor?: string } = {},
): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  let query = db
    .selectFrom('integration_settings_audit')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    // Newest first by time: events carry the version they happened at, so version alone would
    // put a disconnect before the settings change made just before it.
    .orderBy('at', 'desc')
    .orderBy('version', 'desc')
    .orderBy('path', 'asc')
    .limit(limit + 1);
  if (options.cursor) {
    const [at, version, path] = decodeCursor(options.cursor);
    query = query.where((eb) =>
      eb.or([
        eb('at', '<', at),
        eb.and([eb('at', '=', at), eb('version', '<', version)]),
        eb.and([eb('at', '=', at), eb('version', '=', version), eb('path', '>', path)]),
      ]),
    );
  }
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    entries: page.map((r) => ({
      id: r.id,
      version: r.version,
      actor: r.actor,
      at: r.at,
      path: r.path,
      oldValue: r.old_value === null ? null : JSON.parse(r.old_value),
      newValue: r.new_value === null ? null : JSON.parse(r.new_value),
    })),
    nextCursor:
      rows.length > limit && last
        ? Buffer.from(JSON.stringify([last.at, last.version, last.path])).toString('base64url')
        : null,
  };
}

function decodeCursor(cursor: string): [string, number, string] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      typeof parsed[0] === 'string' &&
      Number.isInteger(parsed[1]) &&
      typeof parsed[2] === 'string'
    )
      return [parsed[0], parsed[1], parsed[2]];
  } catch {
    // An unreadable cursor starts from the newest entry, as before.
  }
  return ['9999', Number.MAX_SAFE_INTEGER, ''];
}
