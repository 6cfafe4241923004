import type { Context } from 'hono';
import { Hono } from 'hono';
import { hourTransfers, ruleSettings } from '../../../integration/hours/facts.ts';
import { type TransferFilterState, transferCondition } from '../../../integration/hours/filter.ts';
import {
  HOUR_RULE_LABELS,
  HOUR_RULES,
  isHourRule,
  workspaceReasons,
} from '../../../integration/hours/rules.ts';
import { csvStream, hoursCsv } from '../../../workspace/csv-export.ts';
import { isDomainError } from '../../../workspace/errors.ts';
import { approveHours, unapproveHours } from '../../../workspace/hour-approval.ts';
import type { HourEntry } from '../../../workspace/hour-schemas.ts';
import { listHourEntries, sumHourEntries } from '../../../workspace/hours.ts';
import { safeNextPath } from '../auth/index.tsx';
import { dateRangeAndOrder, dateRangeFilters, dateSorts } from '../components/dated-lists.ts';
import { CsrfField } from '../components/form.tsx';
import { Notice, Page } from '../components/layout.tsx';
import {
  addMissingLabels,
  employeeOptions,
  hourTypeOptions,
  labelsById,
  machineOptions,
  projectOptions,
} from '../components/options.ts';
import { csvResponse, sessionOf, UI_PAGE_SIZE } from '../components/request.ts';
import type { FilterSpec } from '../components/resource-spec.ts';
import { FilterBar, PageHead, Pager, withQuery } from '../components/resource-views.tsx';
import type { SessionUser, UiDeps, UiEnv } from '../context.ts';
import { formatHours } from '../format.ts';
import { type HourLabels, HourRow } from './rows.tsx';
import { TRANSFER_FILTER, WaitingForSettings } from './transfer.tsx';

const FILTERS: FilterSpec[] = [
  {
    name: 'overforing',
    label: '24SevenOffice',
    kind: 'select',
    options: TRANSFER_FILTER.map((o) => ({ value: o.value, label: o.label })),
  },
  {
    name: 'arsak',
    label: 'Årsak',
    kind: 'select',
    options: HOUR_RULES.map((r) => ({ value: r, label: HOUR_RULE_LABELS[r] })),
  },
  { name: 'prosjekt', label: 'Prosjekt', kind: 'select', options: 'projects' },
  { name: 'arbeider', label: 'Arbeider', kind: 'select', options: 'employees' },
  ...dateRangeFilters,
  {
    name: 'godkjent',
    label: 'Godkjenning',
    kind: 'select',
    options: [
      { value: 'nei', label: 'Ikke godkjent' },
      { value: 'ja', label: 'Godkjent' },
    ],
  },
];

/** "1 time" / "3 timer". */
const hoursCount = (n: number): string => `${n} ${n === 1 ? 'time' : 'timer'}`;

function approvalMessage(
  action: 'approve' | 'unapprove',
  changed: number,
  missing: number,
  locked = 0,
): string {
  const done =
    action === 'approve'
      ? changed === 0
        ? 'De valgte timene var allerede godkjent.'
        : `${hoursCount(changed)} er godkjent.`
      : changed === 0
        ? 'De valgte timene var ikke godkjent.'
        : `Godkjenningen er fjernet for ${hoursCount(changed)}.`;
  const withMissing = missing > 0 ? `${done} ${hoursCount(missing)} fantes ikke lenger.` : done;
  return locked > 0
    ? `${withMissing} ${hoursCount(locked)} er med på et fakturavedlegg og kan ikke åpnes før vedlegget er slettet.`
    : withMissing;
}

async function loadLabels(deps: UiDeps, s: SessionUser) {
  const [employees, projects, hourTypes, machines] = await Promise.all([
    employeeOptions(deps, s),
    projectOptions(deps, s),
    hourTypeOptions(deps, s),
    machineOptions(deps, s),
  ]);
  const labels: HourLabels = {
    employees: labelsById(employees),
    projects: labelsById(projects),
    hourTypes: labelsById(hourTypes),
    machines: labelsById(machines),
  };
  return { labels, options: { employees, projects } };
}

/** Names of records the shown hours point at that are no longer live (deleted long ago). */
async function addHourLabels(deps: UiDeps, s: SessionUser, labels: HourLabels, hours: HourEntry[]) {
  await addMissingLabels(
    deps,
    s,
    'employees',
    labels.employees,
    hours.map((h) => h.employeeId),
  );
  await addMissingLabels(
    deps,
    s,
    'projects',
    labels.projects,
    hours.map((h) => h.projectId),
  );
  await addMissingLabels(
    deps,
    s,
    'hour_types',
    labels.hourTypes,
    hours.map((h) => h.hourTypeId),
  );
  await addMissingLabels(
    deps,
    s,
    'machines',
    labels.machines,
    hours.map((h) => h.machineId),
  );
}

/**
 * Timer: the filtered list with checkboxes and "Godkjenn valgte" / "Fjern godkjenning".
 * With htmx the changed rows are swapped in place; without it the form posts and the page
 * reloads with a message.
 * @example ui.route('/', createHourListRoutes(deps));
 */
export function createHourListRoutes(deps: UiDeps): Hono<UiEnv> {
  const app = new Hono<UiEnv>();

  app.get('/timer', async (c) => {
    const session = sessionOf(c);
    const filter: Record<string, string> = {};
    for (const f of FILTERS) {
      const v = c.req.query(f.name)?.trim();
      if (v) filter[f.name] = v.slice(0, 200);
    }
    const sort = c.req.query('sortering') === 'eldst' ? 'eldst' : 'nyest';
    const cursor = c.req.query('cursor') || undefined;
    const { labels, options } = await loadLabels(deps, session);
    const { from, to, order } = dateRangeAndOrder({ filter, sort });
    const rules = await ruleSettings(deps.db, session.workspaceId);
    const transferState = TRANSFER_FILTER.find((o) => o.value === filter.overforing)?.state as
      | TransferFilterState
      | undefined;
    const reason = isHourRule(filter.arsak) ? filter.arsak : undefined;
    const selection = {
      projectId: filter.prosjekt,
      employeeId: filter.arbeider,
      from,
      to,
      approved: filter.godkjent === 'ja' ? true : filter.godkjent === 'nei' ? false : undefined,
      where:
        transferState || reason
          ? (eb: Parameters<typeof transferCondition>[0]) =>
              transferCondition(eb, session.workspaceId, rules, { state: transferState, reason })
          : undefined,
    };
    if (c.req.query('format') === 'csv') {
      return csvResponse(
        'timer',
        csvStream(
          (p) => listHourEntries(deps.db, session.workspaceId, { ...selection, order }, p),
          (items) => hoursCsv(deps.db, session.workspaceId, items),
        ),
      );
    }
    let page: Awaited<ReturnType<typeof listHourEntries>>;
    try {
      page = await listHourEntries(
        deps.db,
        session.workspaceId,
        { ...selection, order },
        { limit: UI_PAGE_SIZE, cursor },
      );
    } catch (error) {
      if (isDomainError(error) && error.field === 'cursor') return c.redirect('/timer', 303);
      throw error;
    }
    const transfers = await hourTransfers(
      deps.db,
      session.workspaceId,
      page.items.map((h) => h.id),
      rules,
    );
    await addHourLabels(deps, session, labels, page.items);
    // Totals of the whole filtered selection, every page, not only the rows shown.
    const totals = await sumHourEntries(deps.db, session.workspaceId, selection);
    const params = { ...filter, sortering: sort === 'nyest' ? undefined : sort };
    const here = withQuery('/timer', { ...params, cursor });
    const count = Number(c.req.query('antall') ?? '0');
    const melding = c.req.query('melding');
    const notice =
      melding === 'godkjent' || melding === 'apnet'
        ? approvalMessage(
            melding === 'godkjent' ? 'approve' : 'unapprove',
            Number.isFinite(count) ? count : 0,
            0,
            Number(c.req.query('laste') ?? '0') || 0,
          )
        : melding === 'opprettet'
          ? 'Timene er registrert.'
          : melding === 'slettet'
            ? 'Timeregistreringen er slettet.'
            : melding === 'ingen'
              ? 'Velg minst én time først.'
              : undefined;
    return c.html(
      <Page title="Timer" session={session} path={c.req.path}>
        <PageHead
          title="Timer"
          actions={
            <>
              <a
                class="button secondary"
                href={withQuery('/timer', {
                  ...filter,
                  sortering: sort === 'nyest' ? undefined : sort,
                  format: 'csv',
                })}
              >
                Last ned CSV
              </a>
              <a class="button" href="/timer/ny">
                Ny timeregistrering
              </a>
            </>
          }
        />
        <Notice text={notice} kind={melding === 'ingen' ? 'error' : 'ok'} />
        <FilterBar
          path="/timer"
          filters={FILTERS}
          values={filter}
          options={options}
          sorts={dateSorts}
          sort={sort}
        />
        <WaitingForSettings reasons={workspaceReasons(rules)} />
        <p class="totals" data-testid="timer-sum">
          Utvalget: {totals.entries} {totals.entries === 1 ? 'timeregistrering' : 'timeregistreringer'},{' '}
          <strong>{formatHours({ minutes: totals.minutes })} timer</strong>, herav{' '}
          <strong>{formatHours({ minutes: totals.billableMinutes })} fakturerbare</strong>.
        </p>
        <form id="timer-valg" method="post" action="/timer/godkjenn">
          <CsrfField token={session.csrfToken} />
          <input type="hidden" name="tilbake" value={here} />
          <div class="bulk-actions">
            <button type="submit" hx-post="/timer/godkjenn" hx-target="#godkjenning-status">
              Godkjenn valgte
            </button>
            <button
              type="submit"
              class="secondary"
              formaction="/timer/fjern-godkjenning"
              hx-post="/timer/fjern-godkjenning"
              hx-target="#godkjenning-status"
            >
              Fjern godkjenning
            </button>
            <span id="godkjenning-status" role="status" aria-live="polite"></span>
          </div>
          {page.items.length === 0 ? (
            <p class="empty">Ingen timer funnet.</p>
          ) : (
            <div class="table-scroll">
              <table class="list" id="timer-tabell">
                <thead>
                  <tr>
                    <th scope="col">
                      <input type="checkbox" data-select-all aria-label="Velg alle timer på siden" />
                    </th>
                    <th scope="col">Dato</th>
                    <th scope="col">Arbeider</th>
                    <th scope="col">Prosjekt</th>
                    <th scope="col">Timetype</th>
                    <th scope="col">Maskin</th>
                    <th scope="col" class="num">
                      Timer
                    </th>
                    <th scope="col">Beskrivelse</th>
                    <th scope="col">Status</th>
                    <th scope="col">24SevenOffice</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((hour) => (
                    <HourRow hour={hour} labels={labels} transfer={transfers.get(hour.id)} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </form>
        <Pager path="/timer" params={params} cursor={cursor} nextCursor={page.nextCursor} />
      </Page>,
    );
  });

  const changeApproval = (action: 'approve' | 'unapprove') => async (c: Context<UiEnv>) => {
    const session = sessionOf(c);
    const body = await c.req.parseBody({ all: true });
    const raw = body.ids;
    const ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
      .filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 64)
      .slice(0, 1000);
    const back = safeNextPath(typeof body.tilbake === 'string' ? body.tilbake : '/timer');
    const htmx = c.req.header('hx-request') === 'true';
    if (ids.length === 0) {
      if (htmx) return c.html(<span class="field-error">Velg minst én time først.</span>);
      return c.redirect(withMessage(back, 'ingen'), 303);
    }
    const fn = action === 'approve' ? approveHours : unapproveHours;
    const results = await fn(deps.db, session.workspaceId, ids, session.email, deps.clock);
    const changed = results.filter((r) => r.ok && r.changed).length;
    const missing = results.filter((r) => !r.ok && r.error.code === 'not_found').length;
    const locked = results.filter((r) => !r.ok && r.error.code === 'rule_violation').length;
    deps.logger.info({ userId: session.userId, action, count: changed }, 'hour approval changed');
    if (!htmx) {
      const target = withMessage(back, action === 'approve' ? 'godkjent' : 'apnet', changed);
      return c.redirect(locked > 0 ? `${target}&laste=${locked}` : target, 303);
    }
    const { labels } = await loadLabels(deps, session);
    await addHourLabels(
      deps,
      session,
      labels,
      results.flatMap((r) => (r.ok ? [r.hour] : [])),
    );
    const transfers = await hourTransfers(
      deps.db,
      session.workspaceId,
      results.flatMap((r) => (r.ok ? [r.hour.id] : [])),
    );
    return c.html(
      <>
        <span>{approvalMessage(action, changed, missing, locked)}</span>
        {/* Rows travel inside <template> so the HTML parser keeps <tr> outside a table. */}
        {results.map((r) =>
          r.ok ? (
            <template>
              <HourRow hour={r.hour} labels={labels} oob transfer={transfers.get(r.hour.id)} />
            </template>
          ) : null,
        )}
      </>,
    );
  };

  app.post('/timer/godkjenn', changeApproval('approve'));
  app.post('/timer/fjern-godkjenning', changeApproval('unapprove'));
  return app;
}

function withMessage(back: string, message: string, count?: number): string {
  const url = new URL(back, 'http://x');
  url.searchParams.set('melding', message);
  if (count !== undefined) url.searchParams.set('antall', String(count));
  return url.pathname + url.search;
}
