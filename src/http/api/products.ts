import { productsCsv } from '../../workspace/csv-export.ts';
import { fromQueryBoolean } from '../../workspace/list-query.ts';
import {
  createProduct,
  getProduct,
  listProducts,
  productCreateSchema,
  productInputProblems,
  productListQuerySchema,
  productSchema,
  productUpdateSchema,
  softDeleteProduct,
  updateProduct,
} from '../../workspace/products.ts';
import { crudOperations } from './crud.ts';

/** /products — varer (varelageret). */
export const productOperations = crudOperations({
  csv: (_db, _ws, items) => productsCsv(items),
  inputProblems: productInputProblems,
  name: 'Product',
  path: '/products',
  tag: 'Varer',
  words: { one: 'en vare', all: 'varer' },
  notFound: 'Varen finnes ikke.',
  schema: productSchema,
  createSchema: productCreateSchema,
  updateSchema: productUpdateSchema,
  listQuery: productListQuerySchema,
  deleteConflict: true,
  writeErrors: [409],
  sync: {
    entity: 'product',
    section: 'products',
    ownedFields: ['name', 'number', 'salesPrice', 'costPrice', 'stock', 'active'],
    ownedMessage: 'Varen er hentet fra 24SevenOffice, som eier disse feltene; endre dem i 24SevenOffice.',
  },
  create: createProduct,
  get: getProduct,
  update: updateProduct,
  softDelete: softDeleteProduct,
  list: (db, workspaceId, q) =>
    listProducts(db, workspaceId, { search: q.search, active: fromQueryBoolean(q.active) }, q),
});
