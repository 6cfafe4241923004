import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseXml } from '../xml.ts';

// Generates the per-service schema modules (TypeScript interfaces + codec specs in WSDL sequence
// order) from the vendor WSDLs. Run: `node --import tsx src/twentyfour/schema/generate.ts`.
// A test regenerates them in memory and compares, so the committed files cannot drift from
// the WSDLs.

const HERE = fileURLToPath(new URL('.', import.meta.url));
// The vendor WSDLs beside the project (../shared), else the sandbox's byte-for-byte copies
// (their SHA-256 is checked against the vendor's published list in src/sandbox/server.test.ts).
const SHARED_WSDL_DIR = resolve(HERE, '../../../../shared/24so/wsdl');
export const WSDL_DIR = existsSync(SHARED_WSDL_DIR) ? SHARED_WSDL_DIR : resolve(HERE, '../../sandbox/wsdl');
const REPO_ROOT = resolve(HERE, '../../..');

/** A bare name is a vendor WSDL; a path (the sandbox's own TimeService WSDL) is from the repo root. */
const wsdlPath = (wsdl: string): string =>
  wsdl.includes('/') ? resolve(REPO_ROOT, wsdl) : resolve(WSDL_DIR, wsdl);

/** Which operations of which WSDL Broen uses; everything they reference is generated. */
export const GENERATED_SERVICES: ReadonlyArray<{ module: string; wsdl: string; operations: string[] }> = [
  {
    module: 'authenticate',
    wsdl: 'authService.wsdl',
    operations: ['Login', 'HasSession', 'GetIdentities', 'GetIdentitiesWithCredential', 'SetIdentityById'],
  },
  {
    module: 'company',
    wsdl: 'companyService.wsdl',
    operations: ['GetCompanies', 'GetCompanySyncList', 'SaveCompanies'],
  },
  { module: 'person', wsdl: 'personService.wsdl', operations: ['GetPersons', 'GetPersonsDetailed'] },
  {
    module: 'client',
    wsdl: 'clientService.wsdl',
    operations: [
      'GetClientInformation',
      'GetUsers',
      'GetDepartmentList',
      'GetTypeGroupList',
      'GetVatTypeList',
    ],
  },
  {
    module: 'project',
    wsdl: 'projectService.wsdl',
    operations: [
      'GetProjectList',
      'GetProjectsDetailed',
      'SaveProject',
      'GetProjectStatuses',
      'GetDeactivatedProjects',
    ],
  },
  {
    module: 'product',
    wsdl: 'productService.wsdl',
    operations: ['GetProducts', 'SaveProducts', 'GetCategories', 'SetStockQuantity'],
  },
  {
    module: 'invoice',
    wsdl: 'invoiceService.wsdl',
    operations: ['SaveInvoices', 'GetInvoices', 'GetOrderSyncList'],
  },
  {
    // 24SO publishes no TimeService WSDL; the sandbox's one is written from the documented types.
    module: 'time',
    wsdl: 'src/sandbox/wsdl/timeService.wsdl',
    operations: ['GetWorkTypeList', 'GetHours', 'SaveHour'],
  },
  {
    module: 'transaction',
    wsdl: 'transactionService.wsdl',
    operations: ['GetUserDefinedDimensions', 'GetUserDefinedDimensionValues'],
  },
];

type Node = Record<string, unknown>;
const list = (v: unknown): Node[] => (v === undefined ? [] : Array.isArray(v) ? (v as Node[]) : [v as Node]);

const SCALARS: Record<string, [kind: string, ts: string]> = {
  string: ['string', 'string'],
  int: ['int', 'number'],
  long: ['long', 'number'],
  short: ['short', 'number'],
  unsignedByte: ['unsignedByte', 'number'],
  decimal: ['decimal', 'string'],
  double: ['double', 'string'],
  boolean: ['bool', 'boolean'],
  dateTime: ['dateTime', 'Date'],
  date: ['date', 'Date'],
  guid: ['guid', 'string'],
  base64Binary: ['base64', 'string'],
  anyType: ['any', 'unknown'],
};

/** PascalCase XML name → camelCase key (`APIException` → `apiException`, `PriceGroupID` → `priceGroupId`). */
export function camelKey(name: string): string {
  let key = name.replace(/^[A-Z]+(?=[A-Z][a-z]|\d|$)|^[A-Z]/, (m) => m.toLowerCase());
  key = key.replace(
    /([a-z\d])([A-Z]{2,})$/,
    (_m, a: string, b: string) => a + b[0] + b.slice(1).toLowerCase(),
  );
  return key;
}

const specName = (type: string): string => `${type[0]?.toLowerCase()}${type.slice(1)}Spec`;

/**
 * Returns the source of one generated schema module.
 * @example generateModule(GENERATED_SERVICES[1])
 */
export function generateModule(service: (typeof GENERATED_SERVICES)[number]): string {
  const doc = parseXml(readFileSync(wsdlPath(service.wsdl), 'utf8'), {
    arrayElements: new Set(['schema', 'element', 'complexType', 'simpleType', 'enumeration']),
  });
  const schema = list(
    (doc.definitions as Node).types && ((doc.definitions as Node).types as Node).schema,
  )[0] as Node;
  const complex = new Map(list(schema.complexType).map((t) => [String(t['@_name']), t]));
  const simple = new Map(list(schema.simpleType).map((t) => [String(t['@_name']), t]));
  const elements = new Map(list(schema.element).map((e) => [String(e['@_name']), e]));

  const emitted = new Set<string>();
  const out: string[] = [];
  const localType = (ref: string): string => ref.replace(/^[\w]+:/, '');
  const seq = (ct: Node): Node[] => list((ct.sequence as Node | undefined)?.element);

  // Returns the TS type and codec kind expression of a type reference, emitting what it needs.
  const typeOf = (ref: string): { ts: string; kind: string } => {
    const name = localType(ref);
    if (ref.startsWith('s:') || ref.startsWith('s1:')) {
      const scalar = SCALARS[name];
      if (!scalar) throw new Error(`Unknown scalar ${ref}`);
      return { ts: scalar[1], kind: `'${scalar[0]}'` };
    }
    const enumType = simple.get(name);
    if (enumType) {
      emitEnum(name, enumType);
      return { ts: name, kind: `'string'` };
    }
    const ct = complex.get(name);
    if (!ct) throw new Error(`Unknown type ${ref}`);
    if (name.startsWith('ArrayOf')) {
      const item = seq(ct)[0] as Node;
      const inner = typeOf(String(item['@_type']));
      return { ts: `${inner.ts}[]`, kind: `arrayOf('${item['@_name']}', ${inner.kind})` };
    }
    emitComplex(name, ct);
    return { ts: name, kind: specName(name) };
  };

  const emitEnum = (name: string, st: Node): void => {
    if (emitted.has(name)) return;
    emitted.add(name);
    const values = list((st.restriction as Node).enumeration).map((e) => `'${e['@_value']}'`);
    out.push(`export type ${name} = ${values.join(' | ')};\n`);
  };

  const fieldsOf = (name: string, ct: Node | undefined) => {
    const rows: string[] = [];
    const props: string[] = [];
    for (const el of ct ? seq(ct) : []) {
      const xml = String(el['@_name']);
      const t = typeOf(el['@_type'] === undefined ? 's:anyType' : String(el['@_type']));
      const flags = [el['@_minOccurs'] === '1' ? 'req' : '', el['@_nillable'] === 'true' ? 'nil' : '']
        .filter(Boolean)
        .join(',');
      rows.push(`  ['${xml}', '${camelKey(xml)}', ${t.kind}${flags ? `, '${flags}'` : ''}],`);
      props.push(`  ${camelKey(xml)}?: ${t.ts};`);
    }
    return { rows, props, name };
  };

  const emitComplex = (name: string, ct: Node): void => {
    if (emitted.has(name)) return;
    emitted.add(name);
    const { rows, props } = fieldsOf(name, ct);
    out.push(`export interface ${name} {\n${props.join('\n')}\n}\n`);
    out.push(`export const ${specName(name)} = objectSpec('${name}', [\n${rows.join('\n')}\n]);\n`);
  };

  for (const op of service.operations) {
    for (const [element, suffix] of [
      [op, 'Request'],
      [`${op}Response`, 'Response'],
    ] as const) {
      const el = elements.get(element);
      if (!el) throw new Error(`${service.wsdl} has no element ${element}`);
      const { rows, props } = fieldsOf(element, el.complexType ? list(el.complexType)[0] : undefined);
      const tsName = `${op}${suffix}`;
      out.push(
        props.length
          ? `export interface ${tsName} {\n${props.join('\n')}\n}\n`
          : `export type ${tsName} = Record<string, never>;\n`,
      );
      out.push(`export const ${specName(tsName)} = objectSpec('${element}', [\n${rows.join('\n')}\n]);\n`);
    }
  }

  const usesArray = out.some((s) => s.includes('arrayOf('));
  return [
    `// Generated from ${service.wsdl.includes('/') ? service.wsdl : `../shared/24so/wsdl/${service.wsdl}`} by src/twentyfour/schema/generate.ts. Do not edit.`,
    `// Field order is the WSDL sequence order; the codec writes and reads with these specs.`,
    `import { ${usesArray ? 'arrayOf, ' : ''}objectSpec } from '../codec.ts';`,
    '',
    out.join('\n'),
  ].join('\n');
}

/** Path of a generated module. */
export const modulePath = (module: string): string => resolve(HERE, `${module}.ts`);

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = GENERATED_SERVICES.map((service) => {
    writeFileSync(modulePath(service.module), generateModule(service));
    return modulePath(service.module);
  });
  spawnSync('npx', ['biome', 'format', '--write', ...files], { stdio: 'inherit' });
}
