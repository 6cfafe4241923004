// Generated from ../shared/24so/wsdl/transactionService.wsdl by src/twentyfour/schema/generate.ts. Do not edit.
// Field order is the WSDL sequence order; the codec writes and reads with these specs.
import { arrayOf, objectSpec } from '../codec.ts';

export type GetUserDefinedDimensionsRequest = Record<string, never>;

export const getUserDefinedDimensionsRequestSpec = objectSpec('GetUserDefinedDimensions', []);

export type DimensionType =
  | 'None'
  | 'Project'
  | 'Department'
  | 'Employee'
  | 'Product'
  | 'Customer'
  | 'CustomerOrderSlip'
  | 'SupplierOrderSlip'
  | 'UserDefined';

export interface Dimension {
  type?: DimensionType;
  name?: string;
  value?: string;
  percent?: string;
  typeId?: number;
}

export const dimensionSpec = objectSpec('Dimension', [
  ['Type', 'type', 'string'],
  ['Name', 'name', 'string'],
  ['Value', 'value', 'string'],
  ['Percent', 'percent', 'decimal'],
  ['TypeId', 'typeId', 'int'],
]);

export interface GetUserDefinedDimensionsResponse {
  getUserDefinedDimensionsResult?: Dimension[];
}

export const getUserDefinedDimensionsResponseSpec = objectSpec('GetUserDefinedDimensionsResponse', [
  ['GetUserDefinedDimensionsResult', 'getUserDefinedDimensionsResult', arrayOf('Dimension', dimensionSpec)],
]);

export interface GetUserDefinedDimensionValuesRequest {
  dimensionType?: number;
}

export const getUserDefinedDimensionValuesRequestSpec = objectSpec('GetUserDefinedDimensionValues', [
  ['DimensionType', 'dimensionType', 'int', 'req'],
]);

export interface GetUserDefinedDimensionValuesResponse {
  getUserDefinedDimensionValuesResult?: Dimension[];
}

export const getUserDefinedDimensionValuesResponseSpec = objectSpec('GetUserDefinedDimensionValuesResponse', [
  [
    'GetUserDefinedDimensionValuesResult',
    'getUserDefinedDimensionValuesResult',
    arrayOf('Dimension', dimensionSpec),
  ],
]);
