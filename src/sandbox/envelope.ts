import { parseFastXml } from '../twentyfour/fast-xml.ts';
import { escapeXml } from '../twentyfour/xml.ts';

// SOAP 1.1 and 1.2 envelopes as ASMX reads and writes them. The sandbox answers in the
// version it was asked in, with `soap` bound to that version's namespace (ASMX's own habit).

export type SoapVersion = '1.1' | '1.2';

const ENVELOPE_NS: Record<SoapVersion, string> = {
  '1.1': 'http://schemas.xmlsoap.org/soap/envelope/',
  '1.2': 'http://www.w3.org/2003/05/soap-envelope',
};

export const CONTENT_TYPE: Record<SoapVersion, string> = {
  '1.1': 'text/xml; charset=utf-8',
  '1.2': 'application/soap+xml; charset=utf-8',
};

export interface SoapRequest {
  version: SoapVersion;
  /** The SOAPAction header or the `action` parameter of a SOAP 1.2 content type, unquoted. */
  action: string | undefined;
  /** Local name of the body's first element (the operation wrapper). */
  operation: string;
  /** Namespace of that element. */
  namespace: string | undefined;
  /** The wrapper's parsed content. */
  body: unknown;
}

/** A request-level failure, answered with an ASMX-shaped SOAP fault and HTTP 500. */
export class SoapFault extends Error {
  readonly retryable: boolean;
  constructor(
    readonly code: 'Client' | 'Server',
    message: string,
    options: { retryable?: boolean; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.retryable = options.retryable ?? code === 'Server';
    this.headers = options.headers ?? {};
  }
  readonly headers: Record<string, string>;
}

/**
 * Picks the SOAP version and action from the Content-Type and SOAPAction headers; undefined
 * when neither fits.
 * @example soapVersionOf('text/xml; charset=utf-8', '"http://24sevenOffice.com/webservices/Login"')
 */
export function soapVersionOf(
  contentType: string | undefined,
  soapAction: string | undefined,
): { version: SoapVersion; action: string | undefined } | undefined {
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('application/soap+xml')) {
    const m = /action\s*=\s*"?([^";]+)"?/i.exec(contentType ?? '');
    return { version: '1.2', action: m?.[1] };
  }
  if (type.startsWith('text/xml')) {
    return { version: '1.1', action: soapAction?.replace(/^"|"$/g, '') };
  }
  return undefined;
}

/**
 * Deepest nesting a request may have: fast-xml-parser's limit, which the sandbox used to read
 * requests with (24SO requests are under 10 levels deep).
 */
const MAX_REQUEST_DEPTH = 100;

/**
 * Parses a SOAP request body (DTDs refused, size capped by the caller) and finds the
 * operation wrapper. The strict one-pass reader refuses anything not well-formed. Throws SoapFault('Client') for anything ASMX could not read.
 * @example parseSoapRequest(text, { version: '1.1', action: 'http://24sevenOffice.com/webservices/Login' })
 */
export function parseSoapRequest(
  text: string,
  http: { version: SoapVersion; action: string | undefined },
): SoapRequest {
  let doc: Record<string, unknown>;
  try {
    doc = parseFastXml(text, { maxDepth: MAX_REQUEST_DEPTH });
  } catch (error) {
    throw new SoapFault(
      'Client',
      `Server was unable to read request. ---> There is an error in XML document (1, 1). ---> ${(error as Error).message}`,
    );
  }
  const envelope = doc.Envelope as Record<string, unknown> | undefined;
  const body = envelope?.Body;
  if (!envelope || body === undefined) {
    throw new SoapFault(
      'Client',
      'Server was unable to read request. ---> There is an error in XML document (1, 1). ---> Root element is missing or is not a SOAP Envelope.',
    );
  }
  const envelopeNs = namespaceOfEnvelope(text);
  if (envelopeNs !== ENVELOPE_NS[http.version]) {
    throw new SoapFault(
      'Client',
      `Possible SOAP version mismatch: Envelope namespace ${envelopeNs ?? '(none)'} was unexpected. Expecting ${ENVELOPE_NS[http.version]}.`,
    );
  }
  const operation = firstElementName(body);
  if (operation === undefined) {
    throw new SoapFault(
      'Client',
      'Unable to handle request without a valid action parameter. Please supply a valid soap action.',
    );
  }
  const content = (body as Record<string, unknown>)[operation];
  return { ...http, operation, namespace: namespaceOfBodyChild(text), body: content };
}

/** The first child element's name of a parsed element (attributes are `@_…`, text `#text`). */
function firstElementName(node: unknown): string | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  for (const key of Object.keys(node)) if (!key.startsWith('@_')) return key;
  return undefined;
}

// The parser drops namespaces with their prefixes, so the two namespaces that matter
// (the envelope's and the wrapper's) are read from the raw text.
// Built once: the sandbox parses every request with them.
const ENVELOPE_TAG = /<(?:([\w.-]+):)?Envelope[\s>/]([^>]*)/;

function namespaceOfEnvelope(text: string): string | undefined {
  const m = ENVELOPE_TAG.exec(text);
  if (!m) return undefined;
  return resolvePrefix(text, m[1], m[2]);
}

function namespaceOfBodyChild(text: string): string | undefined {
  const m = /<(?:[\w.-]+:)?Body(?:\s[^>]*)?>\s*(?:<!--[\s\S]*?-->\s*)*<(?:([\w.-]+):)?[\w.-]+([^>]*)>/.exec(
    text,
  );
  if (!m) return undefined;
  return resolvePrefix(text, m[1], m[2]);
}

/** `xmlns:<prefix>="…"` matchers by prefix ('' for the default namespace); clients use a handful. */
const DECLARATIONS = new Map<string, RegExp>();
const MAX_DECLARATIONS = 64;

function declarationOf(prefix: string | undefined): RegExp {
  const key = prefix ?? '';
  let re = DECLARATIONS.get(key);
  if (!re) {
    const attr = prefix ? `xmlns:${prefix}` : 'xmlns';
    re = new RegExp(`${attr}\\s*=\\s*["']([^"']*)["']`);
    // Prefixes come from callers' requests: keep the cache bounded.
    if (DECLARATIONS.size < MAX_DECLARATIONS) DECLARATIONS.set(key, re);
  }
  return re;
}

function resolvePrefix(text: string, prefix: string | undefined, ownAttributes: string): string | undefined {
  const declaration = declarationOf(prefix);
  const own = declaration.exec(ownAttributes);
  if (own) return own[1];
  return declaration.exec(text)?.[1];
}

/** Wraps a body element in a response envelope of the given version. */
export function soapResponse(version: SoapVersion, bodyXml: string): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<soap:Envelope xmlns:soap="${ENVELOPE_NS[version]}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">` +
    `<soap:Body>${bodyXml}</soap:Body></soap:Envelope>`
  );
}

/** An ASMX fault envelope: faultcode/faultstring in 1.1, Code/Reason in 1.2. */
export function soapFaultXml(version: SoapVersion, fault: SoapFault): string {
  const text = escapeXml(fault.message);
  if (version === '1.1') {
    return soapResponse(
      version,
      `<soap:Fault><faultcode>soap:${fault.code}</faultcode><faultstring>${text}</faultstring><detail /></soap:Fault>`,
    );
  }
  const code = fault.code === 'Client' ? 'Sender' : 'Receiver';
  return soapResponse(
    version,
    `<soap:Fault><soap:Code><soap:Value>soap:${code}</soap:Value></soap:Code><soap:Reason><soap:Text xml:lang="en">${text}</soap:Text></soap:Reason><soap:Detail /></soap:Fault>`,
  );
}
