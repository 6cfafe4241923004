// Scenario: an operator reads `broen sync --help` before sending the approved hours from the
// terminal, and finds hours among the kinds --entity takes; a mistyped kind lists them all; and a
// sync of a workspace not yet connected to 24SO is refused, as the REST API refuses it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/broen.js', import.meta.url));

describe('broen sync --entity', () => {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const dataDir = mkdtempSync(join(tmpdir(), 'broen-sync-cli-'));
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [BIN, ...args], {
      env: { ...env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('names every kind it takes in --help, hours included, and lists them for an unknown one', () => {
    const help = run('sync', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--entity <entity>\s+customers, projects, products or hours/);

    const wrong = run('sync', '--workspace', 'demo', '--entity', 'timer');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('Velg customers, projects, products eller hours.');
  });

  it('refuses a workspace that is not connected to 24SO, also for a dry run, and starts no run', () => {
    expect(run('workspace', 'create', '--slug', 'ny', '--name', 'Ny Maskin AS').status).toBe(0);
    const dry = run('sync', '--workspace', 'ny', '--dry-run');
    expect(dry.status).toBe(1);
    expect(dry.stderr).toContain('Arbeidsområdet «ny» er ikke koblet til 24SevenOffice.');
    expect(dry.stdout).not.toContain('Startet synkronisering');
  });
});
