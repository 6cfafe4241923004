import { ResponseFormatError } from './errors.ts';
import { escapeXml, isUnset } from './xml.ts';

// One declarative description per SOAP type (field order = the WSDL sequence order) drives both
// directions: writing camelCase objects as schema-ordered XML, and reading parsed XML back into
// camelCase objects. Keeping both sides on one table is what stops them drifting apart.

/** XSD scalar kinds used by the 24SO schemas. */
export type ScalarKind =
  | 'string'
  | 'int'
  | 'long'
  | 'short'
  | 'unsignedByte'
  | 'decimal'
  | 'double'
  | 'bool'
  | 'dateTime'
  | 'date'
  | 'guid'
  | 'base64'
  | 'any';

export interface ArrayKind {
  /** The item element name, e.g. `Company` in `<companies><Company>…`. */
  item: string;
  of: ScalarKind | ObjectSpec;
}

export interface FieldSpec {
  xml: string;
  key: string;
  kind: ScalarKind | ObjectSpec | ArrayKind;
  /** minOccurs=1: must be written (as xsi:nil when nillable and unset). */
  required?: boolean;
  nillable?: boolean;
}

export interface ObjectSpec {
  name: string;
  fields: readonly FieldSpec[];
}

/** Thrown when a caller hands the writer a value the schema cannot carry (a programming error). */
export class RequestValueError extends Error {
  readonly retryable = false;
}

/** A response value that does not fit its schema type: a broken answer, like any other. */
export class ResponseValueError extends ResponseFormatError {
  /** Where and what, e.g. `Company.id: not an integer: "x"`. */
  readonly detail: string;
  constructor(detail: string) {
    super(detail);
    this.detail = detail;
  }
}

type Compact = [xml: string, key: string, kind: FieldSpec['kind'], flags?: 'req' | 'nil' | 'req,nil'];

/**
 * Builds an ObjectSpec from compact rows; used by the generated schema files.
 * @example const s = objectSpec('Status', [['Id', 'id', 'int'], ['Name', 'name', 'string']]);
 */
export function objectSpec(name: string, rows: readonly Compact[]): ObjectSpec {
  return {
    name,
    fields: rows.map(([xml, key, kind, flags]) => ({
      xml,
      key,
      kind,
      required: flags?.includes('req') ?? false,
      nillable: flags?.includes('nil') ?? false,
    })),
  };
}

/** `ArrayOfX` as a field kind. @example arrayOf('int', 'int') */
export function arrayOf(item: string, of: ScalarKind | ObjectSpec): ArrayKind {
  return { item, of };
}

const isArrayKind = (k: FieldSpec['kind']): k is ArrayKind => typeof k === 'object' && 'item' in k;
const isObjectSpec = (k: FieldSpec['kind']): k is ObjectSpec => typeof k === 'object' && 'fields' in k;

// ---------------------------------------------------------------------------------------------
// Scalars

const DECIMAL = /^-?\d+(\.\d+)?$/;
const INTEGER = /^-?\d+$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * Writes a decimal as plain digits, never in exponent form (xs:decimal forbids `1e+06`).
 * Strings are checked, numbers are expanded without going through exponent notation.
 * @example formatDecimal(1e21) // '1000000000000000000000'
 */
export function formatDecimal(value: string | number | bigint): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (!DECIMAL.test(trimmed)) throw new RequestValueError(`Not a plain decimal: ${JSON.stringify(value)}`);
    return trimmed;
  }
  if (!Number.isFinite(value)) throw new RequestValueError(`Not a finite decimal: ${value}`);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // toLocaleString('en-US') never uses exponent form; 20 fraction digits is the most it allows.
  return value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

/**
 * Writes a date as UTC xs:dateTime without milliseconds (`2024-05-06T06:00:00Z`).
 * @example formatDateTime(new Date(Date.UTC(2024, 4, 6, 6))) // '2024-05-06T06:00:00Z'
 */
export function formatDateTime(value: Date): string {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new RequestValueError(`Not a valid date: ${String(value)}`);
  }
  return value.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Reads xs:dateTime as UTC. Zone-less values are taken as UTC (24SO returns UTC);
 * .NET's DateTime.MinValue (`0001-01-01T00:00:00`) means "not set".
 * @example parseDateTime('2015-09-23T10:41:00') // 2015-09-23T10:41:00.000Z
 */
export function parseDateTime(text: string): Date | undefined {
  if (text.startsWith('0001-01-01')) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(
    text,
  );
  if (!m) throw new ResponseValueError(`Not an xs:dateTime: ${JSON.stringify(text)}`);
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${m[7] ?? ''}${m[8] ?? 'Z'}`;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime()))
    throw new ResponseValueError(`Not an xs:dateTime: ${JSON.stringify(text)}`);
  return date;
}

// .NET MinValue sentinels mean "not set" (API-NOTES §1.5).
const INT_SENTINELS = new Set(['-2147483648', '-32768', '-9223372036854775808']);
const DECIMAL_SENTINEL = '-79228162514264337593543950335';

function writeScalar(kind: ScalarKind, value: unknown, path: string): string {
  switch (kind) {
    case 'string':
    case 'base64':
      if (typeof value !== 'string') throw new RequestValueError(`${path}: expected a string`);
      return escapeXml(value);
    case 'int':
    case 'long':
    case 'short':
    case 'unsignedByte':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
      if (typeof value === 'string' && INTEGER.test(value)) return value;
      throw new RequestValueError(`${path}: expected an integer, got ${JSON.stringify(value)}`);
    case 'decimal':
    case 'double':
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint') {
        throw new RequestValueError(`${path}: expected a decimal`);
      }
      return formatDecimal(value);
    case 'bool':
      if (typeof value !== 'boolean') throw new RequestValueError(`${path}: expected a boolean`);
      return value ? 'true' : 'false';
    case 'dateTime':
      return formatDateTime(value as Date);
    case 'date':
      return formatDateTime(value as Date).slice(0, 10);
    case 'guid':
      if (typeof value !== 'string' || !GUID.test(value))
        throw new RequestValueError(`${path}: expected a GUID`);
      return value;
    case 'any':
      throw new RequestValueError(`${path}: anyType values are not sent`);
  }
}

function readScalar(kind: ScalarKind, node: unknown, path: string): unknown {
  const text = textOf(node);
  if (text === undefined) return undefined;
  switch (kind) {
    case 'string':
    case 'base64':
    case 'guid':
      return text;
    case 'int':
    case 'long':
    case 'short':
    case 'unsignedByte': {
      if (!INTEGER.test(text))
        throw new ResponseValueError(`${path}: not an integer: ${JSON.stringify(text)}`);
      if (INT_SENTINELS.has(text)) return undefined;
      return Number(text);
    }
    case 'decimal':
    case 'double':
      if (text === DECIMAL_SENTINEL) return undefined;
      if (!DECIMAL.test(text) && !(kind === 'double' && /^-?\d+(\.\d+)?(E[+-]?\d+)?$/i.test(text))) {
        throw new ResponseValueError(`${path}: not a decimal: ${JSON.stringify(text)}`);
      }
      return text;
    case 'bool':
      if (text === 'true' || text === '1') return true;
      if (text === 'false' || text === '0') return false;
      throw new ResponseValueError(`${path}: not a boolean: ${JSON.stringify(text)}`);
    case 'dateTime':
    case 'date':
      try {
        return parseDateTime(text);
      } catch {
        throw new ResponseValueError(`${path}: not an xs:dateTime: ${JSON.stringify(text)}`);
      }
    case 'any':
      return node;
  }
}

/** The text of a parsed element (`'x'` or `{ '#text': 'x', '@_…' }`), or undefined when unset. */
export function textOf(node: unknown): string | undefined {
  if (isUnset(node)) return undefined;
  if (typeof node === 'string') return node;
  if (typeof node === 'object' && node !== null && '#text' in node) {
    return String((node as Record<string, unknown>)['#text']);
  }
  return undefined;
}

/** Lists a parsed child: absent/nil → [], one → [one], many → many. */
export function asArray(node: unknown): unknown[] {
  if (node === undefined || node === null) return [];
  return Array.isArray(node) ? node : [node];
}

// ---------------------------------------------------------------------------------------------
// Writing

/** Joins an error path lazily: `Company` + `name: …` → `Company.name: …`. */
function prefixed(prefix: string, message: string): string {
  if (!prefix) return message;
  return message.startsWith(':') || message.startsWith('[') ? `${prefix}${message}` : `${prefix}.${message}`;
}

/**
 * Writes an object's fields as child elements in schema order; unset values are omitted,
 * required nillable ones become `xsi:nil` (the envelope declares `xsi`).
 * @example writeFields(statusSpec, { id: 1, name: 'Aktiv' }) // '<Id>1</Id><Name>Aktiv</Name>'
 */
export function writeFields(spec: ObjectSpec, value: Record<string, unknown>, path = spec.name): string {
  let out = '';
  for (const field of spec.fields) {
    const v = value[field.key];
    if (v === undefined || v === null) {
      if (field.required) {
        if (field.nillable) out += `<${field.xml} xsi:nil="true"/>`;
        else throw new RequestValueError(prefixed(path, `${field.key} is required by the schema`));
      }
      continue;
    }
    try {
      out += writeElement(field.xml, field.kind, v, field.key);
    } catch (error) {
      // Paths are only built on failure: building them per field costs more than the XML.
      if (error instanceof RequestValueError) throw new RequestValueError(prefixed(path, error.message));
      throw error;
    }
  }
  return out;
}

/** Writes one element of any kind. */
export function writeElement(name: string, kind: FieldSpec['kind'], value: unknown, path: string): string {
  if (isArrayKind(kind)) {
    if (!Array.isArray(value)) throw new RequestValueError(`${path}: expected an array`);
    let inner = '';
    for (let i = 0; i < value.length; i++) {
      try {
        inner += writeElement(kind.item, kind.of, value[i], '');
      } catch (error) {
        if (error instanceof RequestValueError)
          throw new RequestValueError(prefixed(`${path}[${i}]`, error.message));
        throw error;
      }
    }
    return `<${name}>${inner}</${name}>`;
  }
  if (isObjectSpec(kind)) {
    if (typeof value !== 'object' || value === null)
      throw new RequestValueError(`${path}: expected an object`);
    return `<${name}>${writeFields(kind, value as Record<string, unknown>, path)}</${name}>`;
  }
  return `<${name}>${writeScalar(kind, value, path)}</${name}>`;
}

// ---------------------------------------------------------------------------------------------
// Reading

/**
 * Reads a parsed element into a camelCase object using its spec. Unknown elements are ignored
 * (as .NET's XmlSerializer does); omitted, empty and xsi:nil values all come back undefined,
 * and arrays are arrays even with one item.
 * @example readObject(statusSpec, { Id: '1', Name: 'Aktiv' }) // { id: 1, name: 'Aktiv' }
 */
export function readObject<T>(spec: ObjectSpec, node: unknown, path = spec.name): T {
  const out: Record<string, unknown> = {};
  if (isUnset(node) || typeof node !== 'object') return out as T;
  const obj = node as Record<string, unknown>;
  for (const field of spec.fields) {
    const child = obj[field.xml];
    if (child === undefined) continue;
    let value: unknown;
    try {
      value = readElement(field.kind, child, field.key);
    } catch (error) {
      if (error instanceof ResponseValueError) throw new ResponseValueError(prefixed(path, error.detail));
      throw error;
    }
    if (value !== undefined) out[field.key] = value;
  }
  return out as T;
}

/** Reads one element of any kind. */
export function readElement(kind: FieldSpec['kind'], node: unknown, path: string): unknown {
  if (isArrayKind(kind)) {
    // An omitted, empty or nil list reads as unset, like any other value.
    if (isUnset(node)) return undefined;
    const wrapper = Array.isArray(node) ? node[0] : node;
    if (typeof wrapper !== 'object' || wrapper === null) return undefined;
    const items = asArray((wrapper as Record<string, unknown>)[kind.item]);
    const result: unknown[] = [];
    for (let i = 0; i < items.length; i++) {
      let item: unknown;
      try {
        item = readElement(kind.of, items[i], '');
      } catch (error) {
        if (error instanceof ResponseValueError)
          throw new ResponseValueError(prefixed(`${path}[${i}]`, error.detail));
        throw error;
      }
      if (item !== undefined) result.push(item);
    }
    return result;
  }
  if (Array.isArray(node)) node = node[0];
  if (isObjectSpec(kind)) {
    if (isUnset(node)) return undefined;
    // An object whose every member is unset reads like an omitted one.
    const value = readObject<Record<string, unknown>>(kind, node, path);
    return Object.keys(value).length > 0 ? value : undefined;
  }
  return readScalar(kind, node, path);
}
