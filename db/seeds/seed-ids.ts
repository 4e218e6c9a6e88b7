import { stableId } from './stable-id.ts';

/**
 * The ids every seeded row gets, derived from the tenant slug and natural keys, so a test or
 * a script can name a seeded record without a query: `seedIds.ingredient('demo', 'FLR-T65')`.
 */
export const seedIds = {
  tenant: (slug: string) => stableId('tenant', slug),
  ingredient: (slug: string, sku: string) => stableId(slug, 'ingredient', sku),
  stockLot: (slug: string, sku: string, lotIndex: number) => stableId(slug, 'stock-lot', sku, String(lotIndex)),
  stockMovement: (slug: string, sku: string, lotIndex: number) => stableId(slug, 'stock-movement', sku, String(lotIndex)),
  supplier: (slug: string, supplierName: string) => stableId(slug, 'supplier', supplierName),
  offer: (slug: string, supplierName: string, sku: string) => stableId(slug, 'offer', supplierName, sku),
  product: (slug: string, productSku: string) => stableId(slug, 'product', productSku),
  recipe: (slug: string, productSku: string) => stableId(slug, 'recipe', productSku),
  recipeLine: (slug: string, productSku: string, ingredientSku: string) =>
    stableId(slug, 'recipe-line', productSku, ingredientSku),
} as const;
