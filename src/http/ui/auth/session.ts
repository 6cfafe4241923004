import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Db } from '../../../db/database.ts';
import type { SessionUser } from '../context.ts';

/** Name of the session cookie; the value is a random id whose SHA-256 is stored. */
export const SESSION_COOKIE = 'broen_session';

/** A session lives at most 12 hours from login: a working day, then log in again. */
export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

/** A session unused for 2 hours ends (a forgotten browser on a shared site PC). */
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;

/** Use moves `expires_at` forward at most this often, so a page view is not a write each time. */
export const SESSION_REFRESH_MS = 60 * 1000;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Starts a session for a user: stores only the id's hash with a fresh CSRF token and returns
 * the id for the cookie. A stolen database therefore holds no usable session.
 * @example const id = await createSession(db, clock, user.id); setSessionCookie(c, id);
 */
export async function createSession(db: Db, clock: () => Date, userId: string): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  const now = clock();
  await db
    .insertInto('web_sessions')
    .values({
      id_hash: sha256(id),
      user_id: userId,
      csrf_token: randomBytes(32).toString('base64url'),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + Math.min(SESSION_IDLE_MS, SESSION_LIFETIME_MS)).toISOString(),
    })
    .execute();
  // Expired sessions of anyone are cleared on login, so the table does not grow forever.
  await db.deleteFrom('web_sessions').where('expires_at', '<', now.toISOString()).execute();
  return id;
}

/**
 * Resolves a session id (from the cookie) to the logged-in user; undefined when unknown, idle
 * too long or past its absolute lifetime. `expires_at` is the idle deadline: use moves it to
 * now + SESSION_IDLE_MS (never past created_at + SESSION_LIFETIME_MS), at most once a minute.
 * @example const user = await findSession(db, clock, getCookie(c, SESSION_COOKIE));
 */
export async function findSession(
  db: Db,
  clock: () => Date,
  sessionId: string | undefined,
): Promise<SessionUser | undefined> {
  if (!sessionId || sessionId.length > 200) return undefined;
  const hash = sha256(sessionId);
  const row = await db
    .selectFrom('web_sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('workspaces as w', 'w.id', 'u.workspace_id')
    .select([
      's.csrf_token',
      's.created_at',
      's.expires_at',
      'u.id as user_id',
      'u.email',
      'u.name',
      'w.id as workspace_id',
      'w.name as workspace_name',
    ])
    .where('s.id_hash', '=', hash)
    .where('u.deactivated_at', 'is', null)
    .executeTakeFirst();
  const now = clock().getTime();
  if (!row || Date.parse(row.expires_at) <= now) return undefined;
  const absoluteEnd = Date.parse(row.created_at) + SESSION_LIFETIME_MS;
  if (absoluteEnd <= now) return undefined;
  const extended = Math.min(now + SESSION_IDLE_MS, absoluteEnd);
  if (extended - Date.parse(row.expires_at) >= SESSION_REFRESH_MS) {
    await db
      .updateTable('web_sessions')
      .set({ expires_at: new Date(extended).toISOString() })
      .where('id_hash', '=', hash)
      .execute();
  }
  return {
    userId: row.user_id,
    email: row.email,
    name: row.name,
    workspaceId: row.workspace_id,
    workspaceName: row.workspace_name,
    csrfToken: row.csrf_token,
    sessionHash: hash,
  };
}

/**
 * Ends a session (logout).
 * @example await deleteSession(db, session.sessionHash);
 */
export async function deleteSession(db: Db, sessionHash: string): Promise<void> {
  await db.deleteFrom('web_sessions').where('id_hash', '=', sessionHash).execute();
}

/**
 * Sets the session cookie: HttpOnly, SameSite=Lax, Path=/, Secure when the browser uses https
 * (directly, or to a trusted proxy: see `requestSourceResolver`).
 * @example setSessionCookie(c, id, sourceOf(c).https);
 */
export function setSessionCookie(c: Context, sessionId: string, secure: boolean): void {
  setCookie(c, SESSION_COOKIE, sessionId, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure,
    maxAge: Math.floor(SESSION_LIFETIME_MS / 1000),
  });
}

/** Removes the session cookie from the browser. */
export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Lax', secure });
}

/** Reads the session id from the request's cookie. */
export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}
