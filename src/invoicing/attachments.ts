import type { z } from 'zod';
import { type Clock, systemClock } from '../db/clock.ts';
import type { Db } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import { inTransaction } from '../db/transaction.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { DomainError } from '../workspace/errors.ts';
import { type Attachment, type AttachmentCreate, attachmentCreateSchema } from './attachment-schemas.ts';
import { type BillableLine, type LineKind, lineKey, loadBasisLines, projectWithCustomer } from './basis.ts';
import type { InvoiceAttachmentLineRow, InvoiceAttachmentRow } from './tables.ts';

// Invoice attachments (fakturavedlegg): a frozen set of lines taken from a project's invoice
// basis — all of it, a date range, or ticked lines. Taking a line sets its source row's
// `invoice_attachment_id` with a conditional update (only where it is still free, and for hours
// still approved), and the attachment line's unique (kind, source) reference backs it up, so
// two concurrent creates can never both take a line. Deleting an attachment (only before it
// is transferred) returns its lines to the basis.

const SOURCE_TABLE = {
  hour: 'hour_entries',
  transport: 'transport_entries',
  material: 'material_lines',
  freeText: 'free_text_lines',
} as const;

function lineFromRow(r: InvoiceAttachmentLineRow): BillableLine {
  return {
    kind: r.kind,
    sourceId: r.source_id,
    date: r.date,
    text: r.text,
    minutes: r.minutes === null ? null : Number(r.minutes),
    quantityHundredths: Number(r.quantity_hundredths),
    unitPriceOre: Number(r.unit_price_ore),
    employeeId: r.employee_id,
    employeeName: r.employee_name,
    hourTypeId: r.hour_type_id,
    hourTypeCode: r.hour_type_code,
    hourTypeName: r.hour_type_name,
    machineId: r.machine_id,
    machineNumber: r.machine_number,
    machineName: r.machine_name,
    transportKind: r.transport_kind,
    productId: r.product_id,
    productNumber: r.product_number,
    productName: r.product_name,
    unit: r.unit ?? 'stk',
  };
}

/** Picks the lines a create asks for, or explains in Norwegian why it cannot. */
function selectLines(basis: BillableLine[], input: z.output<typeof attachmentCreateSchema>): BillableLine[] {
  if (input.from && input.to && input.from > input.to) {
    throw new DomainError('invalid', 'Fra-datoen må være før eller lik til-datoen.', 'from');
  }
  let chosen = basis;
  if (input.from) chosen = chosen.filter((l) => l.date >= (input.from as string));
  if (input.to) chosen = chosen.filter((l) => l.date <= (input.to as string));
  if (input.lines) {
    const byKey = new Map(chosen.map((l) => [lineKey(l), l]));
    const picked: BillableLine[] = [];
    for (const ref of input.lines) {
      const line = byKey.get(`${ref.kind}:${ref.id}`);
      if (!line) {
        throw new DomainError(
          'conflict',
          'En av de valgte linjene er ikke lenger i fakturagrunnlaget (den kan være tatt med på et annet fakturavedlegg eller endret). Last fakturagrunnlaget på nytt.',
          'lines',
        );
      }
      if (!picked.includes(line)) picked.push(line);
    }
    chosen = picked;
  }
  if (chosen.length === 0) {
    throw new DomainError(
      'rule_violation',
      'Fakturavedlegget får ingen linjer: det er ikke noe i fakturagrunnlaget for det du valgte.',
    );
  }
  return chosen;
}

const TAKEN_MESSAGE =
  'Noen av linjene ble tatt med på et annet fakturavedlegg eller endret i mellomtiden. Ingenting er lagret; last fakturagrunnlaget på nytt.';

/** Sets `invoice_attachment_id` on the source rows still free; throws when any was not. */
async function takeSources(
  trx: Db,
  workspaceId: string,
  attachmentId: string,
  kind: LineKind,
  ids: string[],
) {
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    let update = trx
      .updateTable(SOURCE_TABLE[kind])
      .set({ invoice_attachment_id: attachmentId })
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', chunk)
      .where('deleted_at', 'is', null)
      .where('invoice_attachment_id', 'is', null);
    if (kind === 'hour') update = update.where('approved', '=', 1) as typeof update;
    const result = await update.executeTakeFirst();
    if (Number(result.numUpdatedRows) !== chunk.length) throw new DomainError('conflict', TAKEN_MESSAGE);
  }
}

/**
 * Creates an attachment from a project's basis: everything, a period (`from`/`to`) or the
 * ticked `lines`. All or nothing: a line taken meanwhile by another attachment aborts it.
 * @example const a = await createInvoiceAttachment(db, ws.id, projectId, { to: '2025-03-31' }, 'admin@demo.no');
 */
export async function createInvoiceAttachment(
  db: Db,
  workspaceId: string,
  projectId: string,
  input: AttachmentCreate,
  actor: string,
  clock: Clock = systemClock,
): Promise<Attachment> {
  const parsed = attachmentCreateSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DomainError(
      'invalid',
      issue?.message ?? 'Ugyldig forespørsel.',
      issue?.path.join('.') || undefined,
    );
  }
  for (let attempt = 0; ; attempt++) {
    try {
      return await inTransaction(db, async (trx) => {
        const { project, customer } = await projectWithCustomer(trx, workspaceId, projectId);
        if (!customer) {
          throw new DomainError(
            'rule_violation',
            `Prosjekt ${project.number} har ingen kunde. Velg kunde på prosjektet før du lager fakturavedlegg.`,
          );
        }
        const lines = selectLines(await loadBasisLines(trx, workspaceId, projectId), parsed.data);
        const last = await trx
          .selectFrom('invoice_attachments')
          .select((eb) => eb.fn.max('number').as('max'))
          .where('workspace_id', '=', workspaceId)
          .executeTakeFirst();
        const now = clock().toISOString();
        const row: InvoiceAttachmentRow = {
          id: newId(),
          workspace_id: workspaceId,
          number: Number(last?.max ?? 0) + 1,
          project_id: project.id,
          customer_id: customer.id,
          status: 'open',
          period_from: parsed.data.from ?? null,
          period_to: parsed.data.to ?? null,
          your_reference: parsed.data.yourReference?.trim() ?? '',
          created_by: actor,
          transfer_key: null,
          transfer_step: null,
          transfer_intent_at: null,
          transfer_lease_until: null,
          transfer_holder: null,
          transfer_requested_at: null,
          transfer_resumes: 0,
          transfer_waiting_until: null,
          transfer_order_json: null,
          order_id: null,
          readback_json: null,
          transfer_error: null,
          transferred_at: null,
          created_at: now,
          updated_at: now,
          deleted_at: null,
        };
        await trx.insertInto('invoice_attachments').values(row).execute();
        for (const kind of ['hour', 'transport', 'material', 'freeText'] as const) {
          const ids = lines.filter((l) => l.kind === kind).map((l) => l.sourceId);
          if (ids.length > 0) await takeSources(trx, workspaceId, row.id, kind, ids);
        }
        const lineRows: InvoiceAttachmentLineRow[] = lines.map((l, position) => ({
          id: newId(),
          workspace_id: workspaceId,
          attachment_id: row.id,
          position,
          kind: l.kind,
          source_id: l.sourceId,
          date: l.date,
          text: l.text,
          minutes: l.minutes,
          quantity_hundredths: l.quantityHundredths,
          unit_price_ore: l.unitPriceOre,
          employee_id: l.employeeId,
          employee_name: l.employeeName,
          hour_type_id: l.hourTypeId,
          hour_type_code: l.hourTypeCode,
          hour_type_name: l.hourTypeName,
          machine_id: l.machineId,
          machine_number: l.machineNumber,
          machine_name: l.machineName,
          transport_kind: l.transportKind,
          product_id: l.productId,
          product_number: l.productNumber,
          product_name: l.productName,
          unit: l.unit,
        }));
        for (let i = 0; i < lineRows.length; i += 200) {
          await trx
            .insertInto('invoice_attachment_lines')
            .values(lineRows.slice(i, i + 200))
            .execute();
        }
        return { row, lines };
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Two creates took the same number (retry) or the same line (the other one won). Inside
      // a caller's transaction (an Idempotency-Key request) a failed statement ends it: no retry.
      if (attempt >= 4 || db.isTransaction) throw new DomainError('conflict', TAKEN_MESSAGE);
    }
  }
}

/**
 * The attachment with its frozen lines, or undefined (deleted ones too are undefined).
 * @example const a = await getInvoiceAttachment(db, ws.id, id);
 */
export async function getInvoiceAttachment(
  db: Db,
  workspaceId: string,
  id: string,
): Promise<Attachment | undefined> {
  const row = await db
    .selectFrom('invoice_attachments')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const lines = await db
    .selectFrom('invoice_attachment_lines')
    .selectAll()
    .where('attachment_id', '=', id)
    .orderBy('position')
    .execute();
  return { row, lines: lines.map(lineFromRow) };
}

/**
 * The project's attachments, newest first (without lines).
 * @example const list = await listInvoiceAttachments(db, ws.id, projectId);
 */
export async function listInvoiceAttachments(
  db: Db,
  workspaceId: string,
  projectId: string,
): Promise<InvoiceAttachmentRow[]> {
  return db
    .selectFrom('invoice_attachments')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('project_id', '=', projectId)
    .where('deleted_at', 'is', null)
    .orderBy('number', 'desc')
    .execute();
}

/**
 * Deletes an attachment that is not (being) transferred and returns its lines to the basis;
 * false when there was none.
 * @example await deleteInvoiceAttachment(db, ws.id, id);
 */
export async function deleteInvoiceAttachment(
  db: Db,
  workspaceId: string,
  id: string,
  clock: Clock = systemClock,
): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const now = clock().toISOString();
    const result = await trx
      .updateTable('invoice_attachments')
      .set({ status: 'deleted', deleted_at: now, updated_at: now })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .where('status', '=', 'open')
      .where('transfer_step', 'is', null)
      .where('transfer_requested_at', 'is', null)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) {
      const existing = await trx
        .selectFrom('invoice_attachments')
        .select(['status', 'order_id', 'transfer_requested_at'])
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!existing) return false;
      throw new DomainError(
        'rule_violation',
        existing.status === 'transferred'
          ? `Fakturavedlegget er overført som ordre ${existing.order_id} i 24SevenOffice og kan ikke slettes.`
          : existing.status === 'open' && existing.transfer_requested_at
            ? 'Fakturavedlegget står i kø for overføring til 24SevenOffice og kan ikke slettes nå. Vent til overføringen har et svar.'
            : 'Fakturavedlegget er under overføring til 24SevenOffice og kan ikke slettes. Fullfør overføringen først.',
      );
    }
    for (const table of Object.values(SOURCE_TABLE)) {
      await trx
        .updateTable(table)
        .set({ invoice_attachment_id: null })
        .where('workspace_id', '=', workspaceId)
        .where('invoice_attachment_id', '=', id)
        .execute();
    }
    await trx.deleteFrom('invoice_attachment_lines').where('attachment_id', '=', id).execute();
    return true;
  });
}
