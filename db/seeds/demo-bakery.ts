import type { BakeryDescription, SeedIngredient, SeedProduct, SeedSupplier, Weekday } from './bakery.ts';
import { offers, recipe } from './catalogue.ts';

/**
 * Levain Demo Bakery: a neighbourhood French-style bakery in Madrid. Quantities are in each
 * ingredient's unit, prices in EUR. Stock is sized for a few days of production, with a few
 * perishable lots about to expire and T65 flour below its reorder point, so the planner has
 * something to do on the first run.
 */

/** Bread: a quiet Monday, a busy Saturday. */
const BREAD_WEEK: Record<Weekday, number> = { MON: 0.8, TUE: 0.9, WED: 0.95, THU: 1, FRI: 1.15, SAT: 1.5, SUN: 1.25 };

/** Viennoiserie sells most on weekend mornings. */
const PASTRY_WEEK: Record<Weekday, number> = { MON: 0.75, TUE: 0.85, WED: 0.9, THU: 1, FRI: 1.15, SAT: 1.7, SUN: 1.8 };

const INGREDIENTS: SeedIngredient[] = [
  // Flours: non-perishable, 25 kg sacks.
  { sku: 'FLR-T45', name: 'Wheat flour T45 (gruau)', category: 'flour', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 60, lots: [{ quantity: 50, receivedDaysAgo: 8 }, { quantity: 75, receivedDaysAgo: 3 }] },
  { sku: 'FLR-T55', name: 'Wheat flour T55', category: 'flour', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 10, lots: [{ quantity: 18.5, receivedDaysAgo: 12 }] },
  { sku: 'FLR-T65', name: 'Wheat flour T65 (tradition)', category: 'flour', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 150, lots: [{ quantity: 37.5, receivedDaysAgo: 9 }, { quantity: 75, receivedDaysAgo: 4 }] },
  { sku: 'FLR-T80', name: 'Wheat flour T80 (bise)', category: 'flour', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 75, lots: [{ quantity: 50, receivedDaysAgo: 6 }, { quantity: 100, receivedDaysAgo: 2 }] },
  { sku: 'FLR-RYE', name: 'Rye flour T130', category: 'flour', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 30, lots: [{ quantity: 45, receivedDaysAgo: 5 }] },
  { sku: 'FLR-SPELT', name: 'Spelt flour T70', category: 'flour', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 10, lots: [{ quantity: 22, receivedDaysAgo: 7 }] },
  { sku: 'FLR-WHOLE', name: 'Whole wheat flour T150', category: 'flour', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 25, lots: [{ quantity: 40, receivedDaysAgo: 4 }] },
  // Dairy and eggs: perishable.
  { sku: 'DAI-BUTTER', name: 'Butter 82 % fat', category: 'dairy', unit: 'KG', perishable: true, shelfLifeDays: 30, reorderPoint: 15, lots: [{ quantity: 8, receivedDaysAgo: 22 }, { quantity: 20, receivedDaysAgo: 6 }] },
  { sku: 'DAI-BUTTER-SHEET', name: 'Butter sheets for lamination 84 %', category: 'dairy', unit: 'KG', perishable: true, shelfLifeDays: 45, reorderPoint: 20, lots: [{ quantity: 12, receivedDaysAgo: 30 }, { quantity: 20, receivedDaysAgo: 5 }] },
  { sku: 'DAI-MILK', name: 'Whole milk', category: 'dairy', unit: 'L', perishable: true, shelfLifeDays: 7, reorderPoint: 12, lots: [{ quantity: 4, receivedDaysAgo: 5 }, { quantity: 12, receivedDaysAgo: 2 }] },
  { sku: 'DAI-CREAM', name: 'Whipping cream 35 %', category: 'dairy', unit: 'L', perishable: true, shelfLifeDays: 10, reorderPoint: 2, lots: [{ quantity: 1.5, receivedDaysAgo: 8 }, { quantity: 3, receivedDaysAgo: 3 }] },
  { sku: 'DAI-EGG', name: 'Free-range eggs, size M', category: 'eggs', unit: 'UNIT', perishable: true, shelfLifeDays: 28, reorderPoint: 240, lots: [{ quantity: 60, receivedDaysAgo: 25 }, { quantity: 180, receivedDaysAgo: 10 }, { quantity: 180, receivedDaysAgo: 3 }] },
  // Leavening.
  { sku: 'YST-FRESH', name: 'Fresh yeast', category: 'leavening', unit: 'KG', perishable: true, shelfLifeDays: 14, reorderPoint: 3, lots: [{ quantity: 1.5, receivedDaysAgo: 12 }, { quantity: 5, receivedDaysAgo: 4 }] },
  { sku: 'YST-STARTER', name: 'Liquid sourdough starter (levain)', category: 'leavening', unit: 'KG', perishable: true, shelfLifeDays: 7, reorderPoint: 40, lots: [{ quantity: 20, receivedDaysAgo: 5 }, { quantity: 30, receivedDaysAgo: 1 }] },
  { sku: 'ADD-MALT', name: 'Diastatic malt flour', category: 'additive', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 1, lots: [{ quantity: 2.5, receivedDaysAgo: 30 }] },
  { sku: 'ADD-BAKING-POWDER', name: 'Baking powder', category: 'additive', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 0.5, lots: [{ quantity: 1.2, receivedDaysAgo: 20 }] },
  // Salt, sugars and honey.
  { sku: 'SLT-FINE', name: 'Fine sea salt', category: 'salt', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 10, lots: [{ quantity: 21, receivedDaysAgo: 10 }] },
  { sku: 'SUG-CASTER', name: 'Caster sugar', category: 'sugar', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 25, lots: [{ quantity: 30, receivedDaysAgo: 9 }, { quantity: 25, receivedDaysAgo: 2 }] },
  { sku: 'SUG-ICING', name: 'Icing sugar', category: 'sugar', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 5, lots: [{ quantity: 8, receivedDaysAgo: 6 }] },
  { sku: 'SUG-BROWN', name: 'Light brown sugar', category: 'sugar', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 5, lots: [{ quantity: 6, receivedDaysAgo: 8 }] },
  { sku: 'SUG-HONEY', name: 'Orange blossom honey', category: 'sugar', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 3, lots: [{ quantity: 5, receivedDaysAgo: 15 }] },
  // Chocolate, nuts, dried fruit and seeds.
  { sku: 'CHO-BATON', name: 'Chocolate batons 44 %', category: 'chocolate', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 6, lots: [{ quantity: 9.6, receivedDaysAgo: 6 }] },
  { sku: 'CHO-DARK', name: 'Dark chocolate callets 70 %', category: 'chocolate', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 2.5, lots: [{ quantity: 5, receivedDaysAgo: 20 }] },
  { sku: 'NUT-ALMOND-FLAKED', name: 'Flaked almonds', category: 'nuts', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 1, lots: [{ quantity: 3, receivedDaysAgo: 12 }] },
  { sku: 'NUT-ALMOND-GROUND', name: 'Ground Marcona almonds', category: 'nuts', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 3, lots: [{ quantity: 5, receivedDaysAgo: 9 }] },
  { sku: 'NUT-HAZELNUT', name: 'Roasted hazelnuts', category: 'nuts', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 1, lots: [{ quantity: 4, receivedDaysAgo: 20 }] },
  { sku: 'FRU-RAISIN', name: 'Sultana raisins', category: 'dried fruit', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 2, lots: [{ quantity: 5, receivedDaysAgo: 30 }] },
  { sku: 'SED-SUNFLOWER', name: 'Sunflower seeds', category: 'seeds', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 3, lots: [{ quantity: 6, receivedDaysAgo: 14 }] },
  { sku: 'SED-SESAME', name: 'Sesame seeds', category: 'seeds', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 2, lots: [{ quantity: 4, receivedDaysAgo: 14 }] },
  { sku: 'SED-LINSEED', name: 'Golden linseed', category: 'seeds', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 2, lots: [{ quantity: 4.5, receivedDaysAgo: 14 }] },
  { sku: 'SED-PUMPKIN', name: 'Pumpkin seeds', category: 'seeds', unit: 'KG', perishable: false, shelfLifeDays: null, reorderPoint: 2, lots: [{ quantity: 3, receivedDaysAgo: 14 }] },
  // Fats, flavourings and spices.
  { sku: 'FAT-LARD', name: 'Pork lard (saïm)', category: 'fat', unit: 'KG', perishable: true, shelfLifeDays: 60, reorderPoint: 3, lots: [{ quantity: 6, receivedDaysAgo: 20 }] },
  { sku: 'FAT-SUNFLOWER-OIL', name: 'Sunflower oil', category: 'fat', unit: 'L', perishable: false, shelfLifeDays: null, reorderPoint: 5, lots: [{ quantity: 10, receivedDaysAgo: 12 }] },
  { sku: 'FLV-VANILLA', name: 'Bourbon vanilla extract', category: 'flavouring', unit: 'ML', perishable: false, shelfLifeDays: null, reorderPoint: 250, lots: [{ quantity: 600, receivedDaysAgo: 30 }] },
  { sku: 'SPC-CINNAMON', name: 'Ceylon cinnamon, ground', category: 'spice', unit: 'G', perishable: false, shelfLifeDays: null, reorderPoint: 300, lots: [{ quantity: 750, receivedDaysAgo: 25 }] },
  // Fresh fruit: perishable.
  { sku: 'FRU-LEMON', name: 'Lemons', category: 'fruit', unit: 'UNIT', perishable: true, shelfLifeDays: 21, reorderPoint: 10, lots: [{ quantity: 8, receivedDaysAgo: 19 }, { quantity: 20, receivedDaysAgo: 4 }] },
  { sku: 'FRU-RASPBERRY', name: 'Fresh raspberries', category: 'fruit', unit: 'KG', perishable: true, shelfLifeDays: 4, reorderPoint: 0, lots: [{ quantity: 1.5, receivedDaysAgo: 3 }] },
];

const SUPPLIERS: SeedSupplier[] = [
  { name: 'Mercado Central Express', leadTimeDays: 0, reliability: 0.8, minimumOrderValue: 0, currency: 'EUR', deliveryDays: [], offers: offers`
    ingredientSku  unitPrice  minimumOrderQuantity  packSize  leadTimeDays
    FLR-T55        0.89       0                     5         -
    DAI-BUTTER     10.5       0                     1         -
    DAI-MILK       1.25       0                     1         -
    DAI-CREAM      5.1        0                     1         -
    DAI-EGG        0.32       0                     12        -
    YST-FRESH      4.8        0                     0.5       -
    SUG-CASTER     1.39       0                     1         -
    FRU-LEMON      0.35       0                     1         -
    FRU-RASPBERRY  16         0                     0.5       -
  ` },
  { name: 'Lácteos Sierra de Guadarrama', leadTimeDays: 1, reliability: 0.97, minimumOrderValue: 60, currency: 'EUR', deliveryDays: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'], offers: offers`
    ingredientSku     unitPrice  minimumOrderQuantity  packSize  leadTimeDays
    DAI-BUTTER        8.9        10                    5         -
    DAI-BUTTER-SHEET  9.8        10                    10        -
    DAI-MILK          1.05       12                    12        -
    DAI-CREAM         4.2        6                     6         -
    DAI-EGG           0.24       180                   180       -
  ` },
  // Fresh yeast and starter leave its cold room the next morning.
  { name: 'Distribuciones Panaderas del Centro', leadTimeDays: 2, reliability: 0.92, minimumOrderValue: 120, currency: 'EUR', deliveryDays: ['MON', 'WED', 'FRI'], offers: offers`
    ingredientSku      unitPrice  minimumOrderQuantity  packSize  leadTimeDays
    YST-FRESH          3.6        2                     1         1
    YST-STARTER        3.2        10                    10        1
    DAI-BUTTER         8.6        10                    10        -
    DAI-BUTTER-SHEET   9.4        20                    10        -
    SUG-CASTER         1.15       25                    25        -
    SUG-ICING          1.6        10                    10        -
    SUG-BROWN          2.1        5                     5         -
    CHO-BATON          10.9       1.6                   1.6       -
    CHO-DARK           13.5       2.5                   2.5       -
    SLT-FINE           0.55       10                    10        -
    ADD-MALT           6.2        1                     1         -
    ADD-BAKING-POWDER  5.4        1                     1         -
    FLV-VANILLA        0.11       500                   500       -
    SPC-CINNAMON       0.024      500                   500       -
    FAT-LARD           4.2        5                     5         -
    FAT-SUNFLOWER-OIL  2.1        5                     5         -
  ` },
  { name: 'Harinera La Meseta', leadTimeDays: 3, reliability: 0.96, minimumOrderValue: 150, currency: 'EUR', deliveryDays: ['TUE', 'THU'], offers: offers`
    ingredientSku  unitPrice  minimumOrderQuantity  packSize  leadTimeDays
    FLR-T45        0.78       50                    25        -
    FLR-T55        0.62       25                    25        -
    FLR-T65        0.74       100                   25        -
    FLR-T80        0.82       50                    25        -
    FLR-RYE        0.95       25                    25        -
    FLR-SPELT      1.45       25                    25        -
    FLR-WHOLE      0.88       25                    25        -
    YST-STARTER    2.9        20                    10        2
    ADD-MALT       5.8        5                     5         -
  ` },
  { name: 'Molinos del Duero', leadTimeDays: 4, reliability: 0.88, minimumOrderValue: 300, currency: 'EUR', deliveryDays: ['MON', 'WED', 'FRI'], offers: offers`
    ingredientSku  unitPrice  minimumOrderQuantity  packSize  leadTimeDays
    FLR-T45        0.72       100                   25        -
    FLR-T55        0.58       100                   25        -
    FLR-T65        0.69       200                   25        -
    FLR-T80        0.79       100                   25        -
    FLR-RYE        0.9        50                    25        -
    FLR-SPELT      1.38       50                    25        -
    FLR-WHOLE      0.84       50                    25        -
    SUG-CASTER     1.05       50                    25        -
    SLT-FINE       0.48       25                    25        -
  ` },
  { name: 'Frutos Secos Levante', leadTimeDays: 5, reliability: 0.85, minimumOrderValue: 200, currency: 'EUR', deliveryDays: ['TUE'], offers: offers`
    ingredientSku      unitPrice  minimumOrderQuantity  packSize  leadTimeDays
    NUT-ALMOND-FLAKED  11.8       5                     1         -
    NUT-ALMOND-GROUND  10.5       5                     1         -
    NUT-HAZELNUT       12.9       2                     1         -
    FRU-RAISIN         4.1        5                     5         -
    SED-SUNFLOWER      2.4        5                     5         -
    SED-SESAME         3.9        5                     5         -
    SED-LINSEED        3.1        5                     5         -
    SED-PUMPKIN        7.8        2                     1         -
    SUG-HONEY          8.2        5                     5         -
  ` },
];

const PRODUCTS: SeedProduct[] = [
  { sku: 'P-BAGUETTE', name: 'Baguette de tradition', sales: { baseline: 180 }, recipe: recipe('Baguette de tradition (poolish and levain)', 40)`
    8.5 KG FLR-T65, 1.7 KG YST-STARTER, 170 G SLT-FINE, 60 G YST-FRESH, 40 G ADD-MALT` },
  { sku: 'P-CAMPAGNE', name: 'Pain de campagne', sales: { baseline: 45 }, recipe: recipe('Pain de campagne (800 g)', 20)`
    7 KG FLR-T65, 1.5 KG FLR-RYE, 3 KG YST-STARTER, 180 G SLT-FINE, 40 G YST-FRESH` },
  { sku: 'P-CROISSANT', name: 'Croissant au beurre', sales: { baseline: 160, weekdayFactors: PASTRY_WEEK }, recipe: recipe('Croissant au beurre', 60)`
    2.2 KG FLR-T45, 1.1 KG DAI-BUTTER-SHEET, 0.2 KG DAI-BUTTER, 0.6 L DAI-MILK, 0.25 KG SUG-CASTER, 45 G SLT-FINE, 0.09 KG YST-FRESH, 6 UNIT DAI-EGG` },
  { sku: 'P-PAIN-CHOCOLAT', name: 'Pain au chocolat', sales: { baseline: 120, weekdayFactors: PASTRY_WEEK }, recipe: recipe('Pain au chocolat', 60)`
    2.2 KG FLR-T45, 1.1 KG DAI-BUTTER-SHEET, 0.2 KG DAI-BUTTER, 0.6 L DAI-MILK, 0.25 KG SUG-CASTER, 45 G SLT-FINE, 90 G YST-FRESH, 640 G CHO-BATON, 6 UNIT DAI-EGG` },
  { sku: 'P-BRIOCHE', name: 'Brioche Nanterre', sales: { baseline: 25 }, recipe: recipe('Brioche Nanterre (500 g)', 24)`
    3.6 KG FLR-T45, 36 UNIT DAI-EGG, 1.8 KG DAI-BUTTER, 0.45 KG SUG-CASTER, 0.3 L DAI-MILK, 70 G SLT-FINE, 150 G YST-FRESH` },
  { sku: 'P-SOURDOUGH', name: 'Sourdough country loaf', sales: { baseline: 55 }, recipe: recipe('Sourdough country loaf (1 kg)', 24)`
    7 KG FLR-T80, 2 KG FLR-WHOLE, 1 KG FLR-SPELT, 2 KG YST-STARTER, 220 G SLT-FINE` },
  { sku: 'P-RYE', name: 'Rye bread', sales: { baseline: 20 }, recipe: recipe('Pain de seigle', 16)`
    4 KG FLR-RYE, 1 KG FLR-T80, 1.5 KG YST-STARTER, 110 G SLT-FINE` },
  { sku: 'P-SEEDED', name: 'Seeded loaf', sales: { baseline: 30 }, recipe: recipe('Seeded loaf (five seeds and honey)', 20)`
    4 KG FLR-T80, 1.5 KG FLR-WHOLE, 0.5 KG SED-SUNFLOWER, 300 G SED-LINSEED, 250 G SED-SESAME, 300 G SED-PUMPKIN, 1 KG YST-STARTER, 50 G YST-FRESH, 120 G SLT-FINE, 0.15 KG SUG-HONEY` },
  { sku: 'P-ENSAIMADA', name: 'Ensaïmada', sales: { baseline: 40, weekdayFactors: PASTRY_WEEK }, recipe: recipe('Ensaïmada (individual)', 30)`
    1.5 KG FLR-T45, 0.3 KG SUG-CASTER, 4 UNIT DAI-EGG, 0.45 KG FAT-LARD, 0.25 L DAI-MILK, 45 G YST-FRESH, 15 G SLT-FINE, 0.2 KG SUG-ICING` },
  { sku: 'P-MAGDALENA', name: 'Magdalena', sales: { baseline: 90 }, recipe: recipe('Magdalenas de limón', 48)`
    10 UNIT DAI-EGG, 0.55 KG SUG-CASTER, 0.5 L FAT-SUNFLOWER-OIL, 120 ML DAI-MILK, 0.6 KG FLR-T55, 20 G ADD-BAKING-POWDER, 2 UNIT FRU-LEMON, 10 ML FLV-VANILLA, 3 G SLT-FINE` },
  { sku: 'P-ALMOND-CROISSANT', name: 'Almond croissant', sales: { baseline: 45, weekdayFactors: PASTRY_WEEK }, recipe: recipe('Croissant aux amandes', 30)`
    1.1 KG FLR-T45, 0.55 KG DAI-BUTTER-SHEET, 0.35 KG DAI-BUTTER, 0.35 KG SUG-CASTER, 0.45 KG NUT-ALMOND-GROUND, 150 G NUT-ALMOND-FLAKED, 6 UNIT DAI-EGG, 0.3 L DAI-MILK, 45 G YST-FRESH, 22 G SLT-FINE, 50 G SUG-ICING` },
  { sku: 'P-CINNAMON-ROLL', name: 'Cinnamon roll', sales: { baseline: 50 }, recipe: recipe('Cinnamon roll with cream cheese-style icing', 36)`
    2 KG FLR-T45, 0.8 L DAI-MILK, 0.6 KG DAI-BUTTER, 0.45 KG SUG-BROWN, 0.2 KG SUG-CASTER, 4 UNIT DAI-EGG, 60 G SPC-CINNAMON, 80 G YST-FRESH, 35 G SLT-FINE, 0.25 L DAI-CREAM, 0.3 KG SUG-ICING, 10 ML FLV-VANILLA` },
];

/** Tenant `demo`, the bakery `npm start` seeds and the tests plan for. */
export const DEMO_BAKERY: BakeryDescription = {
  tenant: { slug: 'demo', name: 'Levain Demo Bakery', timezone: 'Europe/Madrid' },
  ingredients: INGREDIENTS,
  suppliers: SUPPLIERS,
  products: PRODUCTS,
  weekdayFactors: BREAD_WEEK,
};
