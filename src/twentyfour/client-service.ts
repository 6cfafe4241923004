import { readObject, writeFields } from './codec.ts';
import {
  type AccountingGroup,
  type Client,
  type Department,
  type GetClientInformationResponse,
  type GetDepartmentListResponse,
  type GetTypeGroupListResponse,
  type GetUsersResponse,
  type GetVatTypeListResponse,
  getClientInformationResponseSpec,
  getDepartmentListResponseSpec,
  getTypeGroupListRequestSpec,
  getTypeGroupListResponseSpec,
  getUsersResponseSpec,
  getVatTypeListResponseSpec,
  type TypeGroupModule,
  type User,
  type VatType,
} from './schema/client.ts';
import type { SoapCaller } from './transport.ts';

export type { AccountingGroup, Client, Department, TypeGroupModule, User, VatType } from './schema/client.ts';

/**
 * The 24SO client (the company whose books these are): name, org. number, addresses.
 * @example const { name, organizationNumber } = await getClientInformation(session);
 */
export async function getClientInformation(caller: SoapCaller): Promise<Client> {
  const element = await caller.call('client', 'GetClientInformation', '');
  return (
    readObject<GetClientInformationResponse>(getClientInformationResponseSpec, element)
      .getClientInformationResult ?? {}
  );
}

/**
 * The client's users, linking login users to contact ids and employee ids.
 * @example const users = await getUsers(session);
 */
export async function getUsers(caller: SoapCaller): Promise<User[]> {
  const element = await caller.call('client', 'GetUsers', '');
  return readObject<GetUsersResponse>(getUsersResponseSpec, element).getUsersResult ?? [];
}

/**
 * Departments (ids for DepartmentId on orders and rows).
 * @example const departments = await getDepartmentList(session);
 */
export async function getDepartmentList(caller: SoapCaller): Promise<Department[]> {
  const element = await caller.call('client', 'GetDepartmentList', '');
  return (
    readObject<GetDepartmentListResponse>(getDepartmentListResponseSpec, element).getDepartmentListResult ??
    []
  );
}

/**
 * Accounting type groups (InvoiceRow.TypeGroupId) for sales, purchases or both.
 * @example const salesGroups = await getTypeGroupList(session, 'Sale');
 */
export async function getTypeGroupList(
  caller: SoapCaller,
  module: TypeGroupModule,
): Promise<AccountingGroup[]> {
  const element = await caller.call(
    'client',
    'GetTypeGroupList',
    writeFields(getTypeGroupListRequestSpec, { module }),
  );
  return (
    readObject<GetTypeGroupListResponse>(getTypeGroupListResponseSpec, element).getTypeGroupListResult ?? []
  );
}

/**
 * VAT types with their rates (decimal strings).
 * @example const vat = await getVatTypeList(session);
 */
export async function getVatTypeList(caller: SoapCaller): Promise<VatType[]> {
  const element = await caller.call('client', 'GetVatTypeList', '');
  return readObject<GetVatTypeListResponse>(getVatTypeListResponseSpec, element).getVatTypeListResult ?? [];
}
