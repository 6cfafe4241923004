import { escapeXml, isUnset } from '../twentyfour/xml.ts';
import type { ElementDef, ServiceSchema } from './schema.ts';

// Turns parsed request XML into plain values and plain values into response XML, both driven
// by the WSDL's schema. Values in the sandbox: xs:int/long/short → number, xs:decimal/double →
// decimal string (never a binary float), xs:boolean → boolean, xs:dateTime → ISO text in UTC,
// guid/enum/string → string. An unset value is `undefined`.

export type Value = string | number | boolean | Value[] | Record<string, unknown> | null | undefined;
export type Obj = Record<string, unknown>;

/** A request the XmlSerializer behind ASMX could not read; answered with a Client fault. */
export class RequestReadError extends Error {
  readonly retryable = false;
}

const INT_TYPES = new Set(['int', 'long', 'short', 'unsignedByte', 'byte', 'unsignedInt', 'unsignedShort']);
const DECIMAL_TYPES = new Set(['decimal', 'double', 'float']);
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Normalises an xs:dateTime to `YYYY-MM-DDTHH:MM:SSZ`; zone-less input is taken as UTC. */
export function normalizeDateTime(text: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(
    text.trim(),
  );
  if (!m) throw new RequestReadError(`The string '${text}' is not a valid AllXsd value.`);
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = m;
  if (y === '0001') return `0001-01-01T00:00:00`;
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  let offset = 0;
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  return new Date(local - offset).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function decodeScalar(def: ElementDef, raw: string, schema: ServiceSchema): Value {
  const text = raw.trim();
  const t = def.type;
  if (INT_TYPES.has(t)) {
    if (!/^[+-]?\d+$/.test(text))
      throw new RequestReadError(`Input string was not in a correct format. (${def.name})`);
    return Number(text);
  }
  if (DECIMAL_TYPES.has(t)) {
    if (!DECIMAL.test(text))
      throw new RequestReadError(`Input string was not in a correct format. (${def.name})`);
    return text.replace(/^\+/, '');
  }
  if (t === 'boolean') {
    if (text === 'true' || text === '1') return true;
    if (text === 'false' || text === '0') return false;
    throw new RequestReadError(`The string '${text}' is not a valid Boolean value. (${def.name})`);
  }
  if (t === 'dateTime') return normalizeDateTime(text);
  if (t === 'guid' && !GUID.test(text)) {
    throw new RequestReadError(
      'Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).',
    );
  }
  const values = schema.enums.get(t);
  if (values && !values.includes(text)) {
    throw new RequestReadError(`Instance validation error: '${text}' is not a valid value for ${t}.`);
  }
  return def.type === 'string' ? raw : text;
}

function textOf(node: unknown): string {
  if (node === null || node === undefined) return '';
  if (typeof node === 'object') return String((node as Obj)['#text'] ?? '');
  return String(node);
}

/**
 * Reads the parsed children of an element of the given definition into a plain object,
 * accepting properties in any order and ignoring unknown ones, as ASMX does.
 * @example decodeChildren(schema, schema.elements.get('Login')!, parsed.Login)
 */
export function decodeChildren(schema: ServiceSchema, def: ElementDef, node: unknown): Obj {
  const children = def.inline ?? schema.types.get(def.type) ?? [];
  const out: Obj = {};
  if (node === null || typeof node !== 'object') return out;
  const source = node as Obj;
  for (const child of children) {
    const raw = source[child.name];
    if (raw === undefined) continue;
    if (child.repeated) {
      const items = Array.isArray(raw) ? raw : [raw];
      out[child.name] = items.map((item) =>
        isUnset(item) && !isComplex(schema, child) ? null : decodeValue(schema, child, item),
      );
    } else {
      const value = decodeValue(schema, child, raw);
      if (value !== undefined) out[child.name] = value;
    }
  }
  return out;
}

function isComplex(schema: ServiceSchema, def: ElementDef): boolean {
  return !def.builtin && (def.inline !== undefined || schema.types.has(def.type));
}

function decodeValue(schema: ServiceSchema, def: ElementDef, raw: unknown): Value {
  if (Array.isArray(raw)) throw new RequestReadError(`Element ${def.name} occurs more than once.`);
  if (isComplex(schema, def)) {
    if (raw !== null && typeof raw === 'object' && (raw as Obj)['@_nil'] === 'true') return undefined;
    const type = schema.types.get(def.type) ?? [];
    // ArrayOfX: the wrapper's only child repeats; return the items themselves.
    if (type.length === 1 && type[0].repeated && def.type.startsWith('ArrayOf')) {
      return (decodeChildren(schema, def, raw)[type[0].name] as Value[] | undefined) ?? [];
    }
    return decodeChildren(schema, def, raw);
  }
  if (isUnset(raw)) return def.type === 'string' && raw === '' ? '' : undefined;
  return decodeScalar(def, textOf(raw), schema);
}

export interface EncodeOptions {
  /** Emit unset elements as `xsi:nil="true"` instead of omitting them. */
  nil: boolean;
  /** Per complex type, the only properties to emit (returnProperties); APIException always. */
  only?: Map<string, ReadonlySet<string>>;
}

const ZERO_GUID = '00000000-0000-0000-0000-000000000000';

// .NET value types (minOccurs=1, not nillable) are always written, with their default when unset.
function defaultFor(schema: ServiceSchema, def: ElementDef): Value {
  if (INT_TYPES.has(def.type) || DECIMAL_TYPES.has(def.type)) return def.type === 'decimal' ? '0' : 0;
  if (def.type === 'boolean') return false;
  if (def.type === 'dateTime') return '0001-01-01T00:00:00';
  if (def.type === 'guid') return ZERO_GUID;
  return schema.enums.get(def.type)?.[0];
}

function formatScalar(value: Value): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  return escapeXml(String(value));
}

/**
 * Writes the children of an element of type `def` from a plain value, in schema order.
 * @example encodeChildren(schema, schema.elements.get('LoginResponse')!, { LoginResult: 'abc' }, { nil: false })
 */
export function encodeChildren(
  schema: ServiceSchema,
  def: ElementDef,
  value: Obj,
  options: EncodeOptions,
): string {
  const children = def.inline ?? schema.types.get(def.type) ?? [];
  const only = def.inline ? undefined : options.only?.get(def.type);
  let out = '';
  for (const child of children) {
    const wanted = !only || only.has(child.name) || child.name === 'APIException';
    // An unrequested property is not loaded; required ones (minOccurs=1) are still written, unset.
    if (!wanted && child.minOccurs === 0) continue;
    const v = (wanted ? value[child.name] : undefined) as Value;
    if (child.repeated) {
      for (const item of (v as Value[] | undefined) ?? []) out += encodeElement(schema, child, item, options);
      continue;
    }
    if (v === undefined || v === null) {
      if (child.minOccurs >= 1 && !child.nillable && !isComplex(schema, child)) {
        out += encodeElement(schema, child, defaultFor(schema, child), options);
      } else if (options.nil || (child.minOccurs >= 1 && child.nillable)) {
        out += `<${child.name} xsi:nil="true" />`;
      }
      continue;
    }
    out += encodeElement(schema, child, v, options);
  }
  return out;
}

function encodeElement(schema: ServiceSchema, def: ElementDef, value: Value, options: EncodeOptions): string {
  if (value === undefined || value === null) return `<${def.name} xsi:nil="true" />`;
  if (!isComplex(schema, def)) {
    const text = formatScalar(value);
    return text === '' ? `<${def.name} />` : `<${def.name}>${text}</${def.name}>`;
  }
  const type = schema.types.get(def.type) ?? [];
  let inner: string;
  if (Array.isArray(value)) {
    // A plain array for an ArrayOfX property: wrap the items in the type's item element.
    const item = type[0];
    inner = value.map((v) => encodeElement(schema, item, v, options)).join('');
  } else {
    inner = encodeChildren(schema, def, value as Obj, options);
  }
  return inner === '' ? `<${def.name} />` : `<${def.name}>${inner}</${def.name}>`;
}

/**
 * Writes a top-level wrapper element (`<XResponse xmlns="…">…</XResponse>`).
 * @example encodeWrapper(schema, 'HasSessionResponse', { HasSessionResult: true }, { nil: false })
 */
export function encodeWrapper(
  schema: ServiceSchema,
  name: string,
  value: Obj,
  options: EncodeOptions,
): string {
  const def = schema.elements.get(name);
  if (!def) throw new Error(`No element ${name} in the schema of ${schema.namespace}`);
  const inner = encodeChildren(schema, def, value, options);
  return inner === ''
    ? `<${name} xmlns="${schema.namespace}" />`
    : `<${name} xmlns="${schema.namespace}">${inner}</${name}>`;
}
