// Scenario: an admin logs in with e-mail and password; a wrong password or unknown e-mail gets nobody in.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { caught, newWorkspace } from './test-support.ts';
import {
  createUser,
  getUser,
  hashPassword,
  listUsers,
  setUserPassword,
  verifyPassword,
  verifyUserLogin,
} from './users.ts';
import { createWorkspace, getWorkspace, getWorkspaceBySlug } from './workspaces.ts';

it('hashes with scrypt and a random salt, and verifies only the right password', async () => {
  const a = await hashPassword('demo1234');
  const b = await hashPassword('demo1234');
  expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
  expect(a).not.toBe(b);
  expect(await verifyPassword('demo1234', a)).toBe(true);
  expect(await verifyPassword('demo12345', a)).toBe(false);
  expect(await verifyPassword('demo1234', 'plain-text')).toBe(false);
});

describeEachDatabase('workspaces and users', (getDb) => {
  it('creates a workspace by slug and refuses a taken or malformed slug', async () => {
    const db = getDb();
    const ws = await createWorkspace(db, { slug: 'nordvik-maskin', name: 'Nordvik Maskin AS' });
    expect(await getWorkspaceBySlug(db, 'nordvik-maskin')).toEqual(ws);
    expect(await getWorkspace(db, ws.id)).toEqual(ws);
    expect(await caught(() => createWorkspace(db, { slug: 'nordvik-maskin', name: 'Kopi' }))).toMatchObject({
      code: 'conflict',
      field: 'slug',
    });
    expect(await caught(() => createWorkspace(db, { slug: 'Nordvik Maskin', name: 'X' }))).toMatchObject({
      code: 'invalid',
      field: 'slug',
    });
  });

  it('logs in with the right password (e-mail in any case) and not otherwise', async () => {
    const db = getDb();
    const ws = await newWorkspace(db);
    const user = await createUser(db, {
      workspaceId: ws.id,
      email: 'Admin@Firma.no',
      name: 'Admin',
      password: 'hemmelig1',
    });
    expect(user.email).toBe('admin@firma.no');
    expect(await verifyUserLogin(db, 'ADMIN@firma.no', 'hemmelig1')).toEqual(user);
    expect(await verifyUserLogin(db, 'admin@firma.no', 'hemmelig2')).toBeUndefined();
    expect(await verifyUserLogin(db, 'ukjent@firma.no', 'hemmelig1')).toBeUndefined();
    expect(await getUser(db, user.id)).toEqual(user);
    expect((await listUsers(db, ws.id)).map((u) => u.id)).toEqual([user.id]);
    const row = await db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', user.id)
      .executeTakeFirst();
    expect(row?.password_hash).not.toContain('hemmelig1');
    expect(await setUserPassword(db, user.id, 'nytt-passord')).toBe(true);
    expect(await verifyUserLogin(db, 'admin@firma.no', 'nytt-passord')).toEqual(user);
    expect(await verifyUserLogin(db, 'admin@firma.no', 'hemmelig1')).toBeUndefined();
  });

  it('refuses a duplicate e-mail, a short password and an unknown workspace', async () => {
    const db = getDb();
    const ws = await newWorkspace(db);
    await createUser(db, { workspaceId: ws.id, email: 'dup@firma.no', name: 'A', password: 'passord1' });
    expect(
      await caught(() =>
        createUser(db, { workspaceId: ws.id, email: 'DUP@firma.no', name: 'B', password: 'passord1' }),
      ),
    ).toMatchObject({ code: 'conflict', field: 'email' });
    expect(
      await caught(() =>
        createUser(db, { workspaceId: ws.id, email: 'kort@firma.no', name: 'B', password: 'kort' }),
      ),
    ).toMatchObject({ code: 'invalid', field: 'password', message: 'Passordet må ha minst 8 tegn.' });
    expect(
      await caught(() =>
        createUser(db, { workspaceId: 'nope', email: 'x@firma.no', name: 'B', password: 'passord1' }),
      ),
    ).toMatchObject({ code: 'invalid', field: 'workspaceId' });
  });
});
