import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { CONTROL_CHARACTER_MESSAGE, hasControlCharacters } from '../workspace/values.ts';
import { type FieldError, HttpError } from './errors.ts';

// What every request must pass before a handler sees it, in one place for the API and the web
// UI: a body no bigger than the route needs (checked before it is read), JSON no deeper than
// any real document, and no control character (NUL, escape, …) in the path, the query string,
// a form field or a JSON string. Field schemas refuse tab and line breaks in single-line fields
// on top of this (values.ts); here only what no field may hold is refused.

/** Nesting deeper than this is no document Broen reads; refused before JSON.parse. */
export const MAX_JSON_DEPTH = 32;

/**
 * A body cap that refuses with 413 before the body is read: on Content-Length at once, and
 * while streaming otherwise (hono's bodyLimit).
 * @example app.use('*', bodyCap(64 * 1024));
 */
export function bodyCap(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new HttpError(413, `Forespørselen er for stor (høyst ${formatSize(maxBytes)}).`);
    },
  });
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MB` : `${Math.round(bytes / 1024)} kB`;
}

/**
 * Throws a 400 when the decoded path or a query parameter holds a control character.
 * @example assertCleanTarget(c); // `/customers/%00` → 400
 */
export function assertCleanTarget(c: Context): void {
  const url = new URL(c.req.url);
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    throw new HttpError(400, 'Adressen er ikke gyldig kodet.');
  }
  if (hasControlCharacters(path)) {
    throw new HttpError(400, 'Adressen inneholder et usynlig kontrolltegn (for eksempel NUL).');
  }
  const errors: FieldError[] = [];
  for (const [name, value] of url.searchParams) {
    if (hasControlCharacters(name) || hasControlCharacters(value)) {
      errors.push({ path: cleanName(name), message: CONTROL_CHARACTER_MESSAGE });
    }
  }
  if (errors.length > 0) throw new HttpError(400, 'Ugyldige søkeparametere.', errors);
}

/**
 * Throws a 400 naming each form field that holds a control character other than tab or a
 * line break (text areas may hold those; single-line fields are checked by their schemas).
 * @example assertCleanForm(await c.req.parseBody({ all: true }));
 */
export function assertCleanForm(body: Record<string, unknown>): void {
  const errors: FieldError[] = [];
  for (const [name, value] of Object.entries(body)) {
    const values = Array.isArray(value) ? value : [value];
    const dirty =
      hasControlCharacters(name) ||
      values.some((v) => typeof v === 'string' && hasControlCharacters(v, { multiline: true }));
    if (dirty) errors.push({ path: cleanName(name), message: CONTROL_CHARACTER_MESSAGE });
  }
  if (errors.length > 0) {
    throw new HttpError(
      400,
      `Skjemaet inneholder et usynlig kontrolltegn (for eksempel NUL) i ${errors.map((e) => `«${e.path}»`).join(', ')}. Fjern det og prøv igjen.`,
      errors,
    );
  }
}

/**
 * Parses JSON text after refusing nesting deeper than MAX_JSON_DEPTH (one linear scan, so a
 * body of a million `[` costs microseconds, not seconds) and then refuses any string or key
 * holding a control character other than tab or a line break, naming where it is.
 * @example const value = parseGuardedJson('{"name":"a\\u0000b"}'); // throws 400, path "name"
 */
export function parseGuardedJson(text: string): unknown {
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
    throw new HttpError(400, `JSON-innholdet er nøstet for dypt (høyst ${MAX_JSON_DEPTH} nivåer).`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Forespørselen er ikke gyldig JSON.');
  }
  const errors: FieldError[] = [];
  collectControlCharacters(value, [], errors);
  if (errors.length > 0) throw new HttpError(400, 'Ugyldige felt i forespørselen.', errors);
  return value;
}

/**
 * True when brackets outside strings nest deeper than `max`; a linear scan, no parsing.
 * @example jsonDepthExceeds('[[[1]]]', 2) // true
 */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34 /* " */) inString = false;
    } else if (ch === 34) {
      inString = true;
    } else if (ch === 91 /* [ */ || ch === 123 /* { */) {
      if (++depth > max) return true;
    } else if (ch === 93 /* ] */ || ch === 125 /* } */) {
      depth--;
    }
  }
  return false;
}

function collectControlCharacters(value: unknown, path: (string | number)[], out: FieldError[]): void {
  if (out.length >= 20) return;
  if (typeof value === 'string') {
    if (hasControlCharacters(value, { multiline: true })) {
      out.push({ path: path.join('.'), message: CONTROL_CHARACTER_MESSAGE });
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      collectControlCharacters(v, [...path, i], out);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (hasControlCharacters(key))
        out.push({ path: [...path, cleanName(key)].join('.'), message: CONTROL_CHARACTER_MESSAGE });
      else collectControlCharacters(v, [...path, key], out);
    }
  }
}

/** A name fit to echo back: control characters shown as \uXXXX. */
function cleanName(name: string): string {
  return name.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing them is the point
    /[\u0000-\u001f\u007f-\u009f]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
