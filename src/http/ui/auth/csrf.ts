import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';

/** Form field and htmx header that carry the per-session CSRF token. */
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * True when a state-changing request carries the session's CSRF token, in the htmx header or
 * the form's hidden field. Compared in constant time.
 * @example if (!(await hasValidCsrfToken(c, session.csrfToken))) throw new HttpError(403, '…');
 */
export async function hasValidCsrfToken(c: Context, expected: string): Promise<boolean> {
  let sent = c.req.header(CSRF_HEADER);
  if (!sent) {
    const type = c.req.header('content-type') ?? '';
    if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
      // parseBody caches the body, so handlers can read it again.
      const body = await c.req.parseBody();
      const field = body[CSRF_FIELD];
      sent = typeof field === 'string' ? field : undefined;
    }
  }
  if (!sent) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
