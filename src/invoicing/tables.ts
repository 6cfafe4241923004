import type { Selectable } from 'kysely';

// Row types of invoicing (migration 008): invoice attachments and their frozen lines.

export type AttachmentStatus = 'open' | 'transferring' | 'transferred' | 'deleted';
export type TransferStep = 'intent' | 'saved' | 'verified' | 'done';

export interface InvoiceAttachmentTable {
  id: string;
  workspace_id: string;
  number: number;
  project_id: string;
  customer_id: string | null;
  status: AttachmentStatus;
  period_from: string | null;
  period_to: string | null;
  your_reference: string;
  created_by: string;
  transfer_key: string | null;
  transfer_step: TransferStep | null;
  transfer_intent_at: string | null;
  transfer_lease_until: string | null;
  /**
   * The run holding (or that last held) the transfer: its job claim, `<job id>#<epoch>`, or a
   * run's own id outside a job; each step is written only while it is still this (migration 017).
   */
  transfer_holder: string | null;
  /** Set when «Lag faktura» queued the transfer job; cleared when the job has an outcome (migration 014). */
  transfer_requested_at: string | null;
  /**
   * New jobs the transfer asked for was given after its job was lost (transfer-carry.ts); back to
   * 0 with each «Lag faktura» (migration 021).
   */
  transfer_resumes: number;
  /** While the job waits for 24SO's quarantine: when it runs again. */
  transfer_waiting_until: string | null;
  transfer_order_json: string | null;
  order_id: number | null;
  readback_json: string | null;
  transfer_error: string | null;
  transferred_at: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface InvoiceAttachmentLineTable {
  id: string;
  workspace_id: string;
  attachment_id: string;
  position: number;
  kind: 'hour' | 'transport' | 'material' | 'freeText';
  source_id: string;
  date: string;
  text: string;
  minutes: number | null;
  quantity_hundredths: number;
  unit_price_ore: number;
  employee_id: string | null;
  employee_name: string | null;
  hour_type_id: string | null;
  hour_type_code: string | null;
  hour_type_name: string | null;
  machine_id: string | null;
  machine_number: string | null;
  machine_name: string | null;
  transport_kind: 'km' | 'toll' | 'other' | null;
  product_id: string | null;
  product_number: string | null;
  product_name: string | null;
  unit: string | null;
}

export type InvoiceAttachmentRow = Selectable<InvoiceAttachmentTable>;
export type InvoiceAttachmentLineRow = Selectable<InvoiceAttachmentLineTable>;

export interface InvoicingTables {
  invoice_attachments: InvoiceAttachmentTable;
  invoice_attachment_lines: InvoiceAttachmentLineTable;
}
