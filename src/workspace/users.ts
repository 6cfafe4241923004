import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { type Clock, systemClock } from '../db/clock.ts';
import { type Db, nowIso } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { DomainError, parseInput } from './errors.ts';
import type { UserRow } from './tables.ts';
import { emailInput, parseEmail, requiredText, timestampOutput, unwrapValue } from './values.ts';

// Users: the admins of a workspace who log in to the web UI. Passwords are kept as scrypt
// hashes with a random salt; verification compares in constant time.

const SCRYPT = { N: 16384, r: 8, p: 1, keyLength: 64, saltBytes: 16 } as const;

function scrypt(
  password: string,
  salt: Buffer,
  N: number,
  r: number,
  p: number,
  keyLength: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(password, salt, keyLength, { N, r, p, maxmem: 256 * N * r }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * Hashes a password as `scrypt$N$r$p$salt$hash` (base64), parameters kept for later upgrades.
 * @example const stored = await hashPassword('demo1234');
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SCRYPT.saltBytes);
  const key = await scrypt(password, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p, SCRYPT.keyLength);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/**
 * Checks a password against a stored hash in constant time; false for a malformed hash.
 * @example if (await verifyPassword('demo1234', row.password_hash)) …
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const expected = Buffer.from(parts[5] ?? '', 'base64');
  if (!N || !r || !p || expected.length === 0 || N > 1 << 20) return false;
  const actual = await scrypt(password, salt, N, r, p, expected.length);
  return timingSafeEqual(actual, expected);
}

export const userCreateSchema = z
  .object({
    workspaceId: z.string().min(1),
    email: emailInput('E-postadresse (brukernavn)'),
    name: requiredText(200, 'Navn'),
    password: z.string().min(8, 'Passordet må ha minst 8 tegn.').max(200).describe('Passord, minst 8 tegn'),
  })
  .meta({ title: 'UserCreate', description: 'Ny administrator for et arbeidsområde' });

export const userSchema = z
  .object({
    id: z.string(),
    workspaceId: z.string(),
    email: z.string().describe('E-post (brukernavn)'),
    name: z.string().describe('Navn'),
    createdAt: timestampOutput('Opprettet'),
  })
  .meta({ title: 'User', description: 'En administrator' });

export type UserCreate = z.input<typeof userCreateSchema>;
export type User = z.infer<typeof userSchema>;

function toUser(row: UserRow): User {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    email: row.email,
    name: row.name,
    createdAt: row.created_at,
  };
}

/**
 * Creates an admin user; e-mails are unique across all workspaces (they are the login).
 * @example await createUser(db, { workspaceId: ws.id, email: 'admin@demo.no', name: 'Admin', password: 'demo1234' });
 */
export async function createUser(db: Db, input: UserCreate, clock: Clock = systemClock): Promise<User> {
  const parsed = parseInput(userCreateSchema, input);
  const email = unwrapValue(parseEmail(parsed.email), 'email');
  const workspace = await db
    .selectFrom('workspaces')
    .select('id')
    .where('id', '=', parsed.workspaceId)
    .executeTakeFirst();
  if (!workspace) throw new DomainError('invalid', 'Arbeidsområdet finnes ikke.', 'workspaceId');
  const conflict = () =>
    new DomainError('conflict', `Det finnes allerede en bruker med e-post ${email}.`, 'email');
  if (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst())
    throw conflict();
  const row: UserRow = {
    id: newId(),
    workspace_id: parsed.workspaceId,
    email,
    name: parsed.name,
    password_hash: await hashPassword(parsed.password),
    created_at: nowIso(clock),
    deactivated_at: null,
  };
  try {
    await db.insertInto('users').values(row).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict();
    throw error;
  }
  return toUser(row);
}

// A fixed hash to check against when the e-mail is unknown, so a wrong e-mail takes as long
// as a wrong password and does not reveal which addresses have accounts.
let dummyHash: Promise<string> | undefined;

/**
 * The user when e-mail (any case) and password match, else undefined.
 * @example const user = await verifyUserLogin(db, 'admin@demo.no', 'demo1234');
 */
export async function verifyUserLogin(db: Db, email: string, password: string): Promise<User | undefined> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email.trim().toLowerCase())
    .where('deactivated_at', 'is', null)
    .executeTakeFirst();
  // A deactivated user is answered exactly like an unknown one.
  if (!row) {
    dummyHash ??= hashPassword('not-a-real-password');
    await verifyPassword(password, await dummyHash);
    return undefined;
  }
  return (await verifyPassword(password, row.password_hash)) ? toUser(row) : undefined;
}

/**
 * @example const user = await getUser(db, session.userId);
 */
export async function getUser(db: Db, id: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toUser(row) : undefined;
}

/**
 * The admins of a workspace, by e-mail.
 * @example await listUsers(db, ws.id)
 */
export async function listUsers(db: Db, workspaceId: string): Promise<User[]> {
  const rows = await db
    .selectFrom('users')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('email')
    .execute();
  return rows.map(toUser);
}

/**
 * Replaces a user's password (min. 8 characters); false when the user does not exist.
 * @example await setUserPassword(db, user.id, 'nytt-passord');
 */
export async function setUserPassword(db: Db, id: string, password: string): Promise<boolean> {
  if (password.length < 8) throw new DomainError('invalid', 'Passordet må ha minst 8 tegn.', 'password');
  const result = await db
    .updateTable('users')
    .set({ password_hash: await hashPassword(password) })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
