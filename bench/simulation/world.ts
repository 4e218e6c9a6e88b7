/**
 * The physical bakery: lots on the shelves, orders on the road, ovens and customers. It knows
 * nothing of planning policies — a policy's only way in is `submit` (purchase orders), and
 * production bakes whatever schedule it is handed — so both policies live under the same physics.
 *
 * A day, in the order the simulation calls it: `stockView` (what the 05:30 plan sees) → `submit`
 * the day's orders → `receive` (deliveries due today, late ones a day later) → `expire` (lots
 * whose `expiresOn` is today or earlier, as the engine's projection does) → `bake` → `sell`.
 *
 * Consumption is first-expiring-first-out in the inventory subgraph's order (`compareFefo`):
 * earliest `expiresOn` first, never-expiring lots last, then the earliest received, then the lot id.
 */
import { compareFefo } from '../../subgraphs/inventory/fefo.ts';
import { addDays } from '../../subgraphs/planning/engine/dates.ts';
import {
  convertQuantity,
  type IngredientInput,
  type IsoDate,
  type ProductionBatch,
  type SalesRecord,
  type ScheduledReceipt,
} from '../../subgraphs/planning/engine/index.ts';
import { deliveryIsLate, demandOn, isOpen, salesHistory, type SimulatedBakery } from './bakery.ts';

/** Quantities below this are float dust, not stock. */
const EPSILON = 1e-9;

/** What the bakery writes down as a day's sales: units sold (default), or the true demand. */
export type SalesRecording = 'sold' | 'demand';

export interface Lot {
  id: string;
  ingredientId: string;
  quantity: number;
  receivedOn: IsoDate;
  /** First day the lot may not be used; null = never. */
  expiresOn: IsoDate | null;
  /** Money per ingredient unit. */
  unitCost: number;
}

export interface OrderLine {
  ingredientId: string;
  /** In the ingredient's unit. */
  quantity: number;
  unitPrice: number;
  /** The delivery date the order promises. */
  deliveryDate: IsoDate;
}

/** A purchase order the bakery sends: one supplier, placed on `orderDate`. */
export interface PlacedOrder {
  supplierId: string;
  orderDate: IsoDate;
  lines: OrderLine[];
}

interface Shipment extends OrderLine {
  supplierId: string;
  arrivesOn: IsoDate;
}

export interface Receipt {
  /** Σ quantity × unit price of what arrived. */
  value: number;
  /** Lines that arrived after their promised date. */
  lateLines: number;
}

export interface BakeOutcome {
  /** Product units baked, per product. */
  baked: Map<string, number>;
  scheduledBatches: number;
  /** Batches the schedule asked for that could not be baked for want of an ingredient. */
  blockedBatches: number;
  /** Ingredients the day's schedule needed more of than was on hand when baking started. */
  shortIngredients: string[];
}

export interface SalesOutcome {
  demand: number;
  sold: number;
}

export class BakeryWorld {
  private readonly lotsByIngredient = new Map<string, Lot[]>();
  private shipments: Shipment[] = [];
  private readonly perBatch: ReadonlyMap<string, ReadonlyMap<string, number>>;
  private readonly shelfLife = new Map<string, number | null>();
  private readonly recorded: SalesRecord[];
  private lotCount = 0;

  constructor(
    private readonly bakery: SimulatedBakery,
    private readonly recording: SalesRecording = 'sold',
  ) {
    for (const ingredient of bakery.ingredients) {
      this.lotsByIngredient.set(ingredient.id, []);
      this.shelfLife.set(ingredient.id, ingredient.perishable ? ingredient.shelfLifeDays : null);
    }
    for (const lot of bakery.openingLots) {
      if (lot.quantity > EPSILON) this.addLot({ ...lot, id: this.nextLotId(lot.ingredientId, lot.receivedOn) });
    }
    this.perBatch = perBatchQuantities(bakery);
    this.recorded = salesHistory(bakery);
  }

  /** Sales the bakery has recorded: the history before the start, then what it sold each open day. */
  get sales(): readonly SalesRecord[] {
    return this.recorded;
  }

  /**
   * What the bakery knows at its morning plan: master data with the lots on hand, and every
   * ordered line not yet delivered, at the date it was promised (a late one stays overdue).
   */
  stockView(): { ingredients: IngredientInput[]; scheduledReceipts: ScheduledReceipt[] } {
    return {
      ingredients: this.bakery.ingredients.map((ingredient) => ({
        ...ingredient,
        lots: this.lots(ingredient.id).map((lot) => ({ id: lot.id, quantity: lot.quantity, receivedOn: lot.receivedOn, expiresOn: lot.expiresOn })),
      })),
      scheduledReceipts: this.shipments.map((shipment) => ({
        ingredientId: shipment.ingredientId,
        supplierId: shipment.supplierId,
        deliveryDate: shipment.deliveryDate,
        quantity: shipment.quantity,
      })),
    };
  }

  /** Sends a purchase order; each line arrives on its delivery date, or the day after when the supplier is late. */
  submit(order: PlacedOrder): void {
    for (const line of order.lines) {
      if (!this.lotsByIngredient.has(line.ingredientId)) throw new Error(`order names ingredient ${line.ingredientId}, which the bakery does not stock`);
      if (!(line.quantity > 0)) continue;
      this.shipments.push({ ...line, supplierId: order.supplierId, arrivesOn: arrivalDate(this.bakery, order.supplierId, order.orderDate, line.deliveryDate) });
    }
  }

  /** Every shipment due by `date` becomes a lot received today. */
  receive(date: IsoDate): Receipt {
    let value = 0;
    let lateLines = 0;
    const staying: Shipment[] = [];
    for (const shipment of this.shipments) {
      if (shipment.arrivesOn > date) {
        staying.push(shipment);
        continue;
      }
      const shelfLife = this.shelfLife.get(shipment.ingredientId) ?? null;
      this.addLot({
        id: this.nextLotId(shipment.ingredientId, date),
        ingredientId: shipment.ingredientId,
        quantity: shipment.quantity,
        receivedOn: date,
        expiresOn: shelfLife === null ? null : addDays(date, shelfLife),
        unitCost: shipment.unitPrice,
      });
      value += shipment.quantity * shipment.unitPrice;
      if (date > shipment.deliveryDate) lateLines++;
    }
    this.shipments = staying;
    return { value, lateLines };
  }

  /** Throws out every lot whose `expiresOn` is `date` or earlier; returns their value. */
  expire(date: IsoDate): number {
    let value = 0;
    for (const [ingredientId, lots] of this.lotsByIngredient) {
      const fresh = lots.filter((lot) => lot.expiresOn === null || lot.expiresOn > date);
      if (fresh.length === lots.length) continue;
      for (const lot of lots) if (!fresh.includes(lot)) value += lot.quantity * lot.unitCost;
      this.lotsByIngredient.set(ingredientId, fresh);
    }
    return value;
  }

  /** Bakes the schedule's lines for `date` as {@link planBaking} says; on the closed day nothing is baked and nothing counts as blocked. */
  bake(date: IsoDate, schedule: readonly ProductionBatch[]): BakeOutcome {
    const lines = isOpen(this.bakery, date) ? schedule.filter((line) => line.date === date) : [];
    const baking = planBaking(lines, (recipeId) => this.recipeOf(recipeId), (ingredientId) => this.onHand(ingredientId));
    for (const [ingredientId, quantity] of baking.consumed) this.consume(ingredientId, quantity);
    return baking;
  }

  /** Customers buy what was baked ({@link customersOn}); the bakery records the day's sales. */
  sell(date: IsoDate, baked: ReadonlyMap<string, number>): SalesOutcome {
    const sales = customersOn(this.bakery, date, baked, this.recording);
    this.recorded.push(...sales.records);
    return { demand: sales.demand, sold: sales.sold };
  }

  onHand(ingredientId: string): number {
    return this.lots(ingredientId).reduce((sum, lot) => sum + lot.quantity, 0);
  }

  /** Σ quantity × unit cost of everything on the shelves. */
  inventoryValue(): number {
    let value = 0;
    for (const lots of this.lotsByIngredient.values()) for (const lot of lots) value += lot.quantity * lot.unitCost;
    return value;
  }

  /** The ingredient's lots, FEFO order. */
  lots(ingredientId: string): readonly Lot[] {
    return this.lotsByIngredient.get(ingredientId) ?? [];
  }

  private recipeOf(recipeId: string): ReadonlyMap<string, number> {
    const recipe = this.perBatch.get(recipeId);
    if (!recipe) throw new Error(`the schedule names recipe ${recipeId}, which the bakery does not have`);
    return recipe;
  }

  /** Takes `quantity` from the ingredient's lots, first-expiring first. The caller checked it is there. */
  private consume(ingredientId: string, quantity: number): void {
    const lots = this.lotsByIngredient.get(ingredientId)!;
    let left = quantity;
    while (left > EPSILON && lots.length > 0) {
      const taken = Math.min(lots[0].quantity, left);
      lots[0].quantity -= taken;
      left -= taken;
      if (lots[0].quantity <= EPSILON) lots.shift();
    }
  }

  private addLot(lot: Lot): void {
    const lots = this.lotsByIngredient.get(lot.ingredientId)!;
    lots.push(lot);
    lots.sort(compareFefo);
  }

  private nextLotId(ingredientId: string, receivedOn: IsoDate): string {
    this.lotCount++;
    return `${ingredientId}@${receivedOn}#${String(this.lotCount).padStart(6, '0')}`;
  }
}

/** Quantity per batch of each ingredient, in the ingredient's unit, per recipe id. */
export function perBatchQuantities(bakery: SimulatedBakery): Map<string, Map<string, number>> {
  const unitOf = new Map(bakery.ingredients.map((ingredient) => [ingredient.id, ingredient.unit]));
  const perBatch = new Map<string, Map<string, number>>();
  for (const recipe of bakery.recipes) {
    const quantities = new Map<string, number>();
    for (const line of recipe.ingredients) {
      const unit = unitOf.get(line.ingredientId);
      const quantity = unit && convertQuantity(line.quantity, line.unit, unit);
      if (quantity === null || quantity === undefined) throw new Error(`recipe ${recipe.id} measures ${line.ingredientId} in ${line.unit}, which its stock unit cannot take`);
      quantities.set(line.ingredientId, (quantities.get(line.ingredientId) ?? 0) + quantity);
    }
    perBatch.set(recipe.id, quantities);
  }
  return perBatch;
}

/** The day an order's line arrives: its delivery date, or the day after when the supplier is late on that order. */
export function arrivalDate(bakery: SimulatedBakery, supplierId: string, orderDate: IsoDate, deliveryDate: IsoDate): IsoDate {
  return deliveryIsLate(bakery, supplierId, orderDate) ? addDays(deliveryDate, 1) : deliveryDate;
}

/** A schedule line to bake: the engine's ProductionBatch, or the same read back through the API. */
export type BakeLine = Pick<ProductionBatch, 'productId' | 'recipeId' | 'batches' | 'quantity'>;

export interface BakingPlan extends BakeOutcome {
  /** Batches baked per product. */
  bakedBatches: Map<string, number>;
  /** What the baked batches take, per ingredient, in its unit. */
  consumed: Map<string, number>;
}

/**
 * What a day's schedule bakes from the stock on hand: line by line in product order, each line as
 * many of its batches as every ingredient still allows; the rest are blocked — a batch with an
 * ingredient missing is not baked short. Pure: `onHand` is read, never changed.
 */
export function planBaking(
  lines: readonly BakeLine[],
  recipeOf: (recipeId: string) => ReadonlyMap<string, number>,
  onHand: (ingredientId: string) => number,
): BakingPlan {
  const needed = new Map<string, number>();
  for (const line of lines) {
    for (const [ingredientId, quantity] of recipeOf(line.recipeId)) needed.set(ingredientId, (needed.get(ingredientId) ?? 0) + line.batches * quantity);
  }
  const shortIngredients = [...needed]
    .filter(([ingredientId, quantity]) => quantity > onHand(ingredientId) + EPSILON)
    .map(([ingredientId]) => ingredientId)
    .sort();

  const consumed = new Map<string, number>();
  const left = (ingredientId: string) => onHand(ingredientId) - (consumed.get(ingredientId) ?? 0);
  const baked = new Map<string, number>();
  const bakedBatches = new Map<string, number>();
  let scheduledBatches = 0;
  let blockedBatches = 0;
  const ordered = [...lines].sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
  for (const line of ordered) {
    const recipe = recipeOf(line.recipeId);
    let feasible = line.batches;
    for (const [ingredientId, quantity] of recipe) {
      if (quantity > 0) feasible = Math.min(feasible, Math.floor((left(ingredientId) + EPSILON) / quantity));
    }
    for (const [ingredientId, quantity] of recipe) consumed.set(ingredientId, (consumed.get(ingredientId) ?? 0) + feasible * quantity);
    scheduledBatches += line.batches;
    blockedBatches += line.batches - feasible;
    if (feasible > 0) {
      baked.set(line.productId, (baked.get(line.productId) ?? 0) + (feasible * line.quantity) / line.batches);
      bakedBatches.set(line.productId, (bakedBatches.get(line.productId) ?? 0) + feasible);
    }
  }
  return { baked, bakedBatches, consumed, scheduledBatches, blockedBatches, shortIngredients };
}

/**
 * Customers buy what was baked, up to what they want; the rest of their demand is lost. The
 * bakery records, on open days only, what it sold, flagged `soldOut` when the shelf ran empty
 * (a censored record: that day's sales are below its demand, and the forecast reads them as a
 * lower bound) — or, with recording `demand`, what customers wanted (a counterfactual no till
 * gives, to measure what censoring still costs).
 */
export function customersOn(
  bakery: SimulatedBakery,
  date: IsoDate,
  baked: ReadonlyMap<string, number>,
  recording: SalesRecording = 'sold',
): SalesOutcome & { records: SalesRecord[] } {
  const open = isOpen(bakery, date);
  const records: SalesRecord[] = [];
  let demand = 0;
  let sold = 0;
  for (const product of bakery.products) {
    const units = demandOn(bakery, product.id, date);
    const bought = Math.min(units, baked.get(product.id) ?? 0);
    demand += units;
    sold += bought;
    if (open) {
      records.push(recording === 'sold' ? { productId: product.id, date, quantity: bought, soldOut: bought < units } : { productId: product.id, date, quantity: units });
    }
  }
  return { demand, sold, records };
}
