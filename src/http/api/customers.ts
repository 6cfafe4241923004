import { customersCsv } from '../../workspace/csv-export.ts';
import {
  createCustomerWithWarnings,
  customerCreateSchema,
  customerInputProblems,
  customerListQuerySchema,
  customerSchema,
  customerUpdateSchema,
  getCustomer,
  listCustomers,
  softDeleteCustomer,
  updateCustomerWithWarnings,
} from '../../workspace/customers.ts';
import { fromQueryBoolean } from '../../workspace/list-query.ts';
import { crudOperations } from './crud.ts';

/** /customers — kunder. */
export const customerOperations = crudOperations({
  csv: (_db, _ws, items) => customersCsv(items),
  inputProblems: customerInputProblems,
  name: 'Customer',
  path: '/customers',
  tag: 'Kunder',
  words: { one: 'en kunde', all: 'kunder' },
  notFound: 'Kunden finnes ikke.',
  schema: customerSchema,
  createSchema: customerCreateSchema,
  updateSchema: customerUpdateSchema,
  listQuery: customerListQuerySchema,
  deleteConflict: true,
  writeErrors: [409],
  sync: {
    entity: 'customer',
    section: 'customers',
    ownedFields: [
      'name',
      'orgNumber',
      'email',
      'invoiceEmail',
      'phone',
      'address',
      'deliveryAddress',
      'paymentTermsDays',
      'active',
      'number',
    ],
    ownedMessage: 'Kunden er hentet fra 24SevenOffice, som eier disse feltene; endre dem i 24SevenOffice.',
  },
  create: createCustomerWithWarnings,
  get: getCustomer,
  update: updateCustomerWithWarnings,
  softDelete: softDeleteCustomer,
  list: (db, workspaceId, q) =>
    listCustomers(db, workspaceId, { search: q.search, active: fromQueryBoolean(q.active) }, q),
});
