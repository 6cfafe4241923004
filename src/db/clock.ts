// Time comes from an injected clock, so tests can pass a fixed or ticking one and every row a
// repository stamps agrees with it.

/** The injectable clock; tests pass a fixed one. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
