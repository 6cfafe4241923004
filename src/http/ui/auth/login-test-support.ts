import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import type { Db } from '../../../db/database.ts';
import { createUser } from '../../../workspace/users.ts';
import { TEST_PASSWORD } from '../test-harness.ts';

// Test support for the login limit suites: users of their own and login posts from a socket.

/**
 * A user with TEST_PASSWORD and a unique e-mail (failures count per e-mail, so suites sharing a
 * database do not see each other's); returns the e-mail.
 * @example const email = await createLoginUser(db, h.workspace.id);
 */
export async function createLoginUser(db: Db, workspaceId: string): Promise<string> {
  const email = `vakt-${randomBytes(4).toString('hex')}@test.no`;
  await createUser(db, { workspaceId, email, name: 'Vera Vakt', password: TEST_PASSWORD });
  return email;
}

/**
 * Posts the login form as the Node server would receive it: on a socket from `peer`, with any
 * extra headers (e.g. X-Forwarded-For); the set-cookie header is null when none was set.
 * @example const { status } = await postLogin(app, email, 'gjetning', '10.1.0.1');
 */
export async function postLogin(
  app: Hono,
  email: string,
  password: string,
  peer: string,
  headers: Record<string, string> = {},
) {
  const res = await app.request(
    '/logg-inn',
    {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'http://localhost',
        ...headers,
      },
      body: new URLSearchParams({ email, password }).toString(),
    },
    { incoming: { socket: { remoteAddress: peer } } },
  );
  return { status: res.status, text: await res.text(), cookie: res.headers.get('set-cookie') };
}
