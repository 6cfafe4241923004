import pino from 'pino';
import { matchCustomers } from '../src/integration/reconciliation/match.ts';
import { readTwentyFour } from '../src/integration/reconciliation/read-remote.ts';
import { createSandbox } from '../src/sandbox/server.ts';
import { TwentyFourSession } from '../src/twentyfour/session.ts';

// Activation reconciliation at scale: a 24SO client with 20,000 customers is read through the
// company sync list and batched GetCompanies (the calls are counted), then matched against
// 20,000 workspace customers. Target: matching well under a second of CPU; the read in a few
// dozen calls, not one per customer.

const N = 20_000;

export async function runReconciliationBench(): Promise<Record<string, string>> {
  const sandbox = createSandbox({ seed: 'demo' });
  const client = sandbox.state.clients.find((c) => c.name === 'Demo Maskin AS');
  if (!client) throw new Error('sandbox seed has no Demo Maskin AS');
  for (let i = 0; i < N; i++) {
    client.companies.push({
      Id: 100_000 + i,
      Name: `Kunde nummer ${i} AS`,
      OrganizationNumber: String(900_000_000 + i),
      EmailAddresses: { Invoice: { Value: `faktura${i}@kunde.no` } },
      Type: 'Business',
      DateChanged: '2026-01-01T00:00:00Z',
      $registered: '2026-01-01T00:00:00Z',
      $active: true,
    });
  }
  const session = new TwentyFourSession(
    {
      fetch: (request) => sandbox.fetch(request),
      logger: pino({ level: 'silent' }),
      clock: () => new Date(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    },
    {
      applicationId: '0f5f24a0-0000-4000-8000-000000000024',
      username: 'api@demo.no',
      password: 'demo-password',
      baseUrl: 'http://sandbox.test',
      timeoutMs: 120_000,
      maxResponseBytes: 64 * 1024 * 1024,
    },
  );
  await session.login();
  const readStart = performance.now();
  const snapshot = await readTwentyFour(session);
  const readMs = performance.now() - readStart;

  // The workspace side: a third found by org. number, a third by e-mail, a third by name only.
  const locals = [];
  for (let i = 0; i < N; i++) {
    locals.push({
      id: `local-${i}`,
      label: `${i}`,
      name: `KUNDE NUMMER ${(i * 7) % N} A/S`,
      number: String(i + 1),
      orgNumber: i % 3 === 0 ? String(900_000_000 + i) : null,
      email: i % 3 === 1 ? `Faktura${i}@kunde.no` : null,
    });
  }
  const cpuStart = process.cpuUsage();
  const proposals = matchCustomers(locals, snapshot.records.customer);
  const used = process.cpuUsage(cpuStart);
  const cpuMs = (used.user + used.system) / 1000;
  const sure = proposals.filter((p) => p.localId && !p.ambiguous && p.remoteId).length;
  return {
    '24SO customers read': `${snapshot.records.customer.length}`,
    '24SO calls for the whole read (customers, projects, products, employees)': `${snapshot.calls} (sync list pages of 1000 + GetCompanies batches of 1000 + 3)`,
    'read wall time (in-process sandbox)': `${readMs.toFixed(0)} ms`,
    'matching 20,000 × 20,000 customers, CPU': `${cpuMs.toFixed(0)} ms (target well under 1000 ms)`,
    'sure matches / proposals': `${sure} / ${proposals.length}`,
  };
}
