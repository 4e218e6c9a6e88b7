import { requireRole } from '../../platform/auth.ts';
import { parseImportInput } from '../../platform/csv-import.ts';
import { parseId, parseIdBatch, parseSkuBatch } from '../../platform/ids.ts';
import { parsePage } from '../../platform/pagination.ts';
import { DateScalar, DateTimeScalar } from '../../platform/scalars.ts';
import type { InventoryContext } from './context.ts';
import type { Resolvers } from './generated/resolvers.ts';
import { importIngredients, importStockLots } from './import.ts';
import { createIngredient, ingredientsBySkus, listIngredients, updateIngredient } from './ingredient-service.ts';
import { stockChange, type Ingredient } from './models.ts';
import { InventoryRepository } from './repository.ts';
import { listStockMovements, quantityExpiringWithin, recordStockMovement } from './stock-service.ts';
import { postStockMovements } from './stock-postings.ts';
import { requestReorderRun } from './reorder-runs.ts';
import { loadBatch, primeCreated } from '../../platform/loaders.ts';
import {
  parseCreateIngredient,
  parseExpiringDays,
  parseIngredientFilter,
  parseIngredientPatch,
  parseStockMovement,
  parseStockPosting,
} from './validation.ts';

const repositoryOf = (context: InventoryContext) => new InventoryRepository(context.db, context.caller.tenantId);

/** The ingredient a level, line or movement of this tenant names: there by foreign key, so a miss means it was deleted mid-request. */
async function namedIngredient(ingredientId: string, context: InventoryContext): Promise<Ingredient> {
  const ingredient = await context.loaders.ingredientById.load(ingredientId);
  if (!ingredient) throw new Error(`ingredient ${ingredientId} vanished`);
  return ingredient;
}

export const resolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,

  Query: {
    ingredient(_root, args, context) {
      requireRole(context.caller, 'VIEWER');
      return context.loaders.ingredientById.load(parseId(args.id));
    },
    async ingredients(_root, args, context) {
      requireRole(context.caller, 'VIEWER');
      const connection = await listIngredients(repositoryOf(context), parsePage(args, context.caller, 'NAME'), parseIngredientFilter(args.filter));
      for (const { node } of connection.edges) context.loaders.ingredientById.prime(node.id, node);
      return connection;
    },
    async ingredientsByIds(_root, args, context) {
      requireRole(context.caller, 'VIEWER');
      const { found, missingIds } = await loadBatch(context.loaders.ingredientById, parseIdBatch(args.ids));
      return { ingredients: found, missingIds };
    },
    async ingredientsBySkus(_root, args, context) {
      requireRole(context.caller, 'VIEWER');
      const batch = await ingredientsBySkus(repositoryOf(context), parseSkuBatch(args.skus));
      for (const ingredient of batch.ingredients) context.loaders.ingredientById.prime(ingredient.id, ingredient);
      return batch;
    },
    async stockLevels(_root, args, context) {
      requireRole(context.caller, 'VIEWER');
      const ids = parseIdBatch(args.ingredientIds, 'ingredientIds');
      const { found, missingIds } = await loadBatch(context.loaders.stockLevelByIngredientId, ids);
      return { levels: found, missingIds };
    },
    stockMovements(_root, args, context) {
      requireRole(context.caller, 'VIEWER');
      return listStockMovements(repositoryOf(context), parseId(args.ingredientId, 'ingredientId'), parsePage(args, context.caller, 'INSTANT'));
    },
  },

  Mutation: {
    async createIngredient(_root, args, context) {
      requireRole(context.caller, 'ADMIN');
      const ingredient = await createIngredient(repositoryOf(context), parseCreateIngredient(args.input));
      return primeCreated(context.loaders.ingredientById, ingredient);
    },
    async updateIngredient(_root, args, context) {
      requireRole(context.caller, 'ADMIN');
      const id = parseId(args.id);
      const ingredient = await updateIngredient(repositoryOf(context), id, parseIngredientPatch(args.input));
      context.loaders.ingredientById.clear(id).prime(id, ingredient);
      context.loaders.stockLevelByIngredientId.clear(id);
      return ingredient;
    },
    async recordStockMovement(_root, args, context) {
      requireRole(context.caller, 'PLANNER');
      const input = parseStockMovement(args.input);
      const outcome = await recordStockMovement(repositoryOf(context), input, context.caller.userId, await context.today());
      context.loaders.stockLevelByIngredientId.clear(input.ingredientId).prime(input.ingredientId, outcome.stock);
      context.loaders.lotsByIngredientId.clear(input.ingredientId);
      if (outcome.crossedReorderPoint) {
        await requestReorderRun(context.queues, context.caller.tenantId, input.ingredientId, context.logger);
      }
      return outcome;
    },
    async postStockMovements(_root, args, context) {
      requireRole(context.caller, 'SERVICE');
      const input = parseStockPosting(args.input);
      const { posting, replayed, crossedReorderPoint } = await postStockMovements(repositoryOf(context), input, context.caller.userId);
      for (const ingredientId of crossedReorderPoint) {
        await requestReorderRun(context.queues, context.caller.tenantId, ingredientId, context.logger);
      }
      return { ...posting, replayed };
    },
    importIngredients(_root, args, context) {
      requireRole(context.caller, 'ADMIN');
      return importIngredients(repositoryOf(context), parseImportInput(args.input));
    },
    async importStockLots(_root, args, context) {
      requireRole(context.caller, 'ADMIN');
      return importStockLots(repositoryOf(context), parseImportInput(args.input), context.caller.userId, await context.today());
    },
  },

  Ingredient: {
    __resolveReference(reference, context) {
      requireRole(context.caller, 'VIEWER');
      return context.loaders.ingredientById.load(reference.id);
    },
    async stock(ingredient, _args, context) {
      const level = await context.loaders.stockLevelByIngredientId.load(ingredient.id);
      if (!level) throw new Error(`stock level of ingredient ${ingredient.id} vanished`);
      return level;
    },
    lots(ingredient, _args, context) {
      return context.loaders.lotsByIngredientId.load(ingredient.id);
    },
  },

  StockLevel: {
    ingredient: (level, _args, context) => namedIngredient(level.ingredientId, context),
    belowReorderPoint: (level) => level.onHand < level.reorderPoint,
    async expiringWithinDays(level, args, context) {
      const days = parseExpiringDays(args.days);
      return quantityExpiringWithin(await context.loaders.lotsByIngredientId.load(level.ingredientId), await context.today(), days);
    },
  },

  StockPostingLine: {
    ingredient: (line, _args, context) => namedIngredient(line.ingredientId, context),
    shortfall: (line) => Math.round((line.requested - line.posted) * 1000) / 1000,
  },

  StockMovement: {
    ingredient: (movement, _args, context) => namedIngredient(movement.ingredientId, context),
    change: (movement) => stockChange(movement),
  },
};
