// Where each 24SO service lives. The real API is split over two hosts (API-NOTES §1.1); a base
// URL (the sandbox, TWENTYFOUR_BASE_URL) puts every service on that one host.

/** Body namespace of every service except the accounting ones. */
export const WEBSERVICES_NS = 'http://24sevenOffice.com/webservices';
/** TransactionService's namespace: lower-case "o" and a trailing slash. */
export const ACCOUNTING_NS = 'http://24sevenoffice.com/webservices/economy/accounting/';

export interface ServiceEndpoint {
  host: 'api.24sevenoffice.com' | 'webservices.24sevenoffice.com';
  path: string;
  namespace: string;
}

export const SERVICES = {
  authenticate: {
    host: 'api.24sevenoffice.com',
    path: '/authenticate/v001/authenticate.asmx',
    namespace: WEBSERVICES_NS,
  },
  company: {
    host: 'api.24sevenoffice.com',
    path: '/CRM/Company/V001/CompanyService.asmx',
    namespace: WEBSERVICES_NS,
  },
  person: {
    host: 'webservices.24sevenoffice.com',
    path: '/CRM/Contact/PersonService.asmx',
    namespace: WEBSERVICES_NS,
  },
  client: {
    host: 'api.24sevenoffice.com',
    path: '/Client/V001/ClientService.asmx',
    namespace: WEBSERVICES_NS,
  },
  project: {
    host: 'webservices.24sevenoffice.com',
    path: '/Project/V001/ProjectService.asmx',
    namespace: WEBSERVICES_NS,
  },
  time: {
    host: 'webservices.24sevenoffice.com',
    path: '/timesheet/v001/timeservice.asmx',
    namespace: WEBSERVICES_NS,
  },
  product: {
    host: 'api.24sevenoffice.com',
    path: '/Logistics/Product/V001/ProductService.asmx',
    namespace: WEBSERVICES_NS,
  },
  invoice: {
    host: 'api.24sevenoffice.com',
    path: '/Economy/InvoiceOrder/V001/InvoiceService.asmx',
    namespace: WEBSERVICES_NS,
  },
  transaction: {
    host: 'api.24sevenoffice.com',
    path: '/Economy/Accounting/V001/TransactionService.asmx',
    namespace: ACCOUNTING_NS,
  },
} as const satisfies Record<string, ServiceEndpoint>;

export type ServiceName = keyof typeof SERVICES;

/**
 * The endpoint URL of a service.
 * @example serviceUrl('person') // 'https://webservices.24sevenoffice.com/CRM/Contact/PersonService.asmx'
 * @example serviceUrl('person', 'http://127.0.0.1:7324') // 'http://127.0.0.1:7324/CRM/Contact/PersonService.asmx'
 */
export function serviceUrl(service: ServiceName, baseUrl?: string): string {
  const endpoint = SERVICES[service];
  if (baseUrl) return `${baseUrl.replace(/\/+$/, '')}${endpoint.path}`;
  return `https://${endpoint.host}${endpoint.path}`;
}

/** The SOAPAction of an operation: the service namespace (with one slash) plus its name. */
export function soapAction(service: ServiceName, operation: string): string {
  const ns = SERVICES[service].namespace;
  return `${ns.endsWith('/') ? ns : `${ns}/`}${operation}`;
}
