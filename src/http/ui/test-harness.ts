import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { loadConfig } from '../../config/config.ts';
import { createLogger } from '../../config/logger.ts';
import type { Db } from '../../db/database.ts';
import { createCustomer } from '../../workspace/customers.ts';
import { createEmployee } from '../../workspace/employees.ts';
import { createHourType } from '../../workspace/hour-types.ts';
import { createHourEntry } from '../../workspace/hours.ts';
import { createMachine } from '../../workspace/machines.ts';
import { createProject } from '../../workspace/projects.ts';
import { createUser } from '../../workspace/users.ts';
import { createWorkspace, type Workspace } from '../../workspace/workspaces.ts';
import { createApp } from '../app.ts';
import { type AppDeps, buildAppDeps } from '../deps.ts';

// Test support for the web UI: a real app (createApp) on a test database, a workspace with an
// admin, a little data, and a cookie-keeping client that behaves like a browser form post.

export const TEST_PASSWORD = 'riktig-passord-123';

/** What a harness made: the app, its deps, and the workspace with a few records. */
export interface UiHarness {
  app: Hono;
  deps: AppDeps;
  workspace: Workspace;
  email: string;
  /** A logged-in client. */
  login(email?: string, password?: string): Promise<UiClient>;
  /** A client without a session. */
  anonymous(): UiClient;
  data: {
    employeeId: string;
    projectId: string;
    hourTypeId: string;
    customerId: string;
    machineId: string;
    hourIds: string[];
  };
}

/** A response with its text read once. */
export interface UiResponse {
  status: number;
  headers: Headers;
  text: string;
  location: string | null;
}

/**
 * A browser stand-in: keeps the session cookie, sends forms url-encoded with the page's
 * origin, and adds the CSRF token it saw on the last page unless told not to.
 */
export class UiClient {
  cookie: string | undefined;
  csrfToken: string | undefined;

  constructor(private readonly app: Hono) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<UiResponse> {
    return this.send('GET', path, undefined, headers);
  }

  async post(
    path: string,
    form: Record<string, string | string[]>,
    options: { csrf?: boolean; origin?: string; headers?: Record<string, string> } = {},
  ): Promise<UiResponse> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form))
      for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    if (options.csrf !== false && this.csrfToken && !('_csrf' in form)) body.append('_csrf', this.csrfToken);
    return this.send('POST', path, body.toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      origin: options.origin ?? 'http://localhost',
      ...options.headers,
    });
  }

  private async send(
    method: string,
    path: string,
    body: string | undefined,
    headers: Record<string, string>,
  ) {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    const res = await this.app.request(path, { method, headers: h, body });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const [pair] = setCookie.split(';');
      this.cookie = pair.endsWith('=') ? undefined : pair;
    }
    const text = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (token) this.csrfToken = token;
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location') };
  }
}

/**
 * Builds the app on an already migrated database with a fresh workspace, an admin user
 * (unique e-mail, so suites can share a database) and one of each record, two hours unapproved.
 * @example const h = await createUiHarness(db); const client = await h.login();
 */
export async function createUiHarness(db: Db, options: { clock?: () => Date } = {}): Promise<UiHarness> {
  const clock = options.clock ?? (() => new Date());
  const config = loadConfig(
    {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'broen-ui-test-')),
      BROEN_SECRET_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'silent',
    },
    { demo: false },
  );
  const deps: AppDeps = buildAppDeps({ db, config, logger: createLogger('silent'), clock });
  const app = createApp(deps);
  const suffix = randomBytes(4).toString('hex');
  const workspace = await createWorkspace(db, { slug: `ui-${suffix}`, name: 'Testmaskin AS' });
  const email = `admin-${suffix}@test.no`;
  await createUser(db, { workspaceId: workspace.id, email, name: 'Anne Admin', password: TEST_PASSWORD });

  const ws = workspace.id;
  const employee = await createEmployee(db, ws, { name: 'Ola Nordmann', email: `ola-${suffix}@test.no` });
  const customer = await createCustomer(db, ws, { name: 'Nordvik Bygg AS', orgNumber: '923456783' });
  const project = await createProject(db, ws, {
    number: '1001',
    name: 'Boligfelt Nordvik',
    customerId: customer.id,
    projectManagerId: employee.id,
  });
  const hourType = await createHourType(db, ws, { code: 'ORD', name: 'Ordinær', hourlyPrice: '950.00' });
  const machine = await createMachine(db, ws, {
    number: 'GM-01',
    name: 'Gravemaskin Volvo EC220',
    hourlyPrice: '1250.50',
  });
  const hourIds: string[] = [];
  for (const [date, hours] of [
    ['2026-03-02', '7.5'],
    ['2026-03-03', '8'],
  ] as const) {
    const hour = await createHourEntry(db, ws, {
      employeeId: employee.id,
      projectId: project.id,
      hourTypeId: hourType.id,
      date,
      hours,
      description: `Graving ${date}`,
    });
    hourIds.push(hour.id);
  }

  const anonymous = () => new UiClient(app);
  const login = async (loginEmail = email, password = TEST_PASSWORD) => {
    const client = anonymous();
    const res = await client.post('/logg-inn', { email: loginEmail, password, neste: '/timer' });
    if (res.status !== 303) throw new Error(`login failed with ${res.status}`);
    await client.get('/timer');
    return client;
  };
  return {
    app,
    deps,
    workspace,
    email,
    login,
    anonymous,
    data: {
      employeeId: employee.id,
      projectId: project.id,
      hourTypeId: hourType.id,
      customerId: customer.id,
      machineId: machine.id,
      hourIds,
    },
  };
}
