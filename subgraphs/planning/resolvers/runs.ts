import { requireRole } from '../../../platform/auth.ts';
import { parseId } from '../../../platform/ids.ts';
import { parsePage, toConnection } from '../../../platform/pagination.ts';
import type { PlanningContext } from '../context.ts';
import type { Resolvers } from '../generated/resolvers.ts';
import type { OrchestrationRun } from '../repository/runs.ts';
import { finishRun, recordRunStep, startRun } from '../services/runs.ts';
import { parseFinishRunInput, parseRunStepInput, parseStartRunInput } from '../validation.ts';
import { durationMs } from './references.ts';

/** Puts a run a mutation just wrote into the request's loader, replacing anything stale. */
export function freshRun(context: PlanningContext, run: OrchestrationRun): OrchestrationRun {
  context.loaders.runById.clear(run.id).prime(run.id, run);
  return run;
}

/** The run a schedule, plan or notification names: there by foreign key, so a miss means it was deleted mid-request. */
export async function namedRun(context: PlanningContext, runId: string): Promise<OrchestrationRun> {
  const run = await context.loaders.runById.load(runId);
  if (!run) throw new Error(`orchestration run ${runId} vanished`);
  return run;
}

export const runResolvers: Resolvers = {
  Query: {
    orchestrationRun: (_, args, context) => {
      requireRole(context.caller, 'VIEWER');
      return context.loaders.runById.load(parseId(args.id));
    },
    orchestrationRuns: async (_, args, context) => {
      requireRole(context.caller, 'VIEWER');
      const page = parsePage(args, context.caller, 'INSTANT');
      const status = args.status ?? null;
      const { rows: runs, totalCount } = await context.loaders.repository.runs.list(page, status);
      for (const run of runs) context.loaders.runById.prime(run.id, run);
      return toConnection(runs, page, totalCount, (run) => ({ sortKey: run.cursorAt, id: run.id }));
    },
  },

  Mutation: {
    startOrchestrationRun: async (_, args, context) => {
      requireRole(context.caller, 'SERVICE');
      const input = parseStartRunInput(args.input);
      return freshRun(context, await startRun(context.loaders.repository, input));
    },
    recordRunStep: async (_, args, context) => {
      requireRole(context.caller, 'SERVICE');
      const runId = parseId(args.runId, 'runId');
      const input = parseRunStepInput(args.input);
      return freshRun(context, await recordRunStep(context.loaders.repository, runId, input));
    },
    finishOrchestrationRun: async (_, args, context) => {
      requireRole(context.caller, 'SERVICE');
      const runId = parseId(args.runId, 'runId');
      const input = parseFinishRunInput(args.input);
      return freshRun(context, await finishRun(context.loaders.repository, runId, input));
    },
  },

  OrchestrationRun: {
    __resolveReference: (reference, context) => {
      requireRole(context.caller, 'VIEWER');
      return context.loaders.runById.load(reference.id);
    },
    durationMs: (run) => durationMs(run.startedAt, run.finishedAt),
    steps: (run, _, context) => context.loaders.stepsByRunId.load(run.id),
    snapshot: (run, _, context) => context.loaders.snapshotSummaryByRunId.load(run.id),
    forecasts: (run, _, context) => context.loaders.forecastsByRunId.load(run.id),
    productionSchedule: (run, _, context) => context.loaders.scheduleByRunId.load(run.id),
    procurementPlan: (run, _, context) => context.loaders.planByRunId.load(run.id),
  },

  SagaStep: {
    durationMs: (step) => durationMs(step.startedAt, step.finishedAt),
  },
};
