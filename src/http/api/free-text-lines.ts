import { freeTextLinesCsv } from '../../workspace/csv-export.ts';
import {
  createFreeTextLine,
  freeTextLineCreateSchema,
  freeTextLineListQuerySchema,
  freeTextLineSchema,
  freeTextLineUpdateSchema,
  getFreeTextLine,
  listFreeTextLines,
  softDeleteFreeTextLine,
  updateFreeTextLine,
} from '../../workspace/free-text-lines.ts';
import { crudOperations } from './crud.ts';

/** /free-text-lines — fritekstlinjer: tekst, antall og pris på et prosjekt. */
export const freeTextLineOperations = crudOperations({
  csv: freeTextLinesCsv,
  name: 'FreeTextLine',
  path: '/free-text-lines',
  tag: 'Fritekstlinjer',
  words: { one: 'en fritekstlinje', all: 'fritekstlinjer' },
  notFound: 'Fritekstlinjen finnes ikke.',
  writeErrors: [422],
  schema: freeTextLineSchema,
  createSchema: freeTextLineCreateSchema,
  updateSchema: freeTextLineUpdateSchema,
  listQuery: freeTextLineListQuerySchema,
  create: createFreeTextLine,
  get: getFreeTextLine,
  update: updateFreeTextLine,
  softDelete: softDeleteFreeTextLine,
  list: (db, workspaceId, q) =>
    listFreeTextLines(db, workspaceId, { projectId: q.projectId, from: q.from, to: q.to, order: q.order }, q),
});
