import type { HourTransfer } from '../../../integration/hours/facts.ts';
import { hourTransfers } from '../../../integration/hours/facts.ts';
import { listApprovalEvents } from '../../../workspace/hour-approval.ts';
import {
  APPROVED_HOUR_MESSAGE,
  createHourEntry,
  getHourEntry,
  type HourEntry,
  hourEntryCreateSchema,
  hourEntryInputProblems,
  hourEntryUpdateSchema,
  softDeleteHourEntry,
  updateHourEntry,
} from '../../../workspace/hours.ts';
import { CsrfField } from '../components/form.tsx';
import { employeeOptions, hourTypeOptions, machineOptions, projectOptions } from '../components/options.ts';
import type { ResourceSpec } from '../components/resource-spec.ts';
import { formatDate, formatDateTime } from '../format.ts';
import { TransferPanel } from './transfer.tsx';

/** An hour with its 24SO state, as the hour page shows it. */
type HourWithState = HourEntry & { transfer?: HourTransfer };

/**
 * Timer: the create/edit/delete pages of an hour entry. The list with approval by selection
 * is its own page (list.tsx). An approved hour is shown read-only with the reason and a
 * button to remove the approval.
 * @example ui.route('/', createResourceRoutes(deps, hourSpec));
 */
/** An hour with the invoice attachment holding it (if any) and whether it is invoiced. */
export type HourView = HourEntry & { invoiceAttachmentId?: string | null; invoicedAt?: string | null };

export const hourSpec: ResourceSpec<HourView, typeof hourEntryCreateSchema, typeof hourEntryUpdateSchema> = {
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
  // A form offers active records plus what the hour already has, so opening an hour of a
  // deactivated worker shows that worker and «Lagre endringer» never moves the hour.
  loadOptions: async (deps, s, form) => {
    const h = form?.item;
    return {
      employees: await employeeOptions(deps, s, form && { keep: [h?.employeeId] }),
      projects: await projectOptions(deps, s, form && { keep: [h?.projectId] }),
      hourTypes: await hourTypeOptions(deps, s, form && { keep: [h?.hourTypeId] }),
      machines: await machineOptions(deps, s, form && { keep: [h?.machineId] }),
    };
  },
  get: async (deps, s, id) => {
    const hour = await getHourEntry(deps.db, s.workspaceId, id);
    if (!hour) return undefined;
    const held = await deps.db
      .selectFrom('hour_entries')
      .select(['invoice_attachment_id', 'invoiced_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    const transfer = (await hourTransfers(deps.db, s.workspaceId, [id])).get(id);
    return {
      ...hour,
      invoiceAttachmentId: held?.invoice_attachment_id,
      invoicedAt: held?.invoiced_at,
      transfer,
    } as HourWithState;
  },
  create: (deps, s, input) => createHourEntry(deps.db, s.workspaceId, input, deps.clock),
  update: (deps, s, id, input) => updateHourEntry(deps.db, s.workspaceId, id, input, deps.clock),
  remove: (deps, s, id) => softDeleteHourEntry(deps.db, s.workspaceId, id, deps.clock),
  validate: (deps, s, input, id) => hourEntryInputProblems(deps.db, s.workspaceId, input, id),
  itemNotices: {
    apnet: 'Godkjenningen er fjernet. Timen kan endres igjen.',
    godkjent: 'Timen er godkjent.',
  },
  itemSections: async (deps, s, h) => {
    const events = await listApprovalEvents(deps.db, s.workspaceId, h.id);
    return (
      <section class="card" aria-labelledby="godkjenningshistorikk">
        <h2 id="godkjenningshistorikk">Godkjenningshistorikk</h2>
        {events.length === 0 ? (
          <p class="empty">Timen har ikke vært godkjent.</p>
        ) : (
          <div class="table-scroll">
            <table class="list">
              <thead>
                <tr>
                  <th scope="col">Når</th>
                  <th scope="col">Hva</th>
                  <th scope="col">Hvem</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr>
                    <td>{formatDateTime(e.at)}</td>
                    <td>{e.action === 'approved' ? 'Godkjent' : 'Godkjenning fjernet'}</td>
                    <td>{e.actor}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    );
  },
  locked: (h) => h.approved,
  editNotice: (h) => {
    if (h.invoicedAt) return 'Timen er fakturert: den er overført til 24SevenOffice på et fakturavedlegg.';
    if (h.invoiceAttachmentId)
      return 'Timen er med på et fakturavedlegg og kan ikke endres eller åpnes før vedlegget er slettet.';
    if (!h.approved) return undefined;
    const sent = (h as HourWithState).transfer?.hourId;
    return sent
      ? `Timen er godkjent og allerede overført til 24SevenOffice (time-id ${sent}). Fjern godkjenningen før du endrer den; endringen sendes da til samme time i 24SevenOffice.`
      : APPROVED_HOUR_MESSAGE;
  },
  editActions: (h, session) => (
    <>
      <TransferPanel transfer={(h as HourWithState).transfer} />
      {h.invoiceAttachmentId ? (
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
      ) : null}
    </>
  ),
};
