import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { type Clock, systemClock } from '../db/clock.ts';
import { type Db, nowIso } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { DomainError, parseInput } from './errors.ts';
import { hashPassword, verifyPassword } from './users.ts';
import {
  CONTROL_CHARACTER_MESSAGE,
  emailInput,
  hasControlCharacters,
  parseEmail,
  requiredText,
  unwrapValue,
} from './values.ts';

// Onboarding and account administration: a user is invited (by the operator's CLI or by a
// colleague on the Brukere page) without a password and gets a one-time link to choose one;
// users change their own password; the workspace admin deactivates leavers, which ends their
// sessions and stops their logins. Passwords never travel on a command line or in a link.

/** How long a set-password link works. */
export const SET_PASSWORD_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** A stored hash no password matches (verifyPassword refuses anything not `scrypt$…`). */
const NO_PASSWORD = '!';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The password rule, with its Norwegian messages. */
export const passwordSchema = z
  .string()
  .min(8, 'Passordet må ha minst 8 tegn.')
  .max(200, 'Passordet kan ha høyst 200 tegn.')
  .refine((p) => !hasControlCharacters(p), CONTROL_CHARACTER_MESSAGE);

export const userInviteSchema = z.strictObject({
  workspaceId: z.string().min(1),
  email: emailInput('E-postadresse (brukernavn)'),
  name: requiredText(200, 'Navn'),
});

export type UserInvite = z.input<typeof userInviteSchema>;

/** A user of a workspace as the Brukere page lists it. */
export interface WorkspaceUser {
  id: string;
  email: string;
  name: string;
  createdAt: string;
  /** False until the user has chosen a password through their link. */
  hasPassword: boolean;
  deactivatedAt: string | null;
}

/**
 * Creates a user without a password and a one-time set-password token (shown once, only its
 * hash is stored). E-mails are unique across workspaces (they are the login).
 * @example const { user, token } = await inviteUser(db, { workspaceId, email: 'kari@firma.no', name: 'Kari' });
 */
export async function inviteUser(
  db: Db,
  input: UserInvite,
  clock: Clock = systemClock,
): Promise<{ user: WorkspaceUser; token: string }> {
  const parsed = parseInput(userInviteSchema, input);
  const email = unwrapValue(parseEmail(parsed.email), 'email');
  const conflict = () =>
    new DomainError('conflict', `Det finnes allerede en bruker med e-post ${email}.`, 'email');
  return db.transaction().execute(async (trx) => {
    const workspace = await trx
      .selectFrom('workspaces')
      .select('id')
      .where('id', '=', parsed.workspaceId)
      .executeTakeFirst();
    if (!workspace) throw new DomainError('invalid', 'Arbeidsområdet finnes ikke.', 'workspaceId');
    if (await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst())
      throw conflict();
    const now = nowIso(clock);
    const id = newId();
    try {
      await trx
        .insertInto('users')
        .values({
          id,
          workspace_id: parsed.workspaceId,
          email,
          name: parsed.name,
          password_hash: NO_PASSWORD,
          created_at: now,
          deactivated_at: null,
        })
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict();
      throw error;
    }
    const token = await issueToken(trx, id, clock);
    return {
      user: { id, email, name: parsed.name, createdAt: now, hasPassword: false, deactivatedAt: null },
      token,
    };
  });
}

async function issueToken(db: Db, userId: string, clock: Clock): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = clock();
  await db
    .insertInto('set_password_tokens')
    .values({
      token_hash: sha256(token),
      user_id: userId,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SET_PASSWORD_TTL_MS).toISOString(),
      used_at: null,
    })
    .execute();
  return token;
}

/**
 * The active user a set-password token belongs to, when it is unused and not expired.
 * @example const who = await findSetPasswordToken(db, token); who?.email
 */
export async function findSetPasswordToken(
  db: Db,
  token: string,
  clock: Clock = systemClock,
): Promise<{ userId: string; email: string; name: string } | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const row = await db
    .selectFrom('set_password_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['u.id', 'u.email', 'u.name', 't.expires_at'])
    .where('t.token_hash', '=', sha256(token))
    .where('t.used_at', 'is', null)
    .where('u.deactivated_at', 'is', null)
    .executeTakeFirst();
  if (!row || Date.parse(row.expires_at) <= clock().getTime()) return undefined;
  return { userId: row.id, email: row.email, name: row.name };
}

/**
 * Sets the password through a one-time link: the token is spent in the same transaction (a
 * second use, even concurrent, finds it spent), and any open sessions of the user end.
 * Throws a DomainError when the link is invalid, used or expired, or the password too weak.
 * @example await setPasswordWithToken(db, token, 'et-godt-passord');
 */
export async function setPasswordWithToken(
  db: Db,
  token: string,
  password: string,
  clock: Clock = systemClock,
): Promise<{ email: string }> {
  const chosen = parseInput(z.object({ password: passwordSchema }), { password }).password;
  const who = await findSetPasswordToken(db, token, clock);
  if (!who) throw invalidLink();
  const hash = await hashPassword(chosen);
  await db.transaction().execute(async (trx) => {
    const spent = await trx
      .updateTable('set_password_tokens')
      .set({ used_at: nowIso(clock) })
      .where('token_hash', '=', sha256(token))
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) throw invalidLink();
    await trx.updateTable('users').set({ password_hash: hash }).where('id', '=', who.userId).execute();
    await trx.deleteFrom('web_sessions').where('user_id', '=', who.userId).execute();
  });
  return { email: who.email };
}

const invalidLink = () =>
  new DomainError(
    'invalid',
    'Lenken er ugyldig, brukt eller utløpt. Be administratoren om en ny lenke.',
    'token',
  );

/**
 * Changes a logged-in user's own password after checking the current one; the user's other
 * sessions end, the one in use (`keepSessionHash`) stays.
 * @example await changePassword(db, { userId, current: 'gammelt-pass', next: 'nytt-passord', keepSessionHash });
 */
export async function changePassword(
  db: Db,
  input: { userId: string; current: string; next: string; keepSessionHash: string },
): Promise<void> {
  const row = await db
    .selectFrom('users')
    .select(['password_hash'])
    .where('id', '=', input.userId)
    .where('deactivated_at', 'is', null)
    .executeTakeFirst();
  if (!row || !(await verifyPassword(input.current, row.password_hash))) {
    throw new DomainError('invalid', 'Nåværende passord er feil.', 'current');
  }
  const next = parseInput(z.object({ next: passwordSchema }), { next: input.next }).next;
  if (next === input.current) {
    throw new DomainError('invalid', 'Det nye passordet må være et annet enn det gamle.', 'next');
  }
  const hash = await hashPassword(next);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash }).where('id', '=', input.userId).execute();
    await trx
      .deleteFrom('web_sessions')
      .where('user_id', '=', input.userId)
      .where('id_hash', '!=', input.keepSessionHash)
      .execute();
  });
}

/**
 * The users of one workspace, active first, then by name.
 * @example const users = await listWorkspaceUsers(db, session.workspaceId);
 */
export async function listWorkspaceUsers(db: Db, workspaceId: string): Promise<WorkspaceUser[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'created_at', 'password_hash', 'deactivated_at'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('name')
    .orderBy('email')
    .execute();
  const users = rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    createdAt: r.created_at,
    hasPassword: r.password_hash !== NO_PASSWORD,
    deactivatedAt: r.deactivated_at,
  }));
  return [...users.filter((u) => !u.deactivatedAt), ...users.filter((u) => u.deactivatedAt)];
}

/**
 * Deactivates a user of the workspace: no more logins, open sessions and unused links end at
 * once. Nobody deactivates themselves (the workspace would risk having no admin left).
 * Returns false when the user was already deactivated; a user of another workspace is not found.
 * @example await deactivateUser(db, { workspaceId, userId, actingUserId: session.userId });
 */
export async function deactivateUser(
  db: Db,
  input: { workspaceId: string; userId: string; actingUserId: string },
  clock: Clock = systemClock,
): Promise<boolean> {
  if (input.userId === input.actingUserId) {
    throw new DomainError(
      'rule_violation',
      'Du kan ikke deaktivere deg selv. Be en annen administrator om det.',
    );
  }
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select(['id', 'deactivated_at'])
      .where('id', '=', input.userId)
      .where('workspace_id', '=', input.workspaceId)
      .executeTakeFirst();
    if (!user) throw new DomainError('not_found', 'Brukeren finnes ikke.');
    if (user.deactivated_at) return false;
    await trx
      .updateTable('users')
      .set({ deactivated_at: nowIso(clock) })
      .where('id', '=', user.id)
      .execute();
    await trx.deleteFrom('web_sessions').where('user_id', '=', user.id).execute();
    await trx
      .updateTable('set_password_tokens')
      .set({ used_at: nowIso(clock) })
      .where('user_id', '=', user.id)
      .where('used_at', 'is', null)
      .execute();
    return true;
  });
}

/** The web path of a set-password link, below the app's address. */
export const SET_PASSWORD_PATH = '/sett-passord';

/**
 * The full set-password link for a token.
 * @example setPasswordLink('http://127.0.0.1:3000/', 'abc') // 'http://127.0.0.1:3000/sett-passord/abc'
 */
export function setPasswordLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${SET_PASSWORD_PATH}/${token}`;
}
