// A seeded random sequence for the sandbox's faults (`createSandbox({ random })`), so that
// `dropResponseRate` and `failRate` hit the same calls on every run of a test.

/**
 * A small linear congruential generator: the same numbers in [0, 1) for the same seed.
 * @example const sandbox = createSandbox({ seed: 'empty', random: seededRandom(7) });
 */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
