import { requireRole } from '../../../platform/auth.ts';
import { parseId } from '../../../platform/ids.ts';
import { parsePage, toConnection } from '../../../platform/pagination.ts';
import type { SubgraphContext } from '../../subgraph-server.ts';
import type { PlanningLoaders } from '../loaders.ts';
import type { OrchestrationRun, RunStatus, RunStep } from '../repository/runs.ts';
import { finishRun, recordRunStep, startRun } from '../services/runs.ts';
import { parseFinishRunInput, parseRunStepInput, parseStartRunInput } from '../validation.ts';
import { durationMs } from './references.ts';
import { repositoryOf } from './repository.ts';

type Context = SubgraphContext<PlanningLoaders>;

/** Puts a run a mutation just wrote into the request's loader, replacing anything stale. */
export function freshRun(context: Context, run: OrchestrationRun): OrchestrationRun {
  context.loaders.runById.clear(run.id).prime(run.id, run);
  return run;
}

export const runQueries = {
  orchestrationRun: (_: unknown, args: { id: string }, context: Context) => {
    requireRole(context.caller, 'VIEWER');
    return context.loaders.runById.load(parseId(args.id));
  },
  orchestrationRuns: async (
    _: unknown,
    args: { first?: number | null; after?: string | null; status?: RunStatus | null },
    context: Context,
  ) => {
    requireRole(context.caller, 'VIEWER');
    const page = parsePage(args, context.caller, 'INSTANT');
    const status = args.status ?? null;
    const { rows: runs, totalCount } = await repositoryOf(context).runs.list(page, status);
    for (const run of runs) context.loaders.runById.prime(run.id, run);
    return toConnection(runs, page, totalCount, (run) => ({ sortKey: run.cursorAt, id: run.id }));
  },
};

export const runMutations = {
  startOrchestrationRun: async (_: unknown, args: { input: unknown }, context: Context) => {
    requireRole(context.caller, 'SERVICE');
    const input = parseStartRunInput(args.input);
    return freshRun(context, await startRun(repositoryOf(context), input));
  },
  recordRunStep: async (_: unknown, args: { runId: string; input: unknown }, context: Context) => {
    requireRole(context.caller, 'SERVICE');
    const runId = parseId(args.runId, 'runId');
    const input = parseRunStepInput(args.input);
    return freshRun(context, await recordRunStep(repositoryOf(context), runId, input));
  },
  finishOrchestrationRun: async (_: unknown, args: { runId: string; input: unknown }, context: Context) => {
    requireRole(context.caller, 'SERVICE');
    const runId = parseId(args.runId, 'runId');
    const input = parseFinishRunInput(args.input);
    return freshRun(context, await finishRun(repositoryOf(context), runId, input));
  },
};

export const OrchestrationRunResolvers = {
  __resolveReference: (reference: { id: string }, context: Context) => {
    requireRole(context.caller, 'VIEWER');
    return context.loaders.runById.load(reference.id);
  },
  durationMs: (run: OrchestrationRun) => durationMs(run.startedAt, run.finishedAt),
  steps: (run: OrchestrationRun, _: unknown, context: Context) => context.loaders.stepsByRunId.load(run.id),
  snapshot: (run: OrchestrationRun, _: unknown, context: Context) => context.loaders.snapshotSummaryByRunId.load(run.id),
  forecasts: (run: OrchestrationRun, _: unknown, context: Context) => context.loaders.forecastsByRunId.load(run.id),
  productionSchedule: (run: OrchestrationRun, _: unknown, context: Context) => context.loaders.scheduleByRunId.load(run.id),
  procurementPlan: (run: OrchestrationRun, _: unknown, context: Context) => context.loaders.planByRunId.load(run.id),
};

export const SagaStepResolvers = {
  durationMs: (step: RunStep) => durationMs(step.startedAt, step.finishedAt),
};
