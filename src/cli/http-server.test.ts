// Scenario: an orchestrator sends SIGTERM; a process whose stop finishes exits 0, one whose stop
// hangs exits 1 once BROEN_STOP_TIMEOUT_MS has passed instead of waiting for SIGKILL.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODULE = fileURLToPath(new URL('./http-server.ts', import.meta.url));

async function child(stop: 'finishes' | 'hangs', timeoutMs: number) {
  const body = stop === 'finishes' ? 'new Promise((r) => setTimeout(r, 50))' : 'new Promise(() => {})';
  const code = `
    const { onShutdown } = await import(${JSON.stringify(MODULE)});
    onShutdown(() => ${body}, { timeoutMs: ${timeoutMs} });
    setInterval(() => {}, 1000);
    console.log('ready');`;
  const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (c) => resolve(c)));
  await new Promise<void>((resolve) => {
    let out = '';
    proc.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('ready')) resolve();
    });
  });
  const sentAt = Date.now();
  proc.kill('SIGTERM');
  return { code: await exited, ms: Date.now() - sentAt };
}

describe('onShutdown (a real process)', () => {
  it('exits 0 when the stop finishes', async () => {
    expect((await child('finishes', 20_000)).code).toBe(0);
  }, 60_000);

  it('exits 1 after the stop timeout when the stop hangs', async () => {
    const { code, ms } = await child('hangs', 500);
    expect(code).toBe(1);
    expect(ms).toBeGreaterThanOrEqual(450);
  }, 60_000);
});
