import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { VENDOR_WSDL_DIR } from './vendor-wsdl.ts';

// Validates XML that goes over the 24SO wire against the XSD embedded in a vendor WSDL, so the
// client's requests and the sandbox's responses cannot drift from the contract. The WSDL is the
// source of truth; nothing here is hand-written schema except the tiny Microsoft guid helper
// (which the vendor WSDLs inline as a second <s:schema> when they use it).

export { VENDOR_WSDL_DIR } from './vendor-wsdl.ts';

const GUID_NS = 'http://microsoft.com/wsdl/types/';
const GUID_FILE = 'ms-guid.xsd';
const MAIN_FILE = 'service.xsd';

/** The helper schema .NET references as `s1:guid`; used when a WSDL imports it without inlining it. */
const GUID_SCHEMA = `<?xml version="1.0" encoding="utf-8"?>
<s:schema xmlns:s="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified" targetNamespace="${GUID_NS}">
  <s:simpleType name="guid">
    <s:restriction base="s:string">
      <s:pattern value="[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}" />
    </s:restriction>
  </s:simpleType>
</s:schema>`;

export interface ExtractedSchema {
  /** The service schema as a stand-alone XSD document. */
  main: string;
  /** The guid helper schema (from the WSDL when inlined there, else the standard one). */
  guid: string;
  targetNamespace: string;
}

export interface SchemaValidation {
  valid: boolean;
  /** xmllint's messages, without file names. */
  errors: string[];
}

const cache = new Map<string, ExtractedSchema>();

/**
 * Resolves a WSDL name: a bare file name means a vendor WSDL in `../shared/24so/wsdl`,
 * anything else is a path relative to the working directory (e.g. the sandbox's own
 * TimeService WSDL).
 * @example resolveWsdlPath('companyService.wsdl')
 */
export function resolveWsdlPath(wsdlFile: string): string {
  if (isAbsolute(wsdlFile)) return wsdlFile;
  if (!wsdlFile.includes('/')) return resolve(VENDOR_WSDL_DIR, wsdlFile);
  return resolve(wsdlFile);
}

/**
 * Pulls the `<s:schema>` blocks out of a WSDL and turns them into stand-alone XSD text:
 * the WSDL root's namespace declarations are copied onto the schema element, and the
 * guid import gets a schemaLocation pointing at the helper file.
 * @example const { main } = extractSchemas(readFileSync(path, 'utf8'));
 */
export function extractSchemas(wsdlText: string): ExtractedSchema {
  const root = /<([A-Za-z_][\w.-]*:)?definitions\b([^>]*)>/.exec(wsdlText);
  if (!root) throw new Error('Not a WSDL: no <definitions> element');
  const rootNs = [...(root[2] ?? '').matchAll(/\s(xmlns(?::[\w.-]+)?)="([^"]*)"/g)].map((m) => ({
    attr: m[1] as string,
    uri: m[2] as string,
  }));
  const schemaPrefix =
    rootNs.find((d) => d.uri === 'http://www.w3.org/2001/XMLSchema')?.attr.split(':')[1] ?? 'xs';
  const blocks = [
    ...wsdlText.matchAll(new RegExp(`<${schemaPrefix}:schema\\b[\\s\\S]*?</${schemaPrefix}:schema>`, 'g')),
  ].map((m) => m[0]);
  if (blocks.length === 0) throw new Error('The WSDL has no inline schema');

  const withNs = (block: string): string =>
    block.replace(new RegExp(`^<${schemaPrefix}:schema\\b([^>]*)>`), (_all, attrs: string) => {
      const extra = rootNs
        .filter((d) => !new RegExp(`\\s${d.attr.replace('.', '\\.')}=`).test(attrs))
        .map((d) => ` ${d.attr}="${d.uri}"`)
        .join('');
      return `<${schemaPrefix}:schema${attrs}${extra}>`;
    });

  const guidBlock = blocks.find((b) => b.includes(`targetNamespace="${GUID_NS}"`));
  const mainBlock = blocks.find((b) => b !== guidBlock);
  if (!mainBlock) throw new Error('The WSDL has no service schema');
  const main = withNs(mainBlock).replace(
    new RegExp(`<${schemaPrefix}:import\\s+namespace="${GUID_NS.replace(/[./]/g, '\\$&')}"\\s*/>`),
    `<${schemaPrefix}:import namespace="${GUID_NS}" schemaLocation="${GUID_FILE}" />`,
  );
  const targetNamespace = /targetNamespace="([^"]*)"/.exec(mainBlock)?.[1] ?? '';
  return {
    main: `<?xml version="1.0" encoding="utf-8"?>\n${main}`,
    guid: guidBlock ? `<?xml version="1.0" encoding="utf-8"?>\n${withNs(guidBlock)}` : GUID_SCHEMA,
    targetNamespace,
  };
}

/** Reads and caches the schemas of one WSDL file. */
export function loadWsdlSchemas(wsdlFile: string): ExtractedSchema {
  const path = resolveWsdlPath(wsdlFile);
  let schemas = cache.get(path);
  if (!schemas) {
    schemas = extractSchemas(readFileSync(path, 'utf8'));
    cache.set(path, schemas);
  }
  return schemas;
}

/**
 * Returns the operation element of a SOAP envelope (the Body's first child) as its own XML
 * document, carrying over the envelope's namespace declarations (e.g. `xsi`) so the fragment
 * stays well-formed. Text that is not an envelope is returned unchanged.
 * @example bodyElementXml('<soap:Envelope …><soap:Body><Login xmlns="…">…</Login></soap:Body></soap:Envelope>')
 */
export function bodyElementXml(xml: string): string {
  const open = /<([A-Za-z_][\w.-]*:)?Body\b[^>]*>/.exec(xml);
  if (!open) return xml;
  const prefix = open[1] ?? '';
  const close = xml.lastIndexOf(`</${prefix}Body>`);
  if (close < 0) throw new Error('Envelope has an unclosed Body');
  const inner = xml.slice(open.index + open[0].length, close).trim();
  const declared = new Map<string, string>();
  const headerEnd = open.index;
  for (const m of xml.slice(0, headerEnd).matchAll(/\s(xmlns(?::[\w.-]+)?)="([^"]*)"/g)) {
    declared.set(m[1] as string, m[2] as string);
  }
  declared.delete('xmlns'); // a default namespace on the envelope never applies to the body child's own
  return inner.replace(
    /^<([A-Za-z_][\w.:-]*)([^>]*?)(\/?)>/,
    (_all, name: string, attrs: string, selfClose: string) => {
      const extra = [...declared]
        .filter(([attr]) => !new RegExp(`\\s${attr}=`).test(attrs))
        .map(([attr, uri]) => ` ${attr}="${uri}"`)
        .join('');
      return `<${name}${attrs}${extra}${selfClose}>`;
    },
  );
}

/**
 * Validates one operation element (or a whole SOAP envelope, whose Body child is then taken)
 * against the schema inside a WSDL, with xmllint compiled to WebAssembly.
 * @example
 *   const { valid, errors } = await validateOperationXml('companyService.wsdl', requestXml);
 *   expect(errors).toEqual([]);
 */
export async function validateOperationXml(wsdlFile: string, xml: string): Promise<SchemaValidation> {
  const schemas = loadWsdlSchemas(wsdlFile);
  const result = await validateXML({
    xml: [{ fileName: 'operation.xml', contents: bodyElementXml(xml) }],
    schema: [{ fileName: MAIN_FILE, contents: schemas.main }],
    preload: [{ fileName: GUID_FILE, contents: schemas.guid }],
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.message) };
}

/**
 * Validates many operation elements (or envelopes) against one WSDL's schema in a single
 * xmllint run, which is far faster than one run each; results are in input order.
 * @example const results = await validateOperationsXml('companyService.wsdl', [a, b]);
 */
export async function validateOperationsXml(
  wsdlFile: string,
  xmls: readonly string[],
): Promise<SchemaValidation[]> {
  if (xmls.length === 0) return [];
  const schemas = loadWsdlSchemas(wsdlFile);
  const names = xmls.map((_, i) => `operation-${i}.xml`);
  const result = await validateXML({
    xml: xmls.map((xml, i) => ({ fileName: names[i] as string, contents: bodyElementXml(xml) })),
    schema: [{ fileName: MAIN_FILE, contents: schemas.main }],
    preload: [{ fileName: GUID_FILE, contents: schemas.guid }],
  });
  return names.map((name) => {
    const errors = result.errors.filter(
      (e) => e.loc?.fileName === name || e.rawMessage.startsWith(`${name}:`),
    );
    const failed = errors.length > 0 || result.rawOutput.includes(`${name} fails to validate`);
    return { valid: !failed, errors: errors.map((e) => e.message) };
  });
}
