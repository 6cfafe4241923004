import { describe, expect, it } from 'vitest';
import { APP_ID, items, login, soapCall } from '../../test/sandbox-soap.ts';
import { MAX_SESSIONS } from './handlers/authenticate.ts';
import { IDENTITY_IDS } from './seed.ts';
import { createSandbox } from './server.ts';

describe('Authenticate', () => {
  it('logs the demo user in over SOAP 1.1 and 1.2 and hands out an ASP.NET session cookie', async () => {
    // Scenario: an integration logs in with the documented demo credentials in either SOAP version.
    const sandbox = createSandbox({ seed: 'demo' });
    for (const version of ['1.1', '1.2'] as const) {
      const answer = await soapCall(
        sandbox,
        'auth',
        'Login',
        `<credential><ApplicationId>${APP_ID}</ApplicationId><Password>demo-password</Password><Username>api@demo.no</Username></credential>`,
        { version },
      );
      expect(answer.status).toBe(200);
      expect(String(answer.result)).toMatch(/^[a-z0-5]{24}$/);
      expect(answer.headers.get('set-cookie')).toContain(`ASP.NET_SessionId=${answer.result}`);
      expect(answer.headers.get('content-type')).toBe(
        version === '1.1' ? 'text/xml; charset=utf-8' : 'application/soap+xml; charset=utf-8',
      );
      expect(answer.text).toContain(
        version === '1.1'
          ? 'http://schemas.xmlsoap.org/soap/envelope/'
          : 'http://www.w3.org/2003/05/soap-envelope',
      );
    }
  });

  it('answers a wrong password with an empty LoginResult, not a fault', async () => {
    // Scenario: the admin mistypes the API password.
    const sandbox = createSandbox({ seed: 'demo' });
    const answer = await soapCall(
      sandbox,
      'auth',
      'Login',
      `<credential><ApplicationId>${APP_ID}</ApplicationId><Password>wrong</Password><Username>api@demo.no</Username></credential>`,
    );
    expect(answer.status).toBe(200);
    expect(answer.fault).toBeUndefined();
    expect(answer.text).toContain('<LoginResult />');
    expect(answer.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a foreign ApplicationId the same way as a wrong password', async () => {
    // Scenario: an integration that 24SO support never registered tries to log in.
    const sandbox = createSandbox({ seed: 'demo' });
    const answer = await soapCall(
      sandbox,
      'auth',
      'Login',
      '<credential><ApplicationId>11111111-2222-3333-4444-555555555555</ApplicationId><Password>demo-password</Password><Username>api@demo.no</Username></credential>',
    );
    expect(answer.text).toContain('<LoginResult />');
  });

  it('lists identities with credentials, marks the blocked one disabled, and switches between clients', async () => {
    // Scenario: the activation page lists every client the API user can reach, then picks one.
    const sandbox = createSandbox({ seed: 'demo' });
    const listed = await soapCall(
      sandbox,
      'auth',
      'GetIdentitiesWithCredential',
      `<credential><ApplicationId>${APP_ID}</ApplicationId><Password>demo-password</Password><Username>api@demo.no</Username></credential>`,
    );
    const identities = items(listed.result, 'Identity');
    expect(identities.map((i) => (i.Client as Record<string, unknown>).Name)).toEqual([
      'Demo Maskin AS',
      'Demo Transport AS',
      'Demo Utleie AS',
    ]);
    expect(identities.map((i) => i.IsDisabled)).toEqual(['false', 'false', 'true']);
    const byService = await soapCall(
      sandbox,
      'auth',
      'GetIdentitiesWithCredentialByService',
      `<credential><ApplicationId>${APP_ID}</ApplicationId><Password>demo-password</Password><Username>api@demo.no</Username></credential><serviceId>1</serviceId>`,
    );
    expect(items(byService.result, 'Identity')).toHaveLength(3);
    const wrong = await soapCall(
      sandbox,
      'auth',
      'GetIdentitiesWithCredential',
      `<credential><ApplicationId>${APP_ID}</ApplicationId><Password>nope</Password><Username>api@demo.no</Username></credential>`,
    );
    expect(items(wrong.result, 'Identity')).toEqual([]);

    const session = await login(sandbox);
    const current = await soapCall(sandbox, 'client', 'GetClientInformation', '', { cookie: session });
    expect((current.result as Record<string, unknown>).Name).toBe('Demo Maskin AS');

    const switched = await soapCall(
      sandbox,
      'auth',
      'SetIdentityById',
      `<identityId>${IDENTITY_IDS.transport}</identityId>`,
      { cookie: session },
    );
    expect(switched.result).toBe('true');
    const after = await soapCall(sandbox, 'client', 'GetClientInformation', '', {
      cookie: session,
      version: '1.2',
    });
    expect((after.result as Record<string, unknown>).Name).toBe('Demo Transport AS');

    const mine = await soapCall(sandbox, 'auth', 'GetIdentities', '', { cookie: session });
    const currentFlags = items(mine.result, 'Identity').map((i) => [
      (i.Client as Record<string, unknown>).Name,
      i.IsCurrent,
    ]);
    expect(currentFlags).toContainEqual(['Demo Transport AS', 'true']);

    const blocked = await soapCall(
      sandbox,
      'auth',
      'SetIdentityById',
      `<identityId>${IDENTITY_IDS.utleie}</identityId>`,
      { cookie: session },
    );
    expect(blocked.result).toBe('false');
    const unknown = await soapCall(
      sandbox,
      'auth',
      'SetIdentityById',
      '<identityId>99999999-0000-4000-8000-000000000000</identityId>',
      { cookie: session },
    );
    expect(unknown.result).toBe('false');
  });

  it('faults a login on a blocked IdentityId with the documented message', async () => {
    // Scenario: the stored IdentityId points at a client the user has lost access to.
    const sandbox = createSandbox({ seed: 'demo' });
    for (const version of ['1.1', '1.2'] as const) {
      const answer = await soapCall(
        sandbox,
        'auth',
        'Login',
        `<credential><ApplicationId>${APP_ID}</ApplicationId><IdentityId>${IDENTITY_IDS.utleie}</IdentityId><Password>demo-password</Password><Username>api@demo.no</Username></credential>`,
        { version },
      );
      expect(answer.status).toBe(500);
      expect(answer.fault).toContain('The provided IdentityId is blocked');
      expect(answer.fault).toContain('GetIdentitiesWithCredential');
      expect(answer.faultCode).toBe(version === '1.1' ? 'soap:Server' : 'soap:Receiver');
    }
  });

  it('logs straight in on a chosen identity', async () => {
    // Scenario: Broen reconnects with the IdentityId it stored at activation.
    const sandbox = createSandbox({ seed: 'demo' });
    const session = await login(sandbox, { identityId: IDENTITY_IDS.transport });
    const info = await soapCall(sandbox, 'auth', 'GetIdentity', '', { cookie: session });
    expect(((info.result as Record<string, unknown>).Client as Record<string, unknown>).Name).toBe(
      'Demo Transport AS',
    );
  });

  it('reports sessions with HasSession and faults business calls without one', async () => {
    // Scenario: a stored session id is checked before use; calls without a session are refused.
    const sandbox = createSandbox({ seed: 'demo' });
    expect((await soapCall(sandbox, 'auth', 'HasSession', '')).result).toBe('false');
    expect(
      (await soapCall(sandbox, 'auth', 'HasSession', '', { cookie: 'nosuchsessionxxxxxxxxxxx' })).result,
    ).toBe('false');
    const session = await login(sandbox);
    expect((await soapCall(sandbox, 'auth', 'HasSession', '', { cookie: session })).result).toBe('true');

    const refused = await soapCall(sandbox, 'company', 'GetCompanies', '<searchParams />');
    expect(refused.status).toBe(500);
    expect(refused.fault).toBe(
      'Server was unable to process request. ---> Client is not authenticated on this identity',
    );
    const refused12 = await soapCall(sandbox, 'project', 'GetProjectList', '<Ps />', { version: '1.2' });
    expect(refused12.fault).toContain('not authenticated');
  });

  it('ends every session on demand, so the next call needs a new login', async () => {
    // Scenario: the session expires in the middle of a sync run.
    const sandbox = createSandbox({ seed: 'demo' });
    const session = await login(sandbox);
    expect(
      (
        await soapCall(
          sandbox,
          'company',
          'GetCompanies',
          '<searchParams><CompanyId>10001</CompanyId></searchParams>',
          { cookie: session },
        )
      ).status,
    ).toBe(200);
    const put = await sandbox.fetch('http://sandbox.test/_sandbox/faults', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ expireSessions: true }),
    });
    expect((await put.json()).expireSessions).toBe(false);
    const after = await soapCall(sandbox, 'company', 'GetCompanies', '<searchParams />', { cookie: session });
    expect(after.fault).toContain('Client is not authenticated on this identity');
    expect((await soapCall(sandbox, 'auth', 'HasSession', '', { cookie: session })).result).toBe('false');
    const again = await login(sandbox);
    expect(
      (await soapCall(sandbox, 'company', 'GetCompanies', '<searchParams />', { cookie: again })).status,
    ).toBe(200);
  });

  it('keeps at most 1000 sessions, forgetting the oldest first', async () => {
    // Scenario: a demo left running for weeks logs in over and over.
    const sandbox = createSandbox({ seed: 'demo' });
    const createdAt = new Date().toISOString(); // none idle yet, so none end for that reason
    for (let i = 0; i < MAX_SESSIONS; i++) {
      sandbox.state.sessions[`old${String(i).padStart(21, '0')}`] = {
        username: 'api@demo.no',
        identityId: IDENTITY_IDS.maskin,
        createdAt,
      };
    }
    const fresh = await login(sandbox);
    expect(Object.keys(sandbox.state.sessions)).toHaveLength(MAX_SESSIONS);
    expect(sandbox.state.sessions[`old${'0'.repeat(21)}`]).toBeUndefined();
    expect((await soapCall(sandbox, 'auth', 'HasSession', '', { cookie: fresh })).result).toBe('true');
  });
});

describe('SetIdentity and GetIdentity', () => {
  it('switches client with an Identity object, refuses a blocked one, and reports the current identity', async () => {
    // Scenario: a client written against the WSDL passes the whole Identity it got from GetIdentities.
    const sandbox = createSandbox({ seed: 'demo' });
    const cookie = await login(sandbox);
    const identity = (id: string) =>
      `<identity><Id>${id}</Id><IsCurrent>false</IsCurrent><IsDefault>false</IsDefault><IsDisabled>false</IsDisabled></identity>`;
    const switched = await soapCall(sandbox, 'auth', 'SetIdentity', identity(IDENTITY_IDS.transport), {
      cookie,
    });
    expect(switched.result).toBe('true');
    const current = await soapCall(sandbox, 'auth', 'GetIdentity', '', { cookie });
    expect(current.result).toMatchObject({ Id: IDENTITY_IDS.transport, IsCurrent: 'true' });
    const info = await soapCall(sandbox, 'client', 'GetClientInformation', '', { cookie });
    expect((info.result as Record<string, unknown>).Name).toBe('Demo Transport AS');
    const blocked = await soapCall(sandbox, 'auth', 'SetIdentity', identity(IDENTITY_IDS.utleie), { cookie });
    expect(blocked.result).toBe('false');
    const still = await soapCall(sandbox, 'client', 'GetClientInformation', '', { cookie });
    expect((still.result as Record<string, unknown>).Name).toBe('Demo Transport AS');
  });
});
