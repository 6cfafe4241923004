import type { Db } from '../db/database.ts';
import { fromDbBool, nowIso, toDbBool } from '../db/database.ts';
import { diffDocuments, type SettingChange, writeAudit } from './audit.ts';
import type { LiveLists, LookupKind, LookupResult } from './lookup-types.ts';
import { foundIn, referencesOf } from './references.ts';
import {
  defaultSettings,
  type IntegrationSettings,
  mergeSettingsInput,
  type SettingsFieldError,
  validateSettingsShape,
} from './settings-schema.ts';
import { listHourTypeRefs, listMachineRefs } from './workspace-refs.ts';

export { defaultSettings, type IntegrationSettings, type SettingsFieldError } from './settings-schema.ts';

export interface StoredSettings {
  settings: IntegrationSettings;
  /** 0 while the workspace still runs on defaults. */
  version: number;
  enabled: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}

/**
 * The workspace's settings, or the defaults when nothing was saved yet.
 * @example const { settings, enabled } = await getSettings(db, workspaceId);
 */
export async function getSettings(db: Db, workspaceId: string): Promise<StoredSettings> {
  const row = await db
    .selectFrom('integration_settings')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  if (!row)
    return { settings: defaultSettings(), version: 0, enabled: false, updatedAt: null, updatedBy: null };
  // Stored documents were validated on the way in; parse again so an older shape gets defaults.
  const parsed = validateSettingsShape(mergeSettingsInput(defaultSettings(), JSON.parse(row.document)));
  return {
    settings: parsed.ok ? parsed.settings : defaultSettings(),
    version: row.version,
    enabled: fromDbBool(row.enabled),
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

export type SaveSettingsResult =
  | { ok: true; stored: StoredSettings; changes: SettingChange[] }
  /** 400: shape; 422: a reference that does not exist; 409: someone saved in between; 503: 24SO unreadable. */
  | { ok: false; status: 400 | 409 | 422 | 503; message: string; errors: SettingsFieldError[] };

export interface SaveSettingsInput {
  workspaceId: string;
  actor: string;
  /** Whole document or the sections to change. */
  input: unknown;
  /** When given, the save is refused if the stored version moved on (lost-update guard). */
  expectedVersion?: number;
  /** Log events written with the changes, in the same transaction (e.g. mappings cleared). */
  events?: SettingChange[];
}

/**
 * Validate → check references (workspace and live 24SO) → diff → write document and audit in
 * one transaction. A refused save changes nothing. Live lists are only consulted for
 * references that changed, so an unrelated edit still saves while 24SO is down.
 * @example const r = await saveSettings(db, liveLists, clock, { workspaceId, actor: 'admin@demo.no', input: body });
 */
export async function saveSettings(
  db: Db,
  lists: LiveLists | null,
  clock: () => Date,
  request: SaveSettingsInput,
): Promise<SaveSettingsResult> {
  const current = await getSettings(db, request.workspaceId);
  if (request.expectedVersion !== undefined && request.expectedVersion !== current.version) {
    return conflict();
  }
  const shape = validateSettingsShape(mergeSettingsInput(current.settings, request.input));
  if (!shape.ok)
    return { ok: false, status: 400, message: 'Innstillingene er ikke gyldige', errors: shape.errors };
  const next = await normaliseWorkspaceKeys(db, request.workspaceId, shape.settings);
  if (!next.ok)
    return {
      ok: false,
      status: 422,
      message: 'Innstillingene viser til noe som ikke finnes',
      errors: next.errors,
    };

  const live = await checkLiveReferences(lists, current.settings, next.settings);
  if (!live.ok) return live;

  const changes = diffDocuments(current.settings, next.settings);
  if (changes.length === 0) return { ok: true, stored: current, changes };
  const at = nowIso(clock);
  const version = current.version + 1;
  const written = await db.transaction().execute(async (trx) => {
    const document = JSON.stringify(next.settings);
    if (current.version === 0) {
      const inserted = await trx
        .insertInto('integration_settings')
        .values({
          workspace_id: request.workspaceId,
          document,
          version,
          enabled: 0,
          updated_at: at,
          updated_by: request.actor,
        })
        .onConflict((oc) => oc.column('workspace_id').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    } else {
      const updated = await trx
        .updateTable('integration_settings')
        .set({ document, version, updated_at: at, updated_by: request.actor })
        .where('workspace_id', '=', request.workspaceId)
        .where('version', '=', current.version)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) return false;
    }
    await writeAudit(trx, { workspaceId: request.workspaceId, actor: request.actor, at, version }, [
      ...changes,
      ...(request.events ?? []),
    ]);
    return true;
  });
  if (!written) return conflict();
  return {
    ok: true,
    stored: {
      settings: next.settings,
      version,
      enabled: current.enabled,
      updatedAt: at,
      updatedBy: request.actor,
    },
    changes,
  };
}

export type SetEnabledResult =
  | { ok: true; stored: StoredSettings }
  | { ok: false; status: 409; message: string };

/**
 * Turns the integration on or off, audited as the setting "enabled". The activation rules
 * live in activation.ts; this only records the decision. The write carries the same version
 * guard as saveSettings: two toggles at once make one change and one audit row, never two
 * writes of the same version. With `expectedVersion` (the version the activation checks saw)
 * a change made meanwhile is a conflict; without it (switching off) the toggle is re-read and
 * applied to the newest version.
 * @example const r = await setEnabled(db, clock, { workspaceId, actor, enabled: true, expectedVersion: 3 });
 */
export async function setEnabled(
  db: Db,
  clock: () => Date,
  request: { workspaceId: string; actor: string; enabled: boolean; expectedVersion?: number },
): Promise<SetEnabledResult> {
  for (let round = 0; round < 5; round++) {
    const current = await getSettings(db, request.workspaceId);
    if (current.enabled === request.enabled) return { ok: true, stored: current };
    if (request.expectedVersion !== undefined && request.expectedVersion !== current.version) break;
    const at = nowIso(clock);
    const version = current.version + 1;
    const written = await db.transaction().execute(async (trx) => {
      if (current.version === 0) {
        const inserted = await trx
          .insertInto('integration_settings')
          .values({
            workspace_id: request.workspaceId,
            document: JSON.stringify(current.settings),
            version,
            enabled: toDbBool(request.enabled),
            updated_at: at,
            updated_by: request.actor,
          })
          .onConflict((oc) => oc.column('workspace_id').doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      } else {
        const updated = await trx
          .updateTable('integration_settings')
          .set({ enabled: toDbBool(request.enabled), version, updated_at: at, updated_by: request.actor })
          .where('workspace_id', '=', request.workspaceId)
          .where('version', '=', current.version)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) return false;
      }
      await writeAudit(trx, { workspaceId: request.workspaceId, actor: request.actor, at, version }, [
        { path: 'enabled', oldValue: current.enabled, newValue: request.enabled },
      ]);
      return true;
    });
    if (written) {
      return {
        ok: true,
        stored: { ...current, enabled: request.enabled, version, updatedAt: at, updatedBy: request.actor },
      };
    }
  }
  const refused = conflict();
  return { ok: false, status: 409, message: refused.ok ? '' : refused.message };
}

function conflict(): SaveSettingsResult {
  return {
    ok: false,
    status: 409,
    message: 'Innstillingene ble endret av noen andre i mellomtiden. Last siden på nytt og prøv igjen.',
    errors: [],
  };
}

/** Map keys may be given as record ids; they are stored as hour type codes and machine numbers. */
async function normaliseWorkspaceKeys(
  db: Db,
  workspaceId: string,
  settings: IntegrationSettings,
): Promise<{ ok: true; settings: IntegrationSettings } | { ok: false; errors: SettingsFieldError[] }> {
  const errors: SettingsFieldError[] = [];
  const hourTypes = await listHourTypeRefs(db, workspaceId);
  const machines = await listMachineRefs(db, workspaceId);
  const workTypeByHourType: Record<string, string> = {};
  for (const [key, value] of Object.entries(settings.hours.workTypeByHourType)) {
    const ref = hourTypes.find((h) => h.code === key) ?? hourTypes.find((h) => h.id === key);
    if (ref) workTypeByHourType[ref.code] = value;
    else
      errors.push({
        path: `hours.workTypeByHourType.${key}`,
        message: `Timetypen «${key}» finnes ikke i arbeidsområdet`,
      });
  }
  const dimensionByMachine: Record<string, string> = {};
  for (const [key, value] of Object.entries(settings.invoicing.dimensionByMachine)) {
    const ref = machines.find((m) => m.number === key) ?? machines.find((m) => m.id === key);
    if (ref) dimensionByMachine[ref.number] = value;
    else
      errors.push({
        path: `invoicing.dimensionByMachine.${key}`,
        message: `Maskinen «${key}» finnes ikke i arbeidsområdet`,
      });
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      ...settings,
      hours: { ...settings.hours, workTypeByHourType: sortKeys(workTypeByHourType) },
      invoicing: { ...settings.invoicing, dimensionByMachine: sortKeys(dimensionByMachine) },
    },
  };
}

function sortKeys(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => a.localeCompare(b)));
}

async function checkLiveReferences(
  lists: LiveLists | null,
  before: IntegrationSettings,
  after: IntegrationSettings,
): Promise<{ ok: true } | Extract<SaveSettingsResult, { ok: false }>> {
  const old = new Set(referencesOf(before).map((r) => `${r.path}=${r.value}`));
  const changed = referencesOf(after).filter((r) => !old.has(`${r.path}=${r.value}`));
  if (changed.length === 0) return { ok: true };
  if (!lists) {
    return {
      ok: false,
      status: 422,
      message: 'Koble til 24SevenOffice før du velger arbeidstyper, varenumre eller dimensjoner',
      errors: changed.map((r) => ({
        path: r.path,
        message: 'Kan ikke kontrolleres uten tilkobling til 24SevenOffice',
      })),
    };
  }
  const cache = new Map<LookupKind, LookupResult>();
  const errors: SettingsFieldError[] = [];
  let unreadable: Extract<LookupResult, { ok: false }> | null = null;
  for (const ref of changed) {
    let list = cache.get(ref.kind);
    if (!list) {
      list = await lists.list(ref.kind);
      cache.set(ref.kind, list);
    }
    if (!list.ok) {
      unreadable = list;
      errors.push({ path: ref.path, message: `Kunne ikke kontrollere mot 24SevenOffice: ${list.message}` });
    } else if (!foundIn(list.items, ref)) {
      errors.push({ path: ref.path, message: `${ref.label} «${ref.value}» finnes ikke i 24SevenOffice` });
    }
  }
  if (errors.length === 0) return { ok: true };
  // Only an outage is worth retrying as is (503); without a working connection or the right
  // to read the list, the admin has to act first (422).
  if (unreadable) {
    const status = unreadable.state === 'unreachable' ? 503 : 422;
    return { ok: false, status, message: unreadable.message, errors };
  }
  return {
    ok: false,
    status: 422,
    message: 'Innstillingene viser til noe som ikke finnes i 24SevenOffice',
    errors,
  };
}
