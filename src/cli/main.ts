import { Command } from 'commander';

// Each command's body lives in its own file, loaded only when that command runs,
// so `broen migrate` does not pay for the web app or the sandbox.

const program = new Command()
  .name('broen')
  .description('Broen — the bridge between your workspace and 24SevenOffice');

program
  .command('start')
  .description('demo: web app, REST API and the built-in 24SO sandbox, on SQLite in DATA_DIR')
  .action(async () => {
    const { runStart } = await import('./start.ts');
    await runStart();
  });

program
  .command('serve')
  .description('the app alone (production form), configured by environment')
  .option('--no-worker', 'do not run sync jobs in this process (run `broen worker` separately)')
  .action(async (options: { worker: boolean }) => {
    const { runServe } = await import('./serve.ts');
    await runServe({ worker: options.worker });
  });

program
  .command('worker')
  .description('a background worker: sync runs and the automatic triggers')
  .action(async () => {
    const { runWorker } = await import('./worker.ts');
    await runWorker();
  });

program
  .command('sync')
  .description('one sync run from the terminal, with progress; exit code 0 only when nothing failed')
  .requiredOption('--workspace <slug>', 'the workspace slug, e.g. demo')
  .option('--entity <entity>', 'customers, projects, products or hours (default: all)')
  .option('--dry-run', 'tell what would be done; write nothing')
  .action(async (options: { workspace: string; entity?: string; dryRun?: boolean }) => {
    const { runSyncCommand } = await import('./sync.ts');
    process.exitCode = await runSyncCommand(options);
  });

program
  .command('migrate')
  .description('apply database migrations and exit')
  .action(async () => {
    const { runMigrate } = await import('./migrate.ts');
    await runMigrate();
  });

program
  .command('sandbox')
  .description('the 24SO sandbox alone')
  .option('--port <port>', 'listen port (default SANDBOX_PORT or 7324)')
  .option('--in-memory', 'keep the state in memory only (not in DATA_DIR/sandbox.json)')
  .action(async (options: { port?: string; inMemory?: boolean }) => {
    const { runSandbox } = await import('./sandbox.ts');
    await runSandbox({
      port: options.port === undefined ? undefined : Number(options.port),
      inMemory: options.inMemory === true,
    });
  });

const token = program.command('token').description('REST API tokens');
token
  .command('create')
  .description('print a new REST API token for a workspace')
  .requiredOption('--workspace <slug>', 'the workspace slug, e.g. demo')
  .option('--name <name>', 'a label for the token', 'cli')
  .action(async (options: { workspace: string; name: string }) => {
    const { runTokenCreate } = await import('./token-create.ts');
    await runTokenCreate(options);
  });

token
  .command('list')
  .description('list the REST API tokens of a workspace (never the tokens themselves)')
  .requiredOption('--workspace <slug>', 'the workspace slug, e.g. demo')
  .action(async (options: { workspace: string }) => {
    const { runTokenList } = await import('./token-list.ts');
    await runTokenList(options);
  });
token
  .command('revoke')
  .description('revoke a REST API token; calls with it get 401')
  .requiredOption('--workspace <slug>', 'the workspace slug, e.g. demo')
  .requiredOption('--id <id>', 'the token id, as `token list` shows it')
  .action(async (options: { workspace: string; id: string }) => {
    const { runTokenRevoke } = await import('./token-revoke.ts');
    await runTokenRevoke(options);
  });

const secret = program.command('secret').description('the key stored 24SO credentials are sealed with');
secret
  .command('rotate')
  .description(
    're-seal every stored 24SO password and session with BROEN_SECRET_KEY (old keys in BROEN_SECRET_KEY_OLD); resumable',
  )
  .action(async () => {
    const { runSecretRotate } = await import('./secret-rotate.ts');
    process.exitCode = await runSecretRotate();
  });

const workspace = program.command('workspace').description('workspaces (one per company)');
workspace
  .command('create')
  .description('create a workspace for a new company')
  .requiredOption('--slug <slug>', 'short name used in commands, e.g. nordvik (a-z, 0-9, -)')
  .requiredOption('--name <name>', 'the company name, e.g. "Nordvik Maskin AS"')
  .action(async (options: { slug: string; name: string }) => {
    const { runWorkspaceCreate } = await import('./accounts.ts');
    await runWorkspaceCreate(options);
  });

const user = program.command('user').description('users who log in to the web UI');
user
  .command('create')
  .description('create a user and print a one-time link where they choose their password')
  .requiredOption('--workspace <slug>', 'the workspace slug, e.g. nordvik')
  .requiredOption('--email <email>', 'the e-mail address the user logs in with')
  .requiredOption('--name <name>', "the user's name")
  .option('--url <url>', 'the address users open Broen at (default PUBLIC_URL, else http://HOST:PORT)')
  .action(async (options: { workspace: string; email: string; name: string; url?: string }) => {
    const { runUserCreate } = await import('./accounts.ts');
    await runUserCreate(options);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
