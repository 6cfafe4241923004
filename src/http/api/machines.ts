import { machinesCsv } from '../../workspace/csv-export.ts';
import { fromQueryBoolean } from '../../workspace/list-query.ts';
import {
  createMachine,
  getMachine,
  listMachines,
  machineCreateSchema,
  machineInputProblems,
  machineListQuerySchema,
  machineSchema,
  machineUpdateSchema,
  softDeleteMachine,
  updateMachine,
} from '../../workspace/machines.ts';
import { crudOperations } from './crud.ts';

/** /machines — maskiner. */
export const machineOperations = crudOperations({
  csv: (_db, _ws, items) => machinesCsv(items),
  inputProblems: machineInputProblems,
  name: 'Machine',
  path: '/machines',
  tag: 'Maskiner',
  words: { one: 'en maskin', all: 'maskiner' },
  notFound: 'Maskinen finnes ikke.',
  schema: machineSchema,
  createSchema: machineCreateSchema,
  updateSchema: machineUpdateSchema,
  listQuery: machineListQuerySchema,
  deleteConflict: true,
  writeErrors: [409],
  create: createMachine,
  get: getMachine,
  update: updateMachine,
  softDelete: softDeleteMachine,
  list: (db, workspaceId, q) =>
    listMachines(db, workspaceId, { search: q.search, active: fromQueryBoolean(q.active) }, q),
});
