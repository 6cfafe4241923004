import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { CallRecord } from '../twentyfour/transport.ts';

// This process's own metrics: what it measured itself (HTTP latency, job durations, the 24SO
// calls it sent) plus Node's process metrics (RSS, event-loop lag). Each process — app or
// worker — has one registry and is scraped on its own; database-wide figures are added per
// scrape (database-metrics.ts).

export interface ProcessMetrics {
  registry: Registry;
  httpDuration: Histogram<'route' | 'method' | 'status'>;
  jobDuration: Histogram<'kind' | 'outcome'>;
  twentyFourCalls: Counter<'service' | 'operation' | 'outcome'>;
}

let instance: ProcessMetrics | undefined;

/**
 * The process's metrics, made on first use.
 * @example processMetrics().jobDuration.observe({ kind: 'sync.run', outcome: 'done' }, 12.5);
 */
export function processMetrics(): ProcessMetrics {
  if (instance) return instance;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  instance = {
    registry,
    httpDuration: new Histogram({
      name: 'broen_http_request_duration_seconds',
      help: 'HTTP request latency by route pattern, method and status',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: 'broen_job_duration_seconds',
      help: 'How long one execution of a job took (kind="sync.run": a sync run), by outcome',
      labelNames: ['kind', 'outcome'],
      buckets: [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
      registers: [registry],
    }),
    twentyFourCalls: new Counter({
      name: 'broen_twentyfour_calls_total',
      help: '24SO calls this process made (or was refused by the shared budget), by service, operation and outcome',
      labelNames: ['service', 'operation', 'outcome'],
      registers: [registry],
    }),
  };
  return instance;
}

/**
 * Counts one 24SO call in this process's `broen_twentyfour_calls_total`.
 * @example createTwentyFourGateway({ …, onCall: countTwentyFourCall });
 */
export function countTwentyFourCall(call: CallRecord): void {
  processMetrics().twentyFourCalls.inc({
    service: call.service,
    operation: call.operation,
    outcome: call.outcome,
  });
}
