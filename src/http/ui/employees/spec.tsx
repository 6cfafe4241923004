import { employeesCsv } from '../../../workspace/csv-export.ts';
import {
  createEmployee,
  type Employee,
  employeeCreateSchema,
  employeeInputProblems,
  employeeUpdateSchema,
  getEmployee,
  listEmployees,
  softDeleteEmployee,
  updateEmployee,
} from '../../../workspace/employees.ts';
import { ActiveBadge, activeFilter, activeFilterValue } from '../components/badges.tsx';
import { activeSwitch } from '../components/record-use.tsx';
import type { ResourceSpec } from '../components/resource-spec.ts';

/**
 * Arbeidere: list (search, active, linked to 24SO), create, edit, delete.
 * @example ui.route('/', createResourceRoutes(deps, employeeSpec));
 */
export const employeeSpec: ResourceSpec<Employee, typeof employeeCreateSchema, typeof employeeUpdateSchema> =
  {
    path: '/arbeidere',
    title: 'Arbeidere',
    newTitle: 'Ny arbeider',
    itemTitle: (e) => `Arbeider ${e.number} – ${e.name}`,
    texts: {
      created: 'Arbeideren er opprettet.',
      saved: 'Arbeideren er lagret.',
      deleted: 'Arbeideren er slettet.',
      deleteQuestion: 'Vil du slette arbeideren? Timene arbeideren har ført beholdes.',
      empty: 'Ingen arbeidere funnet.',
    },
    schemas: { create: employeeCreateSchema, update: employeeUpdateSchema },
    fields: [
      {
        name: 'number',
        label: 'Ansattnummer',
        kind: 'integer',
        blank: 'omit',
        hint: 'La stå tomt for neste ledige nummer.',
      },
      { name: 'name', label: 'Navn', kind: 'text', required: true, maxLength: 200 },
      { name: 'email', label: 'E-post', kind: 'email', maxLength: 254 },
      { name: 'phone', label: 'Telefon', kind: 'text', maxLength: 40 },
      {
        name: 'twentyfourContactId',
        label: 'Kontakt-ID i 24SevenOffice',
        kind: 'integer',
        hint: 'Et positivt heltall. La stå tomt hvis arbeideren ikke er koblet.',
      },
      { name: 'active', label: 'Aktiv', kind: 'checkbox', defaultValue: '1' },
    ],
    columns: [
      { label: 'Nr.', cell: (e) => String(e.number), numeric: true, link: true },
      { label: 'Navn', cell: (e) => e.name, link: true },
      { label: 'E-post', cell: (e) => e.email ?? '' },
      { label: 'Telefon', cell: (e) => e.phone ?? '' },
      {
        label: '24SO kontakt-ID',
        cell: (e) =>
          e.twentyfourContactId === null ? (
            <span class="badge off">Ikke koblet</span>
          ) : (
            String(e.twentyfourContactId)
          ),
      },
      { label: 'Status', cell: (e) => <ActiveBadge active={e.active} /> },
    ],
    filters: [
      { name: 'sok', label: 'Søk (navn, nr., e-post)', kind: 'search' },
      activeFilter,
      {
        name: 'koblet',
        label: '24SevenOffice',
        kind: 'select',
        options: [
          { value: 'ja', label: 'Koblet' },
          { value: 'nei', label: 'Ikke koblet' },
        ],
      },
    ],
    list: (deps, s, q) =>
      listEmployees(
        deps.db,
        s.workspaceId,
        {
          search: q.filter.sok,
          active: activeFilterValue(q.filter),
          linked: q.filter.koblet === 'ja' ? true : q.filter.koblet === 'nei' ? false : undefined,
        },
        { limit: q.limit, cursor: q.cursor },
      ),
    get: (deps, s, id) => getEmployee(deps.db, s.workspaceId, id),
    create: (deps, s, input) => createEmployee(deps.db, s.workspaceId, input, deps.clock),
    update: (deps, s, id, input) => updateEmployee(deps.db, s.workspaceId, id, input, deps.clock),
    remove: (deps, s, id) => softDeleteEmployee(deps.db, s.workspaceId, id, deps.clock),
    csv: { file: 'arbeidere', render: (_d, _s, items) => employeesCsv(items) },
    validate: (deps, s, input, id) => employeeInputProblems(deps.db, s.workspaceId, input, id),
    register: 'employees',
    deactivate: activeSwitch('Arbeideren', updateEmployee),
  };
