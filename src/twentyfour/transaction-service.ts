import { readObject, writeFields } from './codec.ts';
import {
  type Dimension,
  type GetUserDefinedDimensionsResponse,
  type GetUserDefinedDimensionValuesResponse,
  getUserDefinedDimensionsResponseSpec,
  getUserDefinedDimensionValuesRequestSpec,
  getUserDefinedDimensionValuesResponseSpec,
} from './schema/transaction.ts';
import type { SoapCaller } from './transport.ts';

// TransactionService uses its own namespace (http://24sevenoffice.com/webservices/economy/accounting/);
// services.ts carries it, so the envelope and SOAPAction come out right.

export type { Dimension, DimensionType } from './schema/transaction.ts';

/**
 * The user-defined dimension types (e.g. "Maskin"), each with its TypeId.
 * @example const types = await getUserDefinedDimensions(session);
 */
export async function getUserDefinedDimensions(caller: SoapCaller): Promise<Dimension[]> {
  const element = await caller.call('transaction', 'GetUserDefinedDimensions', '');
  return (
    readObject<GetUserDefinedDimensionsResponse>(getUserDefinedDimensionsResponseSpec, element)
      .getUserDefinedDimensionsResult ?? []
  );
}

/**
 * The values (elements) of one dimension type; `value` is what goes on orders and rows.
 * @example const machines = await getUserDefinedDimensionValues(session, 101);
 */
export async function getUserDefinedDimensionValues(
  caller: SoapCaller,
  dimensionTypeId: number,
): Promise<Dimension[]> {
  const element = await caller.call(
    'transaction',
    'GetUserDefinedDimensionValues',
    writeFields(getUserDefinedDimensionValuesRequestSpec, { dimensionType: dimensionTypeId }),
  );
  return (
    readObject<GetUserDefinedDimensionValuesResponse>(getUserDefinedDimensionValuesResponseSpec, element)
      .getUserDefinedDimensionValuesResult ?? []
  );
}
