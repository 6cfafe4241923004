import { projectsCsv } from '../../../workspace/csv-export.ts';
import { findCustomersByIds } from '../../../workspace/customers.ts';
import { findEmployeesByIds } from '../../../workspace/employees.ts';
import {
  createProject,
  getProject,
  listProjects,
  PROJECT_STATUS_LABELS,
  PROJECT_STATUSES,
  type Project,
  type ProjectStatus,
  projectCreateSchema,
  projectInputProblems,
  projectUpdateSchema,
  softDeleteProject,
  updateProject,
} from '../../../workspace/projects.ts';
import { customerOptions, employeeOptions } from '../components/options.ts';
import type { ResourceSpec } from '../components/resource-spec.ts';
import { formatDate } from '../format.ts';

/** A project with the names the list shows beside the ids. */
export type ProjectRow = Project & { customerName?: string; managerName?: string };

const statusOptions = PROJECT_STATUSES.map((s) => ({ value: s, label: PROJECT_STATUS_LABELS[s] }));

/**
 * Prosjekter: list (search, customer, status), create, edit, delete.
 * @example ui.route('/', createResourceRoutes(deps, projectSpec));
 */
export const projectSpec: ResourceSpec<ProjectRow, typeof projectCreateSchema, typeof projectUpdateSchema> = {
  path: '/prosjekter',
  syncEntity: 'project',
  title: 'Prosjekter',
  newTitle: 'Nytt prosjekt',
  itemTitle: (p) => `Prosjekt ${p.number} – ${p.name}`,
  texts: {
    created: 'Prosjektet er opprettet.',
    saved: 'Prosjektet er lagret.',
    deleted: 'Prosjektet er slettet.',
    deleteQuestion: 'Vil du slette prosjektet? Timer og kjøring på prosjektet beholdes.',
    empty: 'Ingen prosjekter funnet.',
  },
  schemas: { create: projectCreateSchema, update: projectUpdateSchema },
  fields: [
    {
      name: 'number',
      label: 'Prosjektnummer',
      kind: 'text',
      required: true,
      maxLength: 30,
      hint: 'F.eks. 1001',
    },
    { name: 'name', label: 'Navn', kind: 'text', required: true, maxLength: 200 },
    { name: 'customerId', label: 'Kunde', kind: 'select', options: 'customers' },
    { name: 'projectManagerId', label: 'Prosjektleder', kind: 'select', options: 'employees' },
    {
      name: 'status',
      label: 'Status',
      kind: 'select',
      options: 'status',
      required: true,
      defaultValue: 'active',
    },
    { name: 'startDate', label: 'Startdato', kind: 'date' },
    { name: 'endDate', label: 'Sluttdato', kind: 'date' },
  ],
  columns: [
    { label: 'Nr.', cell: (p) => p.number, link: true },
    { label: 'Navn', cell: (p) => p.name, link: true },
    { label: 'Kunde', cell: (p) => p.customerName ?? '' },
    { label: 'Prosjektleder', cell: (p) => p.managerName ?? '' },
    { label: 'Status', cell: (p) => PROJECT_STATUS_LABELS[p.status] },
    { label: 'Start', cell: (p) => formatDate(p.startDate) },
    { label: 'Slutt', cell: (p) => formatDate(p.endDate) },
  ],
  filters: [
    { name: 'sok', label: 'Søk (nr., navn)', kind: 'search' },
    { name: 'kunde', label: 'Kunde', kind: 'select', options: 'customers' },
    { name: 'status', label: 'Status', kind: 'select', options: statusOptions },
  ],
  loadOptions: async (deps, s, form) => ({
    customers: await customerOptions(deps, s, form && { keep: [form.item?.customerId] }),
    employees: await employeeOptions(deps, s, form && { keep: [form.item?.projectManagerId] }),
    status: statusOptions,
  }),
  list: async (deps, s, q) => {
    const status = (PROJECT_STATUSES as readonly string[]).includes(q.filter.status ?? '')
      ? (q.filter.status as ProjectStatus)
      : undefined;
    const page = await listProjects(
      deps.db,
      s.workspaceId,
      { search: q.filter.sok, customerId: q.filter.kunde, status },
      { limit: q.limit, cursor: q.cursor },
    );
    const customers = await findCustomersByIds(
      deps.db,
      s.workspaceId,
      page.items.flatMap((p) => (p.customerId ? [p.customerId] : [])),
    );
    const managers = await findEmployeesByIds(
      deps.db,
      s.workspaceId,
      page.items.flatMap((p) => (p.projectManagerId ? [p.projectManagerId] : [])),
    );
    const customerName = new Map(customers.map((c) => [c.id, `${c.number} ${c.name}`]));
    const managerName = new Map(managers.map((e) => [e.id, e.name]));
    return {
      nextCursor: page.nextCursor,
      items: page.items.map((p) => ({
        ...p,
        customerName: p.customerId ? customerName.get(p.customerId) : undefined,
        managerName: p.projectManagerId ? managerName.get(p.projectManagerId) : undefined,
      })),
    };
  },
  get: (deps, s, id) => getProject(deps.db, s.workspaceId, id),
  create: (deps, s, input) => createProject(deps.db, s.workspaceId, input, deps.clock),
  update: (deps, s, id, input) => updateProject(deps.db, s.workspaceId, id, input, deps.clock),
  remove: (deps, s, id) => softDeleteProject(deps.db, s.workspaceId, id, deps.clock),
  editActions: (p) => (
    <nav class="form-actions" aria-label="Fakturering">
      <a class="button" href={`/prosjekter/${encodeURIComponent(p.id)}/fakturagrunnlag`}>
        Fakturagrunnlag
      </a>{' '}
      <a class="button secondary" href={`/varelinjer?prosjekt=${encodeURIComponent(p.id)}`}>
        Varelinjer
      </a>{' '}
      <a class="button secondary" href={`/fritekstlinjer?prosjekt=${encodeURIComponent(p.id)}`}>
        Fritekstlinjer
      </a>
    </nav>
  ),
  csv: { file: 'prosjekter', render: (deps, s, items) => projectsCsv(deps.db, s.workspaceId, items) },
  validate: (deps, s, input, id) => projectInputProblems(deps.db, s.workspaceId, input, id),
  register: 'projects',
  deactivate: {
    isActive: (p) => p.status !== 'completed' && p.status !== 'cancelled',
    set: (deps, s, id, active) =>
      updateProject(deps.db, s.workspaceId, id, { status: active ? 'active' : 'completed' }, deps.clock),
    offLabel: 'Avslutt prosjektet',
    onLabel: 'Gjenåpne prosjektet',
    offDone:
      'Prosjektet er avsluttet: navnet vises fortsatt der det er brukt, men det tilbys ikke for nye registreringer.',
    onDone: 'Prosjektet er gjenåpnet (status Pågår).',
  },
};
