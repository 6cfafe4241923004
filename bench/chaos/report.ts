import type { ChaosResult } from './run.ts';

// The chaos run's figures as printed lines, and the targets it missed (any → exit code 1).

const MiB = 1024 * 1024;

export function missedTargets(r: ChaosResult, quarantineAsked: boolean): string[] {
  const missed: string[] = [];
  const v = r.verdict;
  if (r.timedOut) missed.push(`not done before the timeout (${r.waiting.length} workspaces waiting)`);
  if (!v) return [...missed, 'no verdict'];
  const u = r.unfinished;
  const sum = (k: 'duplicates' | 'missing' | 'wrongLinks') =>
    Object.values(v.byKind).reduce((n, x) => n + x[k], 0) +
    (k === 'missing' ? 0 : Object.values(u?.byKind ?? {}).reduce((n, x) => n + x[k], 0));
  if (sum('duplicates') > 0) missed.push(`duplicates ${sum('duplicates')} (target 0)`);
  if (sum('missing') > 0) missed.push(`missing ${sum('missing')} (target 0)`);
  if (sum('wrongLinks') > 0) missed.push(`wrong links ${sum('wrongLinks')} (target 0)`);
  if ((u?.ordersPerAttachment ?? []).some((n) => n > 1))
    missed.push('an unfinished workspace has an attachment with more than 1 order');
  if (v.ordersPerAttachment.some((n) => n !== 1)) missed.push('an attachment does not have exactly 1 order');
  if (r.kills.done < r.kills.asked) missed.push(`kills ${r.kills.done}/${r.kills.asked}`);
  if (quarantineAsked && r.quarantines < 1) missed.push('no 24SO quarantine was forced');
  if (r.unexpectedExits.length > 0)
    missed.push(`processes exited on their own: ${r.unexpectedExits.join('; ')}`);
  return missed;
}

export function formatReport(r: ChaosResult, quarantineAsked: boolean): string[] {
  const lines: string[] = [];
  const v = r.verdict;
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  lines.push('', 'Chaos suite');
  if (v) {
    lines.push('  kind       records  duplicates  missing  wrong links');
    for (const [kind, k] of Object.entries(v.byKind)) {
      lines.push(
        `  ${kind.padEnd(9)} ${String(k.records).padStart(8)} ${String(k.duplicates).padStart(11)} ${String(k.missing).padStart(8)} ${String(k.wrongLinks).padStart(12)}`,
      );
    }
    const total = (key: 'duplicates' | 'missing' | 'wrongLinks') =>
      Object.values(v.byKind).reduce((n, x) => n + x[key], 0);
    lines.push(`  duplicates:             ${total('duplicates')}   (target 0)`);
    lines.push(`  missing records:        ${total('missing')}   (target 0)`);
    const orders = v.ordersPerAttachment;
    lines.push(
      `  orders per attachment:  min ${Math.min(...orders)}, max ${Math.max(...orders)} over ${orders.length} attachments   (target exactly 1)`,
    );
  }
  const u = r.unfinished;
  if (u) {
    const total = (key: 'records' | 'duplicates' | 'missing' | 'wrongLinks') =>
      Object.values(u.byKind).reduce((n, x) => n + x[key], 0);
    const orders = u.ordersPerAttachment;
    lines.push(
      `  unfinished at the timeout (${r.waiting.length} workspaces, not in the figures above): ${total('records')} records, ${total('missing')} not yet in 24SO, duplicates ${total('duplicates')}, wrong links ${total('wrongLinks')}, orders per attachment max ${Math.max(0, ...orders)}`,
    );
  }
  lines.push(`  seeding:                ${s(r.seedMs)}`);
  lines.push(`  wall time:              ${s(r.wallMs)} (switched on → every workspace done)`);
  lines.push(
    `  24SO calls:             ${r.calls} for ${r.records} records = ${(r.calls / Math.max(1, r.records)).toFixed(2)} per record`,
  );
  const top = Object.entries(r.callsByOperation)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([op, n]) => `${op} ${n}`)
    .join(', ');
  lines.push(`                          (${top})`);
  lines.push(
    `  answers lost:           ${r.lostAnswers.lost} of ${r.lostAnswers.of} calls (${((100 * r.lostAnswers.lost) / Math.max(1, r.lostAnswers.of)).toFixed(0)} %)`,
  );
  const logins = Object.entries(r.lostAnswers.logins)
    .map(([outcome, n]) => `${outcome} ${n}`)
    .join(', ');
  lines.push(`  logins by outcome:      ${logins || 'none'} (ok: a session opened; throttled: too many)`);
  lines.push(
    `  «Aktiver» presses:      ${r.activationPresses.join(', ')} (per workspace; 1 = switched on at the first press)`,
  );
  for (const refusal of r.activationRefusals) lines.push(`                          refused: ${refusal}`);
  if (r.smallDoneMs.length > 0) {
    const sorted = [...r.smallDoneMs].sort((a, b) => a - b);
    const median = sorted[Math.floor((sorted.length - 1) / 2)] as number;
    lines.push(
      `  fairness:               slowest small workspace done after ${s(sorted[sorted.length - 1] as number)} (fastest ${s(sorted[0] as number)}, median ${s(median)}; ${sorted.length} small${r.bigHours > 0 ? `, beside one with ${r.bigHours} hours` : ', no big workspace'})`,
    );
  }
  if (r.bigHours > 0) {
    lines.push(
      `  big workspace done:     ${r.bigDoneMs !== undefined ? s(r.bigDoneMs) : 'not before the timeout'}`,
    );
  }
  lines.push(
    `  kills:                  ${r.kills.done}/${r.kills.asked} (${r.kills.midJob} while holding a job)`,
  );
  lines.push(`  sessions expired:       ${r.expiries} times`);
  lines.push(`  quarantines:            ${r.quarantines}${quarantineAsked ? '   (target ≥ 1)' : ''}`);
  lines.push(`  nudges (Synkroniser nå / Prøv igjen): ${r.nudges}; transfer calls: ${r.transferCalls}`);
  lines.push('  peak RSS (VmHWM):');
  for (const [name, bytes] of [...r.peakRss].sort()) {
    lines.push(`    ${name.padEnd(10)} ${(bytes / MiB).toFixed(0)} MiB`);
  }
  for (const w of r.waiting) {
    lines.push(
      `  waiting ${w.slug}: synced ${JSON.stringify(w.synced)} of ${JSON.stringify(w.expected)}, unsettled ${JSON.stringify(w.unsettled)}, transferred ${w.transferred}/${w.attachments}`,
    );
  }
  for (const e of v?.examples ?? []) lines.push(`  ! ${e}`);
  // Of an unfinished workspace only what is wrong already, not the records still to send.
  for (const e of u?.examples ?? []) if (!e.endsWith(': not in 24SO')) lines.push(`  ! ${e}`);
  const missed = missedTargets(r, quarantineAsked);
  lines.push(missed.length === 0 ? '  all targets met' : `  TARGETS MISSED: ${missed.join('; ')}`);
  return lines;
}
