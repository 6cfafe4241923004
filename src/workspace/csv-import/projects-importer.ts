import {
  PROJECT_STATUS_LABELS,
  PROJECT_STATUSES,
  type ProjectCreate,
  projectCreateSchema,
  projectDatesProblem,
} from '../projects.ts';
import { csvDate, csvWholeNumber } from './csv-values.ts';
import { addNewProblems, type EntityImporter, type FieldProblem } from './importer.ts';
import {
  existingNumbers,
  type NumberIndex,
  numberTakenMessage,
  type ReferenceIndex,
  referencesBy,
} from './lookups.ts';
import { checkWithSchema } from './schema-check.ts';

// Projects (prosjekter): the customer is given by customer number and the project manager by
// employee number, resolved against maps read once; then projectCreateSchema and the same
// rules projects.ts applies (references live in this workspace, end not before start).

interface Context {
  numbers: NumberIndex;
  customers: ReferenceIndex;
  employees: ReferenceIndex;
}

/** "Pågår", "pågår" and "active" all mean active. */
const STATUS_WORDS = new Map<string, string>([
  ...PROJECT_STATUSES.map((s) => [s, s] as [string, string]),
  ...Object.entries(PROJECT_STATUS_LABELS).map(([s, label]) => [label.toLowerCase(), s] as [string, string]),
]);

const SCHEMA_FIELDS = { customerId: 'customerNumber', projectManagerId: 'projectManagerNumber' };

export const projectsImporter: EntityImporter<Context> = {
  table: 'projects',
  async load(db, workspaceId) {
    const [numbers, customers, employees] = await Promise.all([
      existingNumbers(db, 'projects', workspaceId),
      referencesBy(db, 'customers', 'number', workspaceId),
      referencesBy(db, 'employees', 'number', workspaceId),
    ]);
    return { numbers, customers, employees };
  },
  key: {
    field: 'number',
    label: 'Prosjektnummer',
    existing: (context, key) => numberTakenMessage('Prosjektnummer', key, context.numbers.get(key)),
  },
  prepare(fields, context, env) {
    const problems: FieldProblem[] = [];
    let customerId: string | undefined;
    if (fields.customerNumber !== '') {
      const n = csvWholeNumber(fields.customerNumber, 'Kundenummeret');
      const customer = n.ok ? context.customers.get(String(n.value)) : undefined;
      if (!n.ok) problems.push({ field: 'customerNumber', message: n.message });
      else if (!customer)
        problems.push({ field: 'customerNumber', message: `Kunde ${n.value} finnes ikke.` });
      else customerId = customer.id;
    }
    let projectManagerId: string | undefined;
    if (fields.projectManagerNumber !== '') {
      const n = csvWholeNumber(fields.projectManagerNumber, 'Ansattnummeret');
      const employee = n.ok ? context.employees.get(String(n.value)) : undefined;
      if (!n.ok) problems.push({ field: 'projectManagerNumber', message: n.message });
      else if (!employee) {
        problems.push({
          field: 'projectManagerNumber',
          message: `Prosjektlederen (ansattnummer ${n.value}) finnes ikke blant arbeiderne.`,
        });
      } else projectManagerId = employee.id;
    }
    let status: string | undefined;
    if (fields.status !== '') {
      status = STATUS_WORDS.get(fields.status.toLowerCase());
      if (!status) {
        problems.push({
          field: 'status',
          message: `Ukjent status. Bruk ${Object.values(PROJECT_STATUS_LABELS).join(', ')}.`,
        });
      }
    }
    const dates: Record<'startDate' | 'endDate', string | undefined> = {
      startDate: undefined,
      endDate: undefined,
    };
    for (const field of ['startDate', 'endDate'] as const) {
      if (fields[field] === '') continue;
      const d = csvDate(fields[field]);
      if (d.ok) dates[field] = d.value;
      else problems.push({ field, message: d.message });
    }
    const input: ProjectCreate = {
      number: fields.number,
      name: fields.name,
      customerId,
      projectManagerId,
      status: status as ProjectCreate['status'],
      startDate: dates.startDate,
      endDate: dates.endDate,
    };
    const checked = checkWithSchema(projectCreateSchema, input, SCHEMA_FIELDS);
    if (!checked.ok) addNewProblems(problems, checked.errors);
    const datesProblem = projectDatesProblem(dates.startDate, dates.endDate);
    if (datesProblem) problems.push({ field: 'endDate', message: datesProblem });
    if (problems.length > 0 || !checked.ok)
      return { ok: false, errors: problems, key: fields.number?.trim() || undefined };

    const v = checked.value;
    const number = v.number.trim();
    const row = {
      id: env.newId(),
      workspace_id: env.workspaceId,
      number,
      name: v.name.trim(),
      customer_id: customerId ?? null,
      project_manager_id: projectManagerId ?? null,
      status: v.status ?? 'active',
      start_date: v.startDate ?? null,
      end_date: v.endDate ?? null,
      created_at: env.now,
      updated_at: env.now,
      deleted_at: null,
    };
    return {
      ok: true,
      key: number,
      row,
      sample: {
        number,
        name: row.name,
        customerNumber:
          fields.customerNumber === '' ? null : String(Number(fields.customerNumber.replace(/\s/g, ''))),
        projectManagerNumber:
          fields.projectManagerNumber === ''
            ? null
            : String(Number(fields.projectManagerNumber.replace(/\s/g, ''))),
        status: row.status,
        startDate: row.start_date,
        endDate: row.end_date,
      },
    };
  },
};
