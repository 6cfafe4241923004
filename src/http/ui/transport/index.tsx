import { transportCsv } from '../../../workspace/csv-export.ts';
import {
  createTransportEntry,
  getTransportEntry,
  listTransportEntries,
  softDeleteTransportEntry,
  TRANSPORT_KIND_LABELS,
  TRANSPORT_KINDS,
  type TransportEntry,
  type TransportKind,
  transportEntryCreateSchema,
  transportEntryInputProblems,
  transportEntryUpdateSchema,
  updateTransportEntry,
} from '../../../workspace/transport.ts';
import { dateRangeAndOrder, dateRangeFilters, dateSorts } from '../components/dated-lists.ts';
import { addMissingLabels, employeeOptions, labelsById, projectOptions } from '../components/options.ts';
import type { ResourceSpec } from '../components/resource-spec.ts';
import { formatDate, formatMoney, formatQuantity } from '../format.ts';
import { type HeldLine, heldLineSpec, withHolder } from '../invoicing/held-lines.tsx';

/** A transport entry with the project and worker names the list shows. */
export type TransportRow = TransportEntry & HeldLine & { projectName?: string; employeeName?: string };

const kindOptions = TRANSPORT_KINDS.map((k) => ({ value: k, label: TRANSPORT_KIND_LABELS[k] }));

/**
 * Kjøring: km, bomring and other expenses on a project.
 * @example ui.route('/', createResourceRoutes(deps, transportSpec));
 */
export const transportSpec: ResourceSpec<
  TransportRow,
  typeof transportEntryCreateSchema,
  typeof transportEntryUpdateSchema
> = {
  path: '/kjoring',
  title: 'Kjøring',
  newTitle: 'Ny kjøring',
  itemTitle: (t) => `${TRANSPORT_KIND_LABELS[t.kind]} ${formatDate(t.date)}`,
  texts: {
    created: 'Kjøringen er registrert.',
    saved: 'Kjøringen er lagret.',
    deleted: 'Kjøringen er slettet.',
    deleteQuestion: 'Vil du slette denne kjøringen?',
    empty: 'Ingen kjøring funnet.',
  },
  schemas: { create: transportEntryCreateSchema, update: transportEntryUpdateSchema },
  fields: [
    { name: 'projectId', label: 'Prosjekt', kind: 'select', options: 'projects', required: true },
    { name: 'employeeId', label: 'Arbeider', kind: 'select', options: 'employees' },
    { name: 'date', label: 'Dato', kind: 'date', required: true },
    { name: 'kind', label: 'Art', kind: 'select', options: 'kinds', required: true, defaultValue: 'km' },
    {
      name: 'quantity',
      label: 'Antall',
      kind: 'decimal',
      required: true,
      hint: 'Km, antall passeringer eller antall',
    },
    {
      name: 'unitPrice',
      label: 'Pris per enhet (kr)',
      kind: 'money',
      required: true,
      hint: 'F.eks. 5,00 per km',
    },
    { name: 'description', label: 'Beskrivelse', kind: 'textarea', blank: 'empty', maxLength: 1000 },
  ],
  columns: [
    { label: 'Dato', cell: (t) => formatDate(t.date), link: true },
    { label: 'Prosjekt', cell: (t) => t.projectName ?? '' },
    { label: 'Arbeider', cell: (t) => t.employeeName ?? '' },
    { label: 'Art', cell: (t) => TRANSPORT_KIND_LABELS[t.kind] },
    { label: 'Antall', cell: (t) => formatQuantity(t.quantity), numeric: true },
    { label: 'Pris', cell: (t) => formatMoney(t.unitPrice), numeric: true },
    { label: 'Beløp', cell: (t) => formatMoney(t.amount), numeric: true },
    { label: 'Beskrivelse', cell: (t) => t.description },
    { label: 'Fakturavedlegg', cell: (t) => (t.invoiced ? 'Fakturert' : t.invoiceAttachmentId ? 'Ja' : '') },
  ],
  filters: [
    { name: 'sok', label: 'Søk (beskrivelse)', kind: 'search' },
    { name: 'prosjekt', label: 'Prosjekt', kind: 'select', options: 'projects' },
    { name: 'arbeider', label: 'Arbeider', kind: 'select', options: 'employees' },
    { name: 'art', label: 'Art', kind: 'select', options: kindOptions },
    ...dateRangeFilters,
  ],
  sorts: dateSorts,
  loadOptions: async (deps, s, form) => ({
    projects: await projectOptions(deps, s, form && { keep: [form.item?.projectId] }),
    employees: await employeeOptions(deps, s, form && { keep: [form.item?.employeeId] }),
    kinds: kindOptions,
  }),
  list: async (deps, s, q) => {
    const kind = (TRANSPORT_KINDS as readonly string[]).includes(q.filter.art ?? '')
      ? (q.filter.art as TransportKind)
      : undefined;
    const page = await listTransportEntries(
      deps.db,
      s.workspaceId,
      {
        projectId: q.filter.prosjekt,
        employeeId: q.filter.arbeider,
        search: q.filter.sok,
        kind,
        ...dateRangeAndOrder(q),
      },
      { limit: q.limit, cursor: q.cursor },
    );
    const projects = labelsById(await projectOptions(deps, s));
    const employees = labelsById(await employeeOptions(deps, s));
    await addMissingLabels(
      deps,
      s,
      'projects',
      projects,
      page.items.map((t) => t.projectId),
    );
    await addMissingLabels(
      deps,
      s,
      'employees',
      employees,
      page.items.map((t) => t.employeeId),
    );
    return {
      nextCursor: page.nextCursor,
      items: page.items.map((t) => ({
        ...t,
        projectName: projects.get(t.projectId),
        employeeName: t.employeeId ? employees.get(t.employeeId) : undefined,
      })),
    };
  },
  get: async (deps, s, id) => withHolder(deps, s, await getTransportEntry(deps.db, s.workspaceId, id)),
  create: (deps, s, input) => createTransportEntry(deps.db, s.workspaceId, input, deps.clock),
  update: (deps, s, id, input) => updateTransportEntry(deps.db, s.workspaceId, id, input, deps.clock),
  remove: (deps, s, id) => softDeleteTransportEntry(deps.db, s.workspaceId, id, deps.clock),
  csv: { file: 'kjoring', render: (deps, s, items) => transportCsv(deps.db, s.workspaceId, items) },
  validate: (deps, s, input, id) => transportEntryInputProblems(deps.db, s.workspaceId, input, id),
  ...heldLineSpec<TransportRow>('transport_entries'),
};
