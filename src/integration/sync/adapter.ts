import type { Db } from '../../db/database.ts';
import type { SoapCaller } from '../../twentyfour/transport.ts';
import type { IntegrationSettings } from '../settings-schema.ts';
import type { SyncEntity } from './tables.ts';

// The port between the engine and one record kind. The engine owns state, intents, batching,
// counting, pausing and the run log; an adapter only knows its kind's fields and 24SO calls.
// Customers, projects and products are the first adapters; hours and invoices plug in the same way.

/** Everything an adapter may use during one run. */
export interface AdapterContext {
  db: Db;
  workspaceId: string;
  /** Per-run memo for reads an adapter needs once (e.g. the product category). */
  memo: Map<string, unknown>;
  settings: IntegrationSettings;
  /** Counts each call into the run; every 24SO call goes through it. */
  soap: SoapCaller;
  clock: () => Date;
  /** 24SO ids of already linked records of another kind (e.g. a project's customer). */
  linkedRemoteId(entity: SyncEntity, localId: string): Promise<string | null>;
}

/** A workspace record as the engine sees it. */
export interface LocalItem<P> {
  localId: string;
  /** For the run log and error messages, e.g. "10042 Nordvik Bygg AS". */
  label: string;
  /** Deactivated or deleted in the workspace: set inactive in 24SO when linked, else nothing. */
  gone: boolean;
  /** Deleted (not only deactivated): the user is told the 24SO record was set inactive. */
  deleted: boolean;
  /** What would be sent, or why it cannot be sent now (a skip with a Norwegian reason). */
  payload: { ok: true; value: P } | { ok: false; reasonCode: string; reason: string };
  /** Records of other kinds that must be in 24SO first (e.g. the project's customer). */
  dependsOn?: { entity: SyncEntity; localId: string }[];
}

/** One item handed to `save`. */
export interface SaveItem<P> {
  localId: string;
  remoteId: string | null;
  payload: P;
  /** Set inactive in 24SO (the local record is deactivated or deleted). */
  deactivate: boolean;
}

/** Per-item outcome of a save; `rejected` is 24SO's in-band refusal of that item alone. */
export type SaveOutcome =
  | { localId: string; ok: true; remoteId: string }
  | { localId: string; ok: false; reason: string; reasonCode: string };

/** A record whose create has an unknown outcome, for `recover`. */
export interface OpenCreate<P> {
  localId: string;
  payload: P | null;
  intentAt: string;
}

export interface ExportAdapter<P> {
  entity: SyncEntity;
  /** Items per write call (1 for kinds 24SO saves one at a time). */
  batchSize: number;
  /** Every workspace record of this kind (deleted ones included), mapped for sending. */
  loadLocal(ctx: AdapterContext, only?: ReadonlySet<string>): Promise<LocalItem<P>[]>;
  /** Stable hash input of a payload: equal text ⇒ nothing to send. */
  fingerprint(payload: P, deactivate: boolean): string;
  /** One write call (batch or single); outcomes in the order given. Throws on an uncertain outcome. */
  save(ctx: AdapterContext, items: SaveItem<P>[]): Promise<SaveOutcome[]>;
  /**
   * After an uncertain create: what 24SO holds for these records, read in as few calls as the
   * kind allows. Returns local id → 24SO id for those found; the rest were not created.
   */
  recover(ctx: AdapterContext, open: OpenCreate<P>[]): Promise<Map<string, string>>;
}
