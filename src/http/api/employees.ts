import { employeesCsv } from '../../workspace/csv-export.ts';
import {
  createEmployee,
  employeeCreateSchema,
  employeeInputProblems,
  employeeListQuerySchema,
  employeeSchema,
  employeeUpdateSchema,
  getEmployee,
  listEmployees,
  softDeleteEmployee,
  updateEmployee,
} from '../../workspace/employees.ts';
import { fromQueryBoolean } from '../../workspace/repository-support.ts';
import { crudOperations } from './crud.ts';

/** /employees — arbeidere (ansatte). */
export const employeeOperations = crudOperations({
  csv: (_db, _ws, items) => employeesCsv(items),
  inputProblems: employeeInputProblems,
  name: 'Employee',
  path: '/employees',
  tag: 'Arbeidere',
  words: { one: 'en arbeider', all: 'arbeidere' },
  notFound: 'Arbeideren finnes ikke.',
  schema: employeeSchema,
  createSchema: employeeCreateSchema,
  updateSchema: employeeUpdateSchema,
  listQuery: employeeListQuerySchema,
  deleteConflict: true,
  writeErrors: [409],
  create: createEmployee,
  get: getEmployee,
  update: updateEmployee,
  softDelete: softDeleteEmployee,
  list: (db, workspaceId, q) =>
    listEmployees(
      db,
      workspaceId,
      { search: q.search, active: fromQueryBoolean(q.active), linked: fromQueryBoolean(q.linked) },
      q,
    ),
});
