import type { BakeryDescription, SeedIngredient, SeedProduct, SeedSupplier, Weekday } from './bakery.ts';

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
  {
    name: 'Mercado Central Express',
    leadTimeDays: 0,
    reliability: 0.8,
    minimumOrderValue: 0,
    currency: 'EUR',
    deliveryDays: [],
    offers: [
      { ingredientSku: 'FLR-T55', unitPrice: 0.89, minimumOrderQuantity: 0, packSize: 5, leadTimeDays: null },
      { ingredientSku: 'DAI-BUTTER', unitPrice: 10.5, minimumOrderQuantity: 0, packSize: 1, leadTimeDays: null },
      { ingredientSku: 'DAI-MILK', unitPrice: 1.25, minimumOrderQuantity: 0, packSize: 1, leadTimeDays: null },
      { ingredientSku: 'DAI-CREAM', unitPrice: 5.1, minimumOrderQuantity: 0, packSize: 1, leadTimeDays: null },
      { ingredientSku: 'DAI-EGG', unitPrice: 0.32, minimumOrderQuantity: 0, packSize: 12, leadTimeDays: null },
      { ingredientSku: 'YST-FRESH', unitPrice: 4.8, minimumOrderQuantity: 0, packSize: 0.5, leadTimeDays: null },
      { ingredientSku: 'SUG-CASTER', unitPrice: 1.39, minimumOrderQuantity: 0, packSize: 1, leadTimeDays: null },
      { ingredientSku: 'FRU-LEMON', unitPrice: 0.35, minimumOrderQuantity: 0, packSize: 1, leadTimeDays: null },
      { ingredientSku: 'FRU-RASPBERRY', unitPrice: 16, minimumOrderQuantity: 0, packSize: 0.5, leadTimeDays: null },
    ],
  },
  {
    name: 'Lácteos Sierra de Guadarrama',
    leadTimeDays: 1,
    reliability: 0.97,
    minimumOrderValue: 60,
    currency: 'EUR',
    deliveryDays: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'],
    offers: [
      { ingredientSku: 'DAI-BUTTER', unitPrice: 8.9, minimumOrderQuantity: 10, packSize: 5, leadTimeDays: null },
      { ingredientSku: 'DAI-BUTTER-SHEET', unitPrice: 9.8, minimumOrderQuantity: 10, packSize: 10, leadTimeDays: null },
      { ingredientSku: 'DAI-MILK', unitPrice: 1.05, minimumOrderQuantity: 12, packSize: 12, leadTimeDays: null },
      { ingredientSku: 'DAI-CREAM', unitPrice: 4.2, minimumOrderQuantity: 6, packSize: 6, leadTimeDays: null },
      { ingredientSku: 'DAI-EGG', unitPrice: 0.24, minimumOrderQuantity: 180, packSize: 180, leadTimeDays: null },
    ],
  },
  {
    name: 'Distribuciones Panaderas del Centro',
    leadTimeDays: 2,
    reliability: 0.92,
    minimumOrderValue: 120,
    currency: 'EUR',
    deliveryDays: ['MON', 'WED', 'FRI'],
    offers: [
      // Fresh yeast and starter leave the cold room the next morning.
      { ingredientSku: 'YST-FRESH', unitPrice: 3.6, minimumOrderQuantity: 2, packSize: 1, leadTimeDays: 1 },
      { ingredientSku: 'YST-STARTER', unitPrice: 3.2, minimumOrderQuantity: 10, packSize: 10, leadTimeDays: 1 },
      { ingredientSku: 'DAI-BUTTER', unitPrice: 8.6, minimumOrderQuantity: 10, packSize: 10, leadTimeDays: null },
      { ingredientSku: 'DAI-BUTTER-SHEET', unitPrice: 9.4, minimumOrderQuantity: 20, packSize: 10, leadTimeDays: null },
      { ingredientSku: 'SUG-CASTER', unitPrice: 1.15, minimumOrderQuantity: 25, packSize: 25, leadTimeDays: null },
      { ingredientSku: 'SUG-ICING', unitPrice: 1.6, minimumOrderQuantity: 10, packSize: 10, leadTimeDays: null },
      { ingredientSku: 'SUG-BROWN', unitPrice: 2.1, minimumOrderQuantity: 5, packSize: 5, leadTimeDays: null },
      { ingredientSku: 'CHO-BATON', unitPrice: 10.9, minimumOrderQuantity: 1.6, packSize: 1.6, leadTimeDays: null },
      { ingredientSku: 'CHO-DARK', unitPrice: 13.5, minimumOrderQuantity: 2.5, packSize: 2.5, leadTimeDays: null },
      { ingredientSku: 'SLT-FINE', unitPrice: 0.55, minimumOrderQuantity: 10, packSize: 10, leadTimeDays: null },
      { ingredientSku: 'ADD-MALT', unitPrice: 6.2, minimumOrderQuantity: 1, packSize: 1, leadTimeDays: null },
      { ingredientSku: 'ADD-BAKING-POWDER', unitPrice: 5.4, minimumOrderQuantity: 1, packSize: 1, leadTimeDays: null },
      { ingredientSku: 'FLV-VANILLA', unitPrice: 0.11, minimumOrderQuantity: 500, packSize: 500, leadTimeDays: null },
      { ingredientSku: 'SPC-CINNAMON', unitPrice: 0.024, minimumOrderQuantity: 500, packSize: 500, leadTimeDays: null },
      { ingredientSku: 'FAT-LARD', unitPrice: 4.2, minimumOrderQuantity: 5, packSize: 5, leadTimeDays: null },
      { ingredientSku: 'FAT-SUNFLOWER-OIL', unitPrice: 2.1, minimumOrderQuantity: 5, packSize: 5, leadTimeDays: null },
    ],
  },
  {
    name: 'Harinera La Meseta',
    leadTimeDays: 3,
    reliability: 0.96,
    minimumOrderValue: 150,
    currency: 'EUR',
    deliveryDays: ['TUE', 'THU'],
    offers: [
      { ingredientSku: 'FLR-T45', unitPrice: 0.78, minimumOrderQuantity: 50, packSize: 25, leadTimeDays: null },
      { ingredientSku: 'FLR-T55', unitPrice: 0.62, minimumOrderQuantity: 25, packSize: 25, leadTimeDays: null },
      { ingredientSku: 'FLR-T65', unitPrice: 0.74, minimumOrderQuantity: 100, packSize: 25, leadTimeDays: null },
      { ingredientSku: 'FLR-T80', unitPrice: 0.82, minimumOrderQuantity: 50, packSize: 25, leadTimeDays: null },
      { ingredientSku: 'FLR-RYE', unitPrice: 0.95, minimumOrderQuantity: 25, packSize: 25, leadTimeDays: null },
      { ingredientSku: 'FLR-SPELT', unitPrice: 1.45, minimumOrderQuantity: 25, packSize: 25, leadTimeDays: null },
      { ingredientSku: 'FLR-WHOLE', unitPrice: 0.88, minimumOrderQuantity: 25, packSize: 25, leadTimeDays: null },
      { ingredientSku: 'YST-STARTER', unitPrice: 2.9, minimumOrderQuantity: 20, packSize: 10, leadTimeDays: 2 },
      { ingredientSku: 'ADD-MALT', unitPrice: 5.8, minimumOrderQuantity: 5, packSize: 5, leadTimeDays: null },
    ],
  },
  {
    name: 'Molinos del Duero',
    leadTimeDays: 4,
    reliability: 0.88,
    minimumOrderValue: 300,
    currency: 'EUR',
    deliveryDays: ['MON', 'WED', 'FRI'],
    offers: [
      { ingredientSku: 'FLR-T45', unitPrice: 0.72, minimumOrderQuantity: 100, packSize: 25, leadTimeDays: null },
      { ingredientSku: 'FLR-T55', unitPrice: 0.58, minimumOrderQuantity: 100, packSize: 25, leadTimeDays: null },
      { ingredientSku: 'FLR-T65', unitPrice: 0.69, minimumOrderQuantity: 200, packSize: 25, leadTimeDays: null },
      { ingredientSku: 'FLR-T80', unitPrice: 0.79, minimumOrderQuantity: 100, packSize: 25, leadTimeDays: null },
      { ingredientSku: 'FLR-RYE', unitPrice: 0.9, minimumOrderQuantity: 50, packSize: 25, leadTimeDays: null },
      { ingredientSku: 'FLR-SPELT', unitPrice: 1.38, minimumOrderQuantity: 50, packSize: 25, leadTimeDays: null },
      { ingredientSku: 'FLR-WHOLE', unitPrice: 0.84, minimumOrderQuantity: 50, packSize: 25, leadTimeDays: null },
      { ingredientSku: 'SUG-CASTER', unitPrice: 1.05, minimumOrderQuantity: 50, packSize: 25, leadTimeDays: null },
      { ingredientSku: 'SLT-FINE', unitPrice: 0.48, minimumOrderQuantity: 25, packSize: 25, leadTimeDays: null },
    ],
  },
  {
    name: 'Frutos Secos Levante',
    leadTimeDays: 5,
    reliability: 0.85,
    minimumOrderValue: 200,
    currency: 'EUR',
    deliveryDays: ['TUE'],
    offers: [
      { ingredientSku: 'NUT-ALMOND-FLAKED', unitPrice: 11.8, minimumOrderQuantity: 5, packSize: 1, leadTimeDays: null },
      { ingredientSku: 'NUT-ALMOND-GROUND', unitPrice: 10.5, minimumOrderQuantity: 5, packSize: 1, leadTimeDays: null },
      { ingredientSku: 'NUT-HAZELNUT', unitPrice: 12.9, minimumOrderQuantity: 2, packSize: 1, leadTimeDays: null },
      { ingredientSku: 'FRU-RAISIN', unitPrice: 4.1, minimumOrderQuantity: 5, packSize: 5, leadTimeDays: null },
      { ingredientSku: 'SED-SUNFLOWER', unitPrice: 2.4, minimumOrderQuantity: 5, packSize: 5, leadTimeDays: null },
      { ingredientSku: 'SED-SESAME', unitPrice: 3.9, minimumOrderQuantity: 5, packSize: 5, leadTimeDays: null },
      { ingredientSku: 'SED-LINSEED', unitPrice: 3.1, minimumOrderQuantity: 5, packSize: 5, leadTimeDays: null },
      { ingredientSku: 'SED-PUMPKIN', unitPrice: 7.8, minimumOrderQuantity: 2, packSize: 1, leadTimeDays: null },
      { ingredientSku: 'SUG-HONEY', unitPrice: 8.2, minimumOrderQuantity: 5, packSize: 5, leadTimeDays: null },
    ],
  },
];

const PRODUCTS: SeedProduct[] = [
  {
    sku: 'P-BAGUETTE',
    name: 'Baguette de tradition',
    sales: { baseline: 180 },
    recipe: {
      name: 'Baguette de tradition (poolish and levain)',
      yieldQuantity: 40,
      lines: [
        { ingredientSku: 'FLR-T65', quantity: 8.5, unit: 'KG' },
        { ingredientSku: 'YST-STARTER', quantity: 1.7, unit: 'KG' },
        { ingredientSku: 'SLT-FINE', quantity: 170, unit: 'G' },
        { ingredientSku: 'YST-FRESH', quantity: 60, unit: 'G' },
        { ingredientSku: 'ADD-MALT', quantity: 40, unit: 'G' },
      ],
    },
  },
  {
    sku: 'P-CAMPAGNE',
    name: 'Pain de campagne',
    sales: { baseline: 45 },
    recipe: {
      name: 'Pain de campagne (800 g)',
      yieldQuantity: 20,
      lines: [
        { ingredientSku: 'FLR-T65', quantity: 7, unit: 'KG' },
        { ingredientSku: 'FLR-RYE', quantity: 1.5, unit: 'KG' },
        { ingredientSku: 'YST-STARTER', quantity: 3, unit: 'KG' },
        { ingredientSku: 'SLT-FINE', quantity: 180, unit: 'G' },
        { ingredientSku: 'YST-FRESH', quantity: 40, unit: 'G' },
      ],
    },
  },
  {
    sku: 'P-CROISSANT',
    name: 'Croissant au beurre',
    sales: { baseline: 160, weekdayFactors: PASTRY_WEEK },
    recipe: {
      name: 'Croissant au beurre',
      yieldQuantity: 60,
      lines: [
        { ingredientSku: 'FLR-T45', quantity: 2.2, unit: 'KG' },
        { ingredientSku: 'DAI-BUTTER-SHEET', quantity: 1.1, unit: 'KG' },
        { ingredientSku: 'DAI-BUTTER', quantity: 0.2, unit: 'KG' },
        { ingredientSku: 'DAI-MILK', quantity: 0.6, unit: 'L' },
        { ingredientSku: 'SUG-CASTER', quantity: 0.25, unit: 'KG' },
        { ingredientSku: 'SLT-FINE', quantity: 45, unit: 'G' },
        { ingredientSku: 'YST-FRESH', quantity: 0.09, unit: 'KG' },
        { ingredientSku: 'DAI-EGG', quantity: 6, unit: 'UNIT' },
      ],
    },
  },
  {
    sku: 'P-PAIN-CHOCOLAT',
    name: 'Pain au chocolat',
    sales: { baseline: 120, weekdayFactors: PASTRY_WEEK },
    recipe: {
      name: 'Pain au chocolat',
      yieldQuantity: 60,
      lines: [
        { ingredientSku: 'FLR-T45', quantity: 2.2, unit: 'KG' },
        { ingredientSku: 'DAI-BUTTER-SHEET', quantity: 1.1, unit: 'KG' },
        { ingredientSku: 'DAI-BUTTER', quantity: 0.2, unit: 'KG' },
        { ingredientSku: 'DAI-MILK', quantity: 0.6, unit: 'L' },
        { ingredientSku: 'SUG-CASTER', quantity: 0.25, unit: 'KG' },
        { ingredientSku: 'SLT-FINE', quantity: 45, unit: 'G' },
        { ingredientSku: 'YST-FRESH', quantity: 90, unit: 'G' },
        { ingredientSku: 'CHO-BATON', quantity: 640, unit: 'G' },
        { ingredientSku: 'DAI-EGG', quantity: 6, unit: 'UNIT' },
      ],
    },
  },
  {
    sku: 'P-BRIOCHE',
    name: 'Brioche Nanterre',
    sales: { baseline: 25 },
    recipe: {
      name: 'Brioche Nanterre (500 g)',
      yieldQuantity: 24,
      lines: [
        { ingredientSku: 'FLR-T45', quantity: 3.6, unit: 'KG' },
        { ingredientSku: 'DAI-EGG', quantity: 36, unit: 'UNIT' },
        { ingredientSku: 'DAI-BUTTER', quantity: 1.8, unit: 'KG' },
        { ingredientSku: 'SUG-CASTER', quantity: 0.45, unit: 'KG' },
        { ingredientSku: 'DAI-MILK', quantity: 0.3, unit: 'L' },
        { ingredientSku: 'SLT-FINE', quantity: 70, unit: 'G' },
        { ingredientSku: 'YST-FRESH', quantity: 150, unit: 'G' },
      ],
    },
  },
  {
    sku: 'P-SOURDOUGH',
    name: 'Sourdough country loaf',
    sales: { baseline: 55 },
    recipe: {
      name: 'Sourdough country loaf (1 kg)',
      yieldQuantity: 24,
      lines: [
        { ingredientSku: 'FLR-T80', quantity: 7, unit: 'KG' },
        { ingredientSku: 'FLR-WHOLE', quantity: 2, unit: 'KG' },
        { ingredientSku: 'FLR-SPELT', quantity: 1, unit: 'KG' },
        { ingredientSku: 'YST-STARTER', quantity: 2, unit: 'KG' },
        { ingredientSku: 'SLT-FINE', quantity: 220, unit: 'G' },
      ],
    },
  },
  {
    sku: 'P-RYE',
    name: 'Rye bread',
    sales: { baseline: 20 },
    recipe: {
      name: 'Pain de seigle',
      yieldQuantity: 16,
      lines: [
        { ingredientSku: 'FLR-RYE', quantity: 4, unit: 'KG' },
        { ingredientSku: 'FLR-T80', quantity: 1, unit: 'KG' },
        { ingredientSku: 'YST-STARTER', quantity: 1.5, unit: 'KG' },
        { ingredientSku: 'SLT-FINE', quantity: 110, unit: 'G' },
      ],
    },
  },
  {
    sku: 'P-SEEDED',
    name: 'Seeded loaf',
    sales: { baseline: 30 },
    recipe: {
      name: 'Seeded loaf (five seeds and honey)',
      yieldQuantity: 20,
      lines: [
        { ingredientSku: 'FLR-T80', quantity: 4, unit: 'KG' },
        { ingredientSku: 'FLR-WHOLE', quantity: 1.5, unit: 'KG' },
        { ingredientSku: 'SED-SUNFLOWER', quantity: 0.5, unit: 'KG' },
        { ingredientSku: 'SED-LINSEED', quantity: 300, unit: 'G' },
        { ingredientSku: 'SED-SESAME', quantity: 250, unit: 'G' },
        { ingredientSku: 'SED-PUMPKIN', quantity: 300, unit: 'G' },
        { ingredientSku: 'YST-STARTER', quantity: 1, unit: 'KG' },
        { ingredientSku: 'YST-FRESH', quantity: 50, unit: 'G' },
        { ingredientSku: 'SLT-FINE', quantity: 120, unit: 'G' },
        { ingredientSku: 'SUG-HONEY', quantity: 0.15, unit: 'KG' },
      ],
    },
  },
  {
    sku: 'P-ENSAIMADA',
    name: 'Ensaïmada',
    sales: { baseline: 40, weekdayFactors: PASTRY_WEEK },
    recipe: {
      name: 'Ensaïmada (individual)',
      yieldQuantity: 30,
      lines: [
        { ingredientSku: 'FLR-T45', quantity: 1.5, unit: 'KG' },
        { ingredientSku: 'SUG-CASTER', quantity: 0.3, unit: 'KG' },
        { ingredientSku: 'DAI-EGG', quantity: 4, unit: 'UNIT' },
        { ingredientSku: 'FAT-LARD', quantity: 0.45, unit: 'KG' },
        { ingredientSku: 'DAI-MILK', quantity: 0.25, unit: 'L' },
        { ingredientSku: 'YST-FRESH', quantity: 45, unit: 'G' },
        { ingredientSku: 'SLT-FINE', quantity: 15, unit: 'G' },
        { ingredientSku: 'SUG-ICING', quantity: 0.2, unit: 'KG' },
      ],
    },
  },
  {
    sku: 'P-MAGDALENA',
    name: 'Magdalena',
    sales: { baseline: 90 },
    recipe: {
      name: 'Magdalenas de limón',
      yieldQuantity: 48,
      lines: [
        { ingredientSku: 'DAI-EGG', quantity: 10, unit: 'UNIT' },
        { ingredientSku: 'SUG-CASTER', quantity: 0.55, unit: 'KG' },
        { ingredientSku: 'FAT-SUNFLOWER-OIL', quantity: 0.5, unit: 'L' },
        { ingredientSku: 'DAI-MILK', quantity: 120, unit: 'ML' },
        { ingredientSku: 'FLR-T55', quantity: 0.6, unit: 'KG' },
        { ingredientSku: 'ADD-BAKING-POWDER', quantity: 20, unit: 'G' },
        { ingredientSku: 'FRU-LEMON', quantity: 2, unit: 'UNIT' },
        { ingredientSku: 'FLV-VANILLA', quantity: 10, unit: 'ML' },
        { ingredientSku: 'SLT-FINE', quantity: 3, unit: 'G' },
      ],
    },
  },
  {
    sku: 'P-ALMOND-CROISSANT',
    name: 'Almond croissant',
    sales: { baseline: 45, weekdayFactors: PASTRY_WEEK },
    recipe: {
      name: 'Croissant aux amandes',
      yieldQuantity: 30,
      lines: [
        { ingredientSku: 'FLR-T45', quantity: 1.1, unit: 'KG' },
        { ingredientSku: 'DAI-BUTTER-SHEET', quantity: 0.55, unit: 'KG' },
        { ingredientSku: 'DAI-BUTTER', quantity: 0.35, unit: 'KG' },
        { ingredientSku: 'SUG-CASTER', quantity: 0.35, unit: 'KG' },
        { ingredientSku: 'NUT-ALMOND-GROUND', quantity: 0.45, unit: 'KG' },
        { ingredientSku: 'NUT-ALMOND-FLAKED', quantity: 150, unit: 'G' },
        { ingredientSku: 'DAI-EGG', quantity: 6, unit: 'UNIT' },
        { ingredientSku: 'DAI-MILK', quantity: 0.3, unit: 'L' },
        { ingredientSku: 'YST-FRESH', quantity: 45, unit: 'G' },
        { ingredientSku: 'SLT-FINE', quantity: 22, unit: 'G' },
        { ingredientSku: 'SUG-ICING', quantity: 50, unit: 'G' },
      ],
    },
  },
  {
    sku: 'P-CINNAMON-ROLL',
    name: 'Cinnamon roll',
    sales: { baseline: 50 },
    recipe: {
      name: 'Cinnamon roll with cream cheese-style icing',
      yieldQuantity: 36,
      lines: [
        { ingredientSku: 'FLR-T45', quantity: 2, unit: 'KG' },
        { ingredientSku: 'DAI-MILK', quantity: 0.8, unit: 'L' },
        { ingredientSku: 'DAI-BUTTER', quantity: 0.6, unit: 'KG' },
        { ingredientSku: 'SUG-BROWN', quantity: 0.45, unit: 'KG' },
        { ingredientSku: 'SUG-CASTER', quantity: 0.2, unit: 'KG' },
        { ingredientSku: 'DAI-EGG', quantity: 4, unit: 'UNIT' },
        { ingredientSku: 'SPC-CINNAMON', quantity: 60, unit: 'G' },
        { ingredientSku: 'YST-FRESH', quantity: 80, unit: 'G' },
        { ingredientSku: 'SLT-FINE', quantity: 35, unit: 'G' },
        { ingredientSku: 'DAI-CREAM', quantity: 0.25, unit: 'L' },
        { ingredientSku: 'SUG-ICING', quantity: 0.3, unit: 'KG' },
        { ingredientSku: 'FLV-VANILLA', quantity: 10, unit: 'ML' },
      ],
    },
  },
];

/** Tenant `demo`, the bakery `npm start` seeds and the tests plan for. */
export const DEMO_BAKERY: BakeryDescription = {
  tenant: { slug: 'demo', name: 'Levain Demo Bakery', timezone: 'Europe/Madrid' },
  ingredients: INGREDIENTS,
  suppliers: SUPPLIERS,
  products: PRODUCTS,
  weekdayFactors: BREAD_WEEK,
};
