import { requireRole } from '../../../platform/auth.ts';
import { parseId } from '../../../platform/ids.ts';
import type { Resolvers } from '../generated/resolvers.ts';
import { generateForecasts, generateProcurementPlan, generateProductionSchedule, recordSnapshot } from '../services/pipeline.ts';
import { parseSnapshot } from '../snapshot.ts';
import { parseAttempt } from '../validation.ts';
import { freshRun } from './runs.ts';

/** The saga's stage mutations: SERVICE only; each validates, then the pipeline service does the work and records the step. */
export const pipelineResolvers: Resolvers = {
  Mutation: {
    recordSnapshot: async (_, args, context) => {
      requireRole(context.caller, 'SERVICE');
      const runId = parseId(args.runId, 'runId');
      const snapshot = parseSnapshot(args.snapshot);
      return freshRun(context, await recordSnapshot(context.loaders.repository, runId, snapshot, parseAttempt(args.attempt)));
    },
    generateForecasts: async (_, args, context) => {
      requireRole(context.caller, 'SERVICE');
      const runId = parseId(args.runId, 'runId');
      return freshRun(context, await generateForecasts(context.loaders.repository, runId, parseAttempt(args.attempt)));
    },
    generateProductionSchedule: async (_, args, context) => {
      requireRole(context.caller, 'SERVICE');
      return generateProductionSchedule(context.loaders.repository, parseId(args.runId, 'runId'), parseAttempt(args.attempt));
    },
    generateProcurementPlan: async (_, args, context) => {
      requireRole(context.caller, 'SERVICE');
      return generateProcurementPlan(context.loaders.repository, parseId(args.runId, 'runId'), parseAttempt(args.attempt));
    },
  },
};
