import { randomUUID } from 'node:crypto';
import {
  GENERATE_FORECASTS,
  GENERATE_PLAN,
  GENERATE_SCHEDULE,
  ok,
  RECORD_SNAPSHOT,
  SNAPSHOT_QUERY,
  snapshotInput,
  START_RUN,
} from '../planning/pipeline-support.ts';

const RECORD_STEP = `mutation DashboardTestStep($runId: ID!, $input: RecordRunStepInput!) {
  recordRunStep(runId: $runId, input: $input) { id status }
}`;
const FINISH = `mutation DashboardTestFinish($runId: ID!) {
  finishOrchestrationRun(runId: $runId, input: { status: COMPLETED }) { id status durationMs }
}`;

/**
 * Drives one orchestration run through the gateway with a SERVICE token, step by step, the way
 * the worker does (each step recorded RUNNING, its operation, then COMPLETED). Used where no
 * worker runs in the test; `notify` is recorded SKIPPED, since sending notifications is the
 * worker's own step.
 * @param runId an existing QUEUED run (one `requestOrchestration` made), or none to start one
 */
export async function driveRun(
  gatewayUrl: string,
  serviceToken: string,
  options: { planDate: string; runId?: string; pauseMs?: number },
): Promise<{ runId: string; planId: string }> {
  const runId =
    options.runId ??
    (
      await ok(gatewayUrl, START_RUN, { input: { planDate: options.planDate, trigger: 'MANUAL', idempotencyKey: randomUUID() } }, serviceToken)
    ).startOrchestrationRun.id;
  const pause = () => new Promise((resolve) => setTimeout(resolve, options.pauseMs ?? 0));
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    await ok(gatewayUrl, RECORD_STEP, { runId, input: { name, status: 'RUNNING' } }, serviceToken);
    const result = await work();
    await pause();
    await ok(gatewayUrl, RECORD_STEP, { runId, input: { name, status: 'COMPLETED' } }, serviceToken);
    return result;
  };
  await step('snapshot', async () => {
    const snapshot = snapshotInput(await ok(gatewayUrl, SNAPSHOT_QUERY, {}, serviceToken));
    await ok(gatewayUrl, RECORD_SNAPSHOT, { runId, snapshot }, serviceToken);
  });
  await step('forecast', () => ok(gatewayUrl, GENERATE_FORECASTS, { runId }, serviceToken));
  await step('production', () => ok(gatewayUrl, GENERATE_SCHEDULE, { runId }, serviceToken));
  const plan = await step('procurement', () => ok(gatewayUrl, GENERATE_PLAN, { runId }, serviceToken));
  await ok(gatewayUrl, RECORD_STEP, { runId, input: { name: 'notify', status: 'SKIPPED' } }, serviceToken);
  await ok(gatewayUrl, FINISH, { runId }, serviceToken);
  return { runId, planId: plan.generateProcurementPlan.id };
}
