import { Hono } from 'hono';
import { z } from 'zod';
import { type CallLog, type Faults, faultsSchema } from './faults.ts';
import type { SandboxData, SeedName } from './state.ts';

// The control API for tests and demos (JSON), as contract.md lists it:
// GET /_sandbox/state, POST /_sandbox/reset, PUT /_sandbox/faults, GET /_sandbox/calls.

export interface ControlTarget {
  data(): SandboxData;
  faults(): Faults;
  setFaults(changes: Partial<Faults>): Faults;
  reset(seed: SeedName): void;
  calls: CallLog;
}

const resetSchema = z.object({ seed: z.enum(['demo', 'empty']).default('demo') }).strict();

function problem(
  status: 400,
  detail: string,
  errors: Array<{ path: string; message: string }> = [],
): Response {
  return new Response(
    JSON.stringify({ type: 'about:blank', title: 'Ugyldig forespørsel', status, detail, errors }),
    {
      status,
      headers: { 'content-type': 'application/problem+json' },
    },
  );
}

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
    c.json({ calls: target.calls.list(), counts: target.calls.counts(), logins: target.calls.logins() }),
  );
  api.delete('/calls', (c) => {
    target.calls.clear();
    return c.body(null, 204);
  });
  return api;
}
