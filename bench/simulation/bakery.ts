/**
 * The simulated bakery: master data in the engine's shapes, plus what only a simulation knows —
 * the true demand of every product on every day and which deliveries come late.
 *
 * Built on db/seeds/synthetic.ts (`generateSyntheticBakery`) and its PRNG; what a seed does not
 * need and a simulation does is added here:
 *
 * - **A closed weekday**: the quietest weekday of the bakery's rhythm (Monday for the synthetic
 *   bakeries). No customers, no baking and no sales record that day. Planning and ordering still
 *   happen (the baker orders from home), and suppliers still deliver on their own weekdays (the
 *   bakery takes deliveries on its day off): the engine of today knows nothing of closed days.
 * - **A holiday**: one day, `HOLIDAY_OFFSET_DAYS` after the start (Easter Sunday 2026 with the
 *   default start), when every product's demand is `HOLIDAY_FACTOR` times a normal day's. No
 *   forecast knows it is coming.
 * - **Noise**: a day's demand is `baseline × weekday factor × (1 ± DEMAND_NOISE)`, uniform, whole units.
 * - **Lateness**: a supplier delivers a day late with probability `1 − reliability` (its share of
 *   orders delivered on time), drawn once per (supplier, order day).
 * - **Opening stock**: one lot per ingredient of `OPENING_STOCK_DAYS` of its expected use
 *   (perishables: at most shelf life − 1 days), received the day before the start. The seed's
 *   lots are sized for a database demo, not for the recipes, so they are replaced.
 * - Only the ingredients some recipe uses: the others would never move under any policy.
 *
 * Every random draw is seeded by (purpose, seed, what, date), never by a shared stream, so both
 * policies see the same demand and the same lateness luck for an order to the same supplier on
 * the same day, whatever else they did.
 */
import { createRandom, seedFrom } from '../../platform/random.ts';
import { generateSyntheticBakery, type SyntheticSize } from '../../db/seeds/synthetic.ts';
import { addDays, weekdayOf, WEEKDAYS } from '../../subgraphs/planning/engine/dates.ts';
import {
  convertQuantity,
  type IngredientInput,
  type IsoDate,
  type OfferInput,
  type ProductInput,
  type RecipeInput,
  type SalesRecord,
  type SupplierInput,
  type Weekday,
} from '../../subgraphs/planning/engine/index.ts';

/** A Monday: weekly patterns line up with the calendar, and day 34 is Easter Sunday. */
export const DEFAULT_START_DATE = '2026-03-02';
/** Days of fully served sales the bakery has recorded before the simulation starts. */
export const HISTORY_DAYS = 56;
export const HOLIDAY_OFFSET_DAYS = 34;
export const HOLIDAY_FACTOR = 2;
/** Largest relative deviation of one day's demand from its pattern (uniform). */
export const DEMAND_NOISE = 0.15;
export const OPENING_STOCK_DAYS = 14;

/** A supplier as the engine sees it, and how often it is late (the engine sees only `reliability`). */
export interface SimulatedSupplier extends SupplierInput {
  /** Probability that an order arrives one day after its promised delivery date. */
  lateProbability: number;
}

/** A lot on hand, valued at what it cost. */
export interface OpeningLot {
  ingredientId: string;
  quantity: number;
  receivedOn: IsoDate;
  expiresOn: IsoDate | null;
  /** Money per ingredient unit. */
  unitCost: number;
}

export interface DemandPattern {
  /** Units a day whose weekday factor is 1 sells. */
  baseline: number;
  weekdayFactors: Record<Weekday, number>;
}

export interface SimulatedBakery {
  seed: number;
  size: SyntheticSize;
  name: string;
  /** First simulated day. */
  startDate: IsoDate;
  closedWeekday: Weekday;
  holiday: { date: IsoDate; factor: number };
  /** Master data, without lots (the world holds the stock). */
  ingredients: IngredientInput[];
  suppliers: SimulatedSupplier[];
  offers: OfferInput[];
  recipes: RecipeInput[];
  products: ProductInput[];
  demand: Map<string, DemandPattern>;
  openingLots: OpeningLot[];
}

export interface BakeryOptions {
  seed: number;
  /** Default M. */
  size?: SyntheticSize;
  /** Default DEFAULT_START_DATE. */
  startDate?: IsoDate;
}

/** The synthetic bakery of `size` and `seed`, ready to simulate from `startDate`. Deterministic. */
export function simulatedBakery(options: BakeryOptions): SimulatedBakery {
  const size = options.size ?? 'M';
  const startDate = options.startDate ?? DEFAULT_START_DATE;
  const description = generateSyntheticBakery(size, options.seed);

  const products = description.products.map((product) => ({ id: product.sku, name: product.name }));
  const recipes: RecipeInput[] = description.products.map((product) => ({
    id: `recipe:${product.sku}`,
    name: product.recipe.name,
    productId: product.sku,
    yieldQuantity: product.recipe.yieldQuantity,
    ingredients: product.recipe.lines.map((line) => ({ ingredientId: line.ingredientSku, quantity: line.quantity, unit: line.unit })),
  }));
  const used = new Set(recipes.flatMap((recipe) => recipe.ingredients.map((line) => line.ingredientId)));
  const ingredients: IngredientInput[] = description.ingredients
    .filter((ingredient) => used.has(ingredient.sku))
    .map((ingredient) => ({
      id: ingredient.sku,
      name: ingredient.name,
      unit: ingredient.unit,
      perishable: ingredient.perishable,
      shelfLifeDays: ingredient.shelfLifeDays,
      lots: [],
    }));
  const suppliers: SimulatedSupplier[] = description.suppliers.map((supplier) => ({
    id: supplier.name,
    name: supplier.name,
    leadTimeDays: supplier.leadTimeDays,
    reliability: supplier.reliability,
    minimumOrderValue: supplier.minimumOrderValue,
    deliveryDays: supplier.deliveryDays,
    lateProbability: Math.max(0, 1 - supplier.reliability),
  }));
  const offers: OfferInput[] = description.suppliers.flatMap((supplier) =>
    supplier.offers
      .filter((offer) => used.has(offer.ingredientSku))
      .map((offer) => ({
        id: `${supplier.name}/${offer.ingredientSku}`,
        supplierId: supplier.name,
        ingredientId: offer.ingredientSku,
        unitPrice: offer.unitPrice,
        minimumOrderQuantity: offer.minimumOrderQuantity,
        packSize: offer.packSize,
        leadTimeDays: offer.leadTimeDays,
      })),
  );
  const demand = new Map(
    description.products.map((product) => [
      product.sku,
      { baseline: product.sales.baseline, weekdayFactors: product.sales.weekdayFactors ?? description.weekdayFactors },
    ]),
  );
  const closedWeekday = (Object.entries(description.weekdayFactors) as [Weekday, number][]).reduce((quietest, entry) =>
    entry[1] < quietest[1] ? entry : quietest,
  )[0];

  const bakery: SimulatedBakery = {
    seed: options.seed,
    size,
    name: description.tenant.name,
    startDate,
    closedWeekday,
    holiday: { date: addDays(startDate, HOLIDAY_OFFSET_DAYS), factor: HOLIDAY_FACTOR },
    ingredients,
    suppliers,
    offers,
    recipes,
    products,
    demand,
    openingLots: [],
  };
  bakery.openingLots = openingLots(bakery);
  return bakery;
}

export function isOpen(bakery: SimulatedBakery, date: IsoDate): boolean {
  return weekdayOf(date) !== bakery.closedWeekday;
}

/** Units of `productId` customers want on `date` (0 when the bakery is closed). */
export function demandOn(bakery: SimulatedBakery, productId: string, date: IsoDate): number {
  const pattern = bakery.demand.get(productId);
  if (!pattern || !isOpen(bakery, date)) return 0;
  const deviation = DEMAND_NOISE * (2 * createRandom(seedFrom('demand', bakery.seed, productId, date)).next() - 1);
  const holiday = date === bakery.holiday.date ? bakery.holiday.factor : 1;
  return Math.max(0, Math.round(pattern.baseline * pattern.weekdayFactors[weekdayOf(date)] * holiday * (1 + deviation)));
}

/** Whether an order placed with `supplierId` on `orderDate` arrives a day late. */
export function deliveryIsLate(bakery: SimulatedBakery, supplierId: string, orderDate: IsoDate): boolean {
  const supplier = bakery.suppliers.find((candidate) => candidate.id === supplierId);
  if (!supplier) throw new Error(`the simulated bakery has no supplier ${supplierId}`);
  return createRandom(seedFrom('late', bakery.seed, supplierId, orderDate)).next() < supplier.lateProbability;
}

/** The HISTORY_DAYS of sales recorded before the start: every open day's demand, fully served. */
export function salesHistory(bakery: SimulatedBakery): SalesRecord[] {
  const records: SalesRecord[] = [];
  for (let offset = -HISTORY_DAYS; offset < 0; offset++) {
    const date = addDays(bakery.startDate, offset);
    if (!isOpen(bakery, date)) continue;
    for (const product of bakery.products) records.push({ productId: product.id, date, quantity: demandOn(bakery, product.id, date) });
  }
  return records;
}

/** Money per unit of the cheapest offer: what opening stock is valued at. */
function cheapestPrices(bakery: SimulatedBakery): Map<string, number> {
  const prices = new Map<string, number>();
  for (const offer of bakery.offers) {
    prices.set(offer.ingredientId, Math.min(prices.get(offer.ingredientId) ?? Infinity, offer.unitPrice));
  }
  return prices;
}

/** Expected use per open day, in the ingredient's unit: Σ products' mean daily batches × quantity per batch. */
export function expectedDailyUse(bakery: SimulatedBakery): Map<string, number> {
  const openWeekdays = WEEKDAYS.filter((weekday) => weekday !== bakery.closedWeekday);
  const unitOf = new Map(bakery.ingredients.map((ingredient) => [ingredient.id, ingredient.unit]));
  const use = new Map<string, number>();
  for (const recipe of bakery.recipes) {
    const pattern = bakery.demand.get(recipe.productId);
    if (!pattern) continue;
    const meanDemand = (pattern.baseline * openWeekdays.reduce((sum, weekday) => sum + pattern.weekdayFactors[weekday], 0)) / openWeekdays.length;
    for (const line of recipe.ingredients) {
      const perBatch = convertQuantity(line.quantity, line.unit, unitOf.get(line.ingredientId)!) ?? 0;
      use.set(line.ingredientId, (use.get(line.ingredientId) ?? 0) + (meanDemand / recipe.yieldQuantity) * perBatch);
    }
  }
  return use;
}

function openingLots(bakery: SimulatedBakery): OpeningLot[] {
  const use = expectedDailyUse(bakery);
  const prices = cheapestPrices(bakery);
  const receivedOn = addDays(bakery.startDate, -1);
  return bakery.ingredients.map((ingredient) => {
    const shelfLife = ingredient.perishable ? ingredient.shelfLifeDays : null;
    const days = shelfLife === null ? OPENING_STOCK_DAYS : Math.min(OPENING_STOCK_DAYS, Math.max(1, shelfLife - 1));
    return {
      ingredientId: ingredient.id,
      quantity: Math.round((use.get(ingredient.id) ?? 0) * days * 1000) / 1000,
      receivedOn,
      expiresOn: shelfLife === null ? null : addDays(receivedOn, shelfLife),
      unitCost: prices.get(ingredient.id) ?? 0,
    };
  });
}
