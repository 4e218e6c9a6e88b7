import type { BakeryDescription, Weekday } from './bakery.ts';

/**
 * Rival Bakehouse: a small New York bagel shop, the second tenant that isolation tests read
 * across. Prices in USD. Two skus (`SLT-FINE`, `DAI-EGG`) deliberately repeat the demo's, so a
 * lookup by sku that forgets the tenant shows up in tests.
 */

/** Brunch weekends. */
const BAGEL_WEEK: Record<Weekday, number> = { MON: 0.85, TUE: 0.9, WED: 0.95, THU: 1, FRI: 1.1, SAT: 1.6, SUN: 1.7 };

/** Tenant `rival`. */
export const RIVAL_BAKERY: BakeryDescription = {
  tenant: { slug: 'rival', name: 'Rival Bakehouse', timezone: 'America/New_York', currency: 'USD' },
  weekdayFactors: BAGEL_WEEK,
  ingredients: [
    { sku: 'FLOUR-HIGH-GLUTEN', name: 'High-gluten flour', category: 'flour', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 60, lots: [{ quantity: 90, receivedDaysAgo: 4 }] },
    { sku: 'FLOUR-BREAD', name: 'Bread flour', category: 'flour', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 20, lots: [{ quantity: 22.7, receivedDaysAgo: 6 }] },
    { sku: 'FLOUR-WHOLE-WHEAT', name: 'Whole wheat flour', category: 'flour', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 5, lots: [{ quantity: 11.3, receivedDaysAgo: 9 }] },
    { sku: 'SLT-FINE', name: 'Kosher salt', category: 'salt', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 3, lots: [{ quantity: 6.8, receivedDaysAgo: 15 }] },
    { sku: 'YEAST-INSTANT', name: 'Instant dry yeast', category: 'leavening', unit: 'G', perishable: false, shelfLifeDays: null, reorderPoint: 500, lots: [{ quantity: 1000, receivedDaysAgo: 20 }] },
    { sku: 'STARTER', name: 'Sourdough starter', category: 'leavening', unit: 'KG', perishable: true, shelfLifeDays: 5, reorderPoint: 3, lots: [{ quantity: 2, receivedDaysAgo: 3 }, { quantity: 4, receivedDaysAgo: 1 }] },
    { sku: 'MALT-SYRUP', name: 'Barley malt syrup', category: 'sugar', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 2, lots: [{ quantity: 5, receivedDaysAgo: 12 }] },
    { sku: 'SUGAR-GRANULATED', name: 'Granulated sugar', category: 'sugar', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 10, lots: [{ quantity: 22.7, receivedDaysAgo: 7 }] },
    { sku: 'SUGAR-BROWN', name: 'Dark brown sugar', category: 'sugar', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 5, lots: [{ quantity: 9, receivedDaysAgo: 7 }] },
    { sku: 'BUTTER-UNSALTED', name: 'Unsalted butter', category: 'dairy', unit: 'KG', perishable: true, shelfLifeDays: 30, reorderPoint: 8, lots: [{ quantity: 4, receivedDaysAgo: 27 }, { quantity: 9, receivedDaysAgo: 6 }] },
    { sku: 'DAI-EGG', name: 'Large eggs', category: 'eggs', unit: 'UNIT', perishable: true, shelfLifeDays: 28, reorderPoint: 60, lots: [{ quantity: 90, receivedDaysAgo: 5 }] },
    { sku: 'CHOC-CHIPS', name: 'Semisweet chocolate chips', category: 'chocolate', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 4, lots: [{ quantity: 11.3, receivedDaysAgo: 10 }] },
    { sku: 'VANILLA', name: 'Pure vanilla extract', category: 'flavouring', unit: 'ML', perishable: false, shelfLifeDays: null, reorderPoint: 200, lots: [{ quantity: 473, receivedDaysAgo: 30 }] },
  ],
  suppliers: [
    {
      name: 'Empire Baking Supply',
      leadTimeDays: 2,
      reliability: 0.93,
      minimumOrderValue: 250,
      currency: 'USD',
      deliveryDays: ['MON', 'WED', 'FRI'],
      offers: [
        { ingredientSku: 'FLOUR-HIGH-GLUTEN', unitPrice: 1.15, minimumOrderQuantity: 22.68, packSize: 22.68, leadTimeDays: null },
        { ingredientSku: 'FLOUR-BREAD', unitPrice: 1.05, minimumOrderQuantity: 22.68, packSize: 22.68, leadTimeDays: null },
        { ingredientSku: 'FLOUR-WHOLE-WHEAT', unitPrice: 1.25, minimumOrderQuantity: 11.34, packSize: 11.34, leadTimeDays: null },
        { ingredientSku: 'SLT-FINE', unitPrice: 1.4, minimumOrderQuantity: 1.36, packSize: 1.36, leadTimeDays: null },
        { ingredientSku: 'YEAST-INSTANT', unitPrice: 0.012, minimumOrderQuantity: 454, packSize: 454, leadTimeDays: null },
        { ingredientSku: 'MALT-SYRUP', unitPrice: 6.5, minimumOrderQuantity: 2.5, packSize: 2.5, leadTimeDays: null },
        { ingredientSku: 'SUGAR-GRANULATED', unitPrice: 1.6, minimumOrderQuantity: 22.68, packSize: 22.68, leadTimeDays: null },
        { ingredientSku: 'SUGAR-BROWN', unitPrice: 2.2, minimumOrderQuantity: 4.5, packSize: 4.5, leadTimeDays: null },
        { ingredientSku: 'CHOC-CHIPS', unitPrice: 9.8, minimumOrderQuantity: 4.5, packSize: 4.5, leadTimeDays: null },
        { ingredientSku: 'VANILLA', unitPrice: 0.09, minimumOrderQuantity: 473, packSize: 473, leadTimeDays: null },
        { ingredientSku: 'BUTTER-UNSALTED', unitPrice: 9.9, minimumOrderQuantity: 9, packSize: 9, leadTimeDays: 3 },
      ],
    },
    {
      name: 'Hudson Valley Dairy Co-op',
      leadTimeDays: 1,
      reliability: 0.9,
      minimumOrderValue: 75,
      currency: 'USD',
      deliveryDays: [],
      offers: [
        { ingredientSku: 'BUTTER-UNSALTED', unitPrice: 11.2, minimumOrderQuantity: 4.5, packSize: 0.45, leadTimeDays: null },
        { ingredientSku: 'DAI-EGG', unitPrice: 0.38, minimumOrderQuantity: 30, packSize: 30, leadTimeDays: null },
        { ingredientSku: 'STARTER', unitPrice: 4.5, minimumOrderQuantity: 2, packSize: 1, leadTimeDays: null },
        { ingredientSku: 'FLOUR-BREAD', unitPrice: 1.45, minimumOrderQuantity: 0, packSize: 2.27, leadTimeDays: null },
      ],
    },
  ],
  products: [
    {
      sku: 'BAGEL-PLAIN',
      name: 'Plain bagel',
      sales: { baseline: 240 },
      recipe: {
        name: 'Kettle-boiled bagels (6 dozen)',
        yieldQuantity: 72,
        lines: [
          { ingredientSku: 'FLOUR-HIGH-GLUTEN', quantity: 7.2, unit: 'KG' },
          { ingredientSku: 'MALT-SYRUP', quantity: 180, unit: 'G' },
          { ingredientSku: 'SLT-FINE', quantity: 140, unit: 'G' },
          { ingredientSku: 'YEAST-INSTANT', quantity: 40, unit: 'G' },
        ],
      },
    },
    {
      sku: 'SOURDOUGH-BOULE',
      name: 'Sourdough boule',
      sales: { baseline: 40 },
      recipe: {
        name: 'Sourdough boule (900 g)',
        yieldQuantity: 12,
        lines: [
          { ingredientSku: 'FLOUR-BREAD', quantity: 5, unit: 'KG' },
          { ingredientSku: 'FLOUR-WHOLE-WHEAT', quantity: 0.6, unit: 'KG' },
          { ingredientSku: 'STARTER', quantity: 1.1, unit: 'KG' },
          { ingredientSku: 'SLT-FINE', quantity: 120, unit: 'G' },
        ],
      },
    },
    {
      sku: 'COOKIE-CHOC-CHIP',
      name: 'Chocolate chip cookie',
      sales: { baseline: 90 },
      recipe: {
        name: 'Brown butter chocolate chip cookies',
        yieldQuantity: 48,
        lines: [
          { ingredientSku: 'FLOUR-BREAD', quantity: 1.3, unit: 'KG' },
          { ingredientSku: 'BUTTER-UNSALTED', quantity: 0.9, unit: 'KG' },
          { ingredientSku: 'SUGAR-BROWN', quantity: 0.6, unit: 'KG' },
          { ingredientSku: 'SUGAR-GRANULATED', quantity: 0.4, unit: 'KG' },
          { ingredientSku: 'DAI-EGG', quantity: 8, unit: 'UNIT' },
          { ingredientSku: 'CHOC-CHIPS', quantity: 1.1, unit: 'KG' },
          { ingredientSku: 'VANILLA', quantity: 30, unit: 'ML' },
          { ingredientSku: 'SLT-FINE', quantity: 25, unit: 'G' },
        ],
      },
    },
  ],
};
