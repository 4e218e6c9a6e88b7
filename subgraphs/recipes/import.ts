import { checkImportFile, distinctLookupKeys, importColumns, type ImportProblems, type ImportResult } from '../../platform/csv-import.ts';
import type { IngredientLookup } from '../../platform/ingredient-lookup.ts';
import type { RecipeLineFields } from './models.ts';
import type { RecipesRepository } from './repository.ts';
import { MAX_RECIPE_LINES, RecipeImportRow } from './validation.ts';

/**
 * The recipes CSV import (docs/IMPORT.md): one row per recipe line, the rows of one productSku
 * forming one product and its whole recipe. The file is checked whole first, naming every bad
 * line, then written in one transaction, so a bad file writes nothing.
 */

export const RECIPE_COLUMNS = importColumns(
  { productSku: 'text', productName: 'text', recipeName: 'text', yieldQuantity: 'number', ingredientSku: 'text', quantity: 'number', unit: 'upper' },
);

/** The columns every line of one product repeats, which must agree with its first line. */
const PRODUCT_COLUMNS = ['productName', 'recipeName', 'yieldQuantity'] as const;

interface ProductGroup {
  firstLine: number;
  sku: string;
  name: string;
  recipeName: string;
  yieldQuantity: number;
  /** Recipe lines with the ingredient still by sku, and the file line of each. */
  lines: { line: number; ingredientSku: string; quantity: number; unit: RecipeLineFields['unit'] }[];
}

/**
 * Creates or updates products by sku, each with its recipe (created, or renamed, re-yielded and
 * its lines replaced). Ingredient skus are asked of inventory in ONE lookup for the whole file.
 * `created`/`updated` count products.
 */
export async function importRecipes(repository: RecipesRepository, ingredients: IngredientLookup, csv: string): Promise<ImportResult> {
  const { problems, rowCount, rows } = checkImportFile('recipes', csv, RECIPE_COLUMNS, RecipeImportRow);
  const groups = groupByProduct(rows, problems);
  const skus = [...groups.values()].flatMap((group) => group.lines.map((line) => line.ingredientSku));
  const ingredientIdBySku = await ingredients.idsBySkus(distinctLookupKeys(skus, 'ingredientSku', problems));
  for (const group of groups.values()) {
    for (const line of group.lines) {
      if (!ingredientIdBySku.has(line.ingredientSku)) {
        problems.add(line.line, 'ingredientSku', `names no ingredient of this bakery (${line.ingredientSku}); import ingredients first`);
      }
    }
  }
  problems.throwIfAny();
  const products = [...groups.values()].map((group) => ({
    sku: group.sku,
    name: group.name,
    recipe: {
      name: group.recipeName,
      yieldQuantity: group.yieldQuantity,
      ingredients: group.lines.map((line) => ({ ingredientId: ingredientIdBySku.get(line.ingredientSku)!, quantity: line.quantity, unit: line.unit })),
    },
  }));
  const existing = await repository.productsBySkus(products.map((product) => product.sku));
  await repository.replaceProductRecipes(products);
  return { kind: 'recipes', rows: rowCount, created: products.length - existing.length, updated: existing.length };
}

/**
 * Gathers rows into products by productSku, in file order. A line whose product columns
 * differ from the product's first line, that repeats an ingredient of its recipe, or that takes
 * a recipe past {@link MAX_RECIPE_LINES} lines is a problem.
 */
function groupByProduct(rows: { line: number; value: RecipeImportRow }[], problems: ImportProblems): Map<string, ProductGroup> {
  const groups = new Map<string, ProductGroup>();
  for (const { line, value } of rows) {
    let group = groups.get(value.productSku);
    if (!group) {
      group = { firstLine: line, sku: value.productSku, name: value.productName, recipeName: value.recipeName, yieldQuantity: value.yieldQuantity, lines: [] };
      groups.set(value.productSku, group);
    }
    const first = { productName: group.name, recipeName: group.recipeName, yieldQuantity: group.yieldQuantity };
    const differing = PRODUCT_COLUMNS.filter((column) => value[column] !== first[column]);
    for (const column of differing) {
      problems.add(line, column, `differs from line ${group.firstLine} (${first[column]}) for product ${group.sku}: every line of a product repeats it`);
    }
    const repeated = group.lines.find((earlier) => earlier.ingredientSku === value.ingredientSku);
    if (repeated) problems.add(line, 'ingredientSku', `repeats ingredient ${value.ingredientSku} of line ${repeated.line} in the recipe of ${group.sku}`);
    if (group.lines.length === MAX_RECIPE_LINES) problems.add(line, null, `takes the recipe of ${group.sku} past ${MAX_RECIPE_LINES} lines`);
    if (differing.length === 0 && !repeated) group.lines.push({ line, ingredientSku: value.ingredientSku, quantity: value.quantity, unit: value.unit });
  }
  return groups;
}
