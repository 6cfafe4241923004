// Generated from ../shared/24so/wsdl/authService.wsdl by src/twentyfour/schema/generate.ts. Do not edit.
// Field order is the WSDL sequence order; the codec writes and reads with these specs.
import { arrayOf, objectSpec } from '../codec.ts';

export interface Credential {
  applicationId?: string;
  identityId?: string;
  password?: string;
  username?: string;
}

export const credentialSpec = objectSpec('Credential', [
  ['ApplicationId', 'applicationId', 'guid', 'req'],
  ['IdentityId', 'identityId', 'guid'],
  ['Password', 'password', 'string'],
  ['Username', 'username', 'string'],
]);

export interface LoginRequest {
  credential?: Credential;
}

export const loginRequestSpec = objectSpec('Login', [['credential', 'credential', credentialSpec]]);

export interface LoginResponse {
  loginResult?: string;
}

export const loginResponseSpec = objectSpec('LoginResponse', [['LoginResult', 'loginResult', 'string']]);

export type HasSessionRequest = Record<string, never>;

export const hasSessionRequestSpec = objectSpec('HasSession', []);

export interface HasSessionResponse {
  hasSessionResult?: boolean;
}

export const hasSessionResponseSpec = objectSpec('HasSessionResponse', [
  ['HasSessionResult', 'hasSessionResult', 'bool', 'req'],
]);

export type GetIdentitiesRequest = Record<string, never>;

export const getIdentitiesRequestSpec = objectSpec('GetIdentities', []);

export interface User {
  contactId?: number;
  id?: string;
  name?: string;
  employeeId?: number;
}

export const userSpec = objectSpec('User', [
  ['ContactId', 'contactId', 'int'],
  ['Id', 'id', 'guid'],
  ['Name', 'name', 'string'],
  ['EmployeeId', 'employeeId', 'int'],
]);

export interface Client {
  id?: number;
  name?: string;
}

export const clientSpec = objectSpec('Client', [
  ['Id', 'id', 'long', 'req'],
  ['Name', 'name', 'string'],
]);

export interface Server {
  id?: number;
  type?: number;
}

export const serverSpec = objectSpec('Server', [
  ['Id', 'id', 'int', 'req'],
  ['Type', 'type', 'int', 'req'],
]);

export interface Identity {
  id?: string;
  user?: User;
  client?: Client;
  isCurrent?: boolean;
  isDefault?: boolean;
  isProtected?: boolean;
  servers?: Server[];
  isDisabled?: boolean;
}

export const identitySpec = objectSpec('Identity', [
  ['Id', 'id', 'guid', 'req'],
  ['User', 'user', userSpec],
  ['Client', 'client', clientSpec],
  ['IsCurrent', 'isCurrent', 'bool', 'req'],
  ['IsDefault', 'isDefault', 'bool', 'req'],
  ['IsProtected', 'isProtected', 'bool', 'req'],
  ['Servers', 'servers', arrayOf('Server', serverSpec)],
  ['IsDisabled', 'isDisabled', 'bool'],
]);

export interface GetIdentitiesResponse {
  getIdentitiesResult?: Identity[];
}

export const getIdentitiesResponseSpec = objectSpec('GetIdentitiesResponse', [
  ['GetIdentitiesResult', 'getIdentitiesResult', arrayOf('Identity', identitySpec)],
]);

export interface GetIdentitiesWithCredentialRequest {
  credential?: Credential;
}

export const getIdentitiesWithCredentialRequestSpec = objectSpec('GetIdentitiesWithCredential', [
  ['credential', 'credential', credentialSpec],
]);

export interface GetIdentitiesWithCredentialResponse {
  getIdentitiesWithCredentialResult?: Identity[];
}

export const getIdentitiesWithCredentialResponseSpec = objectSpec('GetIdentitiesWithCredentialResponse', [
  [
    'GetIdentitiesWithCredentialResult',
    'getIdentitiesWithCredentialResult',
    arrayOf('Identity', identitySpec),
  ],
]);

export interface SetIdentityByIdRequest {
  identityId?: string;
}

export const setIdentityByIdRequestSpec = objectSpec('SetIdentityById', [
  ['identityId', 'identityId', 'guid', 'req'],
]);

export interface SetIdentityByIdResponse {
  setIdentityByIdResult?: boolean;
}

export const setIdentityByIdResponseSpec = objectSpec('SetIdentityByIdResponse', [
  ['SetIdentityByIdResult', 'setIdentityByIdResult', 'bool', 'req'],
]);
