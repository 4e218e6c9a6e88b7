import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { requireRole } from '../../platform/auth.ts';
import { parseImportInput } from '../../platform/csv-import.ts';
import { parseId, parseIdBatch, parseSkuBatch } from '../../platform/ids.ts';
import { parsePage } from '../../platform/pagination.ts';
import { DateScalar, DateTimeScalar } from '../../platform/scalars.ts';
import type { SubgraphContext } from '../subgraph-server.ts';
import { importIngredients, importStockLots } from './import.ts';
import { createIngredient, ingredientsBySkus, listIngredients, updateIngredient } from './ingredient-service.ts';
import type { InventoryLoaders } from './loaders.ts';
import { stockChange, type Ingredient, type StockLevel, type StockMovement, type StockPostingLine } from './models.ts';
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

type Context = SubgraphContext<InventoryLoaders>;
type PageArgs = { first?: number | null; after?: string | null };

const repositoryOf = (context: Context) => new InventoryRepository(context.db, context.caller.tenantId);

export const resolvers: GraphQLResolverMap<Context> = {
  Date: DateScalar,
  DateTime: DateTimeScalar,

  Query: {
    ingredient(_root, args: { id: string }, context: Context) {
      requireRole(context.caller, 'VIEWER');
      return context.loaders.ingredientById.load(parseId(args.id));
    },
    async ingredients(_root, args: PageArgs & { filter?: unknown }, context: Context) {
      requireRole(context.caller, 'VIEWER');
      const connection = await listIngredients(repositoryOf(context), parsePage(args, context.caller, 'NAME'), parseIngredientFilter(args.filter));
      for (const { node } of connection.edges) context.loaders.ingredientById.prime(node.id, node);
      return connection;
    },
    async ingredientsByIds(_root, args: { ids: string[] }, context: Context) {
      requireRole(context.caller, 'VIEWER');
      const { found, missingIds } = await loadBatch(context.loaders.ingredientById, parseIdBatch(args.ids));
      return { ingredients: found, missingIds };
    },
    async ingredientsBySkus(_root, args: { skus: string[] }, context: Context) {
      requireRole(context.caller, 'VIEWER');
      const batch = await ingredientsBySkus(repositoryOf(context), parseSkuBatch(args.skus));
      for (const ingredient of batch.ingredients) context.loaders.ingredientById.prime(ingredient.id, ingredient);
      return batch;
    },
    async stockLevels(_root, args: { ingredientIds: string[] }, context: Context) {
      requireRole(context.caller, 'VIEWER');
      const ids = parseIdBatch(args.ingredientIds, 'ingredientIds');
      const { found, missingIds } = await loadBatch(context.loaders.stockLevelByIngredientId, ids);
      return { levels: found, missingIds };
    },
    stockMovements(_root, args: PageArgs & { ingredientId: string }, context: Context) {
      requireRole(context.caller, 'VIEWER');
      return listStockMovements(repositoryOf(context), parseId(args.ingredientId, 'ingredientId'), parsePage(args, context.caller, 'INSTANT'));
    },
  },

  Mutation: {
    async createIngredient(_root, args: { input: unknown }, context: Context) {
      requireRole(context.caller, 'ADMIN');
      const ingredient = await createIngredient(repositoryOf(context), parseCreateIngredient(args.input));
      return primeCreated(context.loaders.ingredientById, ingredient);
    },
    async updateIngredient(_root, args: { id: string; input: unknown }, context: Context) {
      requireRole(context.caller, 'ADMIN');
      const id = parseId(args.id);
      const ingredient = await updateIngredient(repositoryOf(context), id, parseIngredientPatch(args.input));
      context.loaders.ingredientById.clear(id).prime(id, ingredient);
      context.loaders.stockLevelByIngredientId.clear(id);
      return ingredient;
    },
    async recordStockMovement(_root, args: { input: unknown }, context: Context) {
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
    async postStockMovements(_root, args: { input: unknown }, context: Context) {
      requireRole(context.caller, 'SERVICE');
      const input = parseStockPosting(args.input);
      const { posting, replayed, crossedReorderPoint } = await postStockMovements(repositoryOf(context), input, context.caller.userId);
      for (const ingredientId of crossedReorderPoint) {
        await requestReorderRun(context.queues, context.caller.tenantId, ingredientId, context.logger);
      }
      return { ...posting, replayed };
    },
    importIngredients(_root, args: { input: unknown }, context: Context) {
      requireRole(context.caller, 'ADMIN');
      return importIngredients(repositoryOf(context), parseImportInput(args.input));
    },
    async importStockLots(_root, args: { input: unknown }, context: Context) {
      requireRole(context.caller, 'ADMIN');
      return importStockLots(repositoryOf(context), parseImportInput(args.input), context.caller.userId, await context.today());
    },
  },

  Ingredient: {
    __resolveReference(reference: { id: string }, context: Context) {
      requireRole(context.caller, 'VIEWER');
      return context.loaders.ingredientById.load(reference.id);
    },
    async stock(ingredient: Ingredient, _args, context: Context) {
      const level = await context.loaders.stockLevelByIngredientId.load(ingredient.id);
      if (!level) throw new Error(`stock level of ingredient ${ingredient.id} vanished`);
      return level;
    },
    lots(ingredient: Ingredient, _args, context: Context) {
      return context.loaders.lotsByIngredientId.load(ingredient.id);
    },
  },

  StockLevel: {
    ingredient(level: StockLevel, _args, context: Context) {
      return context.loaders.ingredientById.load(level.ingredientId);
    },
    belowReorderPoint: (level: StockLevel) => level.onHand < level.reorderPoint,
    async expiringWithinDays(level: StockLevel, args: { days: number }, context: Context) {
      const days = parseExpiringDays(args.days);
      return quantityExpiringWithin(await context.loaders.lotsByIngredientId.load(level.ingredientId), await context.today(), days);
    },
  },

  StockPostingLine: {
    ingredient: (line: StockPostingLine, _args, context: Context) => context.loaders.ingredientById.load(line.ingredientId),
    shortfall: (line: StockPostingLine) => Math.round((line.requested - line.posted) * 1000) / 1000,
  },

  StockMovement: {
    ingredient(movement: StockMovement, _args, context: Context) {
      return context.loaders.ingredientById.load(movement.ingredientId);
    },
    change: (movement: StockMovement) => stockChange(movement),
  },
};
