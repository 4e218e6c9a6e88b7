import { z } from 'zod';
import { badUserInput } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { isIsoDate } from '../../platform/scalars.ts';
import { currencyCode, parseInput } from '../../platform/validation.ts';
import type { IngredientInput, OfferInput, ProductInput, RecipeInput, SupplierInput } from './engine/index.ts';

/**
 * A run's snapshot: what `recordSnapshot` accepts (the answer of one gateway query, connections
 * unwrapped) validated into the engine's own shapes. It is stored as it is here, and
 * engine-inputs.ts turns it back into each stage's input.
 */
export interface PlanningSnapshot {
  /** Bumped when the stored shape changes, so an old snapshot is never misread. */
  format: typeof SNAPSHOT_FORMAT;
  /** ISO-8601 instant the source data was read. */
  takenAt: string;
  ingredients: IngredientInput[];
  suppliers: SnapshotSupplier[];
  offers: OfferInput[];
  recipes: RecipeInput[];
  products: ProductInput[];
}

/** A supplier as the snapshot stores it: the engine's shape plus the currency of its prices. */
export interface SnapshotSupplier extends SupplierInput {
  /** ISO 4217 code of the supplier's prices and minimum order value. */
  currency: string;
}

/** 2: suppliers carry their currency (format 1 had none, and cannot say which money its prices are in). */
export const SNAPSHOT_FORMAT = 2;

/** Most records of one kind a snapshot accepts (lots, offers and recipe lines counted over all). */
export const MAX_SNAPSHOT_RECORDS = 50_000;

export interface SnapshotCounts {
  ingredients: number;
  lots: number;
  suppliers: number;
  offers: number;
  recipes: number;
  products: number;
}

const id = z
  .string()
  .refine(isUuid, 'must be a UUID')
  .transform((value) => value.toLowerCase());
const ref = z.object({ id });
const name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const date = z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD');
const unit = z.enum(['G', 'KG', 'ML', 'L', 'UNIT']);
const weekday = z.enum(['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN']);
const nonNegative = z.number().finite().min(0, 'must be ≥ 0').max(1e9, 'must be at most 1e9');
const positive = z.number().finite().gt(0, 'must be > 0').max(1e9, 'must be at most 1e9');
/** The longest lead time a snapshot accepts; a projection can run this far past the horizon. */
export const MAX_LEAD_TIME_DAYS = 365;

const leadTimeDays = z
  .number()
  .int('must be a whole number of days')
  .min(0, 'must be ≥ 0')
  .max(MAX_LEAD_TIME_DAYS, `must be ≤ ${MAX_LEAD_TIME_DAYS}`);
const list = <T extends z.ZodType>(item: T) => z.array(item).max(MAX_SNAPSHOT_RECORDS, `must hold at most ${MAX_SNAPSHOT_RECORDS} records`);

const Lot = z.object({
  id,
  quantity: nonNegative,
  receivedOn: date,
  expiresOn: date.nullish(),
});

const Ingredient = z
  .object({
    id,
    name,
    unit,
    perishable: z.boolean(),
    shelfLifeDays: z.number().int().min(1, 'must be ≥ 1').max(3650, 'must be ≤ 3650').nullish(),
    lots: list(Lot),
  })
  .refine((ingredient) => !ingredient.perishable || ingredient.shelfLifeDays != null, {
    message: 'is required for a perishable ingredient',
    path: ['shelfLifeDays'],
  });

const Offer = z.object({
  id,
  ingredient: ref,
  unitPrice: positive,
  minimumOrderQuantity: nonNegative,
  packSize: nonNegative,
  leadTimeDays: leadTimeDays.nullish(),
});

const Supplier = z.object({
  id,
  name,
  leadTimeDays,
  reliability: z.number().finite().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1'),
  minimumOrderValue: nonNegative,
  currency: currencyCode,
  deliveryDays: z.array(weekday).refine((days) => new Set(days).size === days.length, 'must not repeat a weekday'),
  offers: list(Offer),
});

const Product = z.object({ id, name });

const Recipe = z.object({
  id,
  name,
  product: Product,
  yieldQuantity: positive,
  ingredients: list(z.object({ ingredient: ref, quantity: positive, unit })),
});

/**
 * The snapshot contract's one source: `recordSnapshot`'s SnapshotInput (schema/snapshot.graphql)
 * and the worker's snapshot query (jobs/orchestration/operations.ts) must name exactly these
 * fields, with the same nullability and lists — snapshot-contract.test.ts compares them field for
 * field. The engine's types (engine/types.ts) are the engine's own model, which parseSnapshot
 * maps this shape to.
 */
export const SnapshotInput = z.object({
  takenAt: z.string().nullish(),
  ingredients: list(Ingredient),
  suppliers: list(Supplier),
  recipes: list(Recipe),
  products: list(Product).nullish(),
});

/** The first id that appears twice in `ids`, if any. */
function firstRepeated(ids: Iterable<string>): string | undefined {
  const seen = new Set<string>();
  for (const value of ids) {
    if (seen.has(value)) return value;
    seen.add(value);
  }
  return undefined;
}

/**
 * Validates a `recordSnapshot` input and turns it into the stored, engine-shaped snapshot.
 * Throws BAD_USER_INPUT naming every invalid field or a repeated id. Recipes and offers that
 * name an ingredient outside the snapshot (deleted since, or written before writes were checked)
 * are stored as read: engine-inputs.ts leaves them out of the plan with a DANGLING_REFERENCE
 * warning, so one dangling reference never fails the bakery's run.
 *
 * @param now the instant used when `takenAt` is omitted
 */
export function parseSnapshot(input: unknown, now: Date = new Date()): PlanningSnapshot {
  const parsed = parseInput(SnapshotInput, input, 'snapshot');

  const lots = parsed.ingredients.flatMap((ingredient) => ingredient.lots);
  const offers = parsed.suppliers.flatMap((supplier) => supplier.offers.map((offer) => ({ supplier, offer })));
  const lines = parsed.recipes.flatMap((recipe) => recipe.ingredients);
  for (const [kind, count] of [['lots', lots.length], ['offers', offers.length], ['recipe lines', lines.length]] as const) {
    if (count > MAX_SNAPSHOT_RECORDS) throw badUserInput(`snapshot holds ${count} ${kind}; at most ${MAX_SNAPSHOT_RECORDS} are accepted`);
  }
  const repeats: [string, Iterable<string>][] = [
    ['ingredient', parsed.ingredients.map((ingredient) => ingredient.id)],
    ['lot', lots.map((lot) => lot.id)],
    ['supplier', parsed.suppliers.map((supplier) => supplier.id)],
    ['offer', offers.map(({ offer }) => offer.id)],
    ['recipe', parsed.recipes.map((recipe) => recipe.id)],
  ];
  for (const [kind, ids] of repeats) {
    const repeated = firstRepeated(ids);
    if (repeated) throw badUserInput(`snapshot lists ${kind} ${repeated} more than once`);
  }

  let takenAt = now.toISOString();
  if (parsed.takenAt) {
    const instant = new Date(parsed.takenAt);
    if (Number.isNaN(instant.getTime())) throw badUserInput('snapshot.takenAt must be an ISO-8601 timestamp');
    takenAt = instant.toISOString();
  }

  const products = new Map<string, ProductInput>();
  for (const product of [...(parsed.products ?? []), ...parsed.recipes.map((recipe) => recipe.product)]) {
    if (!products.has(product.id)) products.set(product.id, { id: product.id, name: product.name });
  }

  return {
    format: SNAPSHOT_FORMAT,
    takenAt,
    ingredients: parsed.ingredients.map((ingredient) => ({
      id: ingredient.id,
      name: ingredient.name,
      unit: ingredient.unit,
      perishable: ingredient.perishable,
      shelfLifeDays: ingredient.shelfLifeDays ?? null,
      lots: ingredient.lots.map((lot) => ({
        id: lot.id,
        quantity: lot.quantity,
        receivedOn: lot.receivedOn,
        expiresOn: lot.expiresOn ?? null,
      })),
    })),
    suppliers: parsed.suppliers.map((supplier) => ({
      id: supplier.id,
      name: supplier.name,
      leadTimeDays: supplier.leadTimeDays,
      reliability: supplier.reliability,
      minimumOrderValue: supplier.minimumOrderValue,
      currency: supplier.currency,
      deliveryDays: supplier.deliveryDays,
    })),
    offers: offers.map(({ supplier, offer }) => ({
      id: offer.id,
      supplierId: supplier.id,
      ingredientId: offer.ingredient.id,
      unitPrice: offer.unitPrice,
      minimumOrderQuantity: offer.minimumOrderQuantity,
      packSize: offer.packSize,
      leadTimeDays: offer.leadTimeDays ?? null,
    })),
    recipes: parsed.recipes.map((recipe) => ({
      id: recipe.id,
      name: recipe.name,
      productId: recipe.product.id,
      yieldQuantity: recipe.yieldQuantity,
      ingredients: recipe.ingredients.map((line) => ({ ingredientId: line.ingredient.id, quantity: line.quantity, unit: line.unit })),
    })),
    products: [...products.values()],
  };
}

/** How much a snapshot holds (SnapshotSummary). */
export function countSnapshot(snapshot: PlanningSnapshot): SnapshotCounts {
  return {
    ingredients: snapshot.ingredients.length,
    lots: snapshot.ingredients.reduce((sum, ingredient) => sum + ingredient.lots.length, 0),
    suppliers: snapshot.suppliers.length,
    offers: snapshot.offers.length,
    recipes: snapshot.recipes.length,
    products: snapshot.products.length,
  };
}
