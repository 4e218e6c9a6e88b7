import type { Db } from '../client.ts';
import type {
  BakeryDescription,
  SeedIngredient,
  SeedOffer,
  SeedProduct,
  SeedRecipeLine,
  SeedSupplier,
  Unit,
  Weekday,
} from './bakery.ts';
import { insertBakery } from './insert.ts';
import { createRandom, seedFrom, type Random } from '../../platform/random.ts';

export type SyntheticSize = 'S' | 'M' | 'L';

/** How big each synthetic size is; offers average 2 per ingredient, sales cover 56 days per product. */
export const SYNTHETIC_SIZES: Record<SyntheticSize, { ingredients: number; products: number; suppliers: number }> = {
  S: { ingredients: 50, products: 12, suppliers: 6 },
  M: { ingredients: 400, products: 60, suppliers: 15 },
  L: { ingredients: 2000, products: 300, suppliers: 60 },
};

/** A family of ingredients that look alike: unit, shelf life, price and pack sizes. */
interface IngredientKind {
  category: string;
  unit: Unit;
  /** [min, max] shelf life in days; absent = not perishable. */
  shelfLifeDays?: [number, number];
  unitPrice: [number, number];
  packSizes: number[];
  /** [min, max] quantity per recipe batch, in the ingredient's unit. */
  perBatch: [number, number];
}

const KINDS: readonly IngredientKind[] = [
  { category: 'flour', unit: 'KG', unitPrice: [0.45, 1.6], packSizes: [5, 25], perBatch: [1, 9] },
  { category: 'dairy', unit: 'L', shelfLifeDays: [5, 12], unitPrice: [0.9, 5.5], packSizes: [1, 6, 12], perBatch: [0.1, 2] },
  { category: 'fat', unit: 'KG', shelfLifeDays: [20, 60], unitPrice: [3.5, 12], packSizes: [1, 5, 10], perBatch: [0.1, 2] },
  { category: 'eggs', unit: 'UNIT', shelfLifeDays: [21, 28], unitPrice: [0.15, 0.4], packSizes: [12, 30, 180], perBatch: [2, 36] },
  { category: 'leavening', unit: 'KG', shelfLifeDays: [7, 14], unitPrice: [2.5, 6], packSizes: [0.5, 1], perBatch: [0.03, 0.2] },
  { category: 'sugar', unit: 'KG', unitPrice: [0.8, 2.5], packSizes: [1, 25], perBatch: [0.1, 1] },
  { category: 'nuts', unit: 'KG', unitPrice: [6, 16], packSizes: [1, 5], perBatch: [0.1, 0.8] },
  { category: 'seeds', unit: 'KG', unitPrice: [2, 9], packSizes: [1, 5], perBatch: [0.1, 0.6] },
  { category: 'fruit', unit: 'KG', shelfLifeDays: [3, 10], unitPrice: [2, 14], packSizes: [0.5, 2], perBatch: [0.2, 1.5] },
  { category: 'chocolate', unit: 'KG', unitPrice: [8, 18], packSizes: [1.6, 2.5], perBatch: [0.2, 1.2] },
  { category: 'spice', unit: 'G', unitPrice: [0.01, 0.06], packSizes: [250, 500], perBatch: [5, 80] },
  { category: 'flavouring', unit: 'ML', unitPrice: [0.04, 0.2], packSizes: [250, 500, 1000], perBatch: [5, 40] },
];

const WEEKDAYS: readonly Weekday[] = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];
const TIME_ZONES = ['Europe/Madrid', 'Europe/Paris', 'Europe/London', 'America/New_York', 'America/Chicago', 'Asia/Tokyo'];
const PRODUCT_WORDS = ['Baguette', 'Boule', 'Bâtard', 'Croissant', 'Brioche', 'Focaccia', 'Bun', 'Tart', 'Scone', 'Muffin'];

/**
 * A synthetic bakery of `size` for benchmarks. Pure and deterministic: the same size and seed
 * give the same description. The tenant is `synthetic-<size>-<seed>` (lower-case); callers
 * seeding several may rename it.
 */
export function generateSyntheticBakery(size: SyntheticSize, seed: number): BakeryDescription {
  const counts = SYNTHETIC_SIZES[size];
  const random = createRandom(seedFrom('synthetic', size, seed));
  const kinds = Array.from({ length: counts.ingredients }, () => random.pick(KINDS));
  const ingredients = kinds.map((kind, index) => syntheticIngredient(random, kind, index));
  const suppliers = syntheticSuppliers(random, counts.suppliers);
  for (const [index, ingredient] of ingredients.entries()) {
    for (const supplier of random.sample(suppliers, offerCount(random))) {
      supplier.offers.push(syntheticOffer(random, kinds[index], ingredient));
    }
  }
  const products = Array.from({ length: counts.products }, (_, index) => syntheticProduct(random, ingredients, kinds, index));
  const slug = `synthetic-${size.toLowerCase()}-${seed}`;
  return {
    tenant: { slug, name: `Synthetic bakery ${size} #${seed}`, timezone: random.pick(TIME_ZONES) },
    ingredients,
    suppliers,
    products,
    weekdayFactors: { MON: 0.8, TUE: 0.9, WED: 0.95, THU: 1, FRI: 1.15, SAT: 1.5, SUN: 1.25 },
  };
}

/** 1, 2 or 3 offers with probabilities ¼, ½, ¼: two on average. */
function offerCount(random: Random): number {
  return 1 + (random.next() < 0.5 ? 1 : 0) + (random.next() < 0.5 ? 1 : 0);
}

function syntheticIngredient(random: Random, kind: IngredientKind, index: number): SeedIngredient {
  const number = String(index + 1).padStart(5, '0');
  const shelfLifeDays = kind.shelfLifeDays ? random.int(...kind.shelfLifeDays) : null;
  const dailyUse = random.between(...kind.perBatch) * random.int(1, 4);
  return {
    sku: `SYN-${kind.category.toUpperCase()}-${number}`,
    name: `Synthetic ${kind.category} ${number}`,
    category: kind.category,
    unit: kind.unit,
    perishable: shelfLifeDays !== null,
    shelfLifeDays,
    reorderPoint: roundPositive(dailyUse * 3, 3),
    lots: Array.from({ length: random.int(1, shelfLifeDays === null ? 2 : 3) }, () => ({
      quantity: roundPositive(dailyUse * random.between(1, 4), 3),
      receivedDaysAgo: random.int(0, shelfLifeDays === null ? 20 : shelfLifeDays - 1),
    })),
  };
}

function syntheticSuppliers(random: Random, count: number): SeedSupplier[] {
  return Array.from({ length: count }, (_, index) => ({
    name: `Synthetic supplier ${String(index + 1).padStart(3, '0')}`,
    leadTimeDays: random.int(0, 5),
    reliability: roundPositive(random.between(0.8, 0.99), 2),
    minimumOrderValue: 50 * random.int(0, 6),
    currency: 'EUR',
    deliveryDays: random.next() < 0.3 ? [] : WEEKDAYS.filter(() => random.next() < 0.5),
    offers: [],
  }));
}

function syntheticOffer(random: Random, kind: IngredientKind, ingredient: SeedIngredient): SeedOffer {
  const packSize = random.pick(kind.packSizes);
  return {
    ingredientSku: ingredient.sku,
    unitPrice: roundPositive(random.between(...kind.unitPrice), 4),
    minimumOrderQuantity: packSize * random.int(0, 4),
    packSize,
    leadTimeDays: random.next() < 0.15 ? random.int(0, 5) : null,
  };
}

function syntheticProduct(random: Random, ingredients: SeedIngredient[], kinds: IngredientKind[], index: number): SeedProduct {
  const number = String(index + 1).padStart(4, '0');
  const name = `${random.pick(PRODUCT_WORDS)} ${number}`;
  const picked = random.sample([...ingredients.keys()], random.int(4, 10));
  return {
    sku: `SYN-P-${number}`,
    name,
    sales: { baseline: random.int(10, 250) },
    recipe: {
      name: `${name} recipe`,
      yieldQuantity: random.pick([12, 16, 20, 24, 30, 40, 48, 60]),
      lines: picked.map((ingredientIndex) => recipeLine(random, kinds[ingredientIndex], ingredients[ingredientIndex])),
    },
  };
}

/** A line in the ingredient's unit, or now and then in G (KG) or ML (L) to exercise conversion. */
function recipeLine(random: Random, kind: IngredientKind, ingredient: SeedIngredient): SeedRecipeLine {
  const quantity = random.between(...kind.perBatch);
  const smaller: Partial<Record<Unit, Unit>> = { KG: 'G', L: 'ML' };
  const smallerUnit = smaller[kind.unit];
  if (smallerUnit && random.next() < 0.25) {
    return { ingredientSku: ingredient.sku, quantity: roundPositive(quantity * 1000, 1), unit: smallerUnit };
  }
  const inOwnUnit = kind.unit === 'UNIT' ? Math.ceil(quantity) : roundPositive(quantity, 3);
  return { ingredientSku: ingredient.sku, quantity: inOwnUnit, unit: kind.unit };
}

/** Rounded to `decimals` places, never below the smallest positive step (quantities must be > 0). */
function roundPositive(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.max(1 / factor, Math.round(value * factor) / factor);
}

export interface SyntheticTenantSeeded {
  slug: string;
  tenantId: string;
  /** Rows written; 0 when the tenant was already seeded for this day. */
  insertedRows: number;
  durationMs: number;
}

export interface SeedSyntheticOptions {
  /** How many tenants: `<prefix>-<size>-1` … `<prefix>-<size>-<tenants>`. */
  tenants: number;
  size: SyntheticSize;
  /** Slug prefix (default `synthetic`). */
  prefix?: string;
  /** The seeding day, YYYY-MM-DD (default: today in each tenant's time zone). */
  today?: string;
  /** Called after each tenant is written. */
  onProgress?: (seeded: SyntheticTenantSeeded, index: number, total: number) => void;
}

const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

/**
 * Seeds `tenants` synthetic bakeries of `size`, one after the other, each in its own
 * transaction; tenant n is generated with seed n. Idempotent like the demo seed.
 * Throws before writing anything if a slug would be invalid.
 */
export async function seedSyntheticTenants(db: Db, options: SeedSyntheticOptions): Promise<SyntheticTenantSeeded[]> {
  const prefix = options.prefix ?? 'synthetic';
  const slugs = Array.from({ length: options.tenants }, (_, index) => `${prefix}-${options.size.toLowerCase()}-${index + 1}`);
  const invalid = slugs.find((slug) => !SLUG.test(slug));
  if (invalid) throw new Error(`tenant slug ${JSON.stringify(invalid)} must match ${SLUG}: use a shorter, lower-case prefix`);
  const seeded: SyntheticTenantSeeded[] = [];
  for (const [index, slug] of slugs.entries()) {
    const started = performance.now();
    const bakery = generateSyntheticBakery(options.size, index + 1);
    const name = `Synthetic bakery ${options.size} #${index + 1} (${prefix})`;
    const result = await insertBakery(db, { ...bakery, tenant: { ...bakery.tenant, slug, name } }, { today: options.today });
    const tenant = { ...result, durationMs: Math.round(performance.now() - started) };
    seeded.push(tenant);
    options.onProgress?.(tenant, index, slugs.length);
  }
  return seeded;
}
