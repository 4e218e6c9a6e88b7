import { checkImportFile, distinctLookupKeys, refuseRepeatedKeys, importColumns, type ImportResult } from '../../platform/csv-import.ts';
import type { IngredientLookup } from '../../platform/ingredient-lookup.ts';
import type { SuppliersRepository } from './repository.ts';
import { CreateSupplierInput, OfferImportRow } from './validation.ts';

/**
 * The suppliers subgraph's two CSV imports (docs/IMPORT.md): the whole file is checked first,
 * naming every bad line, then written in one transaction, so a bad file writes nothing.
 */

export const SUPPLIER_COLUMNS = importColumns(
  { name: 'text', leadTimeDays: 'integer', reliability: 'number' },
  { minimumOrderValue: 'number', currency: 'upper', deliveryDays: 'weekdays' },
);

export const OFFER_COLUMNS = importColumns(
  { supplier: 'text', ingredientSku: 'text', unitPrice: 'number' },
  { minimumOrderQuantity: 'number', packSize: 'number', leadTimeDays: 'integer' },
);

/** Creates or overwrites suppliers by name, with createSupplier's rules and defaults. */
export async function importSuppliers(repository: SuppliersRepository, csv: string): Promise<ImportResult> {
  const { problems, rowCount, rows: suppliers } = checkImportFile('suppliers', csv, SUPPLIER_COLUMNS, CreateSupplierInput);
  refuseRepeatedKeys(suppliers, (row) => row.value.name, 'name', (row) => `supplier ${row.value.name}`, problems);
  problems.throwIfAny();
  const updated = await repository.transaction(async (transaction) => {
    const existing = await transaction.suppliersByNames(suppliers.map((row) => row.value.name));
    await transaction.upsertSuppliers(suppliers.map((row) => row.value));
    return existing.length;
  });
  return { kind: 'suppliers', rows: rowCount, created: suppliers.length - updated, updated };
}

/**
 * Creates or replaces offers by (supplier name, ingredient sku): suppliers are found here by
 * name, ingredients asked of inventory in ONE lookup for every sku of the file.
 */
export async function importOffers(repository: SuppliersRepository, ingredients: IngredientLookup, csv: string): Promise<ImportResult> {
  const { problems, rowCount, rows: offers } = checkImportFile('offers', csv, OFFER_COLUMNS, OfferImportRow);
  refuseRepeatedKeys(
    offers,
    (row) => JSON.stringify([row.value.supplier, row.value.ingredientSku]),
    'ingredientSku',
    (row) => `the offer of ${row.value.supplier} for ${row.value.ingredientSku}`,
    problems,
  );
  const [suppliers, ingredientIdBySku] = await Promise.all([
    repository.suppliersByNames(offers.map((row) => row.value.supplier)),
    ingredients.idsBySkus(distinctLookupKeys(offers.map((row) => row.value.ingredientSku), 'ingredientSku', problems)),
  ]);
  const supplierIdByName = new Map(suppliers.map((supplier) => [supplier.name, supplier.id]));
  for (const { line, value } of offers) {
    if (!supplierIdByName.has(value.supplier)) problems.add(line, 'supplier', `names no supplier of this bakery (${value.supplier}); import suppliers first`);
    if (!ingredientIdBySku.has(value.ingredientSku)) {
      problems.add(line, 'ingredientSku', `names no ingredient of this bakery (${value.ingredientSku}); import ingredients first`);
    }
  }
  problems.throwIfAny();
  const fields = offers.map(({ value: { supplier, ingredientSku, ...terms } }) => ({
    ...terms,
    supplierId: supplierIdByName.get(supplier)!,
    ingredientId: ingredientIdBySku.get(ingredientSku)!,
  }));
  const updated = await repository.transaction(async (transaction) => {
    const existing = await transaction.offersByKeys(fields);
    await transaction.upsertOffers(fields);
    return existing.length;
  });
  return { kind: 'offers', rows: rowCount, created: offers.length - updated, updated };
}
