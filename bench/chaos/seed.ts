import { randomBytes } from 'node:crypto';
import { createWorkspaceFromCli } from '../../src/cli/accounts.ts';
import { createTokenForWorkspace } from '../../src/cli/token-create.ts';
import type { Db } from '../../src/db/database.ts';
import { addedEmployeeEmail } from '../../src/sandbox/added-clients.ts';
import { ApiClient } from './api-client.ts';
import type { SandboxControl } from './sandbox-control.ts';

// Seeds one workspace the way a company is onboarded: `broen workspace create` and `broen token
// create` (their functions, in this process), then everything else through the REST API with
// that token — the 24SO connection to its own sandbox client, workers, an hour type, customers,
// projects and approved hours by CSV import, products, the integration settings, the activation
// reconciliation, and the invoice attachments. Switching on is left to `activate`, so the
// caller can set the sandbox's faults first.

export interface SeedSize {
  customers: number;
  projects: number;
  products: number;
  hours: number;
  attachments: number;
}

export interface SeededWorkspace {
  slug: string;
  workspaceId: string;
  clientId: number;
  api: ApiClient;
  size: SeedSize;
  attachmentIds: string[];
}

const EMPLOYEES = 5;
/** The hours start date; the hours are spread from here, three a day per worker. */
const START_DATE = '2022-01-01';

export async function seedWorkspace(
  ctx: { db: Db; sandbox: SandboxControl; appUrls: string[] },
  index: number,
  size: SeedSize,
): Promise<SeededWorkspace> {
  const slug = `chaos-${index + 1}`;
  const name = `Chaos ${index + 1} Maskin AS`;
  const username = `api@${slug}.no`;
  const password = `chaos-${randomBytes(6).toString('hex')}`;
  const { clientId } = await ctx.sandbox.addClient({ name, username, password });
  const workspace = await createWorkspaceFromCli(ctx.db, { slug, name });
  const token = await createTokenForWorkspace(ctx.db, () => new Date(), slug, 'chaos');
  const api = new ApiClient(ctx.appUrls, token);

  const { clients } = await api.expect<{ clients: { identityId: string; name: string }[] }>(
    'POST',
    '/integration/connection/clients',
    [200],
    { username, password },
  );
  const client = clients.find((c) => c.name === name);
  if (!client) throw new Error(`${slug}: the sandbox user does not list its client ${name}`);
  await api.expect('PUT', '/integration/connection', [200], {
    username,
    password,
    identityId: client.identityId,
  });

  await api.expect('POST', '/hour-types', [201], {
    code: 'ORD',
    name: 'Ordinær',
    billable: true,
    hourlyPrice: '950.00',
  });
  await importCsv(api, 'employees', ['ansattnummer;navn;e-post'], EMPLOYEES, (n) =>
    [n + 1, `Arbeider ${n + 1}`, addedEmployeeEmail(clientId, n + 1)].join(';'),
  );
  await importCsv(api, 'customers', ['kundenummer;navn;e-post'], size.customers, (n) =>
    [10001 + n, `Kunde ${n + 1} ${slug} AS`, `post${n + 1}@kunde.${slug}.no`].join(';'),
  );
  await importCsv(api, 'projects', ['prosjektnummer;navn;kundenummer;startdato'], size.projects, (n) =>
    [1001 + n, `Prosjekt ${n + 1} ${slug}`, 10001 + (n % size.customers), START_DATE].join(';'),
  );
  for (let n = 0; n < size.products; n++) {
    await api.expect('POST', '/products', [201], {
      number: `V-${1001 + n}`,
      name: `Vare ${n + 1}`,
      unit: 'stk',
      salesPrice: '125.00',
    });
  }
  await importCsv(
    api,
    'hours',
    ['ansattnummer;prosjektnummer;timetype;dato;timer;beskrivelse;godkjent'],
    size.hours,
    (n) => {
      const day = new Date(
        Date.parse(`${START_DATE}T00:00:00Z`) + Math.floor(n / (EMPLOYEES * 3)) * 86_400_000,
      );
      return [
        (n % EMPLOYEES) + 1,
        1001 + (n % size.projects),
        'ORD',
        day.toISOString().slice(0, 10),
        '2,5',
        `Arbeid ${n + 1}`,
        'ja',
      ].join(';');
    },
  );

  await api.expect('PUT', '/integration/settings', [200], {
    customers: { sync: 'auto', direction: 'export' },
    projects: { sync: 'auto', direction: 'export', includeCustomer: true },
    products: { sync: 'auto', direction: 'export' },
    hours: { sync: 'auto', startDate: START_DATE, workTypeByHourType: { ORD: '1' } },
    invoicing: { productNo: { hours: 'TIME', transport: 'KM', freeText: 'FRI' } },
  });
  await reconcile(api, slug);

  const projects = (await api.expect('GET', `/projects?limit=200`, [200])) as {
    items: { id: string; number: string }[];
  };
  const attachmentIds: string[] = [];
  for (let n = 0; n < Math.min(size.attachments, size.projects); n++) {
    const project = projects.items.find((p) => p.number === String(1001 + n));
    if (!project) throw new Error(`${slug}: project ${1001 + n} not found`);
    const attachment = (await api.expect(
      'POST',
      `/projects/${project.id}/invoice-attachments`,
      [201],
      {},
    )) as {
      id: string;
    };
    attachmentIds.push(attachment.id);
  }
  return { slug, workspaceId: workspace.id, clientId, api, size, attachmentIds };
}

/** «Start avstemming», wait for the proposal, check nothing needs a decision, «Bekreft». */
async function reconcile(api: ApiClient, slug: string): Promise<void> {
  const started = (await api.expect('POST', '/integration/reconciliation', [202])) as { id: string };
  const deadline = Date.now() + 120_000;
  for (;;) {
    const proposal = (await api.expect(
      'GET',
      `/integration/reconciliation/${started.id}?limit=1`,
      [200],
    )) as {
      state: string;
      summary?: { undecided?: number };
    };
    if (proposal.state === 'ready') {
      if ((proposal.summary?.undecided ?? 0) > 0) {
        throw new Error(`${slug}: the reconciliation has ${proposal.summary?.undecided} undecided rows`);
      }
      break;
    }
    if (proposal.state !== 'reading') throw new Error(`${slug}: reconciliation ${proposal.state}`);
    if (Date.now() > deadline) throw new Error(`${slug}: the reconciliation did not finish reading`);
    await new Promise((r) => setTimeout(r, 250));
  }
  await api.expect('POST', `/integration/reconciliation/${started.id}/confirm`, [200]);
}

/**
 * «Aktiver»: switches the integration on, asking again while 24SO does not answer (the
 * activation checks the connection live, and the sandbox's faults are on by now); returns how
 * many presses it took and why the others were refused (the page's reads ask 24SO again
 * themselves, decision 82).
 */
export async function activate(ws: SeededWorkspace): Promise<{ presses: number; refusals: string[] }> {
  const deadline = Date.now() + 120_000;
  const refusals: string[] = [];
  for (let presses = 1; ; presses++) {
    const answer = await ws.api.call('PUT', '/integration/activation', { enabled: true });
    if (answer.status === 200) return { presses, refusals };
    if (Date.now() > deadline) {
      throw new Error(`${ws.slug}: could not switch on: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    const body = answer.body as { errors?: { message?: string }[]; detail?: string } | undefined;
    refusals.push(`${answer.status} ${body?.errors?.map((e) => e.message).join('; ') ?? body?.detail ?? ''}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function importCsv(
  api: ApiClient,
  entity: string,
  header: string[],
  rows: number,
  row: (n: number) => string,
): Promise<void> {
  const lines = [...header];
  for (let n = 0; n < rows; n++) lines.push(row(n));
  const answer = (await api.expect('POST', `/imports/${entity}`, [201], `${lines.join('\n')}\n`, true)) as {
    imported: number;
  };
  if (answer.imported !== rows) throw new Error(`imported ${answer.imported} ${entity}, expected ${rows}`);
}
