// Scenario: a change that breaks the types or the house lint rules fails `npm test` (and so CI),
// not only an editor somewhere.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;

function run(command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', env: process.env });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}`.trim() };
}

describe('static checks', () => {
  it('type-checks the whole project (npm run typecheck)', () => {
    const { status, output } = run('npx', ['tsc', '--noEmit']);
    expect(output, 'tsc reported errors').toBe('');
    expect(status).toBe(0);
  }, 180_000);

  it('passes the lint and format rules (npm run lint)', () => {
    const { status, output } = run('npx', ['biome', 'check', 'src', 'bench', 'test', 'scripts']);
    expect(status, output).toBe(0);
  }, 60_000);

  it('has no unused files, exports or dependencies (knip, part of npm run lint)', () => {
    const { status, output } = run('npx', ['knip']);
    expect(status, output).toBe(0);
  }, 120_000);
});
