/**
 * The end-to-end replay: the simulated bakery of bench/simulation lived day by day through the
 * real API and the real worker, in the world's order (bench/simulation/world.ts):
 *
 *   nightly run for D (a MANUAL run the worker drives; the plan read back by date)
 *   → submit the plan's purchase orders dated D
 *   → receive what arrives on D (each order a day late with bakery.ts's luck), lots with expiry
 *   → throw out lots expiring on or before D (WASTE, taken first-expiring-first-out)
 *   → bake the schedule's batches for D as far as the stock read through the API allows
 *   → sell: demand from bakery.ts, sold = min(demand, baked), recorded with soldOut.
 *
 * The baking and selling rules are the world's own functions (planBaking, customersOn), fed with
 * what the API answers; the day's outcome is a metrics.ts DayOutcome, so `summarize` measures the
 * replay exactly as it measures the in-process simulation.
 */
import { randomUUID } from 'node:crypto';
import { IMPORT_KINDS } from '../../scripts/import-kinds.ts';
import { addDays } from '../../subgraphs/planning/engine/dates.ts';
import type { IsoDate } from '../../subgraphs/planning/engine/index.ts';
import { isOpen, type SimulatedBakery } from '../simulation/bakery.ts';
import { dayOutcome, HORIZON_DAYS, SIMULATION_SETTINGS } from '../simulation/closed-loop.ts';
import { summarize, type DayOutcome, type PolicyMetrics } from '../simulation/metrics.ts';
import { arrivalDate, customersOn, perBatchQuantities, planBaking } from '../simulation/world.ts';
import { median } from '../support/stats.ts';
import { bakeryCsvFiles } from './bakery-csv.ts';
import type { ApiLot, BakeryApi, Catalogue } from './bakery-api.ts';

/** Where the replay runs: the API of a stack, a tenant in it, and how a run reaches the worker. */
export interface ReplayTarget {
  api: BakeryApi;
  tenantId: string;
  /** Puts the job of a QUEUED manual run on the worker's queue. */
  enqueueManualRun(runId: string): Promise<void>;
  /** One line saying what the stack is (own or running at a URL) and which tenant. */
  description: string;
  stop(): Promise<void>;
}

/** The parts of a replayed day, each timed (ms, summed over the days). */
export const REPLAY_PHASES = ['load', 'run', 'plan', 'submit', 'receive', 'expire', 'bake', 'sell', 'close', 'reliability'] as const;
export type ReplayPhase = (typeof REPLAY_PHASES)[number];

/** What the replay asked of the API, counted. */
export interface ReplayCounts {
  runs: number;
  purchaseOrdersSubmitted: number;
  /** Orders with nothing outstanding at the end, and those still open (submitted = received + open). */
  purchaseOrdersReceived: number;
  purchaseOrdersOpen: number;
  /** receivePurchaseOrder calls, and the lots (lines) they brought. */
  receipts: number;
  receiptLines: number;
  /** Open days with something baked (one recordProduction each), and the batches recorded. */
  productionDays: number;
  batchesRecorded: number;
  /** Ingredients the recorded baking took from, summed over the days (one PRODUCTION movement each). */
  productionLines: number;
  salesRecords: number;
  /** WASTE movements posted for expired lots (one per ingredient and day). */
  wasteMovements: number;
  /** Lots expired on or before a day still on hand after that day's WASTE (0 when FEFO took exactly the expired ones). */
  expiredLotsLeft: number;
}

/** A supplier's measured on-time-in-full rate next to the simulated one, at one moment. */
export interface SupplierReliability {
  supplier: string;
  /** bakery.ts: 1 − lateProbability. */
  simulated: number;
  /** supplierPerformance.onTimeInFullRate; null without a delivery yet. */
  measured: number | null;
  deliveries: number;
}

export interface ReliabilityCheckpoint {
  /** Days replayed so far. */
  day: number;
  date: IsoDate;
  suppliers: SupplierReliability[];
  /** Σ deliveries × |measured − simulated| ÷ Σ deliveries over suppliers with a measurement. */
  weightedAbsoluteError: number | null;
}

export interface ReplayResult {
  metrics: PolicyMetrics;
  days: DayOutcome[];
  counts: ReplayCounts;
  /** At the end of each week and of the replay; empty when the API has no supplierPerformance. */
  reliability: ReliabilityCheckpoint[];
  /** Why `reliability` is empty, when it is. */
  reliabilityUnavailable?: string;
  phaseMs: Record<ReplayPhase, number>;
  /** Median nightly run as the API reports it (durationMs). */
  runMedianMs: number;
  wallSeconds: number;
}

export interface ReplayOptions {
  bakery: SimulatedBakery;
  days: number;
  target: ReplayTarget;
  log: (line: string) => void;
}

interface Shipment {
  orderId: string;
  supplier: string;
  ingredientId: string;
  quantity: number;
  unitPrice: number;
  deliveryDate: IsoDate;
  arrivesOn: IsoDate;
}

/** `items` by `keyOf`, each group in the items' order. */
function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

/** Quantities as the database keeps them: thousandths. */
const round3 = (quantity: number) => Math.round(quantity * 1000) / 1000;

/** Money per unit of each lot: its receipt line's price (by lot code), or the opening stock's cost. */
class LotCosts {
  private readonly byLotCode = new Map<string, number>();
  private nextCode = 1;

  constructor(private readonly openingCost: ReadonlyMap<string, number>) {}

  /** A new lot code for a receipt line at `unitPrice`. */
  code(unitPrice: number): string {
    const code = `replay-${String(this.nextCode++).padStart(6, '0')}`;
    this.byLotCode.set(code, unitPrice);
    return code;
  }

  of(lot: ApiLot): number {
    return (lot.lotCode ? this.byLotCode.get(lot.lotCode) : undefined) ?? this.openingCost.get(lot.ingredientId) ?? 0;
  }

  value(lots: readonly ApiLot[]): number {
    return lots.reduce((sum, lot) => sum + lot.quantity * this.of(lot), 0);
  }
}

/** Loads the bakery into the target's tenant through the CSV imports and the settings mutation. */
async function loadBakery(api: BakeryApi, bakery: SimulatedBakery, log: (line: string) => void): Promise<Catalogue> {
  const files = bakeryCsvFiles(bakery);
  for (const kind of IMPORT_KINDS) {
    const answer = await api.importCsv(kind, files[kind]);
    log(`replay: imported ${kind}: ${answer.rows} rows (${answer.created} new, ${answer.updated} updated)`);
  }
  await api.updateSettings({ horizonDays: HORIZON_DAYS, ...SIMULATION_SETTINGS, closedWeekdays: [bakery.closedWeekday] });
  const catalogue = await api.catalogue();
  const missing = [
    ...bakery.ingredients.filter((ingredient) => !catalogue.ingredients.has(ingredient.id)).map((ingredient) => `ingredient ${ingredient.id}`),
    ...bakery.suppliers.filter((supplier) => !catalogue.suppliers.has(supplier.name)).map((supplier) => `supplier ${supplier.name}`),
    ...bakery.products.filter((product) => !catalogue.products.has(product.id)).map((product) => `product ${product.id}`),
  ];
  if (missing.length > 0) throw new Error(`the API does not list what was imported: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`);
  return catalogue;
}

/** Lives `bakery` for `days` days from its start date through the target's API and worker. */
export async function replayThroughApi(options: ReplayOptions): Promise<ReplayResult> {
  const { bakery, days, target, log } = options;
  const { api } = target;
  const started = performance.now();
  const phaseMs = Object.fromEntries(REPLAY_PHASES.map((phase) => [phase, 0])) as Record<ReplayPhase, number>;
  const timed = async <T>(phase: ReplayPhase, work: () => Promise<T>): Promise<T> => {
    const from = performance.now();
    try {
      return await work();
    } finally {
      phaseMs[phase] += performance.now() - from;
    }
  };

  const catalogue = await timed('load', () => loadBakery(api, bakery, log));
  const skuOfIngredient = new Map([...catalogue.ingredients].map(([sku, ingredient]) => [ingredient.id, sku]));
  const supplierNameOf = new Map([...catalogue.suppliers].map(([name, id]) => [id, name]));
  const productSkuOf = new Map([...catalogue.products].map(([sku, id]) => [id, sku]));
  const recipeIdOf = new Map(bakery.recipes.map((recipe) => [recipe.productId, recipe.id]));
  const perBatch = perBatchQuantities(bakery);
  const costs = new LotCosts(new Map(bakery.openingLots.map((lot) => [catalogue.ingredients.get(lot.ingredientId)!.id, lot.unitCost])));

  const counts: ReplayCounts = {
    runs: 0,
    purchaseOrdersSubmitted: 0,
    purchaseOrdersReceived: 0,
    purchaseOrdersOpen: 0,
    receipts: 0,
    receiptLines: 0,
    productionDays: 0,
    batchesRecorded: 0,
    productionLines: 0,
    salesRecords: 0,
    wasteMovements: 0,
    expiredLotsLeft: 0,
  };
  const reliability: ReliabilityCheckpoint[] = [];
  let reliabilityUnavailable: string | undefined;
  const runDurations: number[] = [];
  let shipments: Shipment[] = [];
  const replayKey = randomUUID();
  const openingStockValue = costs.value(await api.lots());
  const outcomes: DayOutcome[] = [];

  for (let day = 0; day < days; day++) {
    const date = addDays(bakery.startDate, day);

    const run = await timed('run', async () => {
      const runId = await api.startRun(date, `replay:${replayKey}:${date}`);
      await target.enqueueManualRun(runId);
      return api.waitForRun(runId);
    });
    counts.runs++;
    if (run.status !== 'COMPLETED') throw new Error(`the run for ${date} ended ${run.status} at ${run.failedStep}: ${run.error}`);
    if (run.durationMs !== null) runDurations.push(run.durationMs);
    const plan = await timed('plan', () => api.dayPlan(date));

    const todays = plan.purchaseOrders.filter((order) => order.orderDate === date && order.status === 'DRAFT');
    let orderedValue = 0;
    await timed('submit', async () => {
      for (const order of todays) {
        await api.submitPurchaseOrder(order.id, date);
        const supplier = supplierNameOf.get(order.supplierId)!;
        for (const line of order.lines) {
          orderedValue += line.quantity * line.unitPrice;
          shipments.push({ orderId: order.id, supplier, ...line, arrivesOn: arrivalDate(bakery, supplier, order.orderDate, line.deliveryDate) });
        }
      }
    });
    counts.purchaseOrdersSubmitted += todays.length;

    let receivedValue = 0;
    let lateLines = 0;
    await timed('receive', async () => {
      const arriving = shipments.filter((shipment) => shipment.arrivesOn <= date);
      shipments = shipments.filter((shipment) => shipment.arrivesOn > date);
      const byOrder = groupBy(arriving, (shipment) => shipment.orderId);
      for (const [orderId, lines] of byOrder) {
        const receipt = await api.receivePurchaseOrder({
          id: orderId,
          receivedOn: date,
          lines: lines.map((line) => {
            const { perishable, shelfLifeDays } = catalogue.ingredients.get(skuOfIngredient.get(line.ingredientId)!)!;
            return {
              ingredientId: line.ingredientId,
              quantity: line.quantity,
              lot: costs.code(line.unitPrice),
              ...(perishable && shelfLifeDays ? { expiresOn: addDays(date, shelfLifeDays) } : {}),
            };
          }),
        });
        if (!receipt.stockPosted) throw new Error(`the receipt of order ${orderId} on ${date} is not posted to inventory yet (stockPosted false): is inventory up?`);
        counts.receipts++;
        counts.receiptLines += lines.length;
        for (const line of lines) {
          receivedValue += line.quantity * line.unitPrice;
          if (date > line.deliveryDate) lateLines++;
        }
      }
    });

    let expiredValue = 0;
    await timed('expire', async () => {
      const expired = (await api.lots()).filter((lot) => lot.expiresOn !== null && lot.expiresOn <= date);
      expiredValue = costs.value(expired);
      for (const [ingredientId, lots] of groupBy(expired, (lot) => lot.ingredientId)) {
        await api.recordWaste(ingredientId, round3(lots.reduce((sum, lot) => sum + lot.quantity, 0)), `expired on or before ${date} (replay)`);
        counts.wasteMovements++;
      }
    });

    const baking = await timed('bake', async () => {
      const lots = await api.lots();
      counts.expiredLotsLeft += lots.filter((lot) => lot.expiresOn !== null && lot.expiresOn <= date).length;
      const onHand = new Map<string, number>();
      for (const lot of lots) {
        const sku = skuOfIngredient.get(lot.ingredientId)!;
        onHand.set(sku, (onHand.get(sku) ?? 0) + lot.quantity);
      }
      const lines = isOpen(bakery, date)
        ? plan.batches
            .filter((batch) => batch.date === date)
            .map((batch) => {
              const sku = productSkuOf.get(batch.productId)!;
              return { productId: sku, recipeId: recipeIdOf.get(sku)!, batches: batch.batches, quantity: batch.quantity };
            })
        : [];
      const result = planBaking(lines, (recipeId) => perBatch.get(recipeId)!, (sku) => onHand.get(sku) ?? 0);
      if (result.bakedBatches.size > 0) {
        const production = await api.recordProduction(
          date,
          [...result.bakedBatches].map(([sku, batches]) => ({ productId: catalogue.products.get(sku)!, batches })),
        );
        if (!production.stockPosted) throw new Error(`the production of ${date} is not posted to inventory yet (stockPosted false): is inventory up?`);
        counts.productionDays++;
        counts.batchesRecorded += [...result.bakedBatches.values()].reduce((sum, batches) => sum + batches, 0);
        counts.productionLines += [...result.consumed.values()].filter((quantity) => quantity > 0).length;
      }
      return result;
    });

    const sales = customersOn(bakery, date, baking.baked);
    await timed('sell', async () => {
      if (sales.records.length === 0) return;
      counts.salesRecords += await api.recordSales(
        sales.records.map((record) => ({ productId: catalogue.products.get(record.productId)!, date, quantity: record.quantity, soldOut: record.soldOut ?? false })),
      );
    });

    const inventoryValue = await timed('close', async () => costs.value(await api.lots()));
    const outcome = dayOutcome(date, sales, baking, { purchaseOrders: todays.length, orderedValue, receivedValue, lateLines, expiredValue, inventoryValue });
    outcomes.push(outcome);
    log(
      `replay: day ${String(day + 1).padStart(3)}/${days}  ${date}  run ${run.durationMs ?? '?'} ms  POs ${todays.length}  ` +
        `received ${receivedValue.toFixed(0)}  expired ${expiredValue.toFixed(0)}  blocked ${baking.blockedBatches}/${baking.scheduledBatches}  ` +
        `sold ${sales.sold}/${sales.demand}  inventory ${inventoryValue.toFixed(0)}`,
    );

    if ((day + 1) % 7 === 0 || day + 1 === days) {
      await timed('reliability', async () => {
        if (reliabilityUnavailable) return;
        try {
          reliability.push(checkpoint(day + 1, date, bakery, await api.supplierPerformance(date), supplierNameOf));
        } catch (error) {
          reliabilityUnavailable = (error as Error).message;
          log(`replay: supplier performance unavailable (${reliabilityUnavailable})`);
        }
      });
    }
  }

  const open = new Set(shipments.map((shipment) => shipment.orderId));
  counts.purchaseOrdersOpen = open.size;
  counts.purchaseOrdersReceived = counts.purchaseOrdersSubmitted - open.size;
  return {
    metrics: summarize(openingStockValue, outcomes),
    days: outcomes,
    counts,
    reliability,
    ...(reliabilityUnavailable ? { reliabilityUnavailable } : {}),
    phaseMs,
    runMedianMs: median(runDurations),
    wallSeconds: (performance.now() - started) / 1000,
  };
}

function checkpoint(
  day: number,
  date: IsoDate,
  bakery: SimulatedBakery,
  measured: readonly { supplierId: string; deliveries: number; onTimeInFullRate: number | null }[],
  supplierNameOf: ReadonlyMap<string, string>,
): ReliabilityCheckpoint {
  const byName = new Map(measured.map((entry) => [supplierNameOf.get(entry.supplierId), entry]));
  const suppliers = bakery.suppliers.map((supplier) => {
    const entry = byName.get(supplier.name);
    return { supplier: supplier.name, simulated: 1 - supplier.lateProbability, measured: entry?.onTimeInFullRate ?? null, deliveries: entry?.deliveries ?? 0 };
  });
  const weighed = suppliers.filter((supplier) => supplier.measured !== null && supplier.deliveries > 0);
  const deliveries = weighed.reduce((sum, supplier) => sum + supplier.deliveries, 0);
  return {
    day,
    date,
    suppliers,
    weightedAbsoluteError: deliveries === 0 ? null : weighed.reduce((sum, supplier) => sum + supplier.deliveries * Math.abs(supplier.measured! - supplier.simulated), 0) / deliveries,
  };
}
