import { readFileSync } from 'node:fs';
import { parseXml } from '../twentyfour/xml.ts';

// The sandbox reads the element names, their order and their types from the WSDL files
// themselves, so its answers cannot drift from the contract a real client is generated from.

/** One child element of a complex type, as the schema declares it. */
export interface ElementDef {
  name: string;
  /** Local type name: `int`, `string`, `guid`, `Company`, `ArrayOfInt`, … */
  type: string;
  /** True for XSD built-ins (and `guid`), false for the service's own types. */
  builtin: boolean;
  minOccurs: number;
  repeated: boolean;
  nillable: boolean;
  /** Set for elements declared with an inline complex type (the operation wrappers). */
  inline?: ElementDef[];
}

export interface ServiceSchema {
  namespace: string;
  /** Complex types by name: their child elements in schema order. */
  types: Map<string, ElementDef[]>;
  /** Enumerations by simple-type name. */
  enums: Map<string, string[]>;
  /** Top-level elements (request and response wrappers) by name. */
  elements: Map<string, ElementDef>;
  /** Operation name → SOAPAction. */
  actions: Map<string, string>;
}

const BUILTIN_NAMESPACES = new Set(['http://www.w3.org/2001/XMLSchema', 'http://microsoft.com/wsdl/types/']);

const WSDL_ARRAYS = new Set([
  'schema',
  'element',
  'complexType',
  'simpleType',
  'enumeration',
  'import',
  'message',
  'part',
  'operation',
  'binding',
  'port',
  'portType',
]);

type Node = Record<string, unknown>;

const list = (value: unknown): Node[] =>
  Array.isArray(value) ? (value as Node[]) : value ? [value as Node] : [];

/**
 * Reads a WSDL file into the type tables the sandbox's codec works from.
 * @example const schema = loadServiceSchema('src/sandbox/wsdl/companyService.wsdl');
 */
export function loadServiceSchema(wsdlPath: string): ServiceSchema {
  const text = readFileSync(wsdlPath, 'utf8');
  const root = parseXml(text, { arrayElements: WSDL_ARRAYS }).definitions as Node;
  // Prefix → namespace, from the root element's declarations (all vendor files declare them there).
  const prefixes = new Map<string, string>();
  for (const [key, value] of Object.entries(root)) {
    if (key.startsWith('@_xmlns:')) prefixes.set(key.slice('@_xmlns:'.length), String(value));
  }
  const namespace = String(root['@_targetNamespace']);
  const schema: ServiceSchema = {
    namespace,
    types: new Map(),
    enums: new Map(),
    elements: new Map(),
    actions: new Map(),
  };
  const resolve = (qname: string): { local: string; builtin: boolean } => {
    const [prefix, local] = qname.includes(':') ? qname.split(':') : ['', qname];
    return { local, builtin: BUILTIN_NAMESPACES.has(prefixes.get(prefix) ?? '') };
  };
  const readSequence = (complexType: Node | undefined): ElementDef[] => {
    if (!complexType) return [];
    // AccountService has one type extending another; flatten base first, as XSD orders it.
    const content = complexType.complexContent as Node | undefined;
    if (content) {
      const ext = content.extension as Node;
      const base = schema.types.get(resolve(String(ext['@_base'])).local) ?? [];
      return [...base, ...readSequence(ext)];
    }
    return list((complexType.sequence as Node | undefined)?.element).map((e) => readElement(e));
  };
  const readElement = (e: Node): ElementDef => {
    const max = String(e['@_maxOccurs'] ?? '1');
    const def: ElementDef = {
      name: String(e['@_name']),
      type: '',
      builtin: false,
      minOccurs: Number(e['@_minOccurs'] ?? '1'),
      repeated: max === 'unbounded' || Number(max) > 1,
      nillable: e['@_nillable'] === 'true',
    };
    if (e['@_type']) {
      const t = resolve(String(e['@_type']));
      def.type = t.local;
      def.builtin = t.builtin;
    } else {
      def.inline = readSequence(list(e.complexType)[0]);
    }
    return def;
  };

  for (const s of list((root.types as Node).schema)) {
    for (const st of list(s.simpleType)) {
      const values = list((st.restriction as Node | undefined)?.enumeration).map((v) => String(v['@_value']));
      if (values.length > 0) schema.enums.set(String(st['@_name']), values);
    }
    for (const ct of list(s.complexType)) schema.types.set(String(ct['@_name']), readSequence(ct));
    for (const e of list(s.element)) schema.elements.set(String(e['@_name']), readElement(e));
  }
  for (const binding of list(root.binding)) {
    for (const op of list(binding.operation)) {
      const action = list(op.operation)[0]?.['@_soapAction'];
      if (action !== undefined) schema.actions.set(String(op['@_name']), String(action));
    }
  }
  return schema;
}
