import { Hono } from 'hono';
import { z } from 'zod';
import { type AddClientInput, addClientSchema, UsernameTakenError } from './added-clients.ts';
import { type CallLog, type Faults, faultsSchema } from './faults.ts';
import type { SandboxData, SeedName } from './state.ts';

// The control API for tests and demos (JSON), as contract.md lists it:
// GET /_sandbox/state, POST /_sandbox/reset, PUT /_sandbox/faults, GET /_sandbox/calls — and
// POST /_sandbox/clients (a client with its own API user, for several workspaces at once).

export interface ControlTarget {
  data(): SandboxData;
  faults(): Faults;
  setFaults(changes: Partial<Faults>): Faults;
  reset(seed: SeedName): void;
  /** Adds a client with its own user; throws UsernameTakenError for a taken username. */
  addClient(input: AddClientInput): { clientId: number; identityId: string };
  calls: CallLog;
}

const resetSchema = z.object({ seed: z.enum(['demo', 'empty']).default('demo') }).strict();

function problem(
  status: 400 | 403 | 409 | 415,
  detail: string,
  errors: Array<{ path: string; message: string }> = [],
): Response {
  return new Response(
    JSON.stringify({ type: 'about:blank', title: TITLES[status], status, detail, errors }),
    {
      status,
      headers: { 'content-type': 'application/problem+json' },
    },
  );
}

const TITLES = {
  400: 'Ugyldig forespørsel',
  403: 'Ingen tilgang',
  409: 'Konflikt',
  415: 'Feil innholdstype',
} as const;

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') return {};
  return JSON.parse(text);
}

/** What GET /_sandbox/state shows: every client's data, users without passwords. */
export function publicState(data: SandboxData) {
  return {
    applicationIds: data.applicationIds,
    users: data.users.map(({ password: _p, ...user }) => user),
    openSessions: Object.keys(data.sessions).length,
    clients: data.clients,
  };
}

/**
 * The `/_sandbox` routes.
 * @example app.route('/_sandbox', createControlApi(target));
 */
export function createControlApi(target: ControlTarget): Hono {
  const api = new Hono();
  // A web page the developer happens to open must not reset or reconfigure the sandbox: a
  // browser names the page's origin on every cross-site request, so any other origin is
  // refused, and a body must be JSON (which a plain HTML form or a "simple" fetch cannot send).
  api.use('*', async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && origin !== new URL(c.req.url).origin) {
      return problem(403, 'Sandkassens kontroll-API tar bare imot forespørsler fra sin egen adresse.');
    }
    const method = c.req.method;
    if (method !== 'GET' && method !== 'HEAD' && method !== 'DELETE') {
      const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
      if (type !== 'application/json') {
        return problem(415, 'Send innholdet som JSON med Content-Type: application/json.');
      }
    }
    await next();
  });
  api.get('/state', (c) => c.json(publicState(target.data())));
  api.post('/reset', async (c) => {
    let body: unknown;
    try {
      body = await readJson(c.req.raw);
    } catch {
      return problem(400, 'Kroppen er ikke gyldig JSON.');
    }
    const parsed = resetSchema.safeParse(body);
    if (!parsed.success) return problem(400, 'Ukjent seed: bruk "demo" eller "empty".');
    target.reset(parsed.data.seed);
    return c.json({
      seed: parsed.data.seed,
      clients: target.data().clients.map((x) => ({ id: x.id, name: x.name })),
    });
  });
  api.post('/clients', async (c) => {
    let body: unknown;
    try {
      body = await readJson(c.req.raw);
    } catch {
      return problem(400, 'Kroppen er ikke gyldig JSON.');
    }
    const parsed = addClientSchema.safeParse(body);
    if (!parsed.success) {
      return problem(
        400,
        'Ugyldig klient.',
        parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })),
      );
    }
    try {
      return c.json({ ...target.addClient(parsed.data), username: parsed.data.username }, 201);
    } catch (error) {
      if (error instanceof UsernameTakenError) return problem(409, error.message);
      throw error;
    }
  });
  api.get('/faults', (c) => c.json(target.faults()));
  api.put('/faults', async (c) => {
    let body: unknown;
    try {
      body = await readJson(c.req.raw);
    } catch {
      return problem(400, 'Kroppen er ikke gyldig JSON.');
    }
    const parsed = faultsSchema.partial().safeParse(body);
    if (!parsed.success) {
      return problem(
        400,
        'Ugyldige feilinnstillinger.',
        parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })),
      );
    }
    return c.json(target.setFaults(parsed.data));
  });
  api.get('/calls', (c) =>
    c.json({
      calls: target.calls.list(),
      counts: target.calls.counts(),
      logins: target.calls.logins(),
      outcomes: target.calls.outcomes(),
    }),
  );
  api.delete('/calls', (c) => {
    target.calls.clear();
    return c.body(null, 204);
  });
  return api;
}
