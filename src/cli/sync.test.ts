// Scenario: an operator reads `broen sync --help` before sending the approved hours from the
// terminal, and finds hours among the kinds --entity takes; a mistyped kind lists them all.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/broen.js', import.meta.url));

describe('broen sync --entity', () => {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [BIN, 'sync', ...args], {
      env: { ...env, DATA_DIR: mkdtempSync(join(tmpdir(), 'broen-sync-cli-')), LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('names every kind it takes in --help, hours included, and lists them for an unknown one', () => {
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--entity <entity>\s+customers, projects, products or hours/);

    const wrong = run('--workspace', 'demo', '--entity', 'timer');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('Velg customers, projects, products eller hours.');
  });
});
