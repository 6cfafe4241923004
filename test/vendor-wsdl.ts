import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHARED_DIR = resolve(ROOT, '../shared/24so/wsdl');
const SANDBOX_COPIES = resolve(ROOT, 'src/sandbox/wsdl');

/**
 * Where the vendor WSDLs are read from: `../shared/24so/wsdl` when this checkout sits beside
 * the shared folder, else the sandbox's byte-for-byte copies (checked against the published
 * SHA-256 list below), so the schema tests also run in a checkout made anywhere else.
 */
export const VENDOR_WSDL_DIR = existsSync(SHARED_DIR) ? SHARED_DIR : SANDBOX_COPIES;

/** SHA-256 of each vendor file as published in `../shared/24so/wsdl/README.md`. */
export const VENDOR_WSDL_SHA256: Readonly<Record<string, string>> = {
  'authService.wsdl': '78d7b9b60ef37afa7b653462d91794609f98e8df64c7354c52b059d540448986',
  'companyService.wsdl': '0ddc0da5a893dae8b5842587124b4d53fc7808c27ee8c1ef1f06fc92040fa491',
  'personService.wsdl': '103254c14f3e86bba6907a3534087a1779866e1c21cca4c0df26632c4139049b',
  'clientService.wsdl': '7153694389e5324f69662e2e27efc5292f7ad1f3faff37dc0e1b2205a9d565ec',
  'projectService.wsdl': '522b239b1b88207695ef6bfd2559a7950ae1fa89e9118e6f287d00a90e2c5cff',
  'productService.wsdl': 'c4d3a531e2b298186e5a8c40b7b5f266e229e480e9b814dee5697365cab47e03',
  'invoiceService.wsdl': 'bca77f37fd39db3254d5a76f1363e3262e587fca409ce6105f414e43eb8a34a1',
  'transactionService.wsdl': '79a1b4babdd9c0733151510d89f8f3599adbe30891cc8aec144fae0a4793343f',
  'accountService.wsdl': 'c3a8e056979432cdaf98c116d6b180e38214a70e7b9b412f2b262aa965a8b4bc',
  'attachmentService.wsdl': '3189db5529854291225ebafa7be7e47fce89c2685623dabb128525e4a36902d3',
};
