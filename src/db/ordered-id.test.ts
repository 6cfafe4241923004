// Scenario: imported rows get ids that are valid UUIDs and sort in the order they were made.
import { describe, expect, it } from 'vitest';
import { orderedId } from './ordered-id.ts';

describe('orderedId', () => {
  it('makes version 7 UUIDs carrying the millisecond they were made in', () => {
    const id = orderedId(Date.UTC(2025, 2, 14, 9, 30));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBeGreaterThanOrEqual(
      Date.UTC(2025, 2, 14, 9, 30),
    );
  });

  it('sorts as text in the order of creation, also with many ids in one millisecond', () => {
    const now = Date.now() + 60_000;
    const ids = Array.from({ length: 10_000 }, () => orderedId(now));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
