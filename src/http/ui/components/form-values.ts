import { REQUIRED_MESSAGE } from '../../../workspace/norwegian-errors.ts';
import { dateInputValue, formatDecimal, formatHours, parseDate, parseDecimalInput } from '../format.ts';
import type { FieldErrors, FieldSpec } from './form.tsx';

/** Form body as sent by the browser: every value a string. */
export type FormBody = Record<string, string>;

/**
 * Reads a submitted form into the domain's input shape (decimal strings, ISO dates, booleans,
 * null for empty optionals), with a Norwegian message for every value that cannot be read.
 * Business rules (required relations, uniqueness, ranges) stay in the domain layer.
 * @example const { input, errors } = readForm(fields, body); // input.hourlyPrice === '1250.50'
 */
export function readForm(
  fields: FieldSpec[],
  body: FormBody,
  mode: 'create' | 'update',
): { input: Record<string, unknown>; errors: FieldErrors } {
  const input: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const f of fields) {
    if ((f.createOnly && mode === 'update') || (f.editOnly && mode === 'create')) continue;
    const raw = (body[f.name] ?? '').trim();
    if (f.kind === 'checkbox') {
      input[f.name] = raw === '1' || raw === 'on';
      continue;
    }
    if (raw === '') {
      if (f.required) errors[f.name] = REQUIRED_MESSAGE;
      else if (f.blank === 'empty') input[f.name] = '';
      else if (f.blank !== 'omit') input[f.name] = null;
      continue;
    }
    switch (f.kind) {
      case 'integer': {
        if (!/^-?\d{1,15}$/.test(raw.replace(/[\s\u00a0\u202f]/g, '')))
          errors[f.name] = 'Må være et heltall.';
        else input[f.name] = Number(raw.replace(/[\s\u00a0\u202f]/g, ''));
        break;
      }
      case 'money':
      case 'decimal':
      case 'hours':
        // Normalise "kr 1 234,50" to "1234.50"; text that is no number goes to the domain as
        // typed, so its rule (and its Norwegian message) is the one the user sees.
        input[f.name] = parseDecimalInput(raw, 4) ?? raw;
        break;
      case 'date': {
        const v = parseDate(raw);
        if (v === undefined) errors[f.name] = 'Skriv en gyldig dato (dd.mm.åååå)';
        else input[f.name] = v;
        break;
      }
      case 'time': {
        if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(raw)) errors[f.name] = 'Skriv et klokkeslett (tt:mm)';
        else input[f.name] = raw;
        break;
      }
      default:
        if (f.maxLength && raw.length > f.maxLength) errors[f.name] = `Må ha høyst ${f.maxLength} tegn.`;
        else input[f.name] = raw;
    }
  }
  return { input: nest(input), errors };
}

/** "address.street" keys become nested objects, the shape the domain schemas take. */
function nest(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let target = out;
    for (const part of parts.slice(0, -1)) {
      target[part] ??= {};
      target = target[part] as Record<string, unknown>;
    }
    target[parts[parts.length - 1]] = value;
  }
  return out;
}

/** Reads a dotted path ("address.city") from a record. */
function pick(record: Record<string, unknown>, path: string): unknown {
  let value: unknown = record;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * Turns a domain record into the strings its edit form shows, in Norwegian notation.
 * @example formValues(fields, { hourlyPrice: '1250.00' }) // { hourlyPrice: '1 250,00' }
 */
export function formValues(fields: FieldSpec[], record: Record<string, unknown>): FormBody {
  const values: FormBody = {};
  for (const f of fields) {
    const v = pick(record, f.name);
    if (v === null || v === undefined) {
      values[f.name] = f.kind === 'checkbox' ? '0' : '';
      continue;
    }
    switch (f.kind) {
      case 'checkbox':
        values[f.name] = v ? '1' : '0';
        break;
      case 'money':
        values[f.name] = formatDecimal(String(v), 2).replace(/\u202f/g, ' ');
        break;
      case 'decimal':
      case 'hours':
        values[f.name] = formatHours(String(v)).replace(/\u202f/g, ' ');
        break;
      case 'date':
        values[f.name] = dateInputValue(String(v));
        break;
      default:
        values[f.name] = String(v);
    }
  }
  return values;
}

/** The values a new record's form starts with. */
export function defaultValues(fields: FieldSpec[]): FormBody {
  const values: FormBody = {};
  for (const f of fields) values[f.name] = f.defaultValue ?? (f.kind === 'checkbox' ? '0' : '');
  return values;
}

/** Keeps what the user typed, so a form re-rendered with errors loses nothing. */
export function submittedValues(fields: FieldSpec[], body: FormBody): FormBody {
  const values: FormBody = {};
  for (const f of fields) {
    const v = body[f.name];
    values[f.name] = f.kind === 'checkbox' ? (v === '1' || v === 'on' ? '1' : '0') : (v ?? '');
  }
  return values;
}
