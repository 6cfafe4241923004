import { toDbBool } from '../../db/database.ts';
import { isDomainError } from '../errors.ts';
import type { Duration } from '../hour-duration.ts';
import { HOUR_DESCRIPTION_MAX, type HourEntryCreate, hourEntryCreateSchema } from '../hour-schemas.ts';
import { billableColumn, resolveDuration } from '../hours.ts';
import type { HourApprovalEventRow, HourEntryRow } from '../tables.ts';
import {
  DECIMAL_INPUT_REGEX,
  formatHours,
  hasControlCharacters,
  isCalendarDate,
  TIME_REGEX,
} from '../values.ts';
import { csvBoolean, csvDate, csvTime, csvWholeNumber } from './csv-values.ts';
import { addNewProblems, type EntityImporter, type FieldProblem, type SampleRow } from './importer.ts';
import { type Reference, type ReferenceIndex, referencesBy } from './lookups.ts';
import { checkWithSchema } from './schema-check.ts';

// Hours (timer): worker by employee number, project by project number, hour type by code and
// machine by number, each resolved from a map read once. The row then passes
// hourEntryCreateSchema and hours.ts's own resolveDuration (hours or start/end, > 0, ≤ 24 h),
// so an imported hour obeys exactly what the API and the forms enforce. `godkjent = ja` imports
// the hour as approved by the importing user, with the approval recorded like any other.

interface Context {
  employees: ReferenceIndex;
  projects: ReferenceIndex;
  hourTypes: ReferenceIndex;
  machines: ReferenceIndex;
}

const SCHEMA_FIELDS: Record<string, string> = {
  employeeId: 'employeeNumber',
  projectId: 'projectNumber',
  hourTypeId: 'hourTypeCode',
  machineId: 'machineNumber',
  minutes: 'hours',
};

// Stands in for an unresolved reference so the schema still judges the row's other fields.
const UNRESOLVED = '-';

type HourInsert = Omit<HourEntryRow, 'description' | 'billable' | 'approved'> & {
  description: string;
  billable: number;
  approved: number;
};

export const hoursImporter: EntityImporter<Context> = {
  table: 'hour_entries',
  async load(db, workspaceId) {
    const [employees, projects, hourTypes, machines] = await Promise.all([
      referencesBy(db, 'employees', 'number', workspaceId),
      referencesBy(db, 'projects', 'number', workspaceId),
      referencesBy(db, 'hour_types', 'code', workspaceId, ['billable']),
      referencesBy(db, 'machines', 'number', workspaceId),
    ]);
    return { employees, projects, hourTypes, machines };
  },
  prepare(fields, context, env) {
    const problems: FieldProblem[] = [];
    const employee = resolveEmployee(fields.employeeNumber, context.employees, problems);
    const project = resolve(
      fields.projectNumber,
      context.projects,
      'projectNumber',
      (n) => `Prosjekt ${n} finnes ikke.`,
      problems,
    );
    const hourType = resolve(
      fields.hourTypeCode,
      context.hourTypes,
      'hourTypeCode',
      (c) => `Timetypen «${c}» finnes ikke.`,
      problems,
    );
    const machine =
      fields.machineNumber === ''
        ? undefined
        : resolve(
            fields.machineNumber,
            context.machines,
            'machineNumber',
            (n) => `Maskin ${n} finnes ikke.`,
            problems,
          );

    const date = csvDate(fields.date);
    if (!date.ok) problems.push({ field: 'date', message: date.message });
    const times: Record<'startTime' | 'endTime', string | undefined> = {
      startTime: undefined,
      endTime: undefined,
    };
    for (const field of ['startTime', 'endTime'] as const) {
      if (fields[field] === '') continue;
      const t = csvTime(fields[field]);
      if (t.ok) times[field] = t.value;
      else problems.push({ field, message: t.message });
    }
    let billable: boolean | undefined;
    if (fields.billable !== '') {
      const b = csvBoolean(fields.billable, true);
      if (b.ok) billable = b.value;
      else problems.push({ field: 'billable', message: b.message });
    }
    const approved = csvBoolean(fields.approved, false);
    if (!approved.ok) problems.push({ field: 'approved', message: approved.message });

    const input: HourEntryCreate = {
      employeeId: employee?.id ?? UNRESOLVED,
      projectId: project?.id ?? UNRESOLVED,
      hourTypeId: hourType?.id ?? UNRESOLVED,
      machineId: machine?.id,
      date: date.ok ? date.value : '2000-01-01',
      hours: fields.hours === '' ? undefined : fields.hours,
      startTime: times.startTime,
      endTime: times.endTime,
      description: fields.description,
      billable,
    };
    // Most rows of a large file are fine: they pass the same rules checked by hand, with no
    // zod parse; any doubt (and every problem) takes the schema path below, which words it.
    const accepted = problems.length === 0 ? acceptWithoutSchema(input) : undefined;
    const checked = accepted ?? checkWithSchema(hourEntryCreateSchema, input, SCHEMA_FIELDS);
    if (!checked.ok) addNewProblems(problems, checked.errors);
    let duration: ReturnType<typeof resolveDuration> | undefined;
    // The duration rules run even when another field (a bad date) failed the schema, so a row
    // with 25 hours and 31.02 reports both at once: judged with the other fields set aside.
    const forDuration = checked.ok
      ? checked
      : checkWithSchema(hourEntryCreateSchema, {
          ...input,
          date: '2000-01-01',
          description: '',
          billable: undefined,
        });
    if (accepted) duration = accepted.duration;
    else if (forDuration.ok && !problems.some((p) => p.field === 'startTime' || p.field === 'endTime')) {
      try {
        duration = resolveDuration(forDuration.value);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        addNewProblems(problems, [
          { field: SCHEMA_FIELDS[error.field ?? ''] ?? error.field ?? null, message: error.message },
        ]);
      }
    }
    if (
      problems.length > 0 ||
      !checked.ok ||
      !duration ||
      !employee ||
      !project ||
      !hourType ||
      !date.ok ||
      !approved.ok
    ) {
      return { ok: false, errors: problems };
    }

    const v = checked.value;
    const row: HourInsert = {
      id: env.newId(),
      workspace_id: env.workspaceId,
      employee_id: employee.id,
      project_id: project.id,
      hour_type_id: hourType.id,
      machine_id: machine?.id ?? null,
      date: v.date,
      start_time: duration.startTime,
      end_time: duration.endTime,
      minutes: duration.minutes,
      description: v.description?.trim() ?? '',
      billable: billableColumn(v.billable, hourType.billable as number | null),
      approved: toDbBool(approved.value),
      approved_by: approved.value ? env.actor : null,
      approved_at: approved.value ? env.now : null,
      invoice_attachment_id: null,
      invoiced_at: null,
      created_at: env.now,
      updated_at: env.now,
      deleted_at: null,
    };
    return {
      ok: true,
      row,
      // Only the preview's first rows are shown: built when asked for, not for every row.
      sample: sampleOf(fields, row),
    };
  },
  async afterInsert(rows, env, insert) {
    // Approval history: an hour that arrives approved has an 'approved' event like any other.
    const events: HourApprovalEventRow[] = (rows as HourInsert[])
      .filter((r) => r.approved === 1)
      .map((r) => ({
        id: env.newId(),
        workspace_id: env.workspaceId,
        hour_entry_id: r.id,
        action: 'approved',
        actor: env.actor,
        at: env.now,
      }));
    await insert('hour_approval_events', events);
  },
};

/**
 * The preview's form of an hour, to be built only for the rows shown. A function made here and
 * not a getter in the row's result: an object literal with an accessor costs a runtime call per
 * row and survived into V8's old space (100k rows: +0.4 s CPU, +47 MiB heap), and an arrow
 * written as a property gets a name defined on it per row by the TypeScript loader.
 */
function sampleOf(fields: Record<string, string>, row: HourInsert): () => SampleRow {
  return () => ({
    employeeNumber: fields.employeeNumber.replace(/\s/g, ''),
    projectNumber: fields.projectNumber.trim(),
    hourTypeCode: fields.hourTypeCode.trim(),
    machineNumber: fields.machineNumber === '' ? null : fields.machineNumber.trim(),
    date: row.date,
    hours: formatHours(row.minutes),
    startTime: row.start_time,
    endTime: row.end_time,
    description: row.description,
    billable: row.billable === 1,
    approved: row.approved === 1,
  });
}

/**
 * The schema's verdict for a row that passes every rule of hourEntryCreateSchema and
 * resolveDuration, checked by hand (a zod parse per row was a third of a 100k-row import);
 * undefined for anything else, which then goes through the schema for its exact messages.
 * Only ever accepts what the schema accepts, with the same output (the description trimmed).
 */
function acceptWithoutSchema(
  input: HourEntryCreate,
): { ok: true; value: HourEntryCreate; duration: Duration } | undefined {
  // idString: 1–64 characters on one line (ids come from the workspace's own tables).
  for (const id of [input.employeeId, input.projectId, input.hourTypeId, input.machineId ?? 'x'])
    if (id.length === 0 || id.length > 64 || hasControlCharacters(id)) return undefined;
  if (!isCalendarDate(input.date)) return undefined;
  const hours = input.hours;
  if (hours !== undefined && !DECIMAL_INPUT_REGEX.test(hours)) return undefined;
  for (const time of [input.startTime, input.endTime]) if (time && !TIME_REGEX.test(time)) return undefined;
  const description = input.description?.trim();
  if (
    description !== undefined &&
    (description.length > HOUR_DESCRIPTION_MAX || hasControlCharacters(description, { multiline: true }))
  )
    return undefined;
  let duration: Duration;
  try {
    duration = resolveDuration(input);
  } catch {
    return undefined;
  }
  // hoursInput's own refinement: negative hours fail it (resolveDuration refuses them too).
  if (duration.minutes <= 0) return undefined;
  return { ok: true, value: { ...input, description }, duration };
}

function resolveEmployee(
  text: string,
  employees: ReferenceIndex,
  problems: FieldProblem[],
): Reference | undefined {
  const n = csvWholeNumber(text, 'Ansattnummeret');
  if (!n.ok) {
    problems.push({ field: 'employeeNumber', message: text === '' ? 'Feltet må fylles ut.' : n.message });
    return undefined;
  }
  const found = employees.get(String(n.value));
  if (!found)
    problems.push({ field: 'employeeNumber', message: `Arbeider med ansattnummer ${n.value} finnes ikke.` });
  else if (!found.active)
    problems.push({
      field: 'employeeNumber',
      message: `Arbeider ${n.value} er deaktivert og kan ikke velges for nye registreringer.`,
    });
  return found;
}

function resolve(
  text: string,
  index: ReferenceIndex,
  field: string,
  missing: (key: string) => string,
  problems: FieldProblem[],
): Reference | undefined {
  if (text === '') {
    problems.push({ field, message: 'Feltet må fylles ut.' });
    return undefined;
  }
  const found = index.get(text);
  if (!found) problems.push({ field, message: missing(text) });
  else if (!found.active)
    problems.push({
      field,
      message: `«${text.trim()}» er ${field === 'projectNumber' ? 'avsluttet' : 'deaktivert'} og kan ikke velges for nye registreringer.`,
    });
  return found;
}
