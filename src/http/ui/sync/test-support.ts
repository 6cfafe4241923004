import { SANDBOX_APPLICATION_ID } from '../../../config/config.ts';
import { listClientsForCredentials, saveConnection } from '../../../integration/connection.ts';
import { installIntegrationRuntime } from '../../../integration/runtime.ts';
import { setEnabled } from '../../../integration/settings.ts';
import { SYNC_JOB, syncJobHandler } from '../../../integration/sync/service.ts';
import { EmbeddedWorker } from '../../../jobs/embedded.ts';
import type { Sandbox } from '../../../sandbox/server.ts';
import type { AppDeps } from '../../deps.ts';

// Test support for the Synkronisering pages: the app's workspace connected to an in-process
// sandbox client with the integration on, and a job worker that executes the runs the pages
// start (drained by the test, or started for a browser test).

/**
 * Connects `workspaceId` to the sandbox's first client and switches the integration on.
 * @example const worker = await connectForSync(h.deps, h.workspace.id, sandbox);
 */
export async function connectForSync(
  deps: AppDeps,
  workspaceId: string,
  sandbox: Pick<Sandbox, 'fetch'>,
  options: { pollMs?: number } = {},
): Promise<EmbeddedWorker> {
  const runtime = installIntegrationRuntime(deps, {
    fetch: (request) => sandbox.fetch(request),
    applicationId: SANDBOX_APPLICATION_ID,
    baseUrl: 'http://sandbox.test',
  });
  const credentials = { username: 'api@demo.no', password: 'demo-password' };
  const clients = await listClientsForCredentials(runtime, credentials);
  if (!clients.ok) throw new Error(clients.message);
  const client = clients.clients[0];
  if (!client) throw new Error('sandbox has no client');
  const saved = await saveConnection(runtime, workspaceId, { ...credentials, identityId: client.identityId });
  if (!saved.ok) throw new Error(saved.message);
  await setEnabled(deps.db, deps.clock, { workspaceId, actor: 'test', enabled: true });
  return new EmbeddedWorker(
    deps,
    {
      [SYNC_JOB]: syncJobHandler({
        db: deps.db,
        clock: deps.clock,
        logger: deps.logger,
        connection: runtime,
      }),
    },
    { pollMs: options.pollMs ?? 50 },
  );
}
