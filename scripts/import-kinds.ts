/**
 * The CSV import kinds as `npm run import -- --kind` names them, each with its gateway mutation,
 * in the order a new bakery imports them (docs/IMPORT.md): each file names only what the files
 * before it created.
 */
export const IMPORT_MUTATIONS = {
  ingredients: 'importIngredients',
  suppliers: 'importSuppliers',
  offers: 'importOffers',
  recipes: 'importRecipes',
  'stock-lots': 'importStockLots',
  sales: 'importSales',
} as const;

export type ImportKind = keyof typeof IMPORT_MUTATIONS;

export const IMPORT_KINDS = Object.keys(IMPORT_MUTATIONS) as ImportKind[];

export function isImportKind(kind: string): kind is ImportKind {
  return Object.hasOwn(IMPORT_MUTATIONS, kind);
}

/** The one operation an import sends, for `kind`. */
export function importOperation(kind: ImportKind): string {
  return `mutation Import($input: ImportCsvInput!) { ${IMPORT_MUTATIONS[kind]}(input: $input) { kind rows created updated } }`;
}
