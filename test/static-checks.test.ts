// Scenario: a change that breaks the types or the house lint rules fails `npm test` (and so CI),
// not only an editor somewhere.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkImports } from '../scripts/check-imports.ts';
import { checkOutcomes } from '../scripts/check-outcomes.ts';
import { checkTypeEscapes } from '../scripts/check-type-escapes.ts';

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

  it('imports point down a layer and form no cycle (check-imports, part of npm run lint)', () => {
    expect(checkImports()).toEqual([]);
  }, 60_000);

  it('the import check fails on a type-only cycle and on an upward import', () => {
    const root = mkdtempSync(join(tmpdir(), 'broen-imports-'));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    try {
      write(
        'src/http/deps.ts',
        "import type { Page } from './routes.ts';\nexport type Deps = { page?: Page };\n",
      );
      write(
        'src/http/routes.ts',
        "import type { Deps } from './deps.ts';\nexport type Page = { deps?: Deps };\n",
      );
      write(
        'src/db/rows.ts',
        "import type { Deps } from '../http/deps.ts';\nexport type Row = { deps?: Deps };\n",
      );
      write('src/workspace/tables.ts', 'export interface Row { id: string }\n');
      write(
        'src/db/tables.ts',
        "import type { Row } from '../workspace/tables.ts';\nexport type All = Row;\n",
      );
      expect(checkImports(root).sort()).toEqual([
        'import cycle of 2 files: src/http/deps.ts -> src/http/routes.ts -> src/http/deps.ts',
        'src/db/rows.ts imports src/http/deps.ts: src/db may not import src/http',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('src has no type escapes outside the allow-list (check-type-escapes, part of npm run lint)', () => {
    expect(checkTypeEscapes()).toEqual([]);
  });

  it('the type-escape check fails on `as never`, `as unknown as` and Kysely<any>, not on prose', () => {
    const root = mkdtempSync(join(tmpdir(), 'broen-escapes-'));
    try {
      mkdirSync(join(root, 'src/http'), { recursive: true });
      writeFileSync(
        join(root, 'src/http/spec.ts'),
        [
          '// an answer that was never sent',
          'export const a = 1 as never;',
          'export const b = a as unknown as string;',
          'export type C = Kysely<any>;',
        ].join('\n'),
      );
      expect(checkTypeEscapes(root).map((p) => p.split(' (')[0])).toEqual([
        'src/http/spec.ts:2: as never',
        'src/http/spec.ts:3: as unknown as',
        'src/http/spec.ts:4: Kysely<any>',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('code below src/http speaks in outcomes, not HTTP statuses (check-outcomes, part of npm run lint)', () => {
    expect(checkOutcomes()).toEqual([]);
  });

  it('the outcome check fails on a status in a result, a type or a comparison below src/http, not in prose or src/http', () => {
    const root = mkdtempSync(join(tmpdir(), 'broen-outcomes-'));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    try {
      write(
        'src/integration/refuse.ts',
        [
          '/** A refusal (409 on the wire, status: 409 in the old shape). */',
          'export type Refusal = { ok: false; status: 404 | 409; message: string };',
          "export const refused = { ok: false, status: 409, message: 'Avstemmingen er endret.' }; // status: 409",
        ].join('\n'),
      );
      write('src/invoicing/send.ts', 'export const gone = (r: { status: number }) => r.status === 404;\n');
      write(
        'src/workspace/answer.ts',
        "import type { ContentfulStatusCode } from 'hono/utils/http-status';\nexport type S = ContentfulStatusCode;\n",
      );
      write('src/http/answer.ts', "export const answer = { status: 422, detail: 'Ugyldig' };\n");
      write('src/integration/flow.test.ts', 'expect(res.status === 409).toBe(true);\n');
      expect(
        checkOutcomes(root)
          .map((p) => p.split(' (')[0])
          .sort(),
      ).toEqual([
        'src/integration/refuse.ts:2: an HTTP status in a result or type',
        'src/integration/refuse.ts:3: an HTTP status in a result or type',
        'src/invoicing/send.ts:1: a comparison with an HTTP status',
        "src/workspace/answer.ts:1: hono's status-code types",
        "src/workspace/answer.ts:1: hono's status-code types",
        "src/workspace/answer.ts:2: hono's status-code types",
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
