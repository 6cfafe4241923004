import { type EntityDecoderOptions, XMLParser } from 'fast-xml-parser';

// The one XML layer for both sides of the wire: the 24SO client parses responses with it and
// the sandbox parses requests with it. It is deliberately strict about what it accepts.

/** Bodies larger than this are refused before parsing (24SO answers are far smaller). */
export const DEFAULT_MAX_XML_BYTES = 20 * 1024 * 1024;

export class XmlSafetyError extends Error {
  readonly retryable = false;
}

export interface ParseXmlOptions {
  /** Local element names that always parse as arrays, so one item is still a list. */
  arrayElements?: ReadonlySet<string>;
  maxBytes?: number;
}

/**
 * Parses XML text into plain objects with namespace prefixes removed, attributes under
 * `@_name`, every value kept as a string (ids and org numbers keep their leading zeros).
 * DTDs are refused outright, so no external entity or entity-expansion bomb can be declared.
 * @example parseXml('<a><b>007</b></a>') // { a: { b: '007' } }
 */
export function parseXml(text: string, options: ParseXmlOptions = {}): Record<string, unknown> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  if (Buffer.byteLength(text, 'utf8') > maxBytes) {
    throw new XmlSafetyError(`XML body exceeds ${maxBytes} bytes`);
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    throw new XmlSafetyError('XML with a DTD or entity declarations is refused');
  }
  // CDATA sections and comments hold text, not references, so they are not checked.
  if (text.includes('&')) {
    const markup = text.includes('<!') ? text.replace(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g, '') : text;
    for (const [reference, name, end] of markup.matchAll(REFERENCE)) {
      if (!end || xmlReference(name as string) === undefined) {
        throw new XmlSafetyError(
          `XML may only use the predefined entities and character references, not ${reference}`,
        );
      }
    }
  }
  return parserFor(options.arrayElements).parse(text, true) as Record<string, unknown>;
}

/** An `&` with what follows it up to `;` (absent in a bare `&`, which XML does not allow either). */
const REFERENCE = /&([^;\s<&]{0,20})(;?)/g;

// Building a parser compiles its options; the sandbox parses every request, so parsers are kept
// (one per set of array elements — callers pass module-level constants).
const parsers = new WeakMap<ReadonlySet<string>, XMLParser>();

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * The text of the reference `&name;` when XML defines it without a DTD (the five predefined
 * entities and character references); undefined otherwise.
 * @example xmlReference('#229') // 'å'
 */
export function xmlReference(name: string): string | undefined {
  const predefined = PREDEFINED[name];
  if (predefined !== undefined) return predefined;
  const m = /^#(?:(\d{1,7})|x([0-9a-fA-F]{1,6}))$/.exec(name);
  if (!m) return undefined;
  const code = m[1] !== undefined ? Number(m[1]) : Number.parseInt(m[2] as string, 16);
  // XML 1.0's Char production: a reference to anything else is not well-formed.
  const legal =
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff);
  return legal ? String.fromCodePoint(code) : undefined;
}

/** Decodes only what xmlReference knows; parseXml has refused every other entity before parsing. */
const XML_ENTITY_DECODER: EntityDecoderOptions = {
  decode: (text) =>
    text.indexOf('&') < 0
      ? text
      : text.replace(/&([^;&\s]{1,10});/g, (ref, name: string) => xmlReference(name) ?? ref),
  reset: () => {},
  setExternalEntities: () => {},
  addInputEntities: () => {},
  setXmlVersion: () => {},
};

function parserFor(arrays: ReadonlySet<string> | undefined): XMLParser {
  if (!arrays) return PLAIN_PARSER;
  let parser = parsers.get(arrays);
  if (!parser) {
    parser = newParser(arrays);
    parsers.set(arrays, parser);
  }
  return parser;
}

function newParser(arrays: ReadonlySet<string> | undefined): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    // Predefined entities and character references only; anything else is refused before parsing.
    processEntities: true,
    // Our own decoder: the library's default one copies an entity table on every parse, which
    // was most of the cost of reading a small SOAP request.
    entityDecoder: XML_ENTITY_DECODER,
    isArray: (name) => arrays?.has(name) ?? false,
  });
}

const PLAIN_PARSER = newParser(undefined);

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes text for element content or attribute values. */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

/**
 * True when a parsed value is "unset": absent, empty, or `xsi:nil="true"`. 24SO uses all
 * three for the same meaning, so readers must treat them alike.
 */
export function isUnset(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    if (obj['@_nil'] === 'true') return true;
    const keys = Object.keys(obj).filter((k) => !k.startsWith('@_'));
    return keys.length === 0 && obj['#text'] === undefined;
  }
  return false;
}
