import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The worker's Prometheus metrics (served at the worker's /metrics). */
export function createWorkerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'levain_worker_' });
  return {
    registry,
    /** Jobs finished by this worker, by trigger and run outcome (COMPLETED, COMPENSATED, FAILED, RETRY). */
    runs: new Counter({
      name: 'levain_orchestration_runs_total',
      help: 'Orchestration jobs finished by this worker, by trigger and outcome',
      labelNames: ['trigger', 'outcome'] as const,
      registers: [registry],
    }),
    /** Wall time of one job attempt, in seconds. */
    duration: new Histogram({
      name: 'levain_orchestration_job_duration_seconds',
      help: 'Wall time of one orchestration job attempt',
      labelNames: ['trigger', 'outcome'] as const,
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
      registers: [registry],
    }),
    /** 0 closed, 1 half-open, 2 open. */
    breaker: new Gauge({
      name: 'levain_gateway_circuit_breaker_state',
      help: 'Circuit breaker of each gateway target: 0 closed, 1 half-open, 2 open',
      labelNames: ['target'] as const,
      registers: [registry],
    }),
    /** Schedulers whose next run is missing or overdue, at the last audit. */
    schedulerProblems: new Gauge({
      name: 'levain_job_scheduler_problems',
      help: 'Tenant job schedulers whose next run is missing or in the past, at the last audit',
      labelNames: ['problem'] as const,
      registers: [registry],
    }),
    /** Jobs in the orchestration queue by state, at the last audit. */
    queueJobs: new Gauge({
      name: 'levain_orchestration_queue_jobs',
      help: 'Jobs in the orchestration queue by state, at the last audit',
      labelNames: ['state'] as const,
      registers: [registry],
    }),
  };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;
