import { randomInt } from 'node:crypto';
import type { Obj } from '../codec.ts';
import { SoapFault } from '../envelope.ts';
import { type OperationContext, requireClient, type ServiceDef, serverFault } from '../service.ts';
import { findGrant, type IdentityGrant, isoSeconds, type SandboxData, type SandboxUser } from '../state.ts';

// Authenticate: Login hands out an ASP.NET-style session id (also as cookie); a wrong
// password gives an empty LoginResult, never a fault; a blocked IdentityId is a fault, and so
// is a login past the per-user throttle (ctx.admitLogin).

const ZERO_GUID = '00000000-0000-0000-0000-000000000000';
const SESSION_CHARS = 'abcdefghijklmnopqrstuvwxyz012345';

/** A classic ASP.NET session id: 24 characters from [a-z0-5]. */
function newSessionId(): string {
  let id = '';
  for (let i = 0; i < 24; i++) id += SESSION_CHARS[randomInt(SESSION_CHARS.length)];
  return id;
}

function checkCredential(data: SandboxData, credential: Obj | undefined): SandboxUser | undefined {
  if (!credential) return undefined;
  const appId = String(credential.ApplicationId ?? '').toLowerCase();
  if (!data.applicationIds.some((id) => id.toLowerCase() === appId)) return undefined;
  const username = String(credential.Username ?? '').toLowerCase();
  return data.users.find((u) => u.username.toLowerCase() === username && u.password === credential.Password);
}

function identityXml(data: SandboxData, grant: IdentityGrant, currentId: string | undefined): Obj {
  const client = data.clients.find((c) => c.id === grant.clientId);
  return {
    Id: grant.identityId,
    User: grant.user,
    Client: { Id: grant.clientId, Name: client?.name ?? '' },
    IsCurrent: currentId?.toLowerCase() === grant.identityId.toLowerCase(),
    IsDefault: grant.isDefault,
    IsProtected: false,
    Servers: [{ Id: 1, Type: 1 }],
    IsDisabled: grant.disabled,
  };
}

/** Every identity of the user the credential names; none for a wrong credential (no fault). */
function identitiesFor(ctx: OperationContext, p: Obj): Obj[] {
  const user = checkCredential(ctx.data, p.credential as Obj | undefined);
  return user ? user.identities.map((g) => identityXml(ctx.data, g, undefined)) : [];
}

function sessionUser(ctx: OperationContext): SandboxUser {
  const user = ctx.session && ctx.data.users.find((u) => u.username === ctx.session?.username);
  if (!user) throw serverFault('Client is not authenticated on this identity');
  return user;
}

function login(ctx: OperationContext, credential: Obj | undefined): string {
  ctx.login = 'refused';
  const user = checkCredential(ctx.data, credential);
  if (!user) return '';
  const wanted = String(credential?.IdentityId ?? ZERO_GUID).toLowerCase();
  let grant: IdentityGrant | undefined;
  if (wanted === ZERO_GUID) {
    grant =
      user.identities.find((g) => g.isDefault && !g.disabled) ?? user.identities.find((g) => !g.disabled);
  } else {
    grant = user.identities.find((g) => g.identityId.toLowerCase() === wanted);
    if (!grant || grant.disabled) {
      throw new SoapFault(
        'Server',
        'Server was unable to process request. ---> The provided IdentityId is blocked. Please use GetIdentitiesWithCredential to get a list of available Identities and reauthenticate with a valid IdentityId',
        { retryable: false },
      );
    }
  }
  if (!grant) return '';
  ctx.admitLogin(user.username);
  forgetOldestSessions(ctx);
  const id = newSessionId();
  ctx.data.sessions[id] = {
    username: user.username,
    identityId: grant.identityId,
    createdAt: isoSeconds(ctx.now),
  };
  ctx.setSession = id;
  ctx.changed = true;
  ctx.login = 'ok';
  return id;
}

/** Sessions kept at most; a long demo logging in again and again must not grow without bound. */
export const MAX_SESSIONS = 1000;

function forgetOldestSessions(ctx: OperationContext): void {
  const ids = Object.keys(ctx.data.sessions);
  if (ids.length < MAX_SESSIONS) return;
  // Insertion order is creation order, so the first keys are the oldest sessions.
  for (const id of ids.slice(0, ids.length - MAX_SESSIONS + 1)) delete ctx.data.sessions[id];
}

function setIdentity(ctx: OperationContext, identityId: unknown): boolean {
  const user = sessionUser(ctx);
  const found = typeof identityId === 'string' ? findGrant(ctx.data, identityId) : undefined;
  if (!found || found.user !== user || found.grant.disabled || !ctx.sessionId) return false;
  ctx.data.sessions[ctx.sessionId].identityId = found.grant.identityId;
  ctx.changed = true;
  return true;
}

export const authenticateService: ServiceDef = {
  name: 'Authenticate',
  path: '/authenticate/v001/authenticate.asmx',
  wsdl: 'authService.wsdl',
  operations: {
    Login: { needsClient: false, run: (ctx, p) => ({ result: login(ctx, p.credential as Obj | undefined) }) },
    HasSession: { needsClient: false, run: (ctx) => ({ result: ctx.session !== undefined }) },
    GetIdentities: {
      needsClient: false,
      run: (ctx) => ({
        result: sessionUser(ctx).identities.map((g) => identityXml(ctx.data, g, ctx.session?.identityId)),
      }),
    },
    GetIdentity: {
      needsClient: false,
      run: (ctx) => {
        requireClient(ctx);
        const found = ctx.session && findGrant(ctx.data, ctx.session.identityId);
        return { result: found ? identityXml(ctx.data, found.grant, ctx.session?.identityId) : undefined };
      },
    },
    GetIdentitiesWithCredential: { needsClient: false, run: (ctx, p) => ({ result: identitiesFor(ctx, p) }) },
    // The sandbox has one kind of server, so the serviceId filter changes nothing.
    GetIdentitiesWithCredentialByService: {
      needsClient: false,
      run: (ctx, p) => ({ result: identitiesFor(ctx, p) }),
    },
    SetIdentityById: { needsClient: false, run: (ctx, p) => ({ result: setIdentity(ctx, p.identityId) }) },
    SetIdentity: {
      needsClient: false,
      run: (ctx, p) => ({ result: setIdentity(ctx, (p.identity as Obj | undefined)?.Id) }),
    },
  },
};
