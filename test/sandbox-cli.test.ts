// Scenario: someone runs `npx broen sandbox --port N` to try Broen against a local 24SO: it
// prints where it listens, serves the web view with the clients and the order list, stops
// cleanly on Ctrl-C/SIGTERM, and says plainly when the port is taken.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/broen.js', import.meta.url));
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function runSandbox(
  port: number,
  ...flags: string[]
): {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
  dataDir: string;
} {
  const dataDir = mkdtempSync(join(tmpdir(), 'broen-sandbox-cli-'));
  const child = spawn(process.execPath, [BIN, 'sandbox', '--port', String(port), ...flags], {
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  cleanups.push(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { child, output: () => output, exit, dataDir };
}

async function waitFor(
  read: () => string,
  pattern: RegExp,
  exit: Promise<unknown>,
): Promise<RegExpExecArray> {
  const deadline = Date.now() + 30_000;
  let exited = false;
  void exit.then(() => {
    exited = true;
  });
  for (;;) {
    const m = pattern.exec(read());
    if (m) return m;
    if (exited || Date.now() > deadline) throw new Error(`no ${pattern} in: ${read()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('npx broen sandbox', () => {
  it('prints its address, serves the clients and the Ordreliste, and stops cleanly', async () => {
    const run = runSandbox(0);
    const [, url] = await waitFor(run.output, /Adresse:\s+(http:\/\/127\.0\.0\.1:\d+)/, run.exit);
    // The banner arrives in more than one chunk: wait for the user line rather than racing it.
    await waitFor(run.output, /API-bruker:\s+api@demo\.no \/ demo-password/, run.exit);

    const home = await (await fetch(`${url}/`)).text();
    expect(home).toContain('Demo Maskin AS');
    expect(home).toContain('Demo Transport AS');
    const client = await (await fetch(`${url}/klienter/3520001`)).text();
    expect(client).toMatch(/<h2[^>]*>Ordreliste/);
    const wsdl = await fetch(`${url}/CRM/Company/V001/CompanyService.asmx?wsdl`);
    expect(await wsdl.text()).toContain(`location="${url}/CRM/Company/V001/CompanyService.asmx"`);

    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    await expect(fetch(`${url}/`)).rejects.toThrow();
  }, 60_000);

  it('with --in-memory writes nothing to DATA_DIR, before or after a change to its state', async () => {
    const run = runSandbox(0, '--in-memory');
    const [, url] = await waitFor(run.output, /Adresse:\s+(http:\/\/127\.0\.0\.1:\d+)/, run.exit);
    await waitFor(run.output, /Tilstand:\s+bare i minnet/, run.exit);
    const reset = await fetch(`${url}/_sandbox/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seed: 'empty' }),
    });
    expect(reset.status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(readdirSync(run.dataDir)).toEqual([]);
  }, 60_000);

  it('says in Norwegian that the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => blocker.close());
    const port = (blocker.address() as { port: number }).port;
    const run = runSandbox(port);
    expect(await run.exit).toBe(1);
    expect(run.output()).toContain(`Port ${port} på 127.0.0.1 er allerede i bruk – velg en annen med --port`);
  }, 60_000);
});
