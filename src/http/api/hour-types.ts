import { hourTypesCsv } from '../../workspace/csv-export.ts';
import {
  createHourType,
  getHourType,
  hourTypeCreateSchema,
  hourTypeInputProblems,
  hourTypeListQuerySchema,
  hourTypeSchema,
  hourTypeUpdateSchema,
  listHourTypes,
  softDeleteHourType,
  updateHourType,
} from '../../workspace/hour-types.ts';
import { fromQueryBoolean } from '../../workspace/list-query.ts';
import { crudOperations } from './crud.ts';

/** /hour-types — timetyper. */
export const hourTypeOperations = crudOperations({
  csv: (_db, _ws, items) => hourTypesCsv(items),
  inputProblems: hourTypeInputProblems,
  name: 'HourType',
  path: '/hour-types',
  tag: 'Timetyper',
  words: { one: 'en timetype', all: 'timetyper' },
  notFound: 'Timetypen finnes ikke.',
  schema: hourTypeSchema,
  createSchema: hourTypeCreateSchema,
  updateSchema: hourTypeUpdateSchema,
  listQuery: hourTypeListQuerySchema,
  deleteConflict: true,
  writeErrors: [409],
  create: createHourType,
  get: getHourType,
  update: updateHourType,
  softDelete: softDeleteHourType,
  list: (db, workspaceId, q) =>
    listHourTypes(
      db,
      workspaceId,
      { search: q.search, active: fromQueryBoolean(q.active), billable: fromQueryBoolean(q.billable) },
      q,
    ),
});
