// The 24SevenOffice SOAP client: a session plus one module of typed operations per service.
// Import service functions from here; schema types of the same name in different services
// (Address, User, Category…) are exported by their service modules.

export * from './authenticate.ts';
export * from './batch.ts';
export type { CallBudget } from './call-budget.ts';
export * from './client-service.ts';
export * from './company-service.ts';
export * from './errors.ts';
export * from './invoice-service.ts';
export * from './person-service.ts';
export * from './product-service.ts';
export * from './project-service.ts';
export * from './services.ts';
export * from './session.ts';
export * from './time-service.ts';
export * from './transaction-service.ts';
export type { FetchLike, RateLimitState, SoapCaller, TwentyFourDeps } from './transport.ts';
