// Peak RSS over a stretch of work, sampled from a worker thread. A timer in the main thread
// misses it: an import on SQLite runs to its end without ever giving timers a turn, so such a
// sampler only ever saw the RSS after the import. RSS is the process's, whichever thread reads it.
import { Worker } from 'node:worker_threads';

const SAMPLER = `
const { parentPort } = require('node:worker_threads');
let peak = process.memoryUsage.rss();
const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 2);
parentPort.postMessage('ready');
parentPort.on('message', () => {
  clearInterval(timer);
  parentPort.postMessage(Math.max(peak, process.memoryUsage.rss()));
});
`;

/**
 * Starts sampling the process's RSS every 2 ms; the returned function stops and gives the peak.
 * @example const stop = await sampleRssPeak(); await work(); const peakBytes = await stop();
 */
export async function sampleRssPeak(): Promise<() => Promise<number>> {
  const worker = new Worker(SAMPLER, { eval: true });
  await new Promise((resolve) => worker.once('message', resolve));
  return async () => {
    const peak = await new Promise<number>((resolve) => {
      worker.once('message', resolve);
      worker.postMessage('stop');
    });
    await worker.terminate();
    return peak;
  };
}
