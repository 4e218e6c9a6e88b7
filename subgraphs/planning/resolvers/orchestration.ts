import { requireRole } from '../../../platform/auth.ts';
import { parseId } from '../../../platform/ids.ts';
import { parsePage, toConnection } from '../../../platform/pagination.ts';
import type { Resolvers } from '../generated/resolvers.ts';
import { requestManualRun, sendPlanNotifications } from '../services/orchestration.ts';
import { parseAttempt } from '../validation.ts';
import { freshRun, namedRun } from './runs.ts';

/** Requesting runs (planners) and the notifications runs leave (dashboards; the worker writes them). */
export const orchestrationResolvers: Resolvers = {
  Query: {
    notifications: async (_, args, context) => {
      requireRole(context.caller, 'VIEWER');
      const page = parsePage(args, context.caller, 'INSTANT');
      const { rows, totalCount } = await context.loaders.repository.notifications.list(page);
      return toConnection(rows, page, totalCount, (row) => ({ sortKey: row.cursorAt, id: row.id }));
    },
  },

  Mutation: {
    requestOrchestration: async (_, args, context) => {
      requireRole(context.caller, 'PLANNER');
      const run = await requestManualRun(context.loaders.repository, context.queues, args.input?.planDate ?? undefined, context.logger);
      return freshRun(context, run);
    },
    sendPlanNotifications: async (_, args, context) => {
      requireRole(context.caller, 'SERVICE');
      const sent = await sendPlanNotifications(context.loaders.repository, parseId(args.runId, 'runId'), parseAttempt(args.attempt));
      return { ...sent, run: freshRun(context, sent.run) };
    },
  },

  Notification: {
    run: (notification, _, context) => namedRun(context, notification.runId),
  },
};
