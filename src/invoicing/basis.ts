import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { DomainError } from '../workspace/errors.ts';
import { liveRow } from '../workspace/live-rows.ts';
import type { CustomerRow, ProjectRow } from '../workspace/tables.ts';
import { TRANSPORT_KIND_LABELS, type TransportKind } from '../workspace/transport.ts';
import {
  formatHours,
  formatMoney,
  formatQuantity,
  moneyOutput,
  quantityOutput,
} from '../workspace/values.ts';
import {
  formatRate,
  hoursHundredths,
  lineUnits,
  orderTotals,
  type RateBp,
  STANDARD_VAT,
  type Totals,
  unitsToOre,
} from './money.ts';

// The invoice basis (fakturagrunnlag) of a project: everything billable that no invoice
// attachment holds yet — approved billable hours (priced at the machine's hourly price when on
// a machine, else the hour type's), transport, material lines and free-text lines — with
// totals per group and in all, computed as 24SO will compute the order (money.ts).

export const LINE_KINDS = ['hour', 'transport', 'material', 'freeText'] as const;
export type LineKind = (typeof LINE_KINDS)[number];

export const LINE_KIND_LABELS: Record<LineKind, string> = {
  hour: 'Timer',
  transport: 'Kjøring',
  material: 'Varer',
  freeText: 'Fritekst',
};

/** One billable line, as the basis lists it and an attachment freezes it. */
export interface BillableLine {
  kind: LineKind;
  sourceId: string;
  date: string;
  /** What the line says: the hour's description, the product's name, the free text. */
  text: string;
  /** Hours only: the exact duration. */
  minutes: number | null;
  /** Hundredths of the unit (hours for hour lines, rounded to 0.01 h). */
  quantityHundredths: number;
  unitPriceOre: number;
  employeeId: string | null;
  employeeName: string | null;
  hourTypeId: string | null;
  hourTypeCode: string | null;
  hourTypeName: string | null;
  machineId: string | null;
  machineNumber: string | null;
  machineName: string | null;
  transportKind: TransportKind | null;
  productId: string | null;
  productNumber: string | null;
  productName: string | null;
  unit: string;
}

/** The VAT rate of a line; the basis uses 25 % unless told what 24SO's products say. */
export type VatRateOf = (line: BillableLine) => RateBp;
export const standardVat: VatRateOf = () => STANDARD_VAT;

export const basisLineSchema = z
  .object({
    kind: z
      .enum(LINE_KINDS)
      .describe('hour (time), transport (kjøring), material (vare) eller freeText (fritekst)'),
    sourceId: z.string().describe('Id-en til timen, kjøringen, varelinjen eller fritekstlinjen'),
    date: z.string().describe('Dato, ÅÅÅÅ-MM-DD'),
    text: z.string().describe('Tekst på linjen'),
    quantity: quantityOutput('Antall (timer med to desimaler for timelinjer)'),
    hours: z.string().nullable().describe('Timer, eksakt (bare timelinjer)'),
    unit: z.string().describe('Enhet: timer, km, stk, tonn …'),
    unitPrice: moneyOutput('Pris per enhet'),
    amount: moneyOutput('Beløp eks. mva, avrundet til hele øre'),
    vatRate: z.string().describe('Mva-sats i prosent, slik 24SevenOffice vil beregne den'),
    employee: z.string().nullable().describe('Arbeider'),
    hourType: z.string().nullable().describe('Timetype (kode og navn)'),
    machine: z.string().nullable().describe('Maskin (nummer og navn)'),
    transportKind: z.enum(['km', 'toll', 'other']).nullable().describe('Art for kjøring'),
    product: z.string().nullable().describe('Vare (nummer og navn)'),
  })
  .meta({ title: 'InvoiceBasisLine', description: 'En fakturerbar linje' });

const totalsSchema = z
  .object({
    net: moneyOutput('Sum eks. mva'),
    vat: moneyOutput('Mva'),
    gross: moneyOutput('Sum inkl. mva'),
  })
  .meta({ title: 'InvoiceTotals', description: 'Summer i kroner, eksakt til øre' });

export const groupSchema = z
  .object({
    kind: z.enum(LINE_KINDS),
    label: z.string().describe('Gruppens navn'),
    count: z.number().int().describe('Antall linjer'),
    net: moneyOutput('Sum eks. mva'),
  })
  .meta({ title: 'InvoiceLineGroup', description: 'Sum per gruppe' });

export const invoiceBasisSchema = z
  .object({
    project: z.object({ id: z.string(), number: z.string(), name: z.string() }),
    customer: z.object({ id: z.string(), number: z.number(), name: z.string() }).nullable(),
    lines: z.array(basisLineSchema),
    groups: z.array(groupSchema),
    totals: totalsSchema,
    vatNote: z.string().describe('Hvordan mva er beregnet'),
  })
  .meta({
    title: 'InvoiceBasis',
    description: 'Fakturagrunnlaget: alt fakturerbart som ikke er på et fakturavedlegg',
  });

export type InvoiceBasisView = z.infer<typeof invoiceBasisSchema>;
export type BasisLineView = z.infer<typeof basisLineSchema>;

/** The line's key in forms and selections: "hour:<id>". */
export const lineKey = (l: { kind: LineKind; sourceId: string }): string => `${l.kind}:${l.sourceId}`;

/**
 * Every billable line of a project that no attachment holds, ordered by kind, date, id.
 * @example const lines = await loadBasisLines(db, ws.id, projectId);
 */
export async function loadBasisLines(
  db: Db,
  workspaceId: string,
  projectId: string,
): Promise<BillableLine[]> {
  const hours = await db
    .selectFrom('hour_entries as h')
    .innerJoin('employees as e', 'e.id', 'h.employee_id')
    .innerJoin('hour_types as t', 't.id', 'h.hour_type_id')
    .leftJoin('machines as m', 'm.id', 'h.machine_id')
    .select([
      'h.id',
      'h.date',
      'h.description',
      'h.minutes',
      'e.id as employee_id',
      'e.name as employee_name',
      't.id as hour_type_id',
      't.code as hour_type_code',
      't.name as hour_type_name',
      't.hourly_price_ore as hour_type_price',
      'm.id as machine_id',
      'm.number as machine_number',
      'm.name as machine_name',
      'm.hourly_price_ore as machine_price',
    ])
    .where('h.workspace_id', '=', workspaceId)
    .where('h.project_id', '=', projectId)
    .where('h.deleted_at', 'is', null)
    .where('h.approved', '=', 1)
    .where('h.billable', '=', 1)
    .where('h.invoice_attachment_id', 'is', null)
    .orderBy('h.date')
    .orderBy('h.id')
    .execute();
  const transport = await db
    .selectFrom('transport_entries as x')
    .leftJoin('employees as e', 'e.id', 'x.employee_id')
    .select([
      'x.id',
      'x.date',
      'x.kind',
      'x.description',
      'x.quantity_hundredths',
      'x.unit_price_ore',
      'e.id as employee_id',
      'e.name as employee_name',
    ])
    .where('x.workspace_id', '=', workspaceId)
    .where('x.project_id', '=', projectId)
    .where('x.deleted_at', 'is', null)
    .where('x.invoice_attachment_id', 'is', null)
    .orderBy('x.date')
    .orderBy('x.id')
    .execute();
  const materials = await db
    .selectFrom('material_lines as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .select([
      'l.id',
      'l.date',
      'l.description',
      'l.quantity_hundredths',
      'l.unit_price_ore',
      'p.id as product_id',
      'p.number as product_number',
      'p.name as product_name',
      'p.unit as unit',
    ])
    .where('l.workspace_id', '=', workspaceId)
    .where('l.project_id', '=', projectId)
    .where('l.deleted_at', 'is', null)
    .where('l.invoice_attachment_id', 'is', null)
    .orderBy('l.date')
    .orderBy('l.id')
    .execute();
  const freeTexts = await db
    .selectFrom('free_text_lines')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('project_id', '=', projectId)
    .where('deleted_at', 'is', null)
    .where('invoice_attachment_id', 'is', null)
    .orderBy('date')
    .orderBy('id')
    .execute();

  const empty = {
    minutes: null,
    employeeId: null,
    employeeName: null,
    hourTypeId: null,
    hourTypeCode: null,
    hourTypeName: null,
    machineId: null,
    machineNumber: null,
    machineName: null,
    transportKind: null,
    productId: null,
    productNumber: null,
    productName: null,
  };
  return [
    ...hours.map(
      (h): BillableLine => ({
        ...empty,
        kind: 'hour',
        sourceId: h.id,
        date: h.date,
        text: h.description,
        minutes: Number(h.minutes),
        quantityHundredths: hoursHundredths(Number(h.minutes)),
        unitPriceOre: Number(h.machine_id ? h.machine_price : h.hour_type_price),
        employeeId: h.employee_id,
        employeeName: h.employee_name,
        hourTypeId: h.hour_type_id,
        hourTypeCode: h.hour_type_code,
        hourTypeName: h.hour_type_name,
        machineId: h.machine_id,
        machineNumber: h.machine_number,
        machineName: h.machine_name,
        unit: 'timer',
      }),
    ),
    ...transport.map(
      (x): BillableLine => ({
        ...empty,
        kind: 'transport',
        sourceId: x.id,
        date: x.date,
        text: x.description || TRANSPORT_KIND_LABELS[x.kind],
        quantityHundredths: Number(x.quantity_hundredths),
        unitPriceOre: Number(x.unit_price_ore),
        employeeId: x.employee_id,
        employeeName: x.employee_name,
        transportKind: x.kind,
        unit: x.kind === 'km' ? 'km' : 'stk',
      }),
    ),
    ...materials.map(
      (l): BillableLine => ({
        ...empty,
        kind: 'material',
        sourceId: l.id,
        date: l.date,
        text: l.description ? `${l.product_name} – ${l.description}` : l.product_name,
        quantityHundredths: Number(l.quantity_hundredths),
        unitPriceOre: Number(l.unit_price_ore),
        productId: l.product_id,
        productNumber: l.product_number,
        productName: l.product_name,
        unit: l.unit,
      }),
    ),
    ...freeTexts.map(
      (f): BillableLine => ({
        ...empty,
        kind: 'freeText',
        sourceId: f.id,
        date: f.date,
        text: f.text,
        quantityHundredths: Number(f.quantity_hundredths),
        unitPriceOre: Number(f.unit_price_ore),
        unit: 'stk',
      }),
    ),
  ];
}

/**
 * A line as the API and the pages show it.
 * @example toLineView(line, standardVat)
 */
export function toLineView(l: BillableLine, vatRateOf: VatRateOf): BasisLineView {
  return {
    kind: l.kind,
    sourceId: l.sourceId,
    date: l.date,
    text: l.text,
    quantity: formatQuantity(l.quantityHundredths),
    hours: l.minutes === null ? null : formatHours(l.minutes),
    unit: l.unit,
    unitPrice: formatMoney(l.unitPriceOre),
    amount: formatMoney(unitsToOre(lineUnits(l.quantityHundredths, l.unitPriceOre))),
    vatRate: formatRate(vatRateOf(l)),
    employee: l.employeeName,
    hourType: l.hourTypeCode ? `${l.hourTypeCode} ${l.hourTypeName ?? ''}`.trim() : null,
    machine: l.machineNumber ? `${l.machineNumber} ${l.machineName ?? ''}`.trim() : null,
    transportKind: l.transportKind,
    product: l.productNumber ? `${l.productNumber} ${l.productName ?? ''}`.trim() : null,
  };
}

/**
 * Groups and totals of a set of lines, computed as 24SO computes an order.
 * @example const { groups, totals } = summarize(lines, standardVat);
 */
export function summarize(
  lines: readonly BillableLine[],
  vatRateOf: VatRateOf,
): { groups: InvoiceBasisView['groups']; totals: Totals } {
  const groups = LINE_KINDS.map((kind) => {
    const of = lines.filter((l) => l.kind === kind);
    const net = of.reduce((sum, l) => sum + lineUnits(l.quantityHundredths, l.unitPriceOre), 0n);
    return { kind, label: LINE_KIND_LABELS[kind], count: of.length, net: formatMoney(unitsToOre(net)) };
  }).filter((g) => g.count > 0);
  const totals = orderTotals(
    lines.map((l) => ({ units: lineUnits(l.quantityHundredths, l.unitPriceOre), rate: vatRateOf(l) })),
  );
  return { groups, totals };
}

export const totalsView = (t: Totals) => ({
  net: formatMoney(t.netOre),
  vat: formatMoney(t.vatOre),
  gross: formatMoney(t.grossOre),
});

/** The project and its customer, or a not_found DomainError. */
export async function projectWithCustomer(
  db: Db,
  workspaceId: string,
  projectId: string,
): Promise<{ project: ProjectRow; customer: CustomerRow | undefined }> {
  const project = await liveRow<ProjectRow>(db, 'projects', workspaceId, projectId);
  if (!project) throw new DomainError('not_found', 'Prosjektet finnes ikke.');
  const customer = project.customer_id
    ? await db
        .selectFrom('customers')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', project.customer_id)
        .executeTakeFirst()
    : undefined;
  return { project, customer };
}

/**
 * The invoice basis of a project, as GET /projects/{id}/invoice-basis answers.
 * @example const basis = await getInvoiceBasis(db, ws.id, projectId);
 */
export async function getInvoiceBasis(
  db: Db,
  workspaceId: string,
  projectId: string,
  vatRateOf: VatRateOf = standardVat,
  vatNote = 'Mva beregnet med 25 % på alle linjer (standardsatsen); forhåndsvisningen av ordren bruker varenes satser i 24SevenOffice.',
): Promise<InvoiceBasisView & { raw: BillableLine[] }> {
  const { project, customer } = await projectWithCustomer(db, workspaceId, projectId);
  const raw = await loadBasisLines(db, workspaceId, projectId);
  const { groups, totals } = summarize(raw, vatRateOf);
  return {
    project: { id: project.id, number: project.number, name: project.name },
    customer: customer ? { id: customer.id, number: Number(customer.number), name: customer.name } : null,
    lines: raw.map((l) => toLineView(l, vatRateOf)),
    groups,
    totals: totalsView(totals),
    vatNote,
    raw,
  };
}
