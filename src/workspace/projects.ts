import { z } from 'zod';
import { type Clock, systemClock } from '../db/clock.ts';
import { type Db, nowIso } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import type { Page, PageOptions } from '../db/paging.ts';
import { DomainError, type DomainFieldError } from './errors.ts';
import { keyedRegister } from './keyed-register.ts';
import type { NewProjectRow, ProjectRow } from './tables.ts';
import { checkChosenReferences } from './usable-references.ts';
import { codeInput, dateString, idString, requiredText, timestampOutput } from './values.ts';

// Projects (prosjekter). The project manager is an employee; the customer is optional
// (internal projects have none). Both must belong to the same workspace.

export const PROJECT_STATUSES = ['planned', 'active', 'completed', 'cancelled'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** Norwegian labels for the UI. */
export const PROJECT_STATUS_LABELS: Record<ProjectStatus, string> = {
  planned: 'Planlagt',
  active: 'Pågår',
  completed: 'Avsluttet',
  cancelled: 'Kansellert',
};

const statusSchema = z
  .enum(PROJECT_STATUSES)
  .describe('Status: planned (planlagt), active (pågår), completed (avsluttet), cancelled (kansellert)');

export const projectCreateSchema = z
  .object({
    number: codeInput('Prosjektnummer, f.eks. 1001'),
    name: requiredText(200, 'Prosjektnavn'),
    customerId: idString('Kundens id').nullable().optional(),
    projectManagerId: idString('Prosjektleder: arbeiderens id').nullable().optional(),
    status: statusSchema.optional(),
    startDate: dateString('Startdato').nullable().optional(),
    endDate: dateString('Sluttdato').nullable().optional(),
  })
  .meta({ title: 'ProjectCreate', description: 'Nytt prosjekt' });

export const projectUpdateSchema = projectCreateSchema
  .partial()
  .meta({ title: 'ProjectUpdate', description: 'Endring av prosjekt; bare feltene som sendes endres' });

export const projectSchema = z
  .object({
    id: idString('Prosjektets id'),
    number: z.string().describe('Prosjektnummer'),
    name: z.string().describe('Navn'),
    customerId: z.string().nullable().describe('Kundens id'),
    projectManagerId: z.string().nullable().describe('Prosjektleders (arbeiderens) id'),
    status: statusSchema,
    startDate: z.string().nullable().describe('Startdato, ÅÅÅÅ-MM-DD'),
    endDate: z.string().nullable().describe('Sluttdato, ÅÅÅÅ-MM-DD'),
    createdAt: timestampOutput('Opprettet'),
    updatedAt: timestampOutput('Sist endret'),
  })
  .meta({ title: 'Project', description: 'Et prosjekt' });

export type ProjectCreate = z.input<typeof projectCreateSchema>;
export type ProjectUpdate = z.input<typeof projectUpdateSchema>;
export type Project = z.infer<typeof projectSchema>;

export interface ProjectFilter {
  /** Part of the number or name. */
  search?: string;
  customerId?: string;
  projectManagerId?: string;
  status?: ProjectStatus;
}

/** `?search=&customerId=&projectManagerId=&status=&limit=&cursor=` for GET /projects. */
export const projectListQuerySchema = z.object({
  search: z.string().max(200).optional().describe('Søk i prosjektnummer og navn'),
  customerId: z.string().max(64).optional().describe('Bare prosjekter for denne kunden'),
  projectManagerId: z.string().max(64).optional().describe('Bare prosjekter med denne prosjektlederen'),
  status: statusSchema.optional(),
});

function toProject(row: ProjectRow): Project {
  return {
    id: row.id,
    number: row.number,
    name: row.name,
    customerId: row.customer_id,
    projectManagerId: row.project_manager_id,
    status: (PROJECT_STATUSES as readonly string[]).includes(row.status)
      ? (row.status as ProjectStatus)
      : 'active',
    startDate: row.start_date,
    endDate: row.end_date,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toColumns(input: ProjectUpdate): Partial<NewProjectRow> {
  const cols: Partial<NewProjectRow> = {};
  if (input.number !== undefined) cols.number = input.number.trim();
  if (input.name !== undefined) cols.name = input.name.trim();
  if (input.customerId !== undefined) cols.customer_id = input.customerId;
  if (input.projectManagerId !== undefined) cols.project_manager_id = input.projectManagerId;
  if (input.status !== undefined) cols.status = input.status;
  if (input.startDate !== undefined) cols.start_date = input.startDate;
  if (input.endDate !== undefined) cols.end_date = input.endDate;
  return cols;
}

/**
 * References must be live records of the same workspace, and a newly chosen one active;
 * otherwise 'invalid' on the field. Keeping what `existing` points at is always fine.
 */
async function checkReferences(
  db: Db,
  workspaceId: string,
  cols: Partial<NewProjectRow>,
  existing?: ProjectRow,
): Promise<void> {
  await checkChosenReferences(db, workspaceId, [
    { register: 'customers', id: cols.customer_id, field: 'customerId', current: existing?.customer_id },
    {
      register: 'employees',
      id: cols.project_manager_id,
      field: 'projectManagerId',
      current: existing?.project_manager_id,
    },
  ]);
}

/**
 * A project may not end before it starts; returns the Norwegian message for `endDate`, or
 * undefined when the dates are in order or one of them is missing.
 * @example projectDatesProblem('2025-05-01', '2025-04-30') // 'Sluttdatoen kan ikke være før startdatoen.'
 */
export function projectDatesProblem(
  start: string | null | undefined,
  end: string | null | undefined,
): string | undefined {
  return start && end && end < start ? 'Sluttdatoen kan ikke være før startdatoen.' : undefined;
}

function numberConflict(number: string, deleted: boolean): DomainError {
  return new DomainError(
    'conflict',
    deleted
      ? `Prosjektnummer ${number} er brukt av et slettet prosjekt. Opprett et nytt prosjekt med nummeret for å hente det tilbake.`
      : `Prosjektnummer ${number} er allerede i bruk.`,
    'number',
  );
}

const projectRows = keyedRegister<ProjectRow, Project>({
  table: 'projects',
  key: 'number',
  toDomain: toProject,
  notFound: 'Prosjektet finnes ikke.',
  describe: (row) => `Prosjektet ${row.number} ${row.name}`,
  deleteInstead:
    'Sett status Avsluttet i stedet: da beholder det navnet der det er brukt, men tilbys ikke for nye registreringer.',
  conflict: numberConflict,
});

/** Every problem of a project write at once, or the columns to store. */
function prepareProject(db: Db, workspaceId: string, input: unknown, existing?: ProjectRow) {
  return projectRows.prepare<ProjectUpdate, ReturnType<typeof toColumns>>(
    db,
    workspaceId,
    existing ? projectUpdateSchema : projectCreateSchema,
    input,
    toColumns,
    existing,
    async (cols, problems) => {
      const start = cols.start_date === undefined ? existing?.start_date : cols.start_date;
      const end = cols.end_date === undefined ? existing?.end_date : cols.end_date;
      const dates = projectDatesProblem(start, end);
      if (dates) problems.add('endDate', dates);
      await problems.check(() => checkReferences(db, workspaceId, cols, existing));
    },
  );
}

/**
 * What a project form would be told, without writing: every field's problem, or none.
 * @example const errors = await projectInputProblems(db, ws.id, body);
 */
export async function projectInputProblems(
  db: Db,
  workspaceId: string,
  input: unknown,
  id?: string,
): Promise<DomainFieldError[]> {
  const existing = id ? await projectRows.existing(db, workspaceId, id) : undefined;
  return projectRows.problems(() => prepareProject(db, workspaceId, input, existing));
}

/**
 * Creates a project; status defaults to 'active'.
 * @example await createProject(db, ws.id, { number: '1001', name: 'Boligfelt Nordvik, trinn 2', customerId });
 */
export async function createProject(
  db: Db,
  workspaceId: string,
  input: ProjectCreate,
  clock: Clock = systemClock,
): Promise<Project> {
  const { parsed, cols } = await prepareProject(db, workspaceId, input);
  const number = cols.number as string;
  const now = nowIso(clock);
  return projectRows.insert(db, {
    id: newId(),
    workspace_id: workspaceId,
    number,
    name: (parsed.name ?? '').trim(),
    customer_id: cols.customer_id ?? null,
    project_manager_id: cols.project_manager_id ?? null,
    status: cols.status ?? 'active',
    start_date: cols.start_date ?? null,
    end_date: cols.end_date ?? null,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  });
}

/**
 * The project, or undefined when missing, deleted or in another workspace.
 * @example await getProject(db, ws.id, id)
 */
export async function getProject(db: Db, workspaceId: string, id: string): Promise<Project | undefined> {
  return projectRows.get(db, workspaceId, id);
}

/**
 * Looks a project up by its number.
 * @example await getProjectByNumber(db, ws.id, '1001')
 */
export async function getProjectByNumber(
  db: Db,
  workspaceId: string,
  number: string,
): Promise<Project | undefined> {
  return projectRows.getByKey(db, workspaceId, number.trim());
}

/**
 * The projects among `ids` in this workspace, ordered by number.
 * @example await findProjectsByIds(db, ws.id, ids)
 */
export async function findProjectsByIds(
  db: Db,
  workspaceId: string,
  ids: readonly string[],
): Promise<Project[]> {
  return projectRows.findByIds(db, workspaceId, ids);
}

/**
 * Changes the fields given; re-checks references and that the end is not before the start.
 * @example await updateProject(db, ws.id, id, { status: 'completed', endDate: '2025-06-30' });
 */
export async function updateProject(
  db: Db,
  workspaceId: string,
  id: string,
  input: ProjectUpdate,
  clock: Clock = systemClock,
): Promise<Project> {
  const existing = await projectRows.existing(db, workspaceId, id);
  const { cols } = await prepareProject(db, workspaceId, input, existing);
  return projectRows.update(db, existing, cols, clock);
}

/**
 * Soft-deletes a project; its hours stay (they may be invoiced or in 24SO). False when none.
 * @example await softDeleteProject(db, ws.id, id);
 */
export async function softDeleteProject(
  db: Db,
  workspaceId: string,
  id: string,
  clock: Clock = systemClock,
): Promise<boolean> {
  return projectRows.softDelete(db, workspaceId, id, clock);
}

/**
 * One page of projects ordered by number.
 * @example await listProjects(db, ws.id, { customerId, status: 'active' })
 */
export async function listProjects(
  db: Db,
  workspaceId: string,
  filter: ProjectFilter = {},
  page: PageOptions = {},
): Promise<Page<Project>> {
  const { customerId, projectManagerId, status } = filter;
  return projectRows.list(
    db,
    workspaceId,
    {
      narrow: (q) => {
        let narrowed = q;
        if (customerId !== undefined) narrowed = narrowed.where('customer_id', '=', customerId);
        if (projectManagerId !== undefined)
          narrowed = narrowed.where('project_manager_id', '=', projectManagerId);
        if (status !== undefined) narrowed = narrowed.where('status', '=', status);
        return narrowed;
      },
      search: { text: filter.search, columns: ['name', 'number'] },
    },
    page,
  );
}
