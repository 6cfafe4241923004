// The benchmark (bench/foundation.bench.ts) imports the hour repository from this path;
// the code lives in ../hours.ts.
export * from '../hours.ts';
