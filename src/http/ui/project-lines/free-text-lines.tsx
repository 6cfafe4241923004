import { freeTextLinesCsv } from '../../../workspace/csv-export.ts';
import {
  createFreeTextLine,
  type FreeTextLine,
  freeTextLineCreateSchema,
  freeTextLineUpdateSchema,
  getFreeTextLine,
  listFreeTextLines,
  softDeleteFreeTextLine,
  updateFreeTextLine,
} from '../../../workspace/free-text-lines.ts';
import { dateRangeAndOrder, dateRangeFilters, dateSorts } from '../components/dated-lists.ts';
import { labelsById, projectOptions } from '../components/options.ts';
import type { ResourceSpec } from '../components/resource-spec.ts';
import { formatDate, formatMoney, formatQuantity } from '../format.ts';
import { type HeldLine, heldLineSpec, withHolder } from '../invoicing/held-lines.tsx';

/** A free-text line with the project name the list shows. */
export type FreeTextLineView = FreeTextLine & HeldLine & { projectName?: string };

/**
 * Fritekstlinjer: text, quantity and price on projects (list, create, edit, delete).
 * @example ui.route('/', createResourceRoutes(deps, freeTextLineSpec));
 */
export const freeTextLineSpec: ResourceSpec<
  FreeTextLineView,
  typeof freeTextLineCreateSchema,
  typeof freeTextLineUpdateSchema
> = {
  path: '/fritekstlinjer',
  title: 'Fritekstlinjer',
  newTitle: 'Ny fritekstlinje',
  itemTitle: (l) => `Fritekstlinje ${formatDate(l.date)}`,
  texts: {
    created: 'Fritekstlinjen er registrert.',
    saved: 'Fritekstlinjen er lagret.',
    deleted: 'Fritekstlinjen er slettet.',
    deleteQuestion: 'Vil du slette denne fritekstlinjen?',
    empty: 'Ingen fritekstlinjer funnet.',
  },
  schemas: { create: freeTextLineCreateSchema, update: freeTextLineUpdateSchema },
  fields: [
    { name: 'projectId', label: 'Prosjekt', kind: 'select', options: 'projects', required: true },
    { name: 'date', label: 'Dato', kind: 'date', required: true },
    {
      name: 'text',
      label: 'Tekst',
      kind: 'text',
      required: true,
      maxLength: 250,
      hint: 'F.eks. Rigg og drift',
    },
    { name: 'quantity', label: 'Antall', kind: 'decimal', required: true, defaultValue: '1' },
    { name: 'unitPrice', label: 'Pris per enhet (kr)', kind: 'money', required: true },
  ],
  columns: [
    { label: 'Dato', cell: (l) => formatDate(l.date), link: true },
    { label: 'Prosjekt', cell: (l) => l.projectName ?? '' },
    { label: 'Tekst', cell: (l) => l.text, link: true },
    { label: 'Antall', cell: (l) => formatQuantity(l.quantity), numeric: true },
    { label: 'Pris', cell: (l) => formatMoney(l.unitPrice), numeric: true },
    { label: 'Beløp', cell: (l) => formatMoney(l.amount), numeric: true },
    { label: 'Fakturavedlegg', cell: (l) => (l.invoiceAttachmentId ? 'Ja' : '') },
  ],
  filters: [
    { name: 'prosjekt', label: 'Prosjekt', kind: 'select', options: 'projects' },
    ...dateRangeFilters,
  ],
  sorts: dateSorts,
  loadOptions: async (deps, s) => ({ projects: await projectOptions(deps, s) }),
  list: async (deps, s, q) => {
    const page = await listFreeTextLines(
      deps.db,
      s.workspaceId,
      {
        projectId: q.filter.prosjekt,
        ...dateRangeAndOrder(q),
      },
      { limit: q.limit, cursor: q.cursor },
    );
    const projects = labelsById(await projectOptions(deps, s));
    return {
      nextCursor: page.nextCursor,
      items: page.items.map((l) => ({ ...l, projectName: projects.get(l.projectId) })),
    };
  },
  get: async (deps, s, id) => withHolder(deps, s, await getFreeTextLine(deps.db, s.workspaceId, id)),
  create: (deps, s, input) => createFreeTextLine(deps.db, s.workspaceId, input, deps.clock),
  update: (deps, s, id, input) => updateFreeTextLine(deps.db, s.workspaceId, id, input, deps.clock),
  remove: (deps, s, id) => softDeleteFreeTextLine(deps.db, s.workspaceId, id, deps.clock),
  csv: {
    file: 'fritekstlinjer',
    render: (deps, s, items) => freeTextLinesCsv(deps.db, s.workspaceId, items),
  },
  ...heldLineSpec<FreeTextLineView>('free_text_lines'),
};
