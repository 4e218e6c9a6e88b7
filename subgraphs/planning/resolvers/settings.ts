import { requireRole } from '../../../platform/auth.ts';
import { notFound } from '../../../platform/errors.ts';
import type { PlanningContext } from '../context.ts';
import type { Resolvers } from '../generated/resolvers.ts';
import { syncScheduleAfterChange } from '../services/schedules.ts';
import { parseSettingsPatch } from '../validation.ts';

async function currentTenant({ caller, loaders }: PlanningContext) {
  const tenant = await loaders.tenantById.load(caller.tenantId);
  if (!tenant) throw notFound('The tenant of this token does not exist');
  return tenant;
}

export const settingsResolvers: Resolvers = {
  Query: {
    tenant: (_, __, context) => {
      requireRole(context.caller, 'VIEWER');
      return currentTenant(context);
    },
    planningSettings: async (_, __, context) => {
      requireRole(context.caller, 'VIEWER');
      const settings = await context.loaders.settingsByTenantId.load(context.caller.tenantId);
      if (!settings) throw notFound('The tenant of this token does not exist');
      return settings;
    },
  },

  Mutation: {
    updatePlanningSettings: async (_, args, context) => {
      requireRole(context.caller, 'ADMIN');
      const patch = parseSettingsPatch(args.input, context.webhooks);
      const settings = await context.loaders.repository.settings.update(patch);
      if (!settings) throw notFound('The tenant of this token does not exist');
      if (patch.orchestrationCron !== undefined || patch.timezone !== undefined) {
        const schedule = { tenantId: settings.tenantId, cron: settings.orchestrationCron, timezone: settings.timezone };
        await syncScheduleAfterChange(context.queues, schedule, context.logger);
      }
      return settings;
    },
  },
};
