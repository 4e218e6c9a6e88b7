import { checkImportFile, distinctLookupKeys, refuseRepeatedKeys, importColumns, type ImportResult } from '../../../platform/csv-import.ts';
import type { ProductLookup } from '../../../platform/product-lookup.ts';
import type { PlanningRepository } from '../repository.ts';
import { SalesImportRow } from '../validation.ts';

/**
 * The sales CSV import (docs/IMPORT.md): recordSales' rules for a whole file. Products are named
 * by sku and asked of recipes, their owner, in ONE lookup for the file; the file is checked whole
 * first, naming every bad line, then written in one transaction.
 */

export const SALES_COLUMNS = importColumns({ productSku: 'text', date: 'date', quantity: 'number' }, { soldOut: 'boolean' });

/**
 * Records the file's daily sales; a product and day already recorded is replaced (`updated`).
 *
 * @param today YYYY-MM-DD in the bakery's time zone: later dates are refused
 */
export async function importSales(repository: PlanningRepository, products: ProductLookup, csv: string, today: string): Promise<ImportResult> {
  const { problems, rowCount, rows: sales } = checkImportFile('sales', csv, SALES_COLUMNS, SalesImportRow);
  refuseRepeatedKeys(sales, (row) => JSON.stringify([row.value.productSku, row.value.date]), 'date', (row) => `${row.value.productSku} on ${row.value.date}`, problems);
  for (const { line, value } of sales) {
    if (value.date > today) problems.add(line, 'date', `${value.date} is in the future (today is ${today})`);
  }
  const productIdBySku = await products.idsBySkus(distinctLookupKeys(sales.map((row) => row.value.productSku), 'productSku', problems));
  for (const { line, value } of sales) {
    if (!productIdBySku.has(value.productSku)) problems.add(line, 'productSku', `names no product of this bakery (${value.productSku}); import recipes first`);
  }
  problems.throwIfAny();
  const records = sales.map(({ value: { productSku, ...sale } }) => ({ ...sale, productId: productIdBySku.get(productSku)! }));
  const { created, updated } = await repository.sales.upsert(records);
  return { kind: 'sales', rows: rowCount, created, updated };
}
