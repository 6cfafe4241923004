import { expect } from 'vitest';
import type { Sandbox } from '../src/sandbox/server.ts';
import { parseXml } from '../src/twentyfour/xml.ts';
import { validateOperationXml } from './wsdl-schema.ts';

// Raw SOAP for the sandbox's tests, written from the WSDLs by hand — deliberately not the
// src/twentyfour client, so the two sides are each checked against the WSDL on their own.
// Every successful answer is validated against the schema inside the service's WSDL.

export const NS = 'http://24sevenOffice.com/webservices';
export const TX_NS = 'http://24sevenoffice.com/webservices/economy/accounting/';
export const APP_ID = '0f5f24a0-0000-4000-8000-000000000024';

export const SERVICES = {
  auth: { path: '/authenticate/v001/authenticate.asmx', wsdl: 'authService.wsdl', ns: NS },
  company: { path: '/CRM/Company/V001/CompanyService.asmx', wsdl: 'companyService.wsdl', ns: NS },
  person: { path: '/CRM/Contact/PersonService.asmx', wsdl: 'personService.wsdl', ns: NS },
  client: { path: '/Client/V001/ClientService.asmx', wsdl: 'clientService.wsdl', ns: NS },
  project: { path: '/Project/V001/ProjectService.asmx', wsdl: 'projectService.wsdl', ns: NS },
  time: { path: '/timesheet/v001/timeservice.asmx', wsdl: 'src/sandbox/wsdl/timeService.wsdl', ns: NS },
  product: { path: '/Logistics/Product/V001/ProductService.asmx', wsdl: 'productService.wsdl', ns: NS },
  invoice: { path: '/Economy/InvoiceOrder/V001/InvoiceService.asmx', wsdl: 'invoiceService.wsdl', ns: NS },
  transaction: {
    path: '/Economy/Accounting/V001/TransactionService.asmx',
    wsdl: 'transactionService.wsdl',
    ns: TX_NS,
  },
} as const;

export type ServiceKey = keyof typeof SERVICES;
export type Version = '1.1' | '1.2';

export const ENV_NS: Record<Version, string> = {
  '1.1': 'http://schemas.xmlsoap.org/soap/envelope/',
  '1.2': 'http://www.w3.org/2003/05/soap-envelope',
};

/** A request envelope with the operation wrapper in the service namespace (default xmlns). */
export function envelope(version: Version, operation: string, inner: string, ns = NS): string {
  const p = version === '1.1' ? 'soap' : 'soap12';
  return `<?xml version="1.0" encoding="utf-8"?><${p}:Envelope xmlns:${p}="${ENV_NS[version]}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><${p}:Body><${operation} xmlns="${ns}">${inner}</${operation}></${p}:Body></${p}:Envelope>`;
}

export interface SoapAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The operation's `<XResult>` content, parsed (undefined for faults and void answers). */
  result: unknown;
  /** The fault text (1.1 faultstring or 1.2 Reason/Text), if the answer is a fault. */
  fault?: string;
  faultCode?: string;
}

export interface CallOptions {
  version?: Version;
  cookie?: string;
  /** Skip the schema check (for answers that are not meant to be valid, e.g. in xsi:nil mode). */
  validate?: boolean;
  action?: string;
}

/**
 * Posts one operation to the sandbox and parses the answer; successful answers are checked
 * against the WSDL's schema.
 * @example const a = await soapCall(sandbox, 'company', 'GetCompanies', '<searchParams/>', { cookie });
 */
export async function soapCall(
  sandbox: Pick<Sandbox, 'fetch'>,
  service: ServiceKey,
  operation: string,
  inner: string,
  options: CallOptions = {},
): Promise<SoapAnswer> {
  const svc = SERVICES[service];
  const version = options.version ?? '1.1';
  // SOAPAction is namespace + operation; TransactionService's namespace already ends in '/'.
  const soapAction = svc.ns === TX_NS ? `${TX_NS}${operation}` : `${NS}/${operation}`;
  const headers: Record<string, string> =
    version === '1.1'
      ? { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${options.action ?? soapAction}"` }
      : { 'content-type': `application/soap+xml; charset=utf-8; action="${options.action ?? soapAction}"` };
  if (options.cookie) headers.cookie = `ASP.NET_SessionId=${options.cookie}`;
  const response = await sandbox.fetch(`http://sandbox.test${svc.path}`, {
    method: 'POST',
    headers,
    body: envelope(version, operation, inner, svc.ns),
  });
  const text = await response.text();
  const doc = parseXml(text) as Record<string, Record<string, Record<string, unknown>>>;
  const body = doc.Envelope?.Body ?? {};
  const faultNode = body.Fault as Record<string, unknown> | undefined;
  if (faultNode) {
    const reason = (faultNode.Reason as Record<string, unknown> | undefined)?.Text;
    const fault = String(
      faultNode.faultstring ??
        (typeof reason === 'object' ? (reason as Record<string, unknown>)['#text'] : reason) ??
        '',
    );
    const code = String(
      faultNode.faultcode ?? (faultNode.Code as Record<string, unknown> | undefined)?.Value ?? '',
    );
    return {
      status: response.status,
      headers: response.headers,
      text,
      result: undefined,
      fault,
      faultCode: code,
    };
  }
  if (options.validate !== false && response.status === 200) {
    const check = await validateOperationXml(svc.wsdl, text);
    expect(check.errors, `${operation} answer must match ${svc.wsdl}`).toEqual([]);
  }
  const wrapper = body[`${operation}Response`] as Record<string, unknown> | undefined;
  return {
    status: response.status,
    headers: response.headers,
    text,
    result: wrapper?.[`${operation}Result`],
  };
}

/** Logs in as the demo API user (optionally on an identity) and returns the session id. */
export async function login(
  sandbox: Pick<Sandbox, 'fetch'>,
  options: { identityId?: string; password?: string; version?: Version } = {},
): Promise<string> {
  const identity = options.identityId ? `<IdentityId>${options.identityId}</IdentityId>` : '';
  const answer = await soapCall(
    sandbox,
    'auth',
    'Login',
    `<credential><ApplicationId>${APP_ID}</ApplicationId>${identity}<Password>${options.password ?? 'demo-password'}</Password><Username>api@demo.no</Username></credential>`,
    { version: options.version },
  );
  return String(answer.result ?? '');
}

/** Makes a parsed value a list (one parsed item is an object, several an array). */
export function items<T = Record<string, unknown>>(value: unknown, name: string): T[] {
  if (value === undefined || value === '' || value === null) return [];
  const inner = (value as Record<string, unknown>)[name];
  if (inner === undefined) return [];
  return (Array.isArray(inner) ? inner : [inner]) as T[];
}
