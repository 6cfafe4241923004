import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { authenticateService } from './handlers/authenticate.ts';
import { companyService } from './handlers/company.ts';
import { invoiceService } from './handlers/invoice.ts';
import { clientService, personService } from './handlers/person-client.ts';
import { productService } from './handlers/product.ts';
import { projectService } from './handlers/project.ts';
import { timeService } from './handlers/time.ts';
import { transactionService } from './handlers/transaction.ts';
import { loadServiceSchema, type ServiceSchema } from './schema.ts';
import type { ServiceDef } from './service.ts';

// The services the sandbox serves, with their WSDL schemas loaded once per process.

export const SERVICES: ServiceDef[] = [
  authenticateService,
  companyService,
  personService,
  clientService,
  projectService,
  timeService,
  productService,
  invoiceService,
  transactionService,
];

export interface LoadedService {
  def: ServiceDef;
  schema: ServiceSchema;
  wsdlText: string;
}

/** Absolute path of a WSDL file shipped with the sandbox. */
export function wsdlPath(file: string): string {
  return fileURLToPath(new URL(`./wsdl/${file}`, import.meta.url));
}

let loaded: Map<string, LoadedService> | undefined;

/**
 * Services by lower-cased path (IIS matches paths case-insensitively).
 * @example servicesByPath().get('/crm/company/v001/companyservice.asmx')?.def.name // 'CompanyService'
 */
export function servicesByPath(): Map<string, LoadedService> {
  if (!loaded) {
    loaded = new Map();
    for (const def of SERVICES) {
      const file = wsdlPath(def.wsdl);
      loaded.set(def.path.toLowerCase(), {
        def,
        schema: loadServiceSchema(file),
        wsdlText: readFileSync(file, 'utf8'),
      });
    }
  }
  return loaded;
}

/** The WSDL text with every `soap:address`/`soap12:address` pointed at the sandbox. */
export function wsdlFor(service: LoadedService, origin: string): string {
  return service.wsdlText.replace(
    /(<soap(?:12)?:address\s+location=")[^"]*(")/g,
    (_m, open: string, close: string) => `${open}${origin}${service.def.path}${close}`,
  );
}
