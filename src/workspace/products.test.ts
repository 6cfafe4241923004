// Scenario: the office keeps its stock of goods (varelager) with prices and fractional stock.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import {
  createProduct,
  getProductByNumber,
  listProducts,
  productSchema,
  softDeleteProduct,
  updateProduct,
} from './products.ts';
import { caught, newWorkspace } from './test-support.ts';

describeEachDatabase('products', (getDb) => {
  it('products: unit, prices and stock (quantities may be fractional or negative), soft delete', async () => {
    const db = getDb();
    const ws = await newWorkspace(db);
    const pukk = await createProduct(db, ws.id, {
      number: 'P-1001',
      name: 'Pukk 0-32 mm',
      unit: 'tonn',
      salesPrice: '289.00',
      costPrice: '195',
      stock: '420,5',
    });
    expect(pukk).toMatchObject({ unit: 'tonn', salesPrice: '289.00', costPrice: '195.00', stock: '420.5' });
    expect(productSchema.parse(pukk)).toEqual(pukk);
    const defaults = await createProduct(db, ws.id, { number: 'P-1002', name: 'Grus 0-16 mm' });
    expect(defaults).toMatchObject({ unit: 'stk', salesPrice: '0.00', stock: '0' });
    const oversold = await updateProduct(db, ws.id, defaults.id, { stock: '-3' });
    expect(oversold.stock).toBe('-3');
    expect(await caught(() => updateProduct(db, ws.id, pukk.id, { number: 'P-1002' }))).toMatchObject({
      code: 'conflict',
    });
    expect((await listProducts(db, ws.id, { search: 'pukk' })).items.map((p) => p.number)).toEqual([
      'P-1001',
    ]);
    expect(await softDeleteProduct(db, ws.id, pukk.id)).toBe(true);
    expect(await getProductByNumber(db, ws.id, 'P-1001')).toBeUndefined();
    expect((await listProducts(db, ws.id)).items.map((p) => p.number)).toEqual(['P-1002']);
  });
});
