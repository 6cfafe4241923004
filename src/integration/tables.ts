import type { Generated } from 'kysely';

// Row types of the integration side, snake_case as stored; repositories in this folder map
// them to camelCase domain types.

/** Connection states, as stored and as returned on the API. */
export type ConnectionState =
  | 'not_connected'
  | 'connected'
  | 'invalid_credentials'
  | 'client_unavailable'
  | 'unreachable';

export interface IntegrationConnectionRow {
  workspace_id: string;
  username: string;
  /** `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts), see credentials.ts. */
  password_blob: string;
  key_id: string;
  identity_id: string;
  client_name: string;
  state: Exclude<ConnectionState, 'not_connected'>;
  last_checked_at: string | null;
  last_error: string | null;
  /** Failed 24SO calls in a row since the last success (decision 68). */
  failure_streak: number;
  /** When the current run of failed calls began; null after a success. */
  failing_since: string | null;
  created_at: string;
  updated_at: string;
}

export interface IntegrationSettingsRow {
  workspace_id: string;
  /** The settings document as JSON text. */
  document: string;
  version: number;
  enabled: Generated<number>;
  updated_at: string;
  updated_by: string;
}

export interface IntegrationSettingsAuditRow {
  id: string;
  workspace_id: string;
  version: number;
  actor: string;
  at: string;
  /** Dotted path of the changed setting, e.g. "hours.workTypeByHourType.ORD". */
  path: string;
  /** JSON text of the old and new value; null when absent. */
  old_value: string | null;
  new_value: string | null;
}

/** The live 24SO session of a workspace, shared by every process (sealed like the password). */
export interface IntegrationSessionRow {
  workspace_id: string;
  /** The connection it was opened for (see connection-state.ts fingerprintOf). */
  fingerprint: string;
  session_blob: string;
  key_id: string;
  updated_at: string;
}

/** A 24SO login between "Logg inn" and "Lagre" in the connect flow. */
export interface IntegrationPendingLoginRow {
  /** SHA-256 (hex) of the key the picker form carries. */
  id: string;
  workspace_id: string;
  session_hash: string;
  /** Sealed JSON of the username, password and the client list. */
  blob: string;
  expires_at: string;
}

/** Calls taken from the shared 24SO budget in one clock hour. */
export interface TwentyFourCallWindowRow {
  scope: string;
  window_start: string;
  used: number;
}

/** A quarantine 24SO imposed on a budget scope; no call is sent before `until`. */
export interface TwentyFourQuarantineRow {
  scope: string;
  until: string;
  recorded_at: string;
}

/**
 * The 24SO client the mappings answer to, and the review a switch of client asks for:
 * `pending` until an admin confirms the mappings mean what they should in the new client.
 */
export interface IntegrationMappingReviewRow {
  workspace_id: string;
  identity_id: string;
  client_name: string;
  state: 'none' | 'pending' | 'confirmed';
  /** The client the mappings were made for, while a review is pending or after it was confirmed. */
  from_identity_id: string | null;
  from_client_name: string | null;
  /** JSON object: setting path → the name the value had in the previous client (when read). */
  previous_names: string | null;
  requested_at: string | null;
  requested_by: string | null;
  confirmed_at: string | null;
  confirmed_by: string | null;
  updated_at: string;
}

export interface IntegrationTables {
  integration_mapping_reviews: IntegrationMappingReviewRow;
  integration_connections: IntegrationConnectionRow;
  integration_settings: IntegrationSettingsRow;
  integration_settings_audit: IntegrationSettingsAuditRow;
  integration_sessions: IntegrationSessionRow;
  integration_pending_logins: IntegrationPendingLoginRow;
  twentyfour_call_windows: TwentyFourCallWindowRow;
  twentyfour_quarantines: TwentyFourQuarantineRow;
}
