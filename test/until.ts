// Waiting for a condition in tests, never for a fixed time: polled until it holds, with room for
// a busy two-core machine (a minute by default).

/**
 * Polls `check` every 25 ms until it holds; throws naming `what` after `timeoutMs`.
 * @example await until(async () => (await getRunById(db, id))?.state === 'done');
 */
export async function until(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 60_000,
  what = 'the condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
