// Scenario: the chaos suite's short form (3 workspaces, 5 worker kills, a little data) on a
// fresh PostgreSQL database with the sandbox, two apps and three workers as real processes,
// lost answers, 24SO faults, expired sessions and a forced quarantine: every record ends up in
// 24SO exactly once and every invoice attachment becomes exactly one order.
import { describe, expect, it } from 'vitest';
import { SHORT_CHAOS } from '../bench/chaos/options.ts';
import { formatReport } from '../bench/chaos/report.ts';
import { runChaos } from '../bench/chaos/run.ts';
import { postgresAvailable, TEST_PG_URL } from './databases.ts';
import { requireOrSkip } from './requirements.ts';

describe('chaos suite, short form (npm run chaos -- --short)', async () => {
  if (!(await requireOrSkip('PostgreSQL', postgresAvailable))) return;

  it('leaves no duplicate and no missing record, and exactly one order per attachment', async () => {
    const server = new URL(TEST_PG_URL);
    server.pathname = '/';
    const result = await runChaos({ ...SHORT_CHAOS, postgresUrl: server.toString() });
    const report = formatReport(result, true).join('\n');
    console.log(report);
    expect(result.timedOut, report).toBe(false);
    const kinds = Object.values(result.verdict?.byKind ?? {});
    expect(kinds.length, report).toBe(5);
    expect(
      kinds.reduce((n, k) => n + k.duplicates, 0),
      report,
    ).toBe(0);
    expect(
      kinds.reduce((n, k) => n + k.missing, 0),
      report,
    ).toBe(0);
    expect(
      kinds.reduce((n, k) => n + k.wrongLinks, 0),
      report,
    ).toBe(0);
    const orders = result.verdict?.ordersPerAttachment ?? [];
    expect(orders, report).toHaveLength(SHORT_CHAOS.workspaces * SHORT_CHAOS.attachments);
    expect(
      orders.every((n) => n === 1),
      report,
    ).toBe(true);
    // The chaos happened: every kill, and a quarantine.
    expect(result.kills.done, report).toBe(SHORT_CHAOS.kills);
    expect(result.quarantines, report).toBeGreaterThanOrEqual(1);
    expect(result.unexpectedExits, report).toEqual([]);
  }, 300_000);
});
