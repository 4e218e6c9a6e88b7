/**
 * The simulated bakery (bench/simulation/bakery.ts) as the six CSV files a new bakery imports
 * (docs/IMPORT.md), so the replay loads it through the API exactly as a baker would. Pure.
 *
 * Everything the in-process world starts with goes in: the ingredients its recipes use (reorder
 * point 0, so no stock movement of the replay enqueues an EVENT run), the suppliers with their
 * typed reliability, the offers, the recipes, the opening lots and the sales history.
 */
import { generateSyntheticBakery } from '../../db/seeds/synthetic.ts';
import type { ImportKind } from '../../scripts/import-kinds.ts';
import { salesHistory, type SimulatedBakery } from '../simulation/bakery.ts';

type Cell = string | number | boolean | null | undefined;

/** One CSV field: empty for null/undefined, quoted (RFC 4180) when it holds a comma, a quote or a line break. */
function field(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csv(header: readonly string[], rows: readonly Cell[][]): string {
  return [header, ...rows].map((row) => row.map(field).join(',')).join('\n') + '\n';
}

/** The bakery's six import files, by `npm run import -- --kind` name, in import order. */
export function bakeryCsvFiles(bakery: SimulatedBakery): Record<ImportKind, string> {
  const categoryOf = new Map(generateSyntheticBakery(bakery.size, bakery.seed).ingredients.map((ingredient) => [ingredient.sku, ingredient.category]));
  const productName = new Map(bakery.products.map((product) => [product.id, product.name]));
  return {
    ingredients: csv(
      ['sku', 'name', 'category', 'unit', 'perishable', 'shelfLifeDays'],
      bakery.ingredients.map((ingredient) => [
        ingredient.id,
        ingredient.name,
        categoryOf.get(ingredient.id) ?? 'simulated',
        ingredient.unit,
        ingredient.perishable,
        ingredient.perishable ? ingredient.shelfLifeDays : null,
      ]),
    ),
    suppliers: csv(
      ['name', 'leadTimeDays', 'reliability', 'minimumOrderValue', 'deliveryDays'],
      bakery.suppliers.map((supplier) => [supplier.name, supplier.leadTimeDays, supplier.reliability, supplier.minimumOrderValue, supplier.deliveryDays.join('|')]),
    ),
    offers: csv(
      ['supplier', 'ingredientSku', 'unitPrice', 'minimumOrderQuantity', 'packSize', 'leadTimeDays'],
      bakery.offers.map((offer) => [offer.supplierId, offer.ingredientId, offer.unitPrice, offer.minimumOrderQuantity, offer.packSize, offer.leadTimeDays]),
    ),
    recipes: csv(
      ['productSku', 'productName', 'recipeName', 'yieldQuantity', 'ingredientSku', 'quantity', 'unit'],
      bakery.recipes.flatMap((recipe) =>
        recipe.ingredients.map((line) => [recipe.productId, productName.get(recipe.productId), recipe.name ?? recipe.productId, recipe.yieldQuantity, line.ingredientId, line.quantity, line.unit]),
      ),
    ),
    'stock-lots': csv(
      ['sku', 'quantity', 'receivedOn', 'expiresOn'],
      bakery.openingLots.filter((lot) => lot.quantity > 0).map((lot) => [lot.ingredientId, lot.quantity, lot.receivedOn, lot.expiresOn]),
    ),
    sales: csv(
      ['productSku', 'date', 'quantity', 'soldOut'],
      salesHistory(bakery).map((record) => [record.productId, record.date, record.quantity, record.soldOut ?? false]),
    ),
  };
}
