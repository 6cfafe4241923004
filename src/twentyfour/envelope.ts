import { asArray, textOf } from './codec.ts';
import { parseFastXml } from './fast-xml.ts';
import { XmlSafetyError } from './xml.ts';

// SOAP 1.1 envelopes out, SOAP 1.1 or 1.2 envelopes in. Envelope elements are matched by their
// namespace URI, never by prefix (ASMX may answer SOAP 1.2 with a `soap:` prefix).

export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

/**
 * Wraps an operation's parameter XML in a SOAP 1.1 envelope; the operation element declares
 * the service namespace as default, so every descendant is qualified (elementFormDefault).
 * @example buildEnvelope('http://24sevenOffice.com/webservices', 'HasSession', '')
 */
export function buildEnvelope(namespace: string, operation: string, paramsXml: string): string {
  const body = paramsXml
    ? `<${operation} xmlns="${namespace}">${paramsXml}</${operation}>`
    : `<${operation} xmlns="${namespace}"/>`;
  return `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${SOAP11_NS}" xmlns:xsi="${XSI_NS}"><soap:Body>${body}</soap:Body></soap:Envelope>`;
}

export interface SoapFault {
  /** `Client`/`Sender` or `Server`/`Receiver`, without prefix. */
  code: string;
  message: string;
}

export type EnvelopeContent =
  | { kind: 'body'; element: Record<string, unknown> }
  | { kind: 'fault'; fault: SoapFault };

/** Thrown when the text is not a SOAP envelope at all (wrapped by the caller). */
export class EnvelopeError extends Error {
  readonly retryable = false;
}

/**
 * Parses a response envelope and returns either the named response element (e.g.
 * `LoginResponse`) or the fault. Hostile XML (DTDs, entities, oversize, deep nesting) is refused by the parser.
 * @example readEnvelope(text, 'LoginResponse') // { kind: 'body', element: { LoginResult: '…' } }
 */
export function readEnvelope(text: string, responseElement: string, maxBytes?: number): EnvelopeContent {
  const root = /<(?:([A-Za-z_][\w.-]*):)?Envelope\b([^>]*)>/.exec(text);
  if (!root) throw new EnvelopeError('no SOAP Envelope element');
  const prefix = root[1];
  const nsDecl = new RegExp(`\\sxmlns${prefix ? `:${prefix}` : ''}="([^"]*)"`).exec(root[2] ?? '');
  const ns = nsDecl?.[1];
  if (ns !== SOAP11_NS && ns !== SOAP12_NS)
    throw new EnvelopeError(`Envelope is not in a SOAP namespace (${ns ?? 'none'})`);

  let doc: Record<string, unknown>;
  try {
    doc = parseFastXml(text, { maxBytes });
  } catch (error) {
    if (error instanceof XmlSafetyError) throw error;
    throw new EnvelopeError(`malformed XML: ${(error as Error).message}`);
  }
  const envelope = doc.Envelope as Record<string, unknown> | undefined;
  const body = envelope?.Body as Record<string, unknown> | undefined;
  if (!envelope || body === undefined) throw new EnvelopeError('Envelope has no Body');
  if (typeof body !== 'object' || body === null) throw new EnvelopeError('empty Body');

  const fault = body.Fault as Record<string, unknown> | undefined;
  if (fault !== undefined) return { kind: 'fault', fault: readFault(fault) };

  const element = asArray(body[responseElement])[0];
  if (element === undefined) {
    const found = Object.keys(body).filter((k) => !k.startsWith('@_'));
    throw new EnvelopeError(`expected ${responseElement}, got ${found.join(', ') || 'nothing'}`);
  }
  return {
    kind: 'body',
    element: typeof element === 'object' && element !== null ? (element as Record<string, unknown>) : {},
  };
}

function readFault(fault: Record<string, unknown>): SoapFault {
  // SOAP 1.1: faultcode/faultstring. SOAP 1.2: Code/Value + Reason/Text.
  const code11 = textOf(fault.faultcode);
  const code12 = textOf((fault.Code as Record<string, unknown> | undefined)?.Value);
  const reason = fault.Reason as Record<string, unknown> | undefined;
  const message = textOf(fault.faultstring) ?? textOf(asArray(reason?.Text)[0]) ?? '';
  const code = (code11 ?? code12 ?? '').replace(/^[\w.-]+:/, '');
  return { code, message };
}
