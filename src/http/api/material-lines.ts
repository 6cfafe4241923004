import { materialLinesCsv } from '../../workspace/csv-export.ts';
import {
  createMaterialLine,
  getMaterialLine,
  listMaterialLines,
  materialLineCreateSchema,
  materialLineListQuerySchema,
  materialLineSchema,
  materialLineUpdateSchema,
  softDeleteMaterialLine,
  updateMaterialLine,
} from '../../workspace/material-lines.ts';
import { crudOperations } from './crud.ts';

/** /material-lines — varelinjer: varer fra varelageret brukt på et prosjekt. */
export const materialLineOperations = crudOperations({
  csv: materialLinesCsv,
  name: 'MaterialLine',
  path: '/material-lines',
  tag: 'Varelinjer',
  words: { one: 'en varelinje', all: 'varelinjer' },
  notFound: 'Varelinjen finnes ikke.',
  writeErrors: [422],
  schema: materialLineSchema,
  createSchema: materialLineCreateSchema,
  updateSchema: materialLineUpdateSchema,
  listQuery: materialLineListQuerySchema,
  create: createMaterialLine,
  get: getMaterialLine,
  update: updateMaterialLine,
  softDelete: softDeleteMaterialLine,
  list: (db, workspaceId, q) =>
    listMaterialLines(
      db,
      workspaceId,
      { projectId: q.projectId, productId: q.productId, from: q.from, to: q.to, order: q.order },
      q,
    ),
});
