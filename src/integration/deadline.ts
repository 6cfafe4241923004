// One overall deadline for a request a user waits on while Broen reads several things from
// 24SO: the reads run in parallel and the answer comes when they are done or the deadline
// passes, whichever is first, naming what did not finish. Reads still running carry on in the
// background (they only read; a late answer still warms the list cache) and are ignored.

/** How long a page or API call that reads several 24SO lists waits in total. */
export const USER_REQUEST_DEADLINE_MS = 10_000;

export type Settled<T> = { finished: true; value: T } | { finished: false };

/**
 * Starts every task at once and settles each within `deadlineMs` overall.
 * @example const [a, b] = await settleWithin([() => readA(), () => readB()], 10_000); if (!a.finished) …
 */
export async function settleWithin<T>(
  tasks: readonly (() => Promise<T>)[],
  deadlineMs: number,
): Promise<Settled<T>[]> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<{ finished: false }>((resolve) => {
    timer = setTimeout(() => resolve({ finished: false }), deadlineMs);
  });
  try {
    return await Promise.all(
      tasks.map((task) => {
        const running = task().then((value) => ({ finished: true as const, value }));
        // A task that fails after the deadline must not become an unhandled rejection.
        running.catch(() => {});
        return Promise.race([running, deadline]);
      }),
    );
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The Norwegian note for reads that did not finish in time.
 * @example unfinishedMessage(10_000) // 'Svaret fra 24SevenOffice kom ikke innen 10 sekunder. Prøv igjen.'
 */
export function unfinishedMessage(deadlineMs: number): string {
  return `Svaret fra 24SevenOffice kom ikke innen ${Math.round(deadlineMs / 1000)} sekunder. Prøv igjen.`;
}
