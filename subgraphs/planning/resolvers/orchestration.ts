import { requireRole } from '../../../platform/auth.ts';
import { parseId } from '../../../platform/ids.ts';
import { parsePage, toConnection } from '../../../platform/pagination.ts';
import type { SubgraphContext } from '../../subgraph-server.ts';
import type { PlanningLoaders } from '../loaders.ts';
import type { Notification } from '../repository/notifications.ts';
import { requestManualRun, sendPlanNotifications } from '../services/orchestration.ts';
import { parseAttempt } from '../validation.ts';
import { repositoryOf } from './repository.ts';
import { freshRun } from './runs.ts';

type Context = SubgraphContext<PlanningLoaders>;

/** Requesting runs (planners) and the notifications runs leave (dashboards; the worker writes them). */
export const orchestrationQueries = {
  notifications: async (_: unknown, args: { first?: number | null; after?: string | null }, context: Context) => {
    requireRole(context.caller, 'VIEWER');
    const page = parsePage(args, context.caller, 'INSTANT');
    const { rows, totalCount } = await repositoryOf(context).notifications.list(page);
    return toConnection(rows, page, totalCount, (row) => ({ sortKey: row.cursorAt, id: row.id }));
  },
};

export const orchestrationMutations = {
  requestOrchestration: async (_: unknown, args: { input?: { planDate?: string | null } | null }, context: Context) => {
    requireRole(context.caller, 'PLANNER');
    const run = await requestManualRun(repositoryOf(context), context.queues, args.input?.planDate ?? undefined, context.logger);
    return freshRun(context, run);
  },
  sendPlanNotifications: async (_: unknown, args: { runId: string; attempt?: number | null }, context: Context) => {
    requireRole(context.caller, 'SERVICE');
    const sent = await sendPlanNotifications(repositoryOf(context), parseId(args.runId, 'runId'), parseAttempt(args.attempt));
    return { ...sent, run: freshRun(context, sent.run) };
  },
};

export const NotificationResolvers = {
  run: (notification: Notification, _: unknown, context: Context) => context.loaders.runById.load(notification.runId),
};
