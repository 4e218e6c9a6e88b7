import { notFound } from '../../platform/errors.ts';
import { toConnection, type Connection, type Page } from '../../platform/pagination.ts';
import type { Ingredient } from './models.ts';
import type { InventoryRepository } from './repository.ts';
import { invalidField, shelfLifeProblem, type CreateIngredient, type IngredientFilter, type IngredientPatch } from './validation.ts';

/** A page of ingredients ordered by (name, id). */
export async function listIngredients(
  repository: InventoryRepository,
  page: Page,
  filter: IngredientFilter,
): Promise<Connection<Ingredient>> {
  const { rows, totalCount } = await repository.ingredients.list(page, filter);
  return toConnection(rows, page, totalCount, (row) => ({ sortKey: row.name, id: row.id }));
}

/**
 * The ingredients among `skus` (exact match) in the order asked, an sku asked twice appearing
 * twice, and the skus no ingredient has: one SQL statement.
 */
export async function ingredientsBySkus(
  repository: InventoryRepository,
  skus: readonly string[],
): Promise<{ ingredients: Ingredient[]; missingSkus: string[] }> {
  const found = new Map((await repository.ingredients.findBySkus([...new Set(skus)])).map((row) => [row.sku, row]));
  return {
    ingredients: skus.flatMap((sku) => found.get(sku) ?? []),
    missingSkus: skus.filter((sku) => !found.has(sku)),
  };
}

export function createIngredient(repository: InventoryRepository, input: CreateIngredient): Promise<Ingredient> {
  return repository.ingredients.insert(input);
}

/**
 * Applies `patch` to the ingredient `id` (NOT_FOUND when unknown or another tenant's). The
 * result must still satisfy the shelf-life rule; turning `perishable` off without naming
 * `shelfLifeDays` clears it. The unit may change only while nothing is on hand, since every
 * quantity of the ingredient (lots, ledger, offers, recipes) is in that unit.
 */
export function updateIngredient(repository: InventoryRepository, id: string, patch: IngredientPatch): Promise<Ingredient> {
  return repository.transaction(async (transaction) => {
    const current = await transaction.ingredients.lock(id);
    if (!current) throw notFound(`ingredient ${id} not found`);
    const perishable = patch.perishable ?? current.perishable;
    const shelfLifeDays =
      patch.shelfLifeDays !== undefined ? patch.shelfLifeDays : patch.perishable === false ? null : current.shelfLifeDays;
    const problem = shelfLifeProblem(perishable, shelfLifeDays);
    if (problem) invalidField('shelfLifeDays', problem, shelfLifeDays);
    const unit = patch.unit ?? current.unit;
    if (unit !== current.unit) {
      const [level] = await transaction.stock.findLevelsByIngredientIds([id]);
      if (level.onHand > 0) {
        invalidField(
          'unit',
          `cannot change from ${current.unit} while ${level.onHand} ${current.unit} is on hand (record it out first)`,
          unit,
        );
      }
    }
    const updated = await transaction.ingredients.update(id, {
      sku: patch.sku ?? current.sku,
      name: patch.name ?? current.name,
      category: patch.category ?? current.category,
      unit,
      perishable,
      shelfLifeDays,
      reorderPoint: patch.reorderPoint ?? current.reorderPoint,
    });
    if (!updated) throw notFound(`ingredient ${id} not found`);
    return updated;
  });
}
