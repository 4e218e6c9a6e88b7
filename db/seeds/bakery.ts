/**
 * A bakery description: everything a seed writes for one tenant, as plain data.
 *
 * References between records use natural keys (ingredient sku, supplier name, product sku),
 * never ids: `rows.ts` derives stable ids from them, so a description reads like a catalogue
 * and stays valid whatever day it is written on. Dates are relative to the seeding day.
 */

export type Unit = 'G' | 'KG' | 'ML' | 'L' | 'UNIT';
export type Weekday = 'MON' | 'TUE' | 'WED' | 'THU' | 'FRI' | 'SAT' | 'SUN';

export interface SeedTenant {
  /** Matches `^[a-z0-9][a-z0-9-]{1,62}$`; every seeded id is derived from it. */
  slug: string;
  name: string;
  /** IANA time zone; "today" and the sales days are taken in it. */
  timezone: string;
  /** ISO 4217 currency of the bakery's planning settings; default EUR. Offers in another are not planned. */
  currency?: string;
}

/** A stock lot on hand on the seeding day. */
export interface SeedLot {
  /** In the ingredient's unit. */
  quantity: number;
  /** Days before the seeding day it arrived; a perishable lot expires `shelfLifeDays` after arrival. */
  receivedDaysAgo: number;
}

export interface SeedIngredient {
  /** Unique within the tenant. */
  sku: string;
  name: string;
  category: string;
  unit: Unit;
  perishable: boolean;
  /** Required for perishables, null otherwise. */
  shelfLifeDays: number | null;
  /** In the ingredient's unit. */
  reorderPoint: number;
  lots: SeedLot[];
}

/** One supplier's price for one ingredient; quantities in the ingredient's unit. */
export interface SeedOffer {
  ingredientSku: string;
  /** Per unit of the ingredient, in the supplier's currency. */
  unitPrice: number;
  minimumOrderQuantity: number;
  packSize: number;
  /** Overrides the supplier's lead time; null = the supplier's. */
  leadTimeDays: number | null;
}

export interface SeedSupplier {
  /** Unique within the tenant. */
  name: string;
  leadTimeDays: number;
  /** 0..1: share of orders delivered complete and on time. */
  reliability: number;
  minimumOrderValue: number;
  /** ISO 4217, e.g. EUR. */
  currency: string;
  /** Weekdays it delivers on; empty = every day. */
  deliveryDays: Weekday[];
  offers: SeedOffer[];
}

/** One line of a recipe, per batch. */
export interface SeedRecipeLine {
  ingredientSku: string;
  quantity: number;
  /** Usually the ingredient's unit; G for a KG ingredient (or ML for L) exercises conversion. */
  unit: Unit;
}

export interface SeedRecipe {
  name: string;
  /** Products one batch makes. */
  yieldQuantity: number;
  /** In order: the position of a line is its index. */
  lines: SeedRecipeLine[];
}

/** How many of a product sell per day: `baseline × weekday factor`, ± `noise`. */
export interface SeedSalesPattern {
  /** Units sold on a day whose weekday factor is 1. */
  baseline: number;
  /** Largest relative deviation of one day, e.g. 0.08 = ±8 % (default 0.08). */
  noise?: number;
  /** Overrides the bakery's `weekdayFactors` for this product. */
  weekdayFactors?: Record<Weekday, number>;
}

export interface SeedProduct {
  /** Unique within the tenant. */
  sku: string;
  name: string;
  recipe: SeedRecipe;
  sales: SeedSalesPattern;
}

export interface BakeryDescription {
  tenant: SeedTenant;
  ingredients: SeedIngredient[];
  suppliers: SeedSupplier[];
  products: SeedProduct[];
  /** The shop's weekly rhythm: multiplier of each product's `baseline` per weekday. */
  weekdayFactors: Record<Weekday, number>;
}
