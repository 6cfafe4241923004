import type { Context } from 'hono';
import { isDomainError } from '../../../workspace/errors.ts';
import { HttpError } from '../../errors.ts';
import type { SessionUser, UiEnv } from '../context.ts';
import type { FieldErrors } from './form.tsx';
import type { FormBody } from './form-values.ts';

// What every page handler reads from a request and answers with, beside the generic resource
// pages (resource-routes.tsx): the session, the submitted form, a domain error as field
// messages, a CSV download.

/**
 * A CSV download: UTF-8 (the body starts with a BOM), saved under `file` with today's date.
 * @example return csvResponse('kunder', csvText);
 */
export function csvResponse(file: string, body: string | ReadableStream<Uint8Array>): Response {
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${file}-${day}.csv"`,
    },
  });
}

/** Rows per page in every list. */
export const UI_PAGE_SIZE = 50;

/** The logged-in user; the auth middleware guarantees one on every resource route. */
export function sessionOf(c: Context<UiEnv>): SessionUser {
  const session = c.var.session;
  if (!session) throw new HttpError(401, 'Du må logge inn.');
  return session;
}

/** Reads a submitted form as plain strings (files are not accepted anywhere in the UI). */
export async function formBody(c: Context): Promise<FormBody> {
  const body = await c.req.parseBody();
  const out: FormBody = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * Turns a DomainError into field errors for the form ("name" → message); anything that is not
 * a domain rule is rethrown for the error page.
 * @example catch (e) { errors = domainFieldErrors(e); }
 */
export function domainFieldErrors(error: unknown): FieldErrors {
  if (!isDomainError(error)) throw error;
  if (error.code === 'not_found' && !error.field) throw new HttpError(404, error.message);
  const errors: FieldErrors = {};
  for (const e of error.errors) errors[e.path || '_'] ??= e.message;
  if (Object.keys(errors).length === 0) errors._ = error.message;
  return errors;
}
