import { checkImportFile, refuseRepeatedKeys, importColumns, type ImportResult } from '../../platform/csv-import.ts';
import type { InventoryRepository } from './repository.ts';
import { applyStockMovement } from './stock-service.ts';
import { createIngredientSchema, stockLotRowSchema } from './validation.ts';

/**
 * inventory's two CSV imports (docs/IMPORT.md). Each reads and checks the whole file first,
 * naming every bad line, then writes in one transaction: a file with one bad line writes nothing.
 */

export const INGREDIENT_COLUMNS = importColumns(
  { sku: 'text', name: 'text', category: 'text', unit: 'upper' },
  { perishable: 'boolean', shelfLifeDays: 'integer', reorderPoint: 'number' },
);

export const STOCK_LOT_COLUMNS = importColumns({ sku: 'text', quantity: 'number', receivedOn: 'date' }, { expiresOn: 'date' });

/**
 * Creates or overwrites ingredients by sku, with createIngredient's rules. An existing
 * ingredient's unit may change only while nothing of it is on hand (as updateIngredient).
 */
export async function importIngredients(repository: InventoryRepository, csv: string): Promise<ImportResult> {
  const { problems, rowCount, rows: ingredients } = checkImportFile('ingredients', csv, INGREDIENT_COLUMNS, createIngredientSchema);
  refuseRepeatedKeys(ingredients, (row) => row.value.sku, 'sku', (row) => `sku ${row.value.sku}`, problems);
  problems.throwIfAny();
  return repository.transaction(async (transaction) => {
    const existing = new Map((await transaction.ingredients.findBySkus(ingredients.map((row) => row.value.sku), { lock: true })).map((row) => [row.sku, row]));
    const unitChanges = ingredients.filter((row) => {
      const current = existing.get(row.value.sku);
      return current !== undefined && current.unit !== row.value.unit;
    });
    if (unitChanges.length > 0) {
      const levels = await transaction.stock.findLevelsByIngredientIds(unitChanges.map((row) => existing.get(row.value.sku)!.id));
      const onHandById = new Map(levels.map((level) => [level.ingredientId, level.onHand]));
      for (const row of unitChanges) {
        const current = existing.get(row.value.sku)!;
        const onHand = onHandById.get(current.id) ?? 0;
        if (onHand > 0) {
          problems.add(row.line, 'unit', `cannot change from ${current.unit} while ${onHand} ${current.unit} is on hand (record it out first)`);
        }
      }
      problems.throwIfAny();
    }
    await transaction.ingredients.upsert(ingredients.map((row) => row.value));
    const updated = ingredients.filter((row) => existing.has(row.value.sku)).length;
    return { kind: 'ingredients', rows: rowCount, created: ingredients.length - updated, updated };
  });
}

/**
 * Records one RECEIPT per row through the stock movement service (so lots, FEFO order and the
 * ledger are exactly as recordStockMovement leaves them), received on the row's date: not after
 * `today`, and before the lot's expiry; a perishable without expiresOn keeps receivedOn + its
 * shelf life.
 *
 * @param today YYYY-MM-DD in the bakery's time zone
 */
export async function importStockLots(repository: InventoryRepository, csv: string, recordedBy: string, today: string): Promise<ImportResult> {
  const { problems, rowCount, rows: lots } = checkImportFile('stockLots', csv, STOCK_LOT_COLUMNS, stockLotRowSchema);
  const ingredientIdBySku = new Map(
    (await repository.ingredients.findBySkus(lots.map((row) => row.value.sku))).map((ingredient) => [ingredient.sku, ingredient.id]),
  );
  for (const { line, value } of lots) {
    if (!ingredientIdBySku.has(value.sku)) problems.add(line, 'sku', `names no ingredient of this bakery (${value.sku}); import ingredients first`);
    if (value.receivedOn > today) problems.add(line, 'receivedOn', `${value.receivedOn} is in the future (today is ${today})`);
    if (value.expiresOn !== undefined && value.expiresOn <= value.receivedOn) {
      problems.add(line, 'expiresOn', `${value.expiresOn} must be after receivedOn (${value.receivedOn})`);
    }
  }
  problems.throwIfAny();
  await repository.transaction(async (transaction) => {
    for (const { value } of lots) {
      const input = { ingredientId: ingredientIdBySku.get(value.sku)!, kind: 'RECEIPT' as const, quantity: value.quantity, expiresOn: value.expiresOn ?? null, note: 'CSV import' };
      await applyStockMovement(transaction, input, recordedBy, value.receivedOn);
    }
  });
  return { kind: 'stockLots', rows: rowCount, created: lots.length, updated: 0 };
}
