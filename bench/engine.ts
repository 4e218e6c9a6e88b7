/**
 * Benchmark of the pure planning engine: one full nightly pass (forecast → production →
 * procurement) on synthetic bakeries of three sizes. Inputs come from a seeded PRNG, so
 * every run plans the same tenants.
 *
 *   npm run bench:engine        (tsx bench/engine.ts)
 *
 * Target (DESIGN's L tenant: 2,000 ingredients, 300 recipes, 60 suppliers, 56 days of
 * sales, horizon 7): median under 250 ms.
 */
import { performance } from 'node:perf_hooks';
import { addDays } from '../subgraphs/planning/engine/dates.ts';
import { forecast, planProcurement, planProduction } from '../subgraphs/planning/engine/index.ts';
import { createRandom } from '../platform/random.ts';
import type {
  IngredientInput,
  OfferInput,
  PlanningInput,
  ProductInput,
  RecipeInput,
  SalesRecord,
  ScheduledReceipt,
  SupplierInput,
  Unit,
  Weekday,
} from '../subgraphs/planning/engine/index.ts';

const PLAN_DATE = '2026-12-07';
const HORIZON_DAYS = 7;
const HISTORY_DAYS = 56;
const WARM_UP_RUNS = 3;
const TIMED_RUNS = 15;
const TARGET_L_MS = 250;

interface Size {
  label: string;
  ingredients: number;
  products: number;
  suppliers: number;
}

const SIZES: Size[] = [
  { label: 'S', ingredients: 50, products: 12, suppliers: 6 },
  { label: 'M', ingredients: 400, products: 60, suppliers: 15 },
  { label: 'L', ingredients: 2000, products: 300, suppliers: 60 },
];

/** The seeded source that makes synthetic bakeries repeatable, with prices rounded to the cent. */
function prng(seed: number) {
  const random = createRandom(seed);
  return { ...random, money: (min: number, max: number) => Math.round(random.between(min, max) * 100) / 100 };
}

const WEEKDAYS: Weekday[] = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];
const COMPATIBLE: Record<Unit, Unit[]> = { G: ['G', 'KG'], KG: ['KG', 'G'], ML: ['ML', 'L'], L: ['L', 'ML'], UNIT: ['UNIT'] };
const TO_BASE: Record<Unit, number> = { G: 1, KG: 1000, ML: 1, L: 1000, UNIT: 1 };

function syntheticTenant(size: Size, seed: number): PlanningInput {
  const random = prng(seed);
  const pad = (n: number) => String(n).padStart(5, '0');

  const suppliers: SupplierInput[] = Array.from({ length: size.suppliers }, (_, k) => ({
    id: `sup-${pad(k)}`,
    name: `Supplier ${k}`,
    leadTimeDays: random.int(1, 4),
    reliability: random.money(0.8, 1),
    minimumOrderValue: random.pick([0, 0, 50, 150, 300]),
    deliveryDays: random.chance(0.4) ? [] : WEEKDAYS.filter(() => random.chance(0.55)),
  }));

  const ingredients: IngredientInput[] = Array.from({ length: size.ingredients }, (_, k) => {
    const perishable = random.chance(0.25);
    return {
      id: `ing-${pad(k)}`,
      name: `Ingredient ${k}`,
      unit: random.pick<Unit>(['KG', 'KG', 'G', 'L', 'ML', 'UNIT']),
      perishable,
      shelfLifeDays: perishable ? random.int(3, 10) : null,
      lots: [],
    };
  });

  const offers: OfferInput[] = [];
  for (const ingredient of ingredients) {
    const count = random.pick([1, 2, 2, 2, 3]);
    for (let k = 0; k < count; k++) {
      offers.push({
        id: `off-${ingredient.id}-${k}`,
        supplierId: random.pick(suppliers).id,
        ingredientId: ingredient.id,
        unitPrice: random.money(0.2, 12),
        minimumOrderQuantity: random.pick([0, 0, 5, 10, 25, 50]),
        packSize: random.pick([0, 1, 2.5, 5, 10, 25]),
        leadTimeDays: random.chance(0.2) ? random.int(0, 5) : null,
      });
    }
  }

  const products: ProductInput[] = Array.from({ length: size.products }, (_, k) => ({ id: `prod-${pad(k)}`, name: `Product ${k}` }));
  const baseSales = new Map<string, number>();
  const dailyUse = new Map<string, number>(); // rough, in the ingredient's unit, to size stock on hand
  const recipes: RecipeInput[] = products.map((product, k) => {
    const yieldQuantity = random.int(6, 48);
    const base = random.int(5, 120);
    baseSales.set(product.id, base);
    const lineCount = random.int(3, 8);
    const used = new Set<string>();
    const lines = [];
    while (lines.length < lineCount) {
      const ingredient = random.pick(ingredients);
      if (used.has(ingredient.id)) continue;
      used.add(ingredient.id);
      const unit = random.chance(0.02) ? random.pick<Unit>(['G', 'L', 'UNIT']) : random.pick(COMPATIBLE[ingredient.unit]);
      const quantityInIngredientUnit = random.money(0.05, 3);
      const quantity = Math.round(((quantityInIngredientUnit * TO_BASE[ingredient.unit]) / TO_BASE[unit]) * 1000) / 1000;
      lines.push({ ingredientId: ingredient.id, quantity, unit });
      dailyUse.set(ingredient.id, (dailyUse.get(ingredient.id) ?? 0) + (base / yieldQuantity + 0.5) * quantityInIngredientUnit);
    }
    return { id: `rec-${pad(k)}`, name: `Recipe ${k}`, productId: product.id, yieldQuantity, ingredients: lines };
  });

  for (const ingredient of ingredients) {
    const use = dailyUse.get(ingredient.id) ?? random.int(1, 10);
    const lotCount = random.int(1, 3);
    for (let k = 0; k < lotCount; k++) {
      ingredient.lots.push({
        id: `lot-${ingredient.id}-${k}`,
        quantity: Math.round(use * random.next() * 5 * 100) / 100,
        receivedOn: addDays(PLAN_DATE, -random.int(1, 6)),
        expiresOn: ingredient.perishable ? addDays(PLAN_DATE, random.int(0, ingredient.shelfLifeDays!)) : null,
      });
    }
  }

  const weekShape = [0.8, 0.85, 0.9, 1, 1.2, 1.5, 0.75];
  const sales: SalesRecord[] = [];
  for (const product of products) {
    if (random.chance(0.03)) continue; // a new product: no history yet
    const days = random.chance(0.1) ? random.int(3, 40) : HISTORY_DAYS;
    const base = baseSales.get(product.id)!;
    for (let k = days; k >= 1; k--) {
      const noise = 0.85 + 0.3 * random.next();
      sales.push({ productId: product.id, date: addDays(PLAN_DATE, -k), quantity: Math.round(base * weekShape[(HISTORY_DAYS - k) % 7] * noise) });
    }
  }

  const scheduledReceipts: ScheduledReceipt[] = ingredients
    .filter(() => random.chance(0.05))
    .map((ingredient) => ({
      ingredientId: ingredient.id,
      deliveryDate: addDays(PLAN_DATE, random.int(0, HORIZON_DAYS - 1)),
      quantity: random.int(5, 100),
    }));

  return {
    planDate: PLAN_DATE,
    horizonDays: HORIZON_DAYS,
    settings: {
      serviceLevel: 0.95,
      safetyStockMethod: 'STATISTICAL',
      safetyStockPercent: 0.5,
      supplierWeights: { price: 0.5, leadTime: 0.2, reliability: 0.3 },
    },
    ingredients,
    suppliers,
    offers,
    recipes,
    products,
    sales,
    scheduledReceipts,
  };
}

/** One full pass, stage by stage, so the table can say where the time goes. */
function timedPass(input: PlanningInput) {
  const t0 = performance.now();
  const demand = forecast(input.products, input.sales, input.planDate, input.horizonDays);
  const t1 = performance.now();
  const production = planProduction(demand.forecasts, input.recipes, input.ingredients);
  const t2 = performance.now();
  const procurement = planProcurement({
    planDate: input.planDate,
    horizonDays: input.horizonDays,
    settings: input.settings,
    ingredients: input.ingredients,
    suppliers: input.suppliers,
    offers: input.offers,
    requirements: production.requirements,
    scheduledReceipts: input.scheduledReceipts,
  });
  const t3 = performance.now();
  return {
    ms: { total: t3 - t0, forecast: t1 - t0, production: t2 - t1, procurement: t3 - t2 },
    lines: procurement.lines.length,
    purchaseOrders: procurement.purchaseOrders.length,
    warnings: demand.warnings.length + production.warnings.length + procurement.warnings.length,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (value: number) => value.toFixed(1);

const rows: string[][] = [];
let lMedian = 0;
for (const [index, size] of SIZES.entries()) {
  const input = syntheticTenant(size, 20261207 + index);
  for (let k = 0; k < WARM_UP_RUNS; k++) timedPass(input);
  const runs = Array.from({ length: TIMED_RUNS }, () => timedPass(input));
  const totals = runs.map((run) => run.ms.total);
  if (size.label === 'L') lMedian = median(totals);
  const last = runs.at(-1)!;
  rows.push([
    size.label,
    String(input.ingredients.length),
    String(input.recipes.length),
    String(input.suppliers.length),
    String(input.offers.length),
    String(input.sales.length),
    ms(median(totals)),
    ms(Math.min(...totals)),
    ms(Math.max(...totals)),
    `${ms(median(runs.map((r) => r.ms.forecast)))}/${ms(median(runs.map((r) => r.ms.production)))}/${ms(median(runs.map((r) => r.ms.procurement)))}`,
    `${last.lines}/${last.purchaseOrders}/${last.warnings}`,
  ]);
}

const header = ['size', 'ingredients', 'recipes', 'suppliers', 'offers', 'sales rows', 'median ms', 'min ms', 'max ms', 'fc/prod/proc ms', 'lines/POs/warnings'];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
const format = (cells: string[]) => cells.map((cell, column) => cell.padStart(widths[column])).join('  ');
console.log(`planning engine, one full pass (forecast + production + procurement), horizon ${HORIZON_DAYS}, ${HISTORY_DAYS} days of sales`);
console.log(`${TIMED_RUNS} timed runs after ${WARM_UP_RUNS} warm-up runs; node ${process.version}\n`);
console.log(format(header));
for (const row of rows) console.log(format(row));
console.log(`\nL median ${ms(lMedian)} ms — target < ${TARGET_L_MS} ms: ${lMedian < TARGET_L_MS ? 'met' : 'MISSED'}`);
