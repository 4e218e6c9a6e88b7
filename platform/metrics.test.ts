import { Registry, type Histogram } from 'prom-client';
import { describe, expect, test } from 'vitest';
import { OrchestrationMetrics, ServiceMetrics, observeLoaderBatch } from './metrics.ts';
import { currentScope, runInScope } from './request-scope.ts';

/** Sum of a counter's samples whose labels include `labels`. */
async function counter(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((candidate) => candidate.name === name);
  const matching = (metric?.values ?? []).filter((sample) =>
    Object.entries(labels).every(([key, expected]) => String((sample.labels as Record<string, unknown>)[key]) === expected),
  );
  return matching.reduce((sum, sample) => sum + sample.value, 0);
}

/** The `_sum` (or `_count`) samples of a histogram, with their labels. */
async function histogram(registry: Registry, name: string, part: 'sum' | 'count' = 'sum') {
  const { values } = await (registry.getSingleMetric(name) as Histogram).get();
  return values.filter((sample) => sample.metricName === `${name}_${part}`).map(({ labels, value }) => ({ labels, value }));
}

describe('ServiceMetrics', () => {
  test('labels at most 200 distinct operation names; the rest, and names that are not GraphQL names, are "other"', () => {
    const metrics = new ServiceMetrics('inventory');
    // 20 new names per tenant (issue 12): ten tenants fill the 200.
    for (let index = 0; index < 200; index++) expect(metrics.operationLabel(`Operation${index}`, `tenant-${Math.floor(index / 20)}`)).toBe(`Operation${index}`);
    expect(metrics.operationLabel('OneTooMany')).toBe('other');
    expect(metrics.operationLabel('Operation7')).toBe('Operation7');
    expect(metrics.operationLabel('not a name {')).toBe('other');
    expect(metrics.operationLabel(undefined)).toBe('anonymous');
  });

  test('one bakery adds at most 20 names: its 21st is "other", another bakery still gets its own (issue 12, finding 10)', () => {
    const metrics = new ServiceMetrics('gateway');
    for (let index = 0; index < 20; index++) expect(metrics.operationLabel(`Flood${index}`, 'tenant-a')).toBe(`Flood${index}`);
    expect(metrics.operationLabel('Flood20', 'tenant-a')).toBe('other');
    expect(metrics.operationLabel('Dashboard', 'tenant-b')).toBe('Dashboard');
    // A name already labelled is labelled for everyone, at no cost to their allowance.
    expect(metrics.operationLabel('Flood3', 'tenant-b')).toBe('Flood3');
  });

  test('in a request scope, the tenant is the one the scope names', () => {
    const metrics = new ServiceMetrics('gateway');
    runInScope({ service: 'gateway', sqlQueries: 0, fetches: 0, tenantId: 'tenant-a' } as never, () => {
      for (let index = 0; index < 20; index++) metrics.operationLabel(`Flood${index}`);
      expect(metrics.operationLabel('Flood20')).toBe('other');
    });
    expect(metrics.operationLabel('Flood20', 'tenant-b')).toBe('Flood20');
  });

  test('a DataLoader batch goes to the metrics of the request in scope, and nowhere outside a request', async () => {
    const inventory = new ServiceMetrics('inventory');
    const suppliers = new ServiceMetrics('suppliers');
    await runInScope({ service: 'inventory', sink: inventory }, async () => {
      await Promise.resolve();
      observeLoaderBatch('ingredientById', 40);
    });
    runInScope({ service: 'suppliers', sink: suppliers }, () => observeLoaderBatch(null, 3));
    observeLoaderBatch('ingredientById', 1000);
    expect(await histogram(inventory.registry, 'levain_dataloader_batch_size')).toEqual([{ labels: { loader: 'ingredientById' }, value: 40 }]);
    expect(await histogram(suppliers.registry, 'levain_dataloader_batch_size')).toEqual([{ labels: { loader: 'unnamed' }, value: 3 }]);
  });
});

describe('OrchestrationMetrics', () => {
  test("records a finished run's duration and steps from the run's own figures, and the calls counted in its scope", async () => {
    const registry = new Registry();
    const metrics = new OrchestrationMetrics(registry);
    await runInScope({ service: 'worker', runId: 'run-1' }, async () => {
      await metrics.timeGatewayCall('query OrchestrationSnapshot { ingredients { id } }', async () => 'ok');
      await metrics.timeGatewayCall('mutation RecordRunStep($runId: ID!) { x }', async () => 'ok');
      await expect(metrics.timeGatewayCall('mutation FinishOrchestrationRun { x }', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
      expect(currentScope()?.fetches).toBe(3);
      metrics.runFinished({
        trigger: 'SCHEDULED',
        status: 'COMPLETED',
        durationMs: 4_500,
        steps: [
          { name: 'snapshot', status: 'COMPLETED', attempts: 2, durationMs: 1_250 },
          { name: 'notify', status: 'SKIPPED', attempts: 0, durationMs: null },
        ],
      });
    });
    expect(await histogram(registry, 'levain_orchestration_run_duration_seconds')).toEqual([{ labels: { trigger: 'SCHEDULED', outcome: 'COMPLETED' }, value: 4.5 }]);
    expect(await histogram(registry, 'levain_orchestration_step_duration_seconds')).toEqual([{ labels: { step: 'snapshot', outcome: 'COMPLETED' }, value: 1.25 }]);
    expect(await histogram(registry, 'levain_orchestration_step_attempts')).toEqual([{ labels: { step: 'snapshot' }, value: 2 }]);
    expect(await counter(registry, 'levain_orchestration_gateway_calls_total', { operation: 'OrchestrationSnapshot', outcome: 'ok' })).toBe(1);
    expect(await counter(registry, 'levain_orchestration_gateway_calls_total', { operation: 'FinishOrchestrationRun', outcome: 'failed' })).toBe(1);
    expect(await histogram(registry, 'levain_orchestration_gateway_calls_per_run')).toEqual([{ labels: { outcome: 'COMPLETED' }, value: 3 }]);
  });

  test('scheduler lag is never negative (a job started before its nominal fire time counts as on time)', async () => {
    const registry = new Registry();
    const metrics = new OrchestrationMetrics(registry);
    metrics.observeSchedulerLag('orchestration', 2.5);
    metrics.observeSchedulerLag('orchestration', -0.2);
    expect(await histogram(registry, 'levain_scheduler_lag_seconds')).toEqual([{ labels: { queue: 'orchestration' }, value: 2.5 }]);
    expect(await histogram(registry, 'levain_scheduler_lag_seconds', 'count')).toEqual([{ labels: { queue: 'orchestration' }, value: 2 }]);
  });
});
