import { randomBytes } from 'node:crypto';
import type { Clock } from '../db/clock.ts';
import type { Db } from '../db/database.ts';
import { createWorkspace, type Workspace } from './workspaces.ts';

// Helpers for the workspace tests only.

/**
 * A clock that starts at `start` and moves one second on every call, so timestamps are
 * predictable and still strictly increasing.
 * @example const clock = steppingClock('2025-03-14T08:00:00Z');
 */
export function steppingClock(start = '2025-03-14T08:00:00.000Z'): Clock & { now(): Date } {
  let t = Date.parse(start);
  const clock = (() => {
    const d = new Date(t);
    t += 1000;
    return d;
  }) as Clock & { now(): Date };
  clock.now = () => new Date(t);
  return clock;
}

/**
 * A fresh workspace with a random slug, so suites sharing one database never collide.
 * @example const ws = await newWorkspace(db);
 */
export async function newWorkspace(db: Db, name = 'Test AS'): Promise<Workspace> {
  return createWorkspace(db, { slug: `t-${randomBytes(5).toString('hex')}`, name });
}

/**
 * Calls `fn` and returns the error it throws (fails the test when it does not throw).
 * @example const e = await caught(() => createCustomer(db, ws.id, bad)); expect(e).toMatchObject({ code: 'invalid' });
 */
export async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}
