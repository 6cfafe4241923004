import { transportCsv } from '../../workspace/csv-export.ts';
import {
  createTransportEntry,
  getTransportEntry,
  listTransportEntries,
  softDeleteTransportEntry,
  transportEntryCreateSchema,
  transportEntryInputProblems,
  transportEntryListQuerySchema,
  transportEntrySchema,
  transportEntryUpdateSchema,
  updateTransportEntry,
} from '../../workspace/transport.ts';
import { crudOperations } from './crud.ts';

/** /transport — kjøring: km, bomring (toll) og andre utgifter på et prosjekt. */
export const transportOperations = crudOperations({
  csv: transportCsv,
  inputProblems: transportEntryInputProblems,
  name: 'TransportEntry',
  path: '/transport',
  tag: 'Kjøring',
  words: { one: 'en kjøring', all: 'kjøringer' },
  notFound: 'Kjøringen finnes ikke.',
  writeErrors: [422],
  schema: transportEntrySchema,
  createSchema: transportEntryCreateSchema,
  updateSchema: transportEntryUpdateSchema,
  listQuery: transportEntryListQuerySchema,
  create: createTransportEntry,
  get: getTransportEntry,
  update: updateTransportEntry,
  softDelete: softDeleteTransportEntry,
  list: (db, workspaceId, q) =>
    listTransportEntries(
      db,
      workspaceId,
      {
        projectId: q.projectId,
        employeeId: q.employeeId,
        kind: q.kind,
        from: q.from,
        to: q.to,
        order: q.order,
        search: q.search,
      },
      q,
    ),
});
