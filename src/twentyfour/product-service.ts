import { type ItemResult, readBatchItems, toItemResults } from './batch.ts';
import { formatDecimal, readObject, writeFields } from './codec.ts';
import {
  type Category,
  type GetCategoriesResponse,
  type GetProductsResponse,
  getCategoriesRequestSpec,
  getCategoriesResponseSpec,
  getProductsRequestSpec,
  getProductsResponseSpec,
  type Product,
  type ProductSearchParameters,
  productSpec,
  type SetStockQuantityResponse,
  saveProductsRequestSpec,
  setStockQuantityRequestSpec,
  setStockQuantityResponseSpec,
} from './schema/product.ts';
import type { SoapCaller } from './transport.ts';

export type { Category, Product, ProductSearchParameters } from './schema/product.ts';

/** What GetProducts returns by default. */
export const PRODUCT_PROPERTIES = [
  'Id',
  'No',
  'Name',
  'Price',
  'InPrice',
  'Cost',
  'Stock',
  'StatusId',
  'CategoryId',
  'TaxRate',
  'Description',
  'EAN1',
  'DateChanged',
  'StockControlled',
];

/**
 * Products matching the search (`dateChanged` = changed after); only the listed properties.
 * @example const changed = await getProducts(session, { dateChanged: lastRun });
 */
export async function getProducts(
  caller: SoapCaller,
  searchParams: ProductSearchParameters,
  returnProperties: string[] = PRODUCT_PROPERTIES,
): Promise<Product[]> {
  const element = await caller.call(
    'product',
    'GetProducts',
    writeFields(getProductsRequestSpec, { searchParams, returnProperties }),
  );
  return readObject<GetProductsResponse>(getProductsResponseSpec, element).getProductsResult ?? [];
}

/**
 * Creates or updates products; one outcome per product with its id or APIException.
 * @example const [result] = await saveProducts(session, [{ name: 'Pukk 0-32 mm', categoryId: 1, price: '189.00' }]);
 */
export async function saveProducts(caller: SoapCaller, products: Product[]): Promise<ItemResult<Product>[]> {
  if (products.length === 0) return [];
  const element = await caller.call(
    'product',
    'SaveProducts',
    writeFields(saveProductsRequestSpec, { products }),
  );
  const items = readBatchItems<Product>(productSpec, element, 'SaveProductsResult', 'Product');
  return toItemResults(items, products.length, (p) => p.id);
}

/**
 * Product categories (every product belongs to one).
 * @example const categories = await getCategories(session);
 */
export async function getCategories(
  caller: SoapCaller,
  returnProperties: string[] = ['Id', 'Name', 'No', 'ParentId'],
): Promise<Category[]> {
  const element = await caller.call(
    'product',
    'GetCategories',
    writeFields(getCategoriesRequestSpec, { returnProperties }),
  );
  return readObject<GetCategoriesResponse>(getCategoriesResponseSpec, element).getCategoriesResult ?? [];
}

/**
 * Sets a product's stock; `false` when 24SO refuses (e.g. unknown product), as it reports it.
 * @example await setStockQuantity(session, 301, '140')
 */
export async function setStockQuantity(
  caller: SoapCaller,
  productId: number,
  stockQuantity: string,
): Promise<boolean> {
  const element = await caller.call(
    'product',
    'SetStockQuantity',
    writeFields(setStockQuantityRequestSpec, { productId, stockQuantity: formatDecimal(stockQuantity) }),
  );
  return (
    readObject<SetStockQuantityResponse>(setStockQuantityResponseSpec, element).setStockQuantityResult ===
    true
  );
}
