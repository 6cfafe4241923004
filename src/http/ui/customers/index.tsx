import { customersCsv } from '../../../workspace/csv-export.ts';
import {
  type Customer,
  createCustomer,
  customerCreateSchema,
  customerInputProblems,
  customerUpdateSchema,
  customerWarnings,
  getCustomer,
  listCustomers,
  softDeleteCustomer,
  updateCustomer,
} from '../../../workspace/customers.ts';
import { ActiveBadge, activeFilter, activeFilterValue } from '../components/badges.tsx';
import { activeSwitch } from '../components/record-use.tsx';
import type { ResourceSpec } from '../components/resource-spec.ts';
import { formatOrgNumber } from '../format.ts';

/**
 * Kunder: list (search, active), create, edit, delete.
 * @example ui.route('/', createResourceRoutes(deps, customerSpec));
 */
export const customerSpec: ResourceSpec<Customer, typeof customerCreateSchema, typeof customerUpdateSchema> =
  {
    path: '/kunder',
    syncEntity: 'customer',
    title: 'Kunder',
    newTitle: 'Ny kunde',
    itemTitle: (c) => `Kunde ${c.number} – ${c.name}`,
    texts: {
      created: 'Kunden er opprettet.',
      saved: 'Kunden er lagret.',
      deleted: 'Kunden er slettet.',
      deleteQuestion: 'Vil du slette kunden? Den forsvinner fra listene, men historikken beholdes.',
      empty: 'Ingen kunder funnet.',
    },
    schemas: { create: customerCreateSchema, update: customerUpdateSchema },
    fields: [
      {
        name: 'number',
        label: 'Kundenummer',
        kind: 'integer',
        blank: 'omit',
        hint: 'La stå tomt for neste ledige nummer.',
      },
      { name: 'name', label: 'Navn', kind: 'text', required: true, maxLength: 200 },
      { name: 'orgNumber', label: 'Organisasjonsnummer', kind: 'text', hint: '9 siffer', maxLength: 20 },
      { name: 'email', label: 'E-post', kind: 'email', maxLength: 254 },
      { name: 'invoiceEmail', label: 'E-post for faktura', kind: 'email', maxLength: 254 },
      { name: 'phone', label: 'Telefon', kind: 'text', maxLength: 40 },
      { name: 'address.street', label: 'Gateadresse', kind: 'text', maxLength: 200 },
      { name: 'address.postalCode', label: 'Postnummer', kind: 'text', maxLength: 10 },
      { name: 'address.city', label: 'Poststed', kind: 'text', maxLength: 100 },
      {
        name: 'paymentTermsDays',
        label: 'Betalingstid (dager)',
        kind: 'integer',
        blank: 'omit',
        defaultValue: '14',
      },
      { name: 'active', label: 'Aktiv', kind: 'checkbox', defaultValue: '1' },
    ],
    columns: [
      { label: 'Nr.', cell: (c) => String(c.number), numeric: true, link: true },
      { label: 'Navn', cell: (c) => c.name, link: true },
      { label: 'Org.nr.', cell: (c) => formatOrgNumber(c.orgNumber), nowrap: true },
      { label: 'E-post', cell: (c) => c.email ?? '' },
      { label: 'Poststed', cell: (c) => c.address.city ?? '' },
      { label: 'Betalingstid', cell: (c) => `${c.paymentTermsDays} dager`, numeric: true },
      { label: 'Status', cell: (c) => <ActiveBadge active={c.active} /> },
    ],
    filters: [{ name: 'sok', label: 'Søk (navn, nr., org.nr.)', kind: 'search' }, activeFilter],
    list: (deps, s, q) =>
      listCustomers(
        deps.db,
        s.workspaceId,
        { search: q.filter.sok, active: activeFilterValue(q.filter) },
        { limit: q.limit, cursor: q.cursor },
      ),
    get: (deps, s, id) => getCustomer(deps.db, s.workspaceId, id),
    create: (deps, s, input) => createCustomer(deps.db, s.workspaceId, input, deps.clock),
    update: (deps, s, id, input) => updateCustomer(deps.db, s.workspaceId, id, input, deps.clock),
    remove: (deps, s, id) => softDeleteCustomer(deps.db, s.workspaceId, id, deps.clock),
    csv: { file: 'kunder', render: (_d, _s, items) => customersCsv(items) },
    itemWarnings: async (deps, s, c) =>
      (await customerWarnings(deps.db, s.workspaceId, c)).map((w) => ({
        message: w.message,
        href: `/kunder/${encodeURIComponent(w.customerId)}`,
        linkText: `Åpne kunde ${w.customerNumber}`,
      })),
    validate: (deps, s, input, id) => customerInputProblems(deps.db, s.workspaceId, input, id),
    register: 'customers',
    deactivate: activeSwitch('Kunden', updateCustomer),
  };
