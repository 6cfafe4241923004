import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { dateString, idString, optionalText, timestampOutput } from '../workspace/values.ts';
import {
  type BillableLine,
  basisLineSchema,
  groupSchema,
  projectWithCustomer,
  standardVat,
  summarize,
  toLineView,
  totalsView,
  type VatRateOf,
} from './basis.ts';
import type { AttachmentStatus, InvoiceAttachmentRow } from './tables.ts';

// What an invoice attachment (fakturavedlegg) looks like from outside: the create request, the
// shape the API answers and the pages show, and the status words.

export const ATTACHMENT_STATUS_LABELS: Record<AttachmentStatus, string> = {
  open: 'Klar',
  transferring: 'Overføres',
  transferred: 'Overført',
  deleted: 'Slettet',
};

export const attachmentCreateSchema = z
  .object({
    from: dateString('Bare linjer fra og med denne datoen').optional(),
    to: dateString('Bare linjer til og med denne datoen').optional(),
    lines: z
      .array(
        z.strictObject({
          kind: z.enum(['hour', 'transport', 'material', 'freeText']).describe('Linjens art'),
          id: idString('Id-en til timen, kjøringen, varelinjen eller fritekstlinjen'),
        }),
      )
      .min(1, 'Velg minst én linje.')
      .max(5000)
      .optional()
      .describe('Bare disse linjene (delfakturering); utelatt: alle (i perioden)'),
    yourReference: optionalText(100, 'Deres referanse (kundens kontaktperson)').optional(),
  })
  .meta({
    title: 'InvoiceAttachmentCreate',
    description: 'Nytt fakturavedlegg fra prosjektets fakturagrunnlag: alt, en periode eller valgte linjer',
  });

export type AttachmentCreate = z.input<typeof attachmentCreateSchema>;

export const attachmentSchema = z
  .object({
    id: z.string(),
    number: z.number().int().describe('Fakturavedleggets nummer'),
    status: z
      .enum(['open', 'transferring', 'transferred', 'deleted'])
      .describe('open, transferring, transferred'),
    project: z.object({ id: z.string(), number: z.string(), name: z.string() }),
    customer: z.object({ id: z.string(), number: z.number(), name: z.string() }).nullable(),
    periodFrom: z.string().nullable(),
    periodTo: z.string().nullable(),
    yourReference: z.string(),
    lines: z.array(basisLineSchema),
    groups: z.array(groupSchema),
    totals: z.object({ net: z.string(), vat: z.string(), gross: z.string() }),
    orderId: z.number().nullable().describe('Ordrenummeret i 24SevenOffice etter overføring'),
    transferError: z.string().nullable().describe('Siste feil ved overføring, på norsk'),
    transfer: z
      .object({
        state: z
          .enum(['idle', 'queued', 'waiting', 'transferred'])
          .describe(
            'idle: ikke bedt om (eller ferdig med feil, se transferError); queued: overføres; waiting: venter på 24SevenOffice (kvoten); transferred: overført',
          ),
        waitingUntil: timestampOutput('Når overføringen fortsetter (bare waiting)').nullable(),
      })
      .describe('Overføringen til 24SevenOffice, som kjører i bakgrunnen etter POST …/transfer'),
    readBack: z
      .object({
        matches: z.boolean().describe('true når ordren i 24SevenOffice er lik det som ble sendt'),
        checked: z.array(z.string()).describe('Hva som ble sammenlignet'),
        differences: z.array(z.string()).describe('Hver forskjell, på norsk'),
      })
      .nullable()
      .describe('Sammenligningen etter at ordren ble lest tilbake fra 24SevenOffice'),
    transferredAt: timestampOutput('Overført').nullable(),
    createdBy: z.string(),
    createdAt: timestampOutput('Opprettet'),
  })
  .meta({ title: 'InvoiceAttachment', description: 'Et fakturavedlegg med sine frosne linjer' });

export type AttachmentView = z.infer<typeof attachmentSchema>;

/** A stored attachment with its lines in the basis' own shape. */
export interface Attachment {
  row: InvoiceAttachmentRow;
  lines: BillableLine[];
}

export type TransferState = AttachmentView['transfer']['state'];

/**
 * Where the attachment's transfer is: asked for and queued or running, waiting for 24SO's
 * quarantine, done, or not asked for (again).
 * @example if (transferStateOf(a.row) === 'queued') …
 */
export function transferStateOf(row: InvoiceAttachmentRow): TransferState {
  if (row.status === 'transferred') return 'transferred';
  if (row.transfer_requested_at === null) return 'idle';
  return row.transfer_waiting_until ? 'waiting' : 'queued';
}

/**
 * The attachment as the API shows it.
 * @example const view = await attachmentView(db, ws.id, attachment);
 */
export async function attachmentView(
  db: Db,
  workspaceId: string,
  a: Attachment,
  vatRateOf: VatRateOf = standardVat,
): Promise<AttachmentView> {
  const { project, customer } = await projectWithCustomer(db, workspaceId, a.row.project_id).catch(() => ({
    project: undefined,
    customer: undefined,
  }));
  const { groups, totals } = summarize(a.lines, vatRateOf);
  return {
    id: a.row.id,
    number: Number(a.row.number),
    status: a.row.status,
    project: project
      ? { id: project.id, number: project.number, name: project.name }
      : { id: a.row.project_id, number: '', name: '' },
    customer: customer ? { id: customer.id, number: Number(customer.number), name: customer.name } : null,
    periodFrom: a.row.period_from,
    periodTo: a.row.period_to,
    yourReference: a.row.your_reference,
    lines: a.lines.map((l) => toLineView(l, vatRateOf)),
    groups,
    totals: totalsView(totals),
    orderId: a.row.order_id === null ? null : Number(a.row.order_id),
    transferError: a.row.transfer_error,
    transfer: { state: transferStateOf(a.row), waitingUntil: a.row.transfer_waiting_until },
    readBack: a.row.readback_json ? (JSON.parse(a.row.readback_json) as AttachmentView['readBack']) : null,
    transferredAt: a.row.transferred_at,
    createdBy: a.row.created_by,
    createdAt: a.row.created_at,
  };
}
