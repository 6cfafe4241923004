import { readObject, writeFields } from './codec.ts';
import { WrongCredentialsError } from './errors.ts';
import {
  type Credential,
  type GetIdentitiesResponse,
  type GetIdentitiesWithCredentialResponse,
  getIdentitiesResponseSpec,
  getIdentitiesWithCredentialRequestSpec,
  getIdentitiesWithCredentialResponseSpec,
  type HasSessionResponse,
  hasSessionResponseSpec,
  type Identity,
  type LoginResponse,
  loginRequestSpec,
  loginResponseSpec,
  type SetIdentityByIdResponse,
  setIdentityByIdRequestSpec,
  setIdentityByIdResponseSpec,
} from './schema/authenticate.ts';
import type { SoapCaller } from './transport.ts';

// The Authenticate service as plain functions. TwentyFourSession strings them together (login,
// reuse, re-login); they take a caller that sends with or without the session cookie.

export type { Credential, Identity } from './schema/authenticate.ts';

/** The "no identity chosen" GUID several clients send; treated as absent. */
export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

/**
 * Logs in and returns the session id. An empty LoginResult (24SO's answer to a wrong username
 * or password, without a fault) becomes WrongCredentialsError.
 * @example const sessionId = await login(caller, { applicationId, username, password });
 */
export async function login(caller: SoapCaller, credential: Credential): Promise<string> {
  const identityId = credential.identityId === EMPTY_GUID ? undefined : credential.identityId;
  const element = await caller.call(
    'authenticate',
    'Login',
    writeFields(loginRequestSpec, { credential: { ...credential, identityId } }),
  );
  const result = readObject<LoginResponse>(loginResponseSpec, element).loginResult?.trim();
  if (!result) throw new WrongCredentialsError();
  return result;
}

/**
 * True when the caller's session cookie belongs to a live, authenticated session.
 * @example if (!(await hasSession(caller))) await login(caller, credential);
 */
export async function hasSession(caller: SoapCaller): Promise<boolean> {
  const element = await caller.call('authenticate', 'HasSession', '');
  return readObject<HasSessionResponse>(hasSessionResponseSpec, element).hasSessionResult === true;
}

/**
 * The identities (user × 24SO client) a user can log in to, without a session; used to pick
 * an IdentityId before Login.
 * @example const identities = await getIdentitiesWithCredential(caller, { applicationId, username, password });
 */
export async function getIdentitiesWithCredential(
  caller: SoapCaller,
  credential: Credential,
): Promise<Identity[]> {
  const element = await caller.call(
    'authenticate',
    'GetIdentitiesWithCredential',
    writeFields(getIdentitiesWithCredentialRequestSpec, { credential }),
  );
  return (
    readObject<GetIdentitiesWithCredentialResponse>(getIdentitiesWithCredentialResponseSpec, element)
      .getIdentitiesWithCredentialResult ?? []
  );
}

/**
 * The identities of the logged-in user; `isCurrent` marks the session's client.
 * @example const current = (await getIdentities(session)).find((i) => i.isCurrent);
 */
export async function getIdentities(caller: SoapCaller): Promise<Identity[]> {
  const element = await caller.call('authenticate', 'GetIdentities', '');
  return readObject<GetIdentitiesResponse>(getIdentitiesResponseSpec, element).getIdentitiesResult ?? [];
}

/**
 * Switches the session to another identity. `false` (an unknown or unusable id) is a value,
 * not an error, as 24SO reports it.
 * @example const switched = await setIdentityById(session, identity.id);
 */
export async function setIdentityById(caller: SoapCaller, identityId: string): Promise<boolean> {
  const element = await caller.call(
    'authenticate',
    'SetIdentityById',
    writeFields(setIdentityByIdRequestSpec, { identityId }),
  );
  return (
    readObject<SetIdentityByIdResponse>(setIdentityByIdResponseSpec, element).setIdentityByIdResult === true
  );
}
