// Generated from ../shared/24so/wsdl/productService.wsdl by src/twentyfour/schema/generate.ts. Do not edit.
// Field order is the WSDL sequence order; the codec writes and reads with these specs.
import { arrayOf, objectSpec } from '../codec.ts';

export interface ProductSearchParameters {
  id?: number;
  categoryId?: number;
  no?: string;
  ean1?: string;
  name?: string;
  price?: string;
  dateChanged?: Date;
  productIds?: number[];
}

export const productSearchParametersSpec = objectSpec('ProductSearchParameters', [
  ['Id', 'id', 'int'],
  ['CategoryId', 'categoryId', 'int'],
  ['No', 'no', 'string'],
  ['EAN1', 'ean1', 'string'],
  ['Name', 'name', 'string'],
  ['Price', 'price', 'decimal'],
  ['DateChanged', 'dateChanged', 'dateTime'],
  ['ProductIds', 'productIds', arrayOf('int', 'int')],
]);

export interface GetProductsRequest {
  searchParams?: ProductSearchParameters;
  returnProperties?: string[];
}

export const getProductsRequestSpec = objectSpec('GetProducts', [
  ['searchParams', 'searchParams', productSearchParametersSpec],
  ['returnProperties', 'returnProperties', arrayOf('string', 'string')],
]);

export interface APIException {
  type?: string;
  message?: string;
  stackTrace?: string;
}

export const aPIExceptionSpec = objectSpec('APIException', [
  ['Type', 'type', 'string'],
  ['Message', 'message', 'string'],
  ['StackTrace', 'stackTrace', 'string'],
]);

export interface Product {
  cashPriceIncTax?: string;
  webPrice?: string;
  supplierId?: number;
  id?: number;
  name?: string;
  taxRate?: string;
  stock?: string;
  statusId?: number;
  categoryId?: number;
  priceGroupId?: number;
  inPrice?: string;
  description?: string;
  descriptionLong?: string;
  cost?: string;
  ean1?: string;
  price?: string;
  no?: string;
  dateChanged?: Date;
  apiException?: APIException;
  weight?: string;
  minimumStock?: string;
  orderProposal?: string;
  stockLocation?: string;
  supplierProductCode?: string;
  supplierProductName?: string;
  web?: boolean;
  productCode?: string;
  stockControlled?: boolean;
  newOffer?: boolean;
  newProduct?: boolean;
}

export const productSpec = objectSpec('Product', [
  ['CashPriceIncTax', 'cashPriceIncTax', 'double'],
  ['WebPrice', 'webPrice', 'decimal'],
  ['SupplierId', 'supplierId', 'int'],
  ['Id', 'id', 'int'],
  ['Name', 'name', 'string'],
  ['TaxRate', 'taxRate', 'decimal'],
  ['Stock', 'stock', 'decimal'],
  ['StatusId', 'statusId', 'int'],
  ['CategoryId', 'categoryId', 'int'],
  ['PriceGroupID', 'priceGroupId', 'int'],
  ['InPrice', 'inPrice', 'decimal'],
  ['Description', 'description', 'string'],
  ['DescriptionLong', 'descriptionLong', 'string'],
  ['Cost', 'cost', 'decimal'],
  ['EAN1', 'ean1', 'string'],
  ['Price', 'price', 'decimal'],
  ['No', 'no', 'string'],
  ['DateChanged', 'dateChanged', 'dateTime'],
  ['APIException', 'apiException', aPIExceptionSpec],
  ['Weight', 'weight', 'decimal'],
  ['MinimumStock', 'minimumStock', 'decimal'],
  ['OrderProposal', 'orderProposal', 'decimal'],
  ['StockLocation', 'stockLocation', 'string'],
  ['SupplierProductCode', 'supplierProductCode', 'string'],
  ['SupplierProductName', 'supplierProductName', 'string'],
  ['Web', 'web', 'bool', 'nil'],
  ['ProductCode', 'productCode', 'string'],
  ['StockControlled', 'stockControlled', 'bool', 'nil'],
  ['NewOffer', 'newOffer', 'bool', 'nil'],
  ['NewProduct', 'newProduct', 'bool', 'nil'],
]);

export interface GetProductsResponse {
  getProductsResult?: Product[];
}

export const getProductsResponseSpec = objectSpec('GetProductsResponse', [
  ['GetProductsResult', 'getProductsResult', arrayOf('Product', productSpec)],
]);

export interface SaveProductsRequest {
  products?: Product[];
}

export const saveProductsRequestSpec = objectSpec('SaveProducts', [
  ['products', 'products', arrayOf('Product', productSpec)],
]);

export interface SaveProductsResponse {
  saveProductsResult?: Product[];
}

export const saveProductsResponseSpec = objectSpec('SaveProductsResponse', [
  ['SaveProductsResult', 'saveProductsResult', arrayOf('Product', productSpec)],
]);

export interface GetCategoriesRequest {
  returnProperties?: string[];
}

export const getCategoriesRequestSpec = objectSpec('GetCategories', [
  ['returnProperties', 'returnProperties', arrayOf('string', 'string')],
]);

export interface Category {
  id?: number;
  name?: string;
  no?: string;
  parentId?: number;
  apiException?: APIException;
}

export const categorySpec = objectSpec('Category', [
  ['Id', 'id', 'int'],
  ['Name', 'name', 'string'],
  ['No', 'no', 'string'],
  ['ParentId', 'parentId', 'int'],
  ['APIException', 'apiException', aPIExceptionSpec],
]);

export interface GetCategoriesResponse {
  getCategoriesResult?: Category[];
}

export const getCategoriesResponseSpec = objectSpec('GetCategoriesResponse', [
  ['GetCategoriesResult', 'getCategoriesResult', arrayOf('Category', categorySpec)],
]);

export interface SetStockQuantityRequest {
  productId?: number;
  stockQuantity?: string;
}

export const setStockQuantityRequestSpec = objectSpec('SetStockQuantity', [
  ['productId', 'productId', 'int', 'req'],
  ['stockQuantity', 'stockQuantity', 'decimal', 'req'],
]);

export interface SetStockQuantityResponse {
  setStockQuantityResult?: boolean;
}

export const setStockQuantityResponseSpec = objectSpec('SetStockQuantityResponse', [
  ['SetStockQuantityResult', 'setStockQuantityResult', 'bool', 'req'],
]);
