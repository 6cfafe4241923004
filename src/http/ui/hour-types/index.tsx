import { hourTypesCsv } from '../../../workspace/csv-export.ts';
import {
  createHourType,
  getHourType,
  type HourType,
  hourTypeCreateSchema,
  hourTypeInputProblems,
  hourTypeUpdateSchema,
  listHourTypes,
  softDeleteHourType,
  updateHourType,
} from '../../../workspace/hour-types.ts';
import { ActiveBadge, activeFilter, activeFilterValue } from '../components/badges.tsx';
import { activeSwitch } from '../components/record-use.tsx';
import type { ResourceSpec } from '../components/resource-spec.ts';
import { formatMoney } from '../format.ts';

/**
 * Timetyper: ordinary time, overtime, machine hours … each with a price and billable flag.
 * @example ui.route('/', createResourceRoutes(deps, hourTypeSpec));
 */
export const hourTypeSpec: ResourceSpec<HourType, typeof hourTypeCreateSchema, typeof hourTypeUpdateSchema> =
  {
    path: '/timetyper',
    title: 'Timetyper',
    newTitle: 'Ny timetype',
    itemTitle: (h) => `Timetype ${h.code} – ${h.name}`,
    texts: {
      created: 'Timetypen er opprettet.',
      saved: 'Timetypen er lagret.',
      deleted: 'Timetypen er slettet.',
      deleteQuestion: 'Vil du slette timetypen? Timer som allerede er ført med den beholdes.',
      empty: 'Ingen timetyper funnet.',
    },
    schemas: { create: hourTypeCreateSchema, update: hourTypeUpdateSchema },
    fields: [
      {
        name: 'code',
        label: 'Kode',
        kind: 'text',
        required: true,
        maxLength: 30,
        hint: 'F.eks. ORD eller OT50',
      },
      { name: 'name', label: 'Navn', kind: 'text', required: true, maxLength: 100 },
      { name: 'hourlyPrice', label: 'Timepris (kr)', kind: 'money', blank: 'omit', hint: 'F.eks. 950,00' },
      { name: 'billable', label: 'Fakturerbar', kind: 'checkbox', defaultValue: '1' },
      { name: 'active', label: 'Aktiv', kind: 'checkbox', defaultValue: '1' },
    ],
    columns: [
      { label: 'Kode', cell: (h) => h.code, link: true },
      { label: 'Navn', cell: (h) => h.name, link: true },
      { label: 'Timepris', cell: (h) => formatMoney(h.hourlyPrice), numeric: true },
      { label: 'Fakturerbar', cell: (h) => (h.billable ? 'Ja' : 'Nei') },
      { label: 'Status', cell: (h) => <ActiveBadge active={h.active} /> },
    ],
    filters: [{ name: 'sok', label: 'Søk (kode, navn)', kind: 'search' }, activeFilter],
    list: (deps, s, q) =>
      listHourTypes(
        deps.db,
        s.workspaceId,
        { search: q.filter.sok, active: activeFilterValue(q.filter) },
        { limit: q.limit, cursor: q.cursor },
      ),
    get: (deps, s, id) => getHourType(deps.db, s.workspaceId, id),
    create: (deps, s, input) => createHourType(deps.db, s.workspaceId, input, deps.clock),
    update: (deps, s, id, input) => updateHourType(deps.db, s.workspaceId, id, input, deps.clock),
    remove: (deps, s, id) => softDeleteHourType(deps.db, s.workspaceId, id, deps.clock),
    csv: { file: 'timetyper', render: (_d, _s, items) => hourTypesCsv(items) },
    validate: (deps, s, input, id) => hourTypeInputProblems(deps.db, s.workspaceId, input, id),
    register: 'hour_types',
    deactivate: activeSwitch('Timetypen', updateHourType),
  };
