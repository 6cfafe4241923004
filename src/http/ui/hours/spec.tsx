import {
  APPROVED_HOUR_MESSAGE,
  createHourEntry,
  getHourEntry,
  type HourEntry,
  hourEntryCreateSchema,
  hourEntryUpdateSchema,
  softDeleteHourEntry,
  updateHourEntry,
} from '../../../workspace/hours.ts';
import { CsrfField } from '../components/form.tsx';
import { employeeOptions, hourTypeOptions, machineOptions, projectOptions } from '../components/options.ts';
import type { ResourceSpec } from '../components/resource-spec.ts';
import { formatDate } from '../format.ts';

/**
 * Timer: the create/edit/delete pages of an hour entry. The list with approval by selection
 * is its own page (list.tsx). An approved hour is shown read-only with the reason and a
 * button to remove the approval.
 * @example ui.route('/', createResourceRoutes(deps, hourSpec));
 */
/** An hour with the invoice attachment holding it (if any) and whether it is invoiced. */
export type HourView = HourEntry & { invoiceAttachmentId?: string | null; invoicedAt?: string | null };

export const hourSpec: ResourceSpec<HourView> = {
  path: '/timer',
  title: 'Timer',
  newTitle: 'Ny timeregistrering',
  itemTitle: (h) => `Timer ${formatDate(h.date)}`,
  texts: {
    created: 'Timene er registrert.',
    saved: 'Timene er lagret.',
    deleted: 'Timeregistreringen er slettet.',
    deleteQuestion: 'Vil du slette denne timeregistreringen?',
    empty: 'Ingen timer funnet.',
  },
  schemas: { create: hourEntryCreateSchema, update: hourEntryUpdateSchema },
  fields: [
    { name: 'employeeId', label: 'Arbeider', kind: 'select', options: 'employees', required: true },
    { name: 'projectId', label: 'Prosjekt', kind: 'select', options: 'projects', required: true },
    { name: 'hourTypeId', label: 'Timetype', kind: 'select', options: 'hourTypes', required: true },
    { name: 'machineId', label: 'Maskin', kind: 'select', options: 'machines' },
    { name: 'date', label: 'Dato', kind: 'date', required: true },
    {
      name: 'hours',
      label: 'Timer',
      kind: 'hours',
      blank: 'omit',
      hint: 'F.eks. 7,5 – eller fyll ut start- og sluttid',
    },
    { name: 'startTime', label: 'Starttid', kind: 'time' },
    { name: 'endTime', label: 'Sluttid', kind: 'time' },
    { name: 'description', label: 'Beskrivelse', kind: 'textarea', blank: 'empty', maxLength: 1000 },
    { name: 'billable', label: 'Fakturerbar', kind: 'checkbox', editOnly: true },
  ],
  columns: [],
  loadOptions: async (deps, s) => ({
    employees: await employeeOptions(deps, s),
    projects: await projectOptions(deps, s),
    hourTypes: await hourTypeOptions(deps, s),
    machines: await machineOptions(deps, s),
  }),
  get: async (deps, s, id) => {
    const hour = await getHourEntry(deps.db, s.workspaceId, id);
    if (!hour) return undefined;
    const held = await deps.db
      .selectFrom('hour_entries')
      .select(['invoice_attachment_id', 'invoiced_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    return { ...hour, invoiceAttachmentId: held?.invoice_attachment_id, invoicedAt: held?.invoiced_at };
  },
  create: (deps, s, input) => createHourEntry(deps.db, s.workspaceId, input as never, deps.clock),
  update: (deps, s, id, input) => updateHourEntry(deps.db, s.workspaceId, id, input as never, deps.clock),
  remove: (deps, s, id) => softDeleteHourEntry(deps.db, s.workspaceId, id, deps.clock),
  locked: (h) => h.approved,
  editNotice: (h) =>
    h.invoicedAt
      ? 'Timen er fakturert: den er overført til 24SevenOffice på et fakturavedlegg.'
      : h.invoiceAttachmentId
        ? 'Timen er med på et fakturavedlegg og kan ikke endres eller åpnes før vedlegget er slettet.'
        : h.approved
          ? APPROVED_HOUR_MESSAGE
          : undefined,
  editActions: (h, session) =>
    h.invoiceAttachmentId ? (
      <p class="form-actions">
        <a class="button secondary" href={`/fakturavedlegg/${h.invoiceAttachmentId}`}>
          Åpne fakturavedlegget
        </a>
      </p>
    ) : h.approved ? (
      <form method="post" action="/timer/fjern-godkjenning" class="form-actions">
        <CsrfField token={session.csrfToken} />
        <input type="hidden" name="ids" value={h.id} />
        <input type="hidden" name="tilbake" value={`/timer/${h.id}`} />
        <button type="submit" class="secondary">
          Fjern godkjenning
        </button>
      </form>
    ) : null,
};
