import { materialLinesCsv } from '../../../workspace/csv-export.ts';
import {
  createMaterialLine,
  getMaterialLine,
  listMaterialLines,
  type MaterialLine,
  materialLineCreateSchema,
  materialLineUpdateSchema,
  softDeleteMaterialLine,
  updateMaterialLine,
} from '../../../workspace/material-lines.ts';
import { listProducts } from '../../../workspace/products.ts';
import { dateRangeAndOrder, dateRangeFilters, dateSorts } from '../components/dated-lists.ts';
import { labelsById, productOptions, projectOptions } from '../components/options.ts';
import type { ResourceSpec } from '../components/resource-spec.ts';
import { formatDate, formatMoney, formatQuantity } from '../format.ts';
import { type HeldLine, heldLineSpec, withHolder } from '../invoicing/held-lines.tsx';

/** A material line with the project and product names the list shows. */
export type MaterialLineView = MaterialLine & HeldLine & { projectName?: string; productName?: string };

/**
 * Varelinjer: products from inventory used on projects (list, create, edit, delete).
 * @example ui.route('/', createResourceRoutes(deps, materialLineSpec));
 */
export const materialLineSpec: ResourceSpec<
  MaterialLineView,
  typeof materialLineCreateSchema,
  typeof materialLineUpdateSchema
> = {
  path: '/varelinjer',
  title: 'Varelinjer',
  newTitle: 'Ny varelinje',
  itemTitle: (m) => `Varelinje ${formatDate(m.date)}`,
  texts: {
    created: 'Varelinjen er registrert.',
    saved: 'Varelinjen er lagret.',
    deleted: 'Varelinjen er slettet.',
    deleteQuestion: 'Vil du slette denne varelinjen?',
    empty: 'Ingen varelinjer funnet.',
  },
  schemas: { create: materialLineCreateSchema, update: materialLineUpdateSchema },
  fields: [
    { name: 'projectId', label: 'Prosjekt', kind: 'select', options: 'projects', required: true },
    { name: 'productId', label: 'Vare', kind: 'select', options: 'products', required: true },
    { name: 'date', label: 'Dato', kind: 'date', required: true },
    { name: 'quantity', label: 'Antall', kind: 'decimal', required: true, hint: 'I varens enhet' },
    {
      name: 'unitPrice',
      label: 'Pris per enhet (kr)',
      kind: 'money',
      blank: 'omit',
      hint: 'Tomt: varens salgspris',
    },
    { name: 'description', label: 'Merknad', kind: 'textarea', blank: 'empty', maxLength: 1000 },
  ],
  columns: [
    { label: 'Dato', cell: (m) => formatDate(m.date), link: true },
    { label: 'Prosjekt', cell: (m) => m.projectName ?? '' },
    { label: 'Vare', cell: (m) => m.productName ?? '' },
    { label: 'Antall', cell: (m) => formatQuantity(m.quantity), numeric: true },
    { label: 'Pris', cell: (m) => formatMoney(m.unitPrice), numeric: true },
    { label: 'Beløp', cell: (m) => formatMoney(m.amount), numeric: true },
    { label: 'Fakturavedlegg', cell: (m) => (m.invoiceAttachmentId ? 'Ja' : '') },
  ],
  filters: [
    { name: 'prosjekt', label: 'Prosjekt', kind: 'select', options: 'projects' },
    ...dateRangeFilters,
  ],
  sorts: dateSorts,
  loadOptions: async (deps, s) => ({
    projects: await projectOptions(deps, s),
    products: await productOptions(deps, s),
  }),
  list: async (deps, s, q) => {
    const page = await listMaterialLines(
      deps.db,
      s.workspaceId,
      {
        projectId: q.filter.prosjekt,
        ...dateRangeAndOrder(q),
      },
      { limit: q.limit, cursor: q.cursor },
    );
    const projects = labelsById(await projectOptions(deps, s));
    // Deactivated products are still named on the lines that use them.
    const products = new Map(
      (await listProducts(deps.db, s.workspaceId, {}, { limit: 500 })).items.map((p) => [
        p.id,
        `${p.number} ${p.name}`,
      ]),
    );
    return {
      nextCursor: page.nextCursor,
      items: page.items.map((m) => ({
        ...m,
        projectName: projects.get(m.projectId),
        productName: products.get(m.productId),
      })),
    };
  },
  get: async (deps, s, id) => withHolder(deps, s, await getMaterialLine(deps.db, s.workspaceId, id)),
  create: (deps, s, input) => createMaterialLine(deps.db, s.workspaceId, input, deps.clock),
  update: (deps, s, id, input) => updateMaterialLine(deps.db, s.workspaceId, id, input, deps.clock),
  remove: (deps, s, id) => softDeleteMaterialLine(deps.db, s.workspaceId, id, deps.clock),
  csv: { file: 'varelinjer', render: (deps, s, items) => materialLinesCsv(deps.db, s.workspaceId, items) },
  ...heldLineSpec<MaterialLineView>('material_lines'),
};
