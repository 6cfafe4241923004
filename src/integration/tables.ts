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

export interface IntegrationTables {
  integration_connections: IntegrationConnectionRow;
  integration_settings: IntegrationSettingsRow;
  integration_settings_audit: IntegrationSettingsAuditRow;
}
