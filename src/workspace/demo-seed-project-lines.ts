import { newId } from '../db/ids.ts';
import { addDays, type DemoRegisters, isoDate } from './demo-seed-registers.ts';
import type { FreeTextLineRow, MaterialLineRow } from './tables.ts';

// The demo's material lines (varelinjer) and free-text lines (fritekstlinjer), so a project's
// Fakturagrunnlag shows every kind of line: gravel and pipes taken from inventory on the first
// two projects, and a fixed-price «Rigg og drift» on each. Dates count back from today.

/** [project number, product number, days ago, quantity in hundredths] */
const MATERIALS: [string, string, number, number][] = [
  ['1001', 'P-1001', 20, 1800],
  ['1001', 'P-1002', 13, 1250],
  ['1001', 'P-1001', 6, 2400],
  ['1002', 'P-1004', 15, 12_000],
  ['1002', 'P-1001', 8, 950],
];

/**
 * Builds the rows for an already built set of registers.
 * @example const { materialLines, freeTextLines } = buildDemoProjectLines(registers);
 */
export function buildDemoProjectLines(registers: DemoRegisters): {
  materialLines: MaterialLineRow[];
  freeTextLines: FreeTextLineRow[];
} {
  const project = new Map(registers.projects.map((p) => [p.number, p]));
  const product = new Map(registers.products.map((p) => [p.number, p]));
  const stamp = (date: string) => ({
    created_at: `${date}T15:00:00.000Z`,
    updated_at: `${date}T15:00:00.000Z`,
    deleted_at: null,
    invoice_attachment_id: null,
    invoiced_at: null,
  });
  const materialLines: MaterialLineRow[] = MATERIALS.flatMap(([projectNo, productNo, daysAgo, quantity]) => {
    const p = project.get(projectNo);
    const item = product.get(productNo);
    if (!p || !item) return [];
    const date = isoDate(addDays(registers.today, -daysAgo));
    return [
      {
        id: newId(),
        workspace_id: registers.workspace.id,
        project_id: p.id,
        product_id: item.id,
        date,
        quantity_hundredths: quantity,
        unit_price_ore: Number(item.sales_price_ore),
        description: '',
        ...stamp(date),
      },
    ];
  });
  const freeTextLines: FreeTextLineRow[] = ['1001', '1002'].flatMap((projectNo) => {
    const p = project.get(projectNo);
    if (!p) return [];
    const date = isoDate(addDays(registers.today, -10));
    return [
      {
        id: newId(),
        workspace_id: registers.workspace.id,
        project_id: p.id,
        date,
        text: 'Rigg og drift, fastpris',
        quantity_hundredths: 100,
        unit_price_ore: 450_000,
        ...stamp(date),
      },
    ];
  });
  return { materialLines, freeTextLines };
}
