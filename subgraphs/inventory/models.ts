/** The inventory domain as the rest of the subgraph sees it: camelCase, quantities as numbers. */

export const UNITS = ['G', 'KG', 'ML', 'L', 'UNIT'] as const;
export type Unit = (typeof UNITS)[number];

/** Kinds recordStockMovement takes. */
export const STOCK_MOVEMENT_KINDS = ['RECEIPT', 'CONSUMPTION', 'WASTE', 'ADJUSTMENT'] as const;
/** Kinds of the ledger: also PRODUCTION, which only postStockMovements writes (baking recorded in planning). */
export type StockMovementKind = (typeof STOCK_MOVEMENT_KINDS)[number] | 'PRODUCTION';

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
  /** The supplier's lot code, when the receipt gave one. */
  lotCode: string | null;
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
  /** The postStockMovements key that wrote it; null for recordStockMovement and imports. */
  postingKey: string | null;
  createdAt: Date;
}

/** Signed effect of a movement on on-hand stock. */
export function stockChange(movement: Pick<StockMovement, 'kind' | 'quantity'>): number {
  return movement.kind === 'CONSUMPTION' || movement.kind === 'WASTE' || movement.kind === 'PRODUCTION' ? -movement.quantity : movement.quantity;
}

/** Kinds of movement planning posts through postStockMovements. */
export const STOCK_POSTING_KINDS = ['RECEIPT', 'PRODUCTION'] as const;
export type StockPostingKind = (typeof STOCK_POSTING_KINDS)[number];

/** What one line of a posting did. */
export interface StockPostingLine {
  ingredientId: string;
  /** Asked for, in the ingredient's unit. */
  requested: number;
  /** Added (RECEIPT) or taken (PRODUCTION); below `requested` only when a PRODUCTION found too little on hand. */
  posted: number;
  /** The ledger line written; null when nothing was posted. */
  movementId: string | null;
  /** The lot a RECEIPT added, and its expiry (given, or the shelf-life default). */
  lotId: string | null;
  expiresOn: string | null;
}

/** A set of movements applied at most once per key (postStockMovements). */
export interface StockPosting {
  key: string;
  kind: StockPostingKind;
  /** YYYY-MM-DD: the receipt's or the baking's day (a receipt's lots are received on it). */
  occurredOn: string;
  /** SHA-256 of the posting's content: a key reused for other content is refused. */
  contentHash: string;
  /** In the order posted. */
  lines: StockPostingLine[];
  createdAt: Date;
}
