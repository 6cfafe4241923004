import { productsCsv } from '../../../workspace/csv-export.ts';
import {
  createProduct,
  getProduct,
  listProducts,
  type Product,
  productCreateSchema,
  productInputProblems,
  productUpdateSchema,
  softDeleteProduct,
  updateProduct,
} from '../../../workspace/products.ts';
import { ActiveBadge, activeFilter, activeFilterValue } from '../components/badges.tsx';
import { activeSwitch } from '../components/record-use.tsx';
import type { ResourceSpec } from '../components/resource-spec.ts';
import { formatMoney, formatQuantity } from '../format.ts';

/**
 * Varelager: goods with unit, prices and stock.
 * @example ui.route('/', createResourceRoutes(deps, productSpec));
 */
export const productSpec: ResourceSpec<Product, typeof productCreateSchema, typeof productUpdateSchema> = {
  path: '/varelager',
  syncEntity: 'product',
  title: 'Varelager',
  newTitle: 'Ny vare',
  itemTitle: (p) => `Vare ${p.number} – ${p.name}`,
  texts: {
    created: 'Varen er opprettet.',
    saved: 'Varen er lagret.',
    deleted: 'Varen er slettet.',
    deleteQuestion: 'Vil du slette varen fra varelageret?',
    empty: 'Ingen varer funnet.',
  },
  schemas: { create: productCreateSchema, update: productUpdateSchema },
  fields: [
    {
      name: 'number',
      label: 'Varenummer',
      kind: 'text',
      required: true,
      maxLength: 30,
      hint: 'F.eks. P-1001',
    },
    { name: 'name', label: 'Navn', kind: 'text', required: true, maxLength: 200 },
    {
      name: 'unit',
      label: 'Enhet',
      kind: 'text',
      blank: 'omit',
      maxLength: 20,
      hint: 'F.eks. stk, tonn, m³',
      defaultValue: 'stk',
    },
    { name: 'salesPrice', label: 'Salgspris (kr)', kind: 'money', blank: 'omit' },
    { name: 'costPrice', label: 'Innkjøpspris (kr)', kind: 'money', blank: 'omit' },
    { name: 'stock', label: 'Beholdning', kind: 'decimal', blank: 'omit' },
    { name: 'active', label: 'Aktiv', kind: 'checkbox', defaultValue: '1' },
  ],
  columns: [
    { label: 'Nr.', cell: (p) => p.number, link: true },
    { label: 'Navn', cell: (p) => p.name, link: true },
    { label: 'Enhet', cell: (p) => p.unit },
    { label: 'Salgspris', cell: (p) => formatMoney(p.salesPrice), numeric: true },
    { label: 'Innkjøpspris', cell: (p) => formatMoney(p.costPrice), numeric: true },
    { label: 'Beholdning', cell: (p) => formatQuantity(p.stock), numeric: true },
    { label: 'Status', cell: (p) => <ActiveBadge active={p.active} /> },
  ],
  filters: [{ name: 'sok', label: 'Søk (nr., navn)', kind: 'search' }, activeFilter],
  list: (deps, s, q) =>
    listProducts(
      deps.db,
      s.workspaceId,
      { search: q.filter.sok, active: activeFilterValue(q.filter) },
      { limit: q.limit, cursor: q.cursor },
    ),
  get: (deps, s, id) => getProduct(deps.db, s.workspaceId, id),
  create: (deps, s, input) => createProduct(deps.db, s.workspaceId, input, deps.clock),
  update: (deps, s, id, input) => updateProduct(deps.db, s.workspaceId, id, input, deps.clock),
  remove: (deps, s, id) => softDeleteProduct(deps.db, s.workspaceId, id, deps.clock),
  csv: { file: 'varelager', render: (_d, _s, items) => productsCsv(items) },
  validate: (deps, s, input, id) => productInputProblems(deps.db, s.workspaceId, input, id),
  register: 'products',
  deactivate: activeSwitch('Varen', updateProduct),
};
