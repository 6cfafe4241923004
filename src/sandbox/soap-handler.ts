import { decodeChildren, encodeWrapper, type Obj, RequestReadError } from './codec.ts';
import {
  CONTENT_TYPE,
  parseSoapRequest,
  SoapFault,
  type SoapVersion,
  soapFaultXml,
  soapResponse,
  soapVersionOf,
} from './envelope.ts';
import type { CallLog, Faults, RateLimiter } from './faults.ts';
import type { LoadedService } from './registry.ts';
import { NOT_AUTHENTICATED, type OperationContext } from './service.ts';
import { endIdleSessions, type LoginThrottle, liveSession } from './sessions.ts';
import { findGrant, type SandboxData } from './state.ts';

// One SOAP call, the way ASMX and 24SO treat it: latency, the hourly limit, injected
// failures, the session cookie (ended after its idle time), the login throttle, decoding by the
// WSDL, the handler, encoding by the WSDL, and (when asked) losing the answer after the change
// was made.

/** Largest request body the sandbox reads (24SO requests are far smaller). */
export const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

export interface SoapDeps {
  data(): SandboxData;
  faults(): Faults;
  limiter: RateLimiter;
  logins: LoginThrottle;
  calls: CallLog;
  clock(): Date;
  random(): number;
  /** Called after a handler changed the state. */
  changed(): void;
}

/** Thrown instead of a response when the answer is to be lost after the change was committed. */
export class DroppedResponseError extends TypeError {
  readonly retryable = true;
  constructor() {
    super('fetch failed', {
      cause: new Error('other side closed (sandbox dropped the response after committing)'),
    });
  }
}

const COOKIE = /(?:^|;\s*)ASP\.NET_SessionId=([^;]+)/i;

/**
 * A request body as bytes: a web Request's body in process, or Node's IncomingMessage over a
 * port (read directly, which saves building a web stream for every call).
 */
export type BodyChunks = AsyncIterable<Uint8Array>;

async function readCapped(request: Request, chunks: BodyChunks | null): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_REQUEST_BYTES)
    throw new SoapFault('Client', `Maximum request length exceeded (${MAX_REQUEST_BYTES} bytes).`);
  if (!chunks) return '';
  const parts: Uint8Array[] = [];
  let size = 0;
  // Leaving the loop early (too large) cancels the stream, as ASP.NET stops reading.
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (size > MAX_REQUEST_BYTES)
      throw new SoapFault('Client', `Maximum request length exceeded (${MAX_REQUEST_BYTES} bytes).`);
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString('utf8');
}

function reply(version: SoapVersion, status: number, xml: string, headers: Record<string, string>): Response {
  return new Response(xml, { status, headers: { 'content-type': CONTENT_TYPE[version], ...headers } });
}

/** Before a login opens a session: idle sessions end, and a user over the throttle is refused. */
function admitLogin(deps: SoapDeps, ctx: OperationContext, username: string): void {
  const faults = deps.faults();
  endIdleSessions(ctx.data, ctx.now, faults.sessionIdleMinutes);
  const turn = deps.logins.take(username, ctx.now, faults.loginsPerMinute);
  if (turn.allowed) return;
  ctx.login = 'throttled';
  throw new SoapFault(
    'Server',
    `Server was unable to process request. ---> Too many logins for this user. Login is blocked until ${turn.retryAt.toISOString()}; reuse the session id instead of logging in again.`,
    { retryable: true },
  );
}

/**
 * Answers one POST to a service path; the body is read from `chunks` (the request's own body
 * unless the server hands over the raw stream).
 * @example const response = await handleSoapCall(deps, service, request, request.body);
 */
export async function handleSoapCall(
  deps: SoapDeps,
  service: LoadedService,
  request: Request,
  chunks: BodyChunks | null,
): Promise<Response> {
  const started = performance.now();
  const faults = deps.faults();
  if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
  const http = soapVersionOf(request.headers);
  if (!http) {
    return new Response(
      'Unsupported Media Type: use text/xml (SOAP 1.1) or application/soap+xml (SOAP 1.2).',
      { status: 415 },
    );
  }
  const now = deps.clock();
  const data = deps.data();
  const sessionId = COOKIE.exec(request.headers.get('cookie') ?? '')?.[1];
  const session = liveSession(data, sessionId, now, faults.sessionIdleMinutes);
  const grant = session ? findGrant(data, session.identityId)?.grant : undefined;
  const client = grant && !grant.disabled ? data.clients.find((c) => c.id === grant.clientId) : undefined;
  // The handler's context once it runs; the log reads how a Login ended from it.
  let called: OperationContext | undefined;
  const log = (operation: string, outcome: 'ok' | 'fault' | 'dropped', fault?: string) =>
    deps.calls.add({
      time: now.toISOString(),
      service: service.def.name,
      operation,
      client: client?.name ?? null,
      clientId: client?.id ?? null,
      outcome,
      ...(fault ? { fault } : {}),
      ...(called?.login ? { login: called.login } : {}),
      durationMs: Math.round((performance.now() - started) * 100) / 100,
    });

  const limit = deps.limiter.take(now, faults.requestsPerHour, faults.limitWindowSeconds * 1000);
  const headers: Record<string, string> =
    faults.requestsPerHour === null
      ? {}
      : { APILimitRemaining: String(limit.remaining), APILimitReset: limit.resetAt.toISOString() };
  let operation = '(unknown)';
  try {
    const text = await readCapped(request, chunks);
    const soap = parseSoapRequest(text, http);
    operation = soap.operation;
    if (!limit.allowed) {
      throw new SoapFault(
        'Server',
        `Limit exceeded by ${limit.over}. Request is blocked. Quarantine ends at ${limit.resetAt.toISOString()}`,
        { retryable: true },
      );
    }
    const op = service.def.operations[soap.operation];
    const element = service.schema.elements.get(soap.operation);
    const expectedAction = service.schema.actions.get(soap.operation);
    const actionMismatch = soap.action !== undefined && soap.action !== '' && soap.action !== expectedAction;
    if (!op || !element || !expectedAction || actionMismatch || soap.namespace !== service.schema.namespace) {
      throw new SoapFault(
        'Client',
        `Server did not recognize the value of HTTP Header SOAPAction: ${soap.action || soap.operation}.`,
      );
    }
    if (faults.failRate > 0 && deps.random() < faults.failRate) {
      throw new SoapFault(
        'Server',
        'Server was unable to process request. ---> Transaction (Process ID 71) was deadlocked on lock resources with another process and has been chosen as the deadlock victim. Rerun the transaction.',
        { retryable: true },
      );
    }
    if (op.needsClient && !client) throw new SoapFault('Server', NOT_AUTHENTICATED, { retryable: false });
    let params: Obj;
    try {
      params = decodeChildren(service.schema, element, soap.body);
    } catch (error) {
      if (error instanceof RequestReadError) {
        throw new SoapFault(
          'Client',
          `Server was unable to read request. ---> There is an error in XML document. ---> ${error.message}`,
        );
      }
      throw error;
    }
    const ctx: OperationContext = {
      data,
      now,
      sessionId,
      session,
      client,
      changed: false,
      admitLogin: (username) => admitLogin(deps, ctx, username),
    };
    called = ctx;
    const result = op.run(ctx, params);
    if (ctx.changed) deps.changed();
    const body = encodeWrapper(
      service.schema,
      `${soap.operation}Response`,
      result.result === undefined ? {} : { [`${soap.operation}Result`]: result.result },
      { nil: faults.xsiNil, only: result.only },
    );
    if (ctx.setSession)
      headers['set-cookie'] = `ASP.NET_SessionId=${ctx.setSession}; path=/; HttpOnly; SameSite=Lax`;
    if (faults.dropResponseRate > 0 && deps.random() < faults.dropResponseRate) {
      log(operation, 'dropped');
      throw new DroppedResponseError();
    }
    log(operation, 'ok');
    return reply(http.version, 200, soapResponse(http.version, body), headers);
  } catch (error) {
    if (error instanceof DroppedResponseError) throw error;
    const fault =
      error instanceof SoapFault
        ? error
        : new SoapFault('Server', `Server was unable to process request. ---> ${(error as Error).message}`);
    log(operation, 'fault', fault.message);
    return reply(http.version, 500, soapFaultXml(http.version, fault), { ...headers, ...fault.headers });
  }
}
