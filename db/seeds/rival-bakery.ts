import type { BakeryDescription, Weekday } from './bakery.ts';
import { offers, recipe } from './catalogue.ts';

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
    { name: 'Empire Baking Supply', leadTimeDays: 2, reliability: 0.93, minimumOrderValue: 250, currency: 'USD', deliveryDays: ['MON', 'WED', 'FRI'], offers: offers`
      ingredientSku      unitPrice  minimumOrderQuantity  packSize  leadTimeDays
      FLOUR-HIGH-GLUTEN  1.15       22.68                 22.68     -
      FLOUR-BREAD        1.05       22.68                 22.68     -
      FLOUR-WHOLE-WHEAT  1.25       11.34                 11.34     -
      SLT-FINE           1.4        1.36                  1.36      -
      YEAST-INSTANT      0.012      454                   454       -
      MALT-SYRUP         6.5        2.5                   2.5       -
      SUGAR-GRANULATED   1.6        22.68                 22.68     -
      SUGAR-BROWN        2.2        4.5                   4.5       -
      CHOC-CHIPS         9.8        4.5                   4.5       -
      VANILLA            0.09       473                   473       -
      BUTTER-UNSALTED    9.9        9                     9         3
    ` },
    { name: 'Hudson Valley Dairy Co-op', leadTimeDays: 1, reliability: 0.9, minimumOrderValue: 75, currency: 'USD', deliveryDays: [], offers: offers`
      ingredientSku    unitPrice  minimumOrderQuantity  packSize  leadTimeDays
      BUTTER-UNSALTED  11.2       4.5                   0.45      -
      DAI-EGG          0.38       30                    30        -
      STARTER          4.5        2                     1         -
      FLOUR-BREAD      1.45       0                     2.27      -
    ` },
  ],
  products: [
    { sku: 'BAGEL-PLAIN', name: 'Plain bagel', sales: { baseline: 240 }, recipe: recipe('Kettle-boiled bagels (6 dozen)', 72)`
      7.2 KG FLOUR-HIGH-GLUTEN, 180 G MALT-SYRUP, 140 G SLT-FINE, 40 G YEAST-INSTANT` },
    { sku: 'SOURDOUGH-BOULE', name: 'Sourdough boule', sales: { baseline: 40 }, recipe: recipe('Sourdough boule (900 g)', 12)`
      5 KG FLOUR-BREAD, 0.6 KG FLOUR-WHOLE-WHEAT, 1.1 KG STARTER, 120 G SLT-FINE` },
    { sku: 'COOKIE-CHOC-CHIP', name: 'Chocolate chip cookie', sales: { baseline: 90 }, recipe: recipe('Brown butter chocolate chip cookies', 48)`
      1.3 KG FLOUR-BREAD, 0.9 KG BUTTER-UNSALTED, 0.6 KG SUGAR-BROWN, 0.4 KG SUGAR-GRANULATED, 8 UNIT DAI-EGG, 1.1 KG CHOC-CHIPS, 30 ML VANILLA, 25 G SLT-FINE` },
  ],
};
