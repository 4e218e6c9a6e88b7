import { requireRole } from '../../../platform/auth.ts';
import { parseId } from '../../../platform/ids.ts';
import type { SubgraphContext } from '../../subgraph-server.ts';
import type { PlanningLoaders } from '../loaders.ts';
import { generateForecasts, generateProcurementPlan, generateProductionSchedule, recordSnapshot } from '../services/pipeline.ts';
import { parseSnapshot } from '../snapshot.ts';
import { parseAttempt } from '../validation.ts';
import { repositoryOf } from './repository.ts';
import { freshRun } from './runs.ts';

type Context = SubgraphContext<PlanningLoaders>;

/** A stage mutation's arguments: the run, and the worker's try of the step. */
interface StageArgs {
  runId: string;
  attempt?: number | null;
}

/** The saga's stage mutations: SERVICE only; each validates, then the pipeline service does the work and records the step. */
export const pipelineMutations = {
  recordSnapshot: async (_: unknown, args: StageArgs & { snapshot: unknown }, context: Context) => {
    requireRole(context.caller, 'SERVICE');
    const runId = parseId(args.runId, 'runId');
    const snapshot = parseSnapshot(args.snapshot);
    return freshRun(context, await recordSnapshot(repositoryOf(context), runId, snapshot, parseAttempt(args.attempt)));
  },
  generateForecasts: async (_: unknown, args: StageArgs, context: Context) => {
    requireRole(context.caller, 'SERVICE');
    const runId = parseId(args.runId, 'runId');
    return freshRun(context, await generateForecasts(repositoryOf(context), runId, parseAttempt(args.attempt)));
  },
  generateProductionSchedule: async (_: unknown, args: StageArgs, context: Context) => {
    requireRole(context.caller, 'SERVICE');
    return generateProductionSchedule(repositoryOf(context), parseId(args.runId, 'runId'), parseAttempt(args.attempt));
  },
  generateProcurementPlan: async (_: unknown, args: StageArgs, context: Context) => {
    requireRole(context.caller, 'SERVICE');
    return generateProcurementPlan(repositoryOf(context), parseId(args.runId, 'runId'), parseAttempt(args.attempt));
  },
};
