import type { SeedOffer, SeedRecipe, SeedRecipeLine, Unit } from './bakery.ts';

/**
 * The long lists of a bakery description written as text instead of an object per record: a
 * recipe's lines as an ingredient list (`4 KG FLR-RYE, 110 G SLT-FINE`), a supplier's offers as a
 * column-aligned table under a header row that names their fields once. Text that does not parse
 * throws when its module loads, naming the line.
 */

const UNITS: readonly Unit[] = ['G', 'KG', 'ML', 'L', 'UNIT'];
const OFFER_COLUMNS = ['ingredientSku', 'unitPrice', 'minimumOrderQuantity', 'packSize', 'leadTimeDays'] as const;

/** The records of a tagged text, split at `separator`, each split at spaces into exactly `cellsPerRow` cells. */
function tableRows(strings: TemplateStringsArray, separator: string, cellsPerRow: number, table: string): string[][] {
  if (strings.length !== 1) throw new Error(`${table}: a seed table is plain text, without \${…} values`);
  const rows = strings[0]
    .split(separator)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => line.split(/\s+/));
  for (const row of rows) {
    if (row.length !== cellsPerRow) throw new Error(`${table}: "${row.join(' ')}" has ${row.length} cells, not ${cellsPerRow}`);
  }
  return rows;
}

function numberCell(cell: string, row: string[], table: string): number {
  const value = Number(cell);
  if (!Number.isFinite(value)) throw new Error(`${table}: "${row.join(' ')}" has ${JSON.stringify(cell)} where a number goes`);
  return value;
}

function unitCell(cell: string, row: string[], table: string): Unit {
  const unit = UNITS.find((candidate) => candidate === cell);
  if (!unit) throw new Error(`${table}: "${row.join(' ')}" has unit ${JSON.stringify(cell)}, not one of ${UNITS.join(', ')}`);
  return unit;
}

/**
 * A recipe named `name` whose batch makes `yieldQuantity` products; the tagged text lists what
 * one batch needs, in order, comma-separated `quantity unit ingredientSku` (`170 G SLT-FINE`).
 */
export function recipe(name: string, yieldQuantity: number) {
  return (strings: TemplateStringsArray): SeedRecipe => {
    const table = `recipe ${name}`;
    const lines = tableRows(strings, ',', 3, table).map(
      (row): SeedRecipeLine => ({ quantity: numberCell(row[0], row, table), unit: unitCell(row[1], row, table), ingredientSku: row[2] }),
    );
    return { name, yieldQuantity, lines };
  };
}

/**
 * A supplier's offers: a header row `ingredientSku unitPrice minimumOrderQuantity packSize
 * leadTimeDays`, then an offer per row (quantities in the ingredient's unit; `-` as lead time:
 * the supplier's own).
 */
export function offers(strings: TemplateStringsArray): SeedOffer[] {
  const table = 'offers';
  const [header, ...rows] = tableRows(strings, '\n', OFFER_COLUMNS.length, table);
  if (header?.join(' ') !== OFFER_COLUMNS.join(' ')) {
    throw new Error(`${table}: the first row must be the header "${OFFER_COLUMNS.join(' ')}", got "${header?.join(' ') ?? ''}"`);
  }
  return rows.map((row) => ({
    ingredientSku: row[0],
    unitPrice: numberCell(row[1], row, table),
    minimumOrderQuantity: numberCell(row[2], row, table),
    packSize: numberCell(row[3], row, table),
    leadTimeDays: row[4] === '-' ? null : numberCell(row[4], row, table),
  }));
}
