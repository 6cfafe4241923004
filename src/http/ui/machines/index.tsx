import { machinesCsv } from '../../../workspace/csv-export.ts';
import {
  createMachine,
  getMachine,
  listMachines,
  type Machine,
  machineCreateSchema,
  machineInputProblems,
  machineUpdateSchema,
  softDeleteMachine,
  updateMachine,
} from '../../../workspace/machines.ts';
import { ActiveBadge, activeFilter, activeFilterValue } from '../components/badges.tsx';
import { activeSwitch } from '../components/record-use.tsx';
import type { ResourceSpec } from '../components/resource-spec.ts';
import { formatMoney } from '../format.ts';

/**
 * Maskiner: the machine park, each with an hourly price.
 * @example ui.route('/', createResourceRoutes(deps, machineSpec));
 */
export const machineSpec: ResourceSpec<Machine, typeof machineCreateSchema, typeof machineUpdateSchema> = {
  path: '/maskiner',
  title: 'Maskiner',
  newTitle: 'Ny maskin',
  itemTitle: (m) => `Maskin ${m.number} – ${m.name}`,
  texts: {
    created: 'Maskinen er opprettet.',
    saved: 'Maskinen er lagret.',
    deleted: 'Maskinen er slettet.',
    deleteQuestion: 'Vil du slette maskinen? Timer som allerede er ført på den beholdes.',
    empty: 'Ingen maskiner funnet.',
  },
  schemas: { create: machineCreateSchema, update: machineUpdateSchema },
  fields: [
    {
      name: 'number',
      label: 'Maskinnummer',
      kind: 'text',
      required: true,
      maxLength: 30,
      hint: 'F.eks. GM-01',
    },
    { name: 'name', label: 'Navn', kind: 'text', required: true, maxLength: 200 },
    { name: 'hourlyPrice', label: 'Timepris (kr)', kind: 'money', blank: 'omit', hint: 'F.eks. 1 250,00' },
    { name: 'active', label: 'Aktiv', kind: 'checkbox', defaultValue: '1' },
  ],
  columns: [
    { label: 'Nr.', cell: (m) => m.number, link: true },
    { label: 'Navn', cell: (m) => m.name, link: true },
    { label: 'Timepris', cell: (m) => formatMoney(m.hourlyPrice), numeric: true },
    { label: 'Status', cell: (m) => <ActiveBadge active={m.active} /> },
  ],
  filters: [{ name: 'sok', label: 'Søk (nr., navn)', kind: 'search' }, activeFilter],
  list: (deps, s, q) =>
    listMachines(
      deps.db,
      s.workspaceId,
      { search: q.filter.sok, active: activeFilterValue(q.filter) },
      { limit: q.limit, cursor: q.cursor },
    ),
  get: (deps, s, id) => getMachine(deps.db, s.workspaceId, id),
  create: (deps, s, input) => createMachine(deps.db, s.workspaceId, input, deps.clock),
  update: (deps, s, id, input) => updateMachine(deps.db, s.workspaceId, id, input, deps.clock),
  remove: (deps, s, id) => softDeleteMachine(deps.db, s.workspaceId, id, deps.clock),
  csv: { file: 'maskiner', render: (_d, _s, items) => machinesCsv(items) },
  validate: (deps, s, input, id) => machineInputProblems(deps.db, s.workspaceId, input, id),
  register: 'machines',
  deactivate: activeSwitch('Maskinen', updateMachine),
};
