// Scenario: an integrator misspells a nested field (`address.streeet`); the API must refuse it
// rather than silently drop it. Checked for every declared request body at every level.
import { expect, it } from 'vitest';
import { z } from 'zod';
import { apiOperations } from './index.ts';

/** JSON-schema paths of objects that would accept unknown properties. */
function openObjects(schema: unknown, path: string, out: string[]): void {
  if (Array.isArray(schema)) {
    schema.forEach((s, i) => {
      openObjects(s, `${path}[${i}]`, out);
    });
    return;
  }
  if (schema === null || typeof schema !== 'object') return;
  const node = schema as Record<string, unknown>;
  if (node.type === 'object' && node.properties && node.additionalProperties !== false)
    out.push(path || '(body)');
  for (const [key, value] of Object.entries(node)) openObjects(value, path ? `${path}.${key}` : key, out);
}

it('refuses unknown fields at every nesting level of every request body', () => {
  const open: string[] = [];
  for (const op of apiOperations) {
    if (!op.body) continue;
    const json = z.toJSONSchema(op.body, { io: 'input', unrepresentable: 'any' });
    const found: string[] = [];
    openObjects(json, '', found);
    for (const p of found) open.push(`${op.operationId}: ${p}`);
  }
  expect(open).toEqual([]);
});
