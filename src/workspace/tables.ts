import type { Generated, Insertable, Selectable } from 'kysely';

// Row types of the project side, snake_case as stored. Repositories map them to camelCase
// domain types; nothing outside a repository should see these. `XTable` describes the table
// (columns with a default are `Generated`), `XRow` is a selected row, `NewXRow` an insert.

interface Timestamps {
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface WorkspaceRow {
  id: string;
  slug: string;
  name: string;
  created_at: string;
}

export interface UserRow {
  id: string;
  workspace_id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: string;
  /** Set when the workspace admin deactivated the user: no login, sessions ended. */
  deactivated_at: string | null;
}

export interface NumberCounterRow {
  workspace_id: string;
  register: 'customers' | 'employees';
  last_number: number;
}

export interface CsvImportFileRow {
  id: string;
  workspace_id: string;
  entity: string;
  file_sha256: string;
  rows: number;
  actor: string;
  imported_at: string;
}

export interface SetPasswordTokenRow {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface WebSessionRow {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

/** One failed web login: the e-mail as typed (lower-cased), the client address and when. */
export interface LoginFailureRow {
  id: string;
  email: string;
  ip: string;
  failed_at: string;
}

export interface ApiTokenRow {
  id: string;
  workspace_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface IdempotencyKeyRow {
  workspace_id: string;
  key: string;
  request_fingerprint: string;
  status_code: number | null;
  response_body: string | null;
  created_at: string;
}

export interface CustomerTable extends Timestamps {
  id: string;
  workspace_id: string;
  number: number;
  name: string;
  org_number: string | null;
  email: string | null;
  invoice_email: string | null;
  phone: string | null;
  address_street: string | null;
  address_postal_code: string | null;
  address_city: string | null;
  address_country: Generated<string>;
  delivery_street: string | null;
  delivery_postal_code: string | null;
  delivery_city: string | null;
  delivery_country: string | null;
  payment_terms_days: Generated<number>;
  active: Generated<number>;
}

export interface EmployeeTable extends Timestamps {
  id: string;
  workspace_id: string;
  number: number;
  name: string;
  email: string | null;
  phone: string | null;
  twentyfour_contact_id: number | null;
  active: Generated<number>;
}

export interface HourTypeTable extends Timestamps {
  id: string;
  workspace_id: string;
  code: string;
  name: string;
  billable: Generated<number>;
  hourly_price_ore: Generated<number>;
  active: Generated<number>;
}

export interface MachineTable extends Timestamps {
  id: string;
  workspace_id: string;
  number: string;
  name: string;
  hourly_price_ore: Generated<number>;
  active: Generated<number>;
}

export interface ProjectTable extends Timestamps {
  id: string;
  workspace_id: string;
  number: string;
  name: string;
  customer_id: string | null;
  project_manager_id: string | null;
  status: Generated<string>;
  start_date: string | null;
  end_date: string | null;
}

export interface HourEntryTable extends Timestamps {
  id: string;
  workspace_id: string;
  employee_id: string;
  project_id: string;
  hour_type_id: string;
  machine_id: string | null;
  date: string;
  start_time: string | null;
  end_time: string | null;
  minutes: number;
  description: Generated<string>;
  billable: Generated<number>;
  approved: Generated<number>;
  approved_by: string | null;
  approved_at: string | null;
  /** The invoice attachment holding the hour (migration 008); set only by invoicing. */
  invoice_attachment_id: string | null;
  /** When the hour's attachment became an order in 24SO (fakturert). */
  invoiced_at: string | null;
}

export interface HourApprovalEventRow {
  id: string;
  workspace_id: string;
  hour_entry_id: string;
  action: 'approved' | 'unapproved';
  actor: string;
  at: string;
}

export interface TransportEntryTable extends Timestamps {
  id: string;
  workspace_id: string;
  project_id: string;
  employee_id: string | null;
  date: string;
  kind: 'km' | 'toll' | 'other';
  quantity_hundredths: number;
  unit_price_ore: number;
  description: Generated<string>;
  /** The invoice attachment holding the entry (migration 008); set only by invoicing. */
  invoice_attachment_id: string | null;
}

/** A product from inventory used on a project (varelinje). */
export interface MaterialLineTable extends Timestamps {
  id: string;
  workspace_id: string;
  project_id: string;
  product_id: string;
  date: string;
  quantity_hundredths: number;
  unit_price_ore: number;
  description: string;
  invoice_attachment_id: string | null;
}

/** A line of free text with quantity and price on a project (fritekstlinje). */
export interface FreeTextLineTable extends Timestamps {
  id: string;
  workspace_id: string;
  project_id: string;
  date: string;
  text: string;
  quantity_hundredths: number;
  unit_price_ore: number;
  invoice_attachment_id: string | null;
}

export interface ProductTable extends Timestamps {
  id: string;
  workspace_id: string;
  number: string;
  name: string;
  unit: Generated<string>;
  sales_price_ore: Generated<number>;
  cost_price_ore: Generated<number>;
  stock_hundredths: Generated<number>;
  active: Generated<number>;
}

export type CustomerRow = Selectable<CustomerTable>;
export type EmployeeRow = Selectable<EmployeeTable>;
export type NewEmployeeRow = Insertable<EmployeeTable>;
export type HourTypeRow = Selectable<HourTypeTable>;
export type NewHourTypeRow = Insertable<HourTypeTable>;
export type MachineRow = Selectable<MachineTable>;
export type NewMachineRow = Insertable<MachineTable>;
export type ProjectRow = Selectable<ProjectTable>;
export type NewProjectRow = Insertable<ProjectTable>;
export type HourEntryRow = Selectable<HourEntryTable>;
export type NewHourEntryRow = Insertable<HourEntryTable>;
export type TransportEntryRow = Selectable<TransportEntryTable>;
export type NewTransportEntryRow = Insertable<TransportEntryTable>;
export type ProductRow = Selectable<ProductTable>;
export type MaterialLineRow = Selectable<MaterialLineTable>;
export type FreeTextLineRow = Selectable<FreeTextLineTable>;
export type NewProductRow = Insertable<ProductTable>;

export interface WorkspaceTables {
  workspaces: WorkspaceRow;
  users: UserRow;
  web_sessions: WebSessionRow;
  login_failures: LoginFailureRow;
  api_tokens: ApiTokenRow;
  idempotency_keys: IdempotencyKeyRow;
  customers: CustomerTable;
  employees: EmployeeTable;
  hour_types: HourTypeTable;
  machines: MachineTable;
  projects: ProjectTable;
  hour_entries: HourEntryTable;
  hour_approval_events: HourApprovalEventRow;
  transport_entries: TransportEntryTable;
  products: ProductTable;
  number_counters: NumberCounterRow;
  csv_import_files: CsvImportFileRow;
  set_password_tokens: SetPasswordTokenRow;
  material_lines: MaterialLineTable;
  free_text_lines: FreeTextLineTable;
}
