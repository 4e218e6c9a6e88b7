/** The suppliers subgraph's domain objects, as the repository returns them and resolvers read them. */

export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface Supplier {
  id: string;
  name: string;
  leadTimeDays: number;
  /** Share of orders delivered complete and on time, 0..1. */
  reliability: number;
  /** In `currency`. */
  minimumOrderValue: number;
  /** ISO 4217. */
  currency: string;
  /** Monday first; empty = every day. */
  deliveryDays: Weekday[];
  createdAt: Date;
  updatedAt: Date;
}

/** One supplier's terms for one ingredient; quantities in the ingredient's unit. */
export interface SupplierOffer {
  id: string;
  supplierId: string;
  /** An inventory ingredient, known here by id only. */
  ingredientId: string;
  /** Per unit of the ingredient, in the supplier's currency. */
  unitPrice: number;
  minimumOrderQuantity: number;
  packSize: number;
  /** null = the supplier's lead time. */
  leadTimeDays: number | null;
  /** `leadTimeDays`, or the supplier's when null. */
  effectiveLeadTimeDays: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface SupplierFields {
  name: string;
  leadTimeDays: number;
  reliability: number;
  minimumOrderValue: number;
  currency: string;
  deliveryDays: Weekday[];
}

export interface OfferFields {
  supplierId: string;
  ingredientId: string;
  unitPrice: number;
  minimumOrderQuantity: number;
  packSize: number;
  leadTimeDays: number | null;
}

/** An Ingredient as this subgraph knows it: its key, nothing else (inventory owns the rest). */
export interface IngredientReference {
  id: string;
}
