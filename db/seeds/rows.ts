import type { BakeryDescription, SeedIngredient, SeedProduct, Weekday } from './bakery.ts';
import { addDays } from '../../platform/time-zones.ts';
import { weekdayOf } from './dates.ts';
import { createRandom, seedFrom } from '../../platform/random.ts';
import { seedIds } from './seed-ids.ts';

/** Days of sales history a seed writes: the 8 weeks ending the day before the seeding day. */
export const SALES_HISTORY_DAYS = 56;

const DEFAULT_SALES_NOISE = 0.08;

/** The rows of one bakery, per table, in an order that satisfies the foreign keys. */
export interface BakeryRows {
  'inventory.ingredients': Record<string, unknown>[];
  'inventory.stock_lots': Record<string, unknown>[];
  'inventory.stock_movements': Record<string, unknown>[];
  'suppliers.suppliers': Record<string, unknown>[];
  'suppliers.offers': Record<string, unknown>[];
  'recipes.products': Record<string, unknown>[];
  'recipes.recipes': Record<string, unknown>[];
  'recipes.recipe_ingredients': Record<string, unknown>[];
  'planning.sales': Record<string, unknown>[];
}

export type SeedTable = keyof BakeryRows;

/**
 * Turns a bakery description into table rows for `tenantId`, with dates relative to `today`
 * (YYYY-MM-DD). Pure: the same arguments give the same rows. Throws when an offer or a recipe
 * line names an ingredient sku the bakery does not have.
 */
export function bakeryRows(bakery: BakeryDescription, tenantId: string, today: string): BakeryRows {
  const ingredientIds = new Map(
    bakery.ingredients.map((ingredient) => [ingredient.sku, seedIds.ingredient(bakery.tenant.slug, ingredient.sku)]),
  );
  const ingredientId = (sku: string, where: string): string => {
    const id = ingredientIds.get(sku);
    if (!id) throw new Error(`${bakery.tenant.slug}: ${where} names unknown ingredient sku ${sku}`);
    return id;
  };
  return {
    'inventory.ingredients': bakery.ingredients.map((ingredient) =>
      ingredientRow(ingredient, ingredientId(ingredient.sku, 'ingredients'), tenantId),
    ),
    ...stockRows(bakery, ingredientIds, tenantId, today),
    'suppliers.suppliers': bakery.suppliers.map((supplier) => ({
      id: seedIds.supplier(bakery.tenant.slug, supplier.name),
      tenant_id: tenantId,
      name: supplier.name,
      lead_time_days: supplier.leadTimeDays,
      reliability: supplier.reliability,
      minimum_order_value: supplier.minimumOrderValue,
      currency: supplier.currency,
      delivery_days: supplier.deliveryDays,
    })),
    'suppliers.offers': bakery.suppliers.flatMap((supplier) => {
      const supplierId = seedIds.supplier(bakery.tenant.slug, supplier.name);
      return supplier.offers.map((offer) => ({
        id: seedIds.offer(bakery.tenant.slug, supplier.name, offer.ingredientSku),
        tenant_id: tenantId,
        supplier_id: supplierId,
        ingredient_id: ingredientId(offer.ingredientSku, `offer of ${supplier.name}`),
        unit_price: offer.unitPrice,
        minimum_order_quantity: offer.minimumOrderQuantity,
        pack_size: offer.packSize,
        lead_time_days: offer.leadTimeDays,
      }));
    }),
    'recipes.products': bakery.products.map((product) => ({
      id: seedIds.product(bakery.tenant.slug, product.sku),
      tenant_id: tenantId,
      sku: product.sku,
      name: product.name,
    })),
    'recipes.recipes': bakery.products.map((product) => ({
      id: seedIds.recipe(bakery.tenant.slug, product.sku),
      tenant_id: tenantId,
      product_id: seedIds.product(bakery.tenant.slug, product.sku),
      name: product.recipe.name,
      yield_quantity: product.recipe.yieldQuantity,
    })),
    'recipes.recipe_ingredients': bakery.products.flatMap((product) =>
      product.recipe.lines.map((line, position) => ({
        id: seedIds.recipeLine(bakery.tenant.slug, product.sku, line.ingredientSku),
        tenant_id: tenantId,
        recipe_id: seedIds.recipe(bakery.tenant.slug, product.sku),
        ingredient_id: ingredientId(line.ingredientSku, `recipe ${product.recipe.name}`),
        quantity: line.quantity,
        unit: line.unit,
        position,
      })),
    ),
    'planning.sales': bakery.products.flatMap((product) => salesRows(bakery, tenantId, product, today)),
  };
}

function ingredientRow(ingredient: SeedIngredient, id: string, tenantId: string): Record<string, unknown> {
  return {
    id,
    tenant_id: tenantId,
    sku: ingredient.sku,
    name: ingredient.name,
    category: ingredient.category,
    unit: ingredient.unit,
    perishable: ingredient.perishable,
    shelf_life_days: ingredient.shelfLifeDays,
    reorder_point: ingredient.reorderPoint,
  };
}

/** Lots on hand today, each with the RECEIPT movement that brought it in, so the ledger agrees with stock. */
function stockRows(
  bakery: BakeryDescription,
  ingredientIds: ReadonlyMap<string, string>,
  tenantId: string,
  today: string,
): Pick<BakeryRows, 'inventory.stock_lots' | 'inventory.stock_movements'> {
  const slug = bakery.tenant.slug;
  const lots = bakery.ingredients.flatMap((ingredient) =>
    ingredient.lots.map((lot, lotIndex) => {
      const receivedOn = addDays(today, -lot.receivedDaysAgo);
      const expiresOn = ingredient.perishable && ingredient.shelfLifeDays ? addDays(receivedOn, ingredient.shelfLifeDays) : null;
      const ingredientId = ingredientIds.get(ingredient.sku);
      return { sku: ingredient.sku, ingredientId, lotIndex, quantity: lot.quantity, receivedOn, expiresOn };
    }),
  );
  return {
    'inventory.stock_lots': lots.map((lot) => ({
      id: seedIds.stockLot(slug, lot.sku, lot.lotIndex),
      tenant_id: tenantId,
      ingredient_id: lot.ingredientId,
      quantity: lot.quantity,
      received_on: lot.receivedOn,
      expires_on: lot.expiresOn,
    })),
    'inventory.stock_movements': lots.map((lot) => ({
      id: seedIds.stockMovement(slug, lot.sku, lot.lotIndex),
      tenant_id: tenantId,
      ingredient_id: lot.ingredientId,
      kind: 'RECEIPT',
      quantity: lot.quantity,
      expires_on: lot.expiresOn,
      note: 'opening stock (seed)',
      recorded_by: 'seed',
      created_at: lot.receivedOn,
    })),
  };
}

/**
 * One row per day of the history window. The noise of a day is drawn from a PRNG seeded by
 * (tenant, product, date), so a day sells the same whichever day the seed runs on.
 */
function salesRows(bakery: BakeryDescription, tenantId: string, product: SeedProduct, today: string): Record<string, unknown>[] {
  const factors: Record<Weekday, number> = product.sales.weekdayFactors ?? bakery.weekdayFactors;
  const noise = product.sales.noise ?? DEFAULT_SALES_NOISE;
  const productId = seedIds.product(bakery.tenant.slug, product.sku);
  return Array.from({ length: SALES_HISTORY_DAYS }, (_, index) => {
    const date = addDays(today, index - SALES_HISTORY_DAYS);
    const deviation = noise * (2 * createRandom(seedFrom(bakery.tenant.slug, product.sku, date)).next() - 1);
    const quantity = Math.max(0, Math.round(product.sales.baseline * factors[weekdayOf(date)] * (1 + deviation)));
    return { tenant_id: tenantId, product_id: productId, date, quantity };
  });
}
