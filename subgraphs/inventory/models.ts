/** The inventory domain as the rest of the subgraph sees it: camelCase, quantities as numbers. */

export const UNITS = ['G', 'KG', 'ML', 'L', 'UNIT'] as const;
export type Unit = (typeof UNITS)[number];

export const STOCK_MOVEMENT_KINDS = ['RECEIPT', 'CONSUMPTION', 'WASTE', 'ADJUSTMENT'] as const;
export type StockMovementKind = (typeof STOCK_MOVEMENT_KINDS)[number];

export interface Ingredient {
  id: string;
  sku: string;
  name: string;
  category: string;
  unit: Unit;
  perishable: boolean;
  /** Days a received lot keeps; null for non-perishables. */
  shelfLifeDays: number | null;
  /** In the ingredient's unit. */
  reorderPoint: number;
}

export interface StockLevel {
  ingredientId: string;
  /** Sum of the ingredient's lots, in its unit (0 when it has none). */
  onHand: number;
  unit: Unit;
  reorderPoint: number;
  /** Latest of the ingredient's and its lots' updates. */
  updatedAt: Date;
}

export interface StockLot {
  id: string;
  ingredientId: string;
  /** In the ingredient's unit. */
  quantity: number;
  /** YYYY-MM-DD. */
  receivedOn: string;
  /** YYYY-MM-DD, or null for a lot that does not expire. */
  expiresOn: string | null;
}

export interface StockMovement {
  id: string;
  ingredientId: string;
  kind: StockMovementKind;
  /** As recorded: positive, except a negative ADJUSTMENT. */
  quantity: number;
  expiresOn: string | null;
  note: string | null;
  /** The token subject of whoever recorded it. */
  recordedBy: string;
  createdAt: Date;
}

/** Signed effect of a movement on on-hand stock. */
export function stockChange(movement: Pick<StockMovement, 'kind' | 'quantity'>): number {
  return movement.kind === 'CONSUMPTION' || movement.kind === 'WASTE' ? -movement.quantity : movement.quantity;
}
