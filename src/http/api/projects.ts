import { projectsCsv } from '../../workspace/csv-export.ts';
import {
  createProject,
  getProject,
  listProjects,
  projectCreateSchema,
  projectInputProblems,
  projectListQuerySchema,
  projectSchema,
  projectUpdateSchema,
  softDeleteProject,
  updateProject,
} from '../../workspace/projects.ts';
import { crudOperations } from './crud.ts';

/** /projects — prosjekter. A customer or project manager of another workspace is a 400 on its field. */
export const projectOperations = crudOperations({
  csv: projectsCsv,
  inputProblems: projectInputProblems,
  name: 'Project',
  path: '/projects',
  tag: 'Prosjekter',
  words: { one: 'et prosjekt', all: 'prosjekter' },
  notFound: 'Prosjektet finnes ikke.',
  schema: projectSchema,
  createSchema: projectCreateSchema,
  updateSchema: projectUpdateSchema,
  listQuery: projectListQuerySchema,
  deleteConflict: true,
  writeErrors: [409],
  sync: {
    entity: 'project',
    section: 'projects',
    ownedFields: ['name', 'number', 'customerId', 'status', 'startDate', 'endDate'],
    ownedMessage:
      'Prosjektet er hentet fra 24SevenOffice, som eier disse feltene; endre dem i 24SevenOffice.',
  },
  create: createProject,
  get: getProject,
  update: updateProject,
  softDelete: softDeleteProject,
  list: (db, workspaceId, q) =>
    listProjects(
      db,
      workspaceId,
      { search: q.search, customerId: q.customerId, projectManagerId: q.projectManagerId, status: q.status },
      q,
    ),
});
