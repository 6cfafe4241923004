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
import type { CallLog, CallRecord, Faults, RateLimiter } from './faults.ts';
import type { LoadedService } from './registry.ts';
import { type LoginOutcome, NOT_AUTHENTICATED, type OperationContext } from './service.ts';
import { endIdleSessions, type LoginThrottle, liveSession } from './sessions.ts';
import { type ClientData, findGrant, type SandboxData, type Session } from './state.ts';

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

/** A request body as bytes: a web Request's body (in process). */
export type BodyChunks = AsyncIterable<Uint8Array>;

/**
 * One SOAP request as the handler reads it, whatever carried it: the in-process fetch (a web
 * Request) or the server (Node's IncomingMessage, read without building a web Request for it).
 */
export interface SoapCall {
  contentType: string | undefined;
  soapAction: string | undefined;
  cookie: string | undefined;
  /** The declared Content-Length, checked before the body is read. */
  contentLength: string | undefined;
  /** Reads the whole body as UTF-8, refusing more than MAX_REQUEST_BYTES (tooLarge()). */
  readBody(): Promise<string>;
}

/** The answer: always a complete text body (SOAP answers are small and built in memory). */
export interface SoapAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The fault ASP.NET gives a request over its maxRequestLength. */
export function tooLarge(): SoapFault {
  return new SoapFault('Client', `Maximum request length exceeded (${MAX_REQUEST_BYTES} bytes).`);
}

/**
 * Reads a web body up to MAX_REQUEST_BYTES.
 * @example const text = await readCapped(request.body);
 */
export async function readCapped(chunks: BodyChunks | null): Promise<string> {
  if (!chunks) return '';
  const parts: Uint8Array[] = [];
  let size = 0;
  // Leaving the loop early (too large) cancels the stream, as ASP.NET stops reading.
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (size > MAX_REQUEST_BYTES) throw tooLarge();
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString('utf8');
}

function reply(
  version: SoapVersion,
  status: number,
  xml: string,
  headers: Record<string, string>,
): SoapAnswer {
  return { status, headers: { 'content-type': CONTENT_TYPE[version], ...headers }, body: xml };
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

/** What a handler gets; a class, so no closure is made for admitLogin on every call. */
class CallContext implements OperationContext {
  changed = false;
  setSession?: string;
  login?: LoginOutcome;

  constructor(
    private readonly deps: SoapDeps,
    readonly data: SandboxData,
    readonly now: Date,
    readonly sessionId: string | undefined,
    readonly session: Session | undefined,
    readonly client: ClientData | undefined,
  ) {}

  admitLogin(username: string): void {
    admitLogin(this.deps, this, username);
  }
}

/** Writes one call to the call log, with what was known when it ended. */
class CallLogger {
  constructor(
    private readonly calls: CallLog,
    private readonly now: Date,
    private readonly service: string,
    private readonly client: ClientData | undefined,
    private readonly started: number,
  ) {}

  add(
    operation: string,
    outcome: CallRecord['outcome'],
    fault: string | undefined,
    called: OperationContext | undefined,
  ): void {
    const login = called?.login;
    const time = this.now.toISOString();
    const client = this.client?.name ?? null;
    const clientId = this.client?.id ?? null;
    const durationMs = Math.round((performance.now() - this.started) * 100) / 100;
    // Keys in the call log's order, durationMs last; the common case built as one literal.
    const record: CallRecord =
      fault || login
        ? {
            time,
            service: this.service,
            operation,
            client,
            clientId,
            outcome,
            ...(fault ? { fault } : {}),
            ...(login ? { login } : {}),
            durationMs,
          }
        : { time, service: this.service, operation, client, clientId, outcome, durationMs };
    this.calls.add(record);
  }
}

/**
 * Answers one POST to a service path. Throws DroppedResponseError when the answer is to be lost.
 * @example const answer = await handleSoapCall(deps, service, call); // { status, headers, body }
 */
export async function handleSoapCall(
  deps: SoapDeps,
  service: LoadedService,
  call: SoapCall,
): Promise<SoapAnswer> {
  const started = performance.now();
  const faults = deps.faults();
  if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
  const http = soapVersionOf(call.contentType, call.soapAction);
  if (!http) {
    return {
      status: 415,
      headers: { 'content-type': 'text/plain; charset=UTF-8' },
      body: 'Unsupported Media Type: use text/xml (SOAP 1.1) or application/soap+xml (SOAP 1.2).',
    };
  }
  const now = deps.clock();
  const data = deps.data();
  const sessionId = call.cookie === undefined ? undefined : COOKIE.exec(call.cookie)?.[1];
  const session = liveSession(data, sessionId, now, faults.sessionIdleMinutes);
  const grant = session ? findGrant(data, session.identityId)?.grant : undefined;
  const client = grant && !grant.disabled ? data.clients.find((c) => c.id === grant.clientId) : undefined;
  // The handler's context once it runs; the log reads how a Login ended from it.
  let called: OperationContext | undefined;
  // Module-level helpers rather than closures made per call: the sandbox runs through tsx,
  // whose keepNames wraps every named closure in a defineProperty call.
  const log = new CallLogger(deps.calls, now, service.def.name, client, started);
  const limit = deps.limiter.take(now, faults.requestsPerHour, faults.limitWindowSeconds * 1000);
  const headers: Record<string, string> =
    faults.requestsPerHour === null
      ? {}
      : { APILimitRemaining: String(limit.remaining), APILimitReset: limit.resetAt.toISOString() };
  let operation = '(unknown)';
  try {
    if (Number(call.contentLength ?? '0') > MAX_REQUEST_BYTES) throw tooLarge();
    const text = await call.readBody();
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
    const ctx = new CallContext(deps, data, now, sessionId, session, client);
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
      log.add(operation, 'dropped', undefined, called);
      throw new DroppedResponseError();
    }
    log.add(operation, 'ok', undefined, called);
    return reply(http.version, 200, soapResponse(http.version, body), headers);
  } catch (error) {
    if (error instanceof DroppedResponseError) throw error;
    const fault =
      error instanceof SoapFault
        ? error
        : new SoapFault('Server', `Server was unable to process request. ---> ${(error as Error).message}`);
    log.add(operation, 'fault', fault.message, called);
    return reply(http.version, 500, soapFaultXml(http.version, fault), { ...headers, ...fault.headers });
  }
}
