// Scenario: Broen keeps one 24SO session alive through wrong passwords, expiry, quotas and bad answers.
import { describe, expect, it } from 'vitest';
import { getCompanies, saveCompanies } from './company-service.ts';
import {
  ClientFaultError,
  IdentityBlockedError,
  NotAuthenticatedError,
  RateLimitError,
  ResponseFormatError,
  ServerFaultError,
  TimeoutError,
  TransportError,
  WrongCredentialsError,
} from './errors.ts';
import { type FakeCall, type FakeReply, fake24so } from './fake-24so.ts';
import { getPersons } from './person-service.ts';
import { TwentyFourSession } from './session.ts';

const CREDENTIALS = {
  applicationId: '0f5f24a0-0000-4000-8000-000000000024',
  username: 'api@demo.no',
  password: 'demo-password',
};
const SESSION_A = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const SESSION_B = 'bbbbbbbbbbbbbbbbbbbbbbbb';

/** A 24SO that hands out sessions A, B, … and accepts only the latest. */
function liveServer(business: (call: FakeCall) => FakeReply = () => ({ result: '<GetCompaniesResult/>' })) {
  const sessions = [SESSION_A, SESSION_B, 'cccccccccccccccccccccccc'];
  let valid: string | undefined;
  const fake = fake24so((call) => {
    if (call.operation === 'Login') {
      valid = sessions.shift();
      return { result: `<LoginResult>${valid}</LoginResult>` };
    }
    if (call.operation === 'HasSession') {
      return {
        result: `<HasSessionResult>${call.cookie === `ASP.NET_SessionId=${valid}`}</HasSessionResult>`,
      };
    }
    if (call.cookie !== `ASP.NET_SessionId=${valid}`) {
      return {
        fault: 'Server was unable to process request. ---&gt; Client is not authenticated on this identity',
      };
    }
    return business(call);
  });
  return { fake, expire: () => (valid = undefined) };
}

const ops = (calls: FakeCall[]) => calls.map((c) => c.operation);

describe('TwentyFourSession', () => {
  it('reports a wrong password as a typed, non-retryable error after one Login', async () => {
    const fake = fake24so(() => ({ result: '<LoginResult />' }));
    const session = new TwentyFourSession(fake.deps, { ...CREDENTIALS, password: 'wrong' });
    const error = await getCompanies(session, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongCredentialsError);
    expect((error as WrongCredentialsError).retryable).toBe(false);
    expect((error as Error).message).toBe(
      '24SevenOffice avviste innloggingen: feil brukernavn eller passord.',
    );
    expect(ops(fake.calls)).toEqual(['Login']);
  });

  it('sends the Login credential and then the session cookie to services on both hosts', async () => {
    const { fake } = liveServer((call) => ({
      result: call.operation === 'GetPersons' ? '<GetPersonsResult/>' : '<GetCompaniesResult/>',
    }));
    const session = new TwentyFourSession(fake.deps, CREDENTIALS);
    await getCompanies(session, {});
    await getPersons(session, {});
    expect(ops(fake.calls)).toEqual(['Login', 'GetCompanies', 'GetPersons']);
    const [loginCall, company, person] = fake.calls as [FakeCall, FakeCall, FakeCall];
    expect(loginCall.url.href).toBe('https://api.24sevenoffice.com/authenticate/v001/authenticate.asmx');
    expect(loginCall.soapAction).toBe('"http://24sevenOffice.com/webservices/Login"');
    expect(loginCall.cookie).toBeNull();
    expect(loginCall.body).toContain('<Password>demo-password</Password><Username>api@demo.no</Username>');
    expect(company.url.host).toBe('api.24sevenoffice.com');
    expect(person.url.host).toBe('webservices.24sevenoffice.com');
    expect(company.cookie).toBe(`ASP.NET_SessionId=${SESSION_A}`);
    expect(person.cookie).toBe(`ASP.NET_SessionId=${SESSION_A}`);
    expect(session.sessionId).toBe(SESSION_A);
  });

  it('puts every service on the base URL when one is set', async () => {
    const { fake } = liveServer();
    const session = new TwentyFourSession(fake.deps, { ...CREDENTIALS, baseUrl: 'http://127.0.0.1:7324/' });
    await getCompanies(session, {});
    expect(fake.calls.map((c) => c.url.href)).toEqual([
      'http://127.0.0.1:7324/authenticate/v001/authenticate.asmx',
      'http://127.0.0.1:7324/CRM/Company/V001/CompanyService.asmx',
    ]);
  });

  it('reuses a stored session after HasSession confirms it, and replaces a dead one', async () => {
    const { fake } = liveServer();
    const first = new TwentyFourSession(fake.deps, CREDENTIALS);
    await getCompanies(first, {});
    const stored: string[] = [];
    const reused = new TwentyFourSession(fake.deps, {
      ...CREDENTIALS,
      sessionId: first.sessionId,
      onSessionId: (id) => stored.push(id),
    });
    await getCompanies(reused, {});
    expect(ops(fake.calls)).toEqual(['Login', 'GetCompanies', 'HasSession', 'GetCompanies']);

    const stale = new TwentyFourSession(fake.deps, {
      ...CREDENTIALS,
      sessionId: 'zzzzzzzzzzzzzzzzzzzzzzzz',
      onSessionId: (id) => stored.push(id),
    });
    await getCompanies(stale, {});
    expect(ops(fake.calls).slice(4)).toEqual(['HasSession', 'Login', 'GetCompanies']);
    expect(stored).toEqual([SESSION_B]);
  });

  it('logs in once more and retries once when the session expires mid-run, spacing the logins', async () => {
    const { fake, expire } = liveServer();
    const session = new TwentyFourSession(fake.deps, { ...CREDENTIALS, minLoginIntervalMs: 5000 });
    await getCompanies(session, {});
    fake.advance(1000);
    expire();
    await getCompanies(session, {});
    expect(ops(fake.calls)).toEqual(['Login', 'GetCompanies', 'GetCompanies', 'Login', 'GetCompanies']);
    expect(fake.calls[4]?.cookie).toBe(`ASP.NET_SessionId=${SESSION_B}`);
    expect(fake.sleeps).toEqual([4000]);
  });

  it('gives up with a non-retryable error when the new session is refused too', async () => {
    const fake = fake24so((call) =>
      call.operation === 'Login'
        ? { result: `<LoginResult>${SESSION_A}</LoginResult>` }
        : { fault: 'Client is not authenticated on this identity' },
    );
    const session = new TwentyFourSession(fake.deps, CREDENTIALS);
    const error = await getCompanies(session, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotAuthenticatedError);
    expect((error as NotAuthenticatedError).retryable).toBe(false);
    expect(ops(fake.calls)).toEqual(['Login', 'GetCompanies', 'Login', 'GetCompanies']);
  });

  it('turns a blocked IdentityId into its own error', async () => {
    const fake = fake24so(() => ({
      fault:
        'Provided IdentityId is blocked. Please use GetIdentitiesWithCredential to get a list of available Identities',
    }));
    const session = new TwentyFourSession(fake.deps, {
      ...CREDENTIALS,
      identityId: '6b0f6c1e-54a3-4a43-9a0b-2d7b1b3c9f10',
    });
    await expect(getCompanies(session, {})).rejects.toBeInstanceOf(IdentityBlockedError);
    expect(fake.calls[0]?.body).toContain('<IdentityId>6b0f6c1e-54a3-4a43-9a0b-2d7b1b3c9f10</IdentityId>');
  });

  it('stops calling during a rate-limit quarantine and says when it ends', async () => {
    const { fake } = liveServer(() => ({
      fault: 'Limit exceeded by 1. Request is blocked. Quarantine ends at 2026-11-27 19:00:00',
    }));
    const session = new TwentyFourSession(fake.deps, CREDENTIALS);
    const error = (await getCompanies(session, {}).catch((e: unknown) => e)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryable).toBe(true);
    expect(error.quarantineEndsAt?.toISOString()).toBe('2026-11-27T19:00:00.000Z');
    const before = fake.calls.length;
    const again = (await getCompanies(session, {}).catch((e: unknown) => e)) as RateLimitError;
    expect(again.quarantineEndsAt?.toISOString()).toBe('2026-11-27T19:00:00.000Z');
    expect(fake.calls.length).toBe(before);
  });

  it('honours APILimitRemaining/APILimitReset: waits for a near reset, refuses a far one', async () => {
    let reset = '2026-11-27T18:00:30Z';
    const { fake } = liveServer(() => ({
      result: '<GetCompaniesResult/>',
      headers: { APILimitRemaining: '0', APILimitReset: reset },
    }));
    const session = new TwentyFourSession(fake.deps, CREDENTIALS);
    await getCompanies(session, {});
    expect(session.rateLimit).toEqual({ remaining: 0, resetAt: new Date(reset) });
    await getCompanies(session, {});
    expect(fake.sleeps).toEqual([30_000]);
    reset = '2026-11-27T20:00:00Z';
    await getCompanies(session, {});
    const sent = fake.calls.length;
    await expect(getCompanies(session, {})).rejects.toBeInstanceOf(RateLimitError);
    expect(fake.calls.length).toBe(sent);
  });

  it('times out a call that never answers', async () => {
    const { fake } = liveServer(() => ({ hang: true }));
    const session = new TwentyFourSession(fake.deps, { ...CREDENTIALS, timeoutMs: 50 });
    const started = Date.now();
    const error = await getCompanies(session, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('reports a dropped connection and a body cut off mid-way as retryable transport errors', async () => {
    const { fake: dropped } = liveServer(() => ({ drop: true }));
    await expect(getCompanies(new TwentyFourSession(dropped.deps, CREDENTIALS), {})).rejects.toBeInstanceOf(
      TransportError,
    );

    const cut = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(
          new TextEncoder().encode(
            '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>',
          ),
        );
        controller.error(new Error('socket hang up'));
      },
    });
    const { fake: truncated } = liveServer(() => ({ raw: cut }));
    const error = await getCompanies(new TwentyFourSession(truncated.deps, CREDENTIALS), {}).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).retryable).toBe(true);
  });

  it('maps faults and non-SOAP errors to typed errors that say whether a retry helps', async () => {
    const cases: Array<[FakeReply, new (...args: never[]) => Error, boolean]> = [
      [
        { fault: 'Server was unable to process request. ---&gt; Timeout expired', code: 'soap:Server' },
        ServerFaultError,
        true,
      ],
      [
        { fault: 'Server did not recognize the value of HTTP Header SOAPAction', code: 'soap:Client' },
        ClientFaultError,
        false,
      ],
      [{ raw: '<html><body>502 Bad Gateway</body></html>', status: 502 }, ServerFaultError, true],
      [
        {
          raw: '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetCompaniesResponse>',
          status: 200,
        },
        ResponseFormatError,
        false,
      ],
      [{ raw: 'not xml at all', status: 200 }, ResponseFormatError, false],
    ];
    for (const [reply, type, retryable] of cases) {
      const { fake } = liveServer(() => reply);
      const error = await getCompanies(new TwentyFourSession(fake.deps, CREDENTIALS), {}).catch(
        (e: unknown) => e,
      );
      expect(error, JSON.stringify(reply)).toBeInstanceOf(type);
      expect((error as { retryable: boolean }).retryable).toBe(retryable);
    }
  });

  it('reads SOAP 1.2 faults by namespace, whatever the prefix', async () => {
    const soap12 = `<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><env:Fault><env:Code><env:Value>env:Receiver</env:Value></env:Code><env:Reason><env:Text xml:lang="en">Client is not authenticated on this identity</env:Text></env:Reason></env:Fault></env:Body></env:Envelope>`;
    const fake = fake24so((call) =>
      call.operation === 'Login'
        ? { result: `<LoginResult>${SESSION_A}</LoginResult>` }
        : { raw: soap12, status: 500 },
    );
    await expect(getCompanies(new TwentyFourSession(fake.deps, CREDENTIALS), {})).rejects.toBeInstanceOf(
      NotAuthenticatedError,
    );
  });

  it('refuses an entity bomb quickly, and an oversized answer while it streams in', async () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetCompaniesResponse xmlns="http://24sevenOffice.com/webservices"><GetCompaniesResult><Company><Name>&lol9;</Name></Company></GetCompaniesResult></GetCompaniesResponse></soap:Body></soap:Envelope>`;
    const { fake } = liveServer(() => ({ raw: bomb }));
    const started = performance.now();
    const heapBefore = process.memoryUsage().heapUsed;
    await expect(getCompanies(new TwentyFourSession(fake.deps, CREDENTIALS), {})).rejects.toBeInstanceOf(
      ResponseFormatError,
    );
    expect(performance.now() - started).toBeLessThan(2000); // generous: the machine may be busy; a real expansion takes far longer
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(50 * 1024 * 1024);

    let pushed = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pushed += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
    });
    const { fake: big } = liveServer(() => ({ raw: endless }));
    const session = new TwentyFourSession(big.deps, { ...CREDENTIALS, maxResponseBytes: 1024 * 1024 });
    const error = await getCompanies(session, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect(pushed).toBeLessThan(4 * 1024 * 1024);
  });

  it('never logs the password or the session id', async () => {
    const { fake, expire } = liveServer();
    const session = new TwentyFourSession(fake.deps, CREDENTIALS);
    await getCompanies(session, {});
    expire();
    await getCompanies(session, {});
    const log = fake.logLines.join('');
    expect(fake.logLines.length).toBeGreaterThan(3);
    expect(log).not.toContain('demo-password');
    expect(log).not.toContain(SESSION_A);
    expect(log).not.toContain(SESSION_B);
  });

  it('shares one login between concurrent first calls', async () => {
    const { fake } = liveServer();
    const session = new TwentyFourSession(fake.deps, CREDENTIALS);
    await Promise.all([getCompanies(session, {}), getCompanies(session, {}), getCompanies(session, {})]);
    expect(ops(fake.calls).filter((o) => o === 'Login')).toHaveLength(1);
  });
});

describe('batch saves', () => {
  it('returns each item with its id or its APIException, in the order sent', async () => {
    const { fake } = liveServer(() => ({
      result:
        '<SaveCompaniesResult><Company><Id>10043</Id><Name>Ny AS</Name></Company>' +
        '<Company><APIException><Type>Office24Seven.Library.ValidationException</Type><Message>Name too long</Message></APIException><Name>x</Name></Company></SaveCompaniesResult>',
    }));
    const results = await saveCompanies(new TwentyFourSession(fake.deps, CREDENTIALS), [
      { name: 'Ny AS' },
      { name: 'x' },
    ]);
    expect(results).toEqual([
      { index: 0, ok: true, id: 10043, item: { id: 10043, name: 'Ny AS' } },
      {
        index: 1,
        ok: false,
        error: { type: 'Office24Seven.Library.ValidationException', message: 'Name too long' },
        item: {
          apiException: { type: 'Office24Seven.Library.ValidationException', message: 'Name too long' },
          name: 'x',
        },
      },
    ]);
  });

  it('treats a missing id as a failed item and a missing item as a broken answer', async () => {
    const { fake } = liveServer(() => ({
      result: '<SaveCompaniesResult><Company><Name>a</Name></Company></SaveCompaniesResult>',
    }));
    const session = new TwentyFourSession(fake.deps, CREDENTIALS);
    const [only] = await saveCompanies(session, [{ name: 'a' }]);
    expect(only?.ok).toBe(false);
    await expect(saveCompanies(session, [{ name: 'a' }, { name: 'b' }])).rejects.toBeInstanceOf(
      ResponseFormatError,
    );
  });
});

describe('session checks', () => {
  it('checks a session with HasSession only after it has been idle', async () => {
    const { fake } = liveServer();
    const session = new TwentyFourSession(fake.deps, { ...CREDENTIALS, sessionCheckAfterMs: 60_000 });
    await getCompanies(session, {});
    for (let i = 0; i < 5; i++) {
      fake.advance(30_000);
      await getCompanies(session, {});
    }
    expect(ops(fake.calls).filter((o) => o === 'HasSession')).toHaveLength(0);
    fake.advance(61_000);
    await getCompanies(session, {});
    expect(ops(fake.calls).slice(-2)).toEqual(['HasSession', 'GetCompanies']);
  });
});

describe('answers of the wrong shape', () => {
  it('are typed, non-retryable errors naming the field', async () => {
    const { fake } = liveServer(() => ({
      result: '<GetCompaniesResult><Company><Id>abc</Id></Company></GetCompaniesResult>',
    }));
    const error = await getCompanies(new TwentyFourSession(fake.deps, CREDENTIALS), {}).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect((error as ResponseFormatError).retryable).toBe(false);
    expect((error as Error).message).toBe(
      'Uventet svar fra 24SevenOffice: GetCompaniesResponse.getCompaniesResult[0].id: not an integer: "abc"',
    );
  });
});

describe('session cookie', () => {
  it('follows a session cookie the server replaces, as a cookie container would', async () => {
    let calls = 0;
    const fake = fake24so((call) => {
      if (call.operation === 'Login') return { result: `<LoginResult>${SESSION_A}</LoginResult>` };
      calls++;
      return calls === 1
        ? {
            result: '<GetCompaniesResult/>',
            headers: { 'Set-Cookie': `ASP.NET_SessionId=${SESSION_B}; path=/; HttpOnly` },
          }
        : { result: '<GetCompaniesResult/>' };
    });
    const stored: string[] = [];
    const session = new TwentyFourSession(fake.deps, {
      ...CREDENTIALS,
      onSessionId: (id) => stored.push(id),
    });
    await getCompanies(session, {});
    await getCompanies(session, {});
    expect(fake.calls[2]?.cookie).toBe(`ASP.NET_SessionId=${SESSION_B}`);
    expect(stored).toEqual([SESSION_A, SESSION_B]);
  });
});
