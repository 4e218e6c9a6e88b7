import { randomUUID } from 'node:crypto';
import { addDays } from '../../platform/time-zones.ts';
import { ok, type SeededBakery } from './pipeline-support.ts';

export const RECORD_PRODUCTION = `mutation ($input: RecordProductionInput!) {
  recordProduction(input: $input) {
    id date allowShortage stockPosted
    lines { product { id } plannedBatches actualBatches }
    consumption { ingredient { id } quantity unit posted }
    shortages { ingredient { id } needed onHand missing unit }
  }
}`;

export const FLOUR_LOTS = `query ($id: ID!) {
  ingredient(id: $id) { stock { onHand } lots { quantity expiresOn } }
  stockMovements(ingredientId: $id, first: 500) { edges { node { kind quantity postingKey } } }
}`;

/**
 * A loaf of its own in `bakery`: a perishable flour (KG) in two lots — 10 kg expiring in 5 days,
 * received first, and 10 kg expiring in 2 days — and a loaf whose recipe makes 10 loaves a batch
 * from 3,000 g of that flour. So FEFO takes the lot expiring in 2 days first.
 */
export async function loafWithTwoFlourLots(url: string, bakery: SeededBakery, today: string) {
  const tag = randomUUID().slice(0, 6);
  const { createIngredient: flour } = await ok(
    url,
    `mutation ($input: CreateIngredientInput!) { createIngredient(input: $input) { id } }`,
    { input: { sku: `BK-FLOUR-${tag}`, name: `Baking flour ${tag}`, category: 'flour', unit: 'KG', perishable: true, shelfLifeDays: 30 } },
    bakery.admin,
  );
  for (const expiresOn of [addDays(today, 5), addDays(today, 2)]) {
    await ok(
      url,
      `mutation ($input: RecordStockMovementInput!) { recordStockMovement(input: $input) { stock { onHand } } }`,
      { input: { ingredientId: flour.id, kind: 'RECEIPT', quantity: 10, expiresOn } },
      bakery.planner,
    );
  }
  const { createProduct: loaf } = await ok(
    url,
    `mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }`,
    { input: { sku: `BK-LOAF-${tag}`, name: `Loaf ${tag}` } },
    bakery.admin,
  );
  await ok(
    url,
    `mutation ($input: CreateRecipeInput!) { createRecipe(input: $input) { id } }`,
    { input: { productId: loaf.id, name: `Loaf ${tag}`, yieldQuantity: 10, ingredients: [{ ingredientId: flour.id, quantity: 3000, unit: 'G' }] } },
    bakery.admin,
  );
  return { flourId: flour.id as string, loafId: loaf.id as string };
}
