import { type IntegrationSettings, transportProductNos } from '../integration/settings-schema.ts';
import type { ProjectRow } from '../workspace/tables.ts';
import { TRANSPORT_KIND_LABELS } from '../workspace/transport.ts';
import type { Attachment } from './attachment-schemas.ts';
import type { BillableLine } from './basis.ts';
import { lineUnits, type RateBp, unitsToOre } from './money.ts';

// The order's lines before 24SO's products and dimensions are looked up: single-line makes one
// line with the total; multi-line keeps the attachment's lines, grouping hours by hour type and
// machine when the settings say so. Every non-hour kind takes its product number the same way.

const NAME_MAX = 200;

/** One order line as the preview shows it and as it will be sent. */
export interface PreviewRow {
  kind: BillableLine['kind'];
  productNo: string | null;
  productId: number | null;
  name: string;
  quantityHundredths: number;
  priceOre: number;
  rate: RateBp;
  dimension: { typeId: number; value: string } | { departmentId: number } | null;
  dimensionLabel: string;
  /** How many attachment lines this order line stands for. */
  sourceLines: number;
}

/**
 * The key Broen writes into the order's ReferenceNumber and searches for after an uncertain save.
 * @example transferKey({ number: 12, id: '3f2a9c1e-…' }) // 'BROEN-FV12-3f2a9c1e'
 */
export function transferKey(row: { number: number; id: string }): string {
  return `BROEN-FV${Number(row.number)}-${row.id.slice(0, 8)}`;
}

/** A text cut to the length 24SO keeps. */
export const clip = (text: string): string =>
  text.length > NAME_MAX ? `${text.slice(0, NAME_MAX - 1)}…` : text;

function machineLabel(l: BillableLine): string {
  return l.machineNumber ? ` – ${l.machineNumber} ${l.machineName ?? ''}`.trimEnd() : '';
}

export type RawRow = Omit<PreviewRow, 'productId' | 'rate' | 'dimension' | 'dimensionLabel'> & {
  machineNumber: string | null;
};

/** Lines of the order before products and dimensions: multi-line keeps them, grouping hours. */
export function orderLines(a: Attachment, s: IntegrationSettings, project: ProjectRow): RawRow[] {
  const p = s.invoicing.productNo;
  const transport = transportProductNos(p.transport);
  if (s.invoicing.invoiceType === 'single-line') {
    const net = a.lines.reduce((sum, l) => sum + lineUnits(l.quantityHundredths, l.unitPriceOre), 0n);
    return [
      {
        kind: 'hour',
        productNo: p.hours,
        name: clip(`Prosjekt ${project.number} ${project.name}, fakturavedlegg ${Number(a.row.number)}`),
        quantityHundredths: 100,
        priceOre: unitsToOre(net),
        sourceLines: a.lines.length,
        machineNumber: null,
      },
    ];
  }
  const rows: RawRow[] = [];
  const grouped = new Map<string, RawRow>();
  for (const l of a.lines) {
    if (l.kind === 'hour') {
      const name = s.invoicing.groupHoursByType
        ? `${l.hourTypeName ?? 'Timer'}${machineLabel(l)}`
        : `${l.date} ${l.employeeName ?? ''}: ${l.hourTypeName ?? 'Timer'}${machineLabel(l)}${l.text ? ` (${l.text})` : ''}`;
      const key = `${l.hourTypeId}|${l.machineId ?? ''}|${l.unitPriceOre}`;
      const existing = s.invoicing.groupHoursByType ? grouped.get(key) : undefined;
      if (existing) {
        existing.quantityHundredths += l.quantityHundredths;
        existing.sourceLines += 1;
        continue;
      }
      const row = {
        kind: l.kind,
        productNo: p.hours,
        name: clip(name),
        quantityHundredths: l.quantityHundredths,
        priceOre: l.unitPriceOre,
        sourceLines: 1,
        machineNumber: l.machineNumber,
      };
      grouped.set(key, row);
      rows.push(row);
      continue;
    }
    const kindLabel = l.transportKind ? TRANSPORT_KIND_LABELS[l.transportKind] : '';
    rows.push({
      kind: l.kind,
      productNo:
        l.kind === 'transport' && l.transportKind
          ? transport[l.transportKind]
          : l.kind === 'material'
            ? l.productNumber
            : p.freeText,
      name: clip(
        l.kind === 'transport' ? (l.text === kindLabel ? kindLabel : `${kindLabel}: ${l.text}`) : l.text,
      ),
      quantityHundredths: l.quantityHundredths,
      priceOre: l.unitPriceOre,
      sourceLines: 1,
      machineNumber: null,
    });
  }
  return rows;
}
