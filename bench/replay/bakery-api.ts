/**
 * The replay's only way into Levain: the public GraphQL API through the gateway, as a baker's
 * tools would use it — each method one operation (or one paged list), with the least role that may
 * send it (ADMIN for imports and settings, PLANNER for the day's work, SERVICE to start a run, as
 * the worker does). Nothing here reads the database.
 */
import { signToken, type Role } from '../../platform/auth.ts';
import { importOperation, type ImportKind } from '../../scripts/import-kinds.ts';
import type { IsoDate, Weekday } from '../../subgraphs/planning/engine/index.ts';
import { gatewayCall } from '../support/pipeline.ts';

export interface ImportAnswer {
  kind: string;
  rows: number;
  created: number;
  updated: number;
}

/** The ids the API gave the bakery's master data, by natural key. */
export interface Catalogue {
  /** Ingredient id by sku, and what receiving needs to know of it. */
  ingredients: Map<string, { id: string; perishable: boolean; shelfLifeDays: number | null }>;
  /** Supplier id by name. */
  suppliers: Map<string, string>;
  /** Product id by sku. */
  products: Map<string, string>;
}

export interface ApiLot {
  id: string;
  ingredientId: string;
  quantity: number;
  receivedOn: IsoDate;
  expiresOn: IsoDate | null;
  lotCode: string | null;
}

export interface ApiOrderLine {
  ingredientId: string;
  quantity: number;
  unitPrice: number;
  deliveryDate: IsoDate;
}

export interface ApiPurchaseOrder {
  id: string;
  supplierId: string;
  orderDate: IsoDate;
  status: string;
  lines: ApiOrderLine[];
}

export interface ApiBatch {
  date: IsoDate;
  productId: string;
  batches: number;
  quantity: number;
}

export interface DayPlan {
  /** The schedule of the newest run for the date; empty when it has none. */
  batches: ApiBatch[];
  purchaseOrders: ApiPurchaseOrder[];
}

export interface RunState {
  id: string;
  status: 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'COMPENSATED';
  error: string | null;
  failedStep: string | null;
  durationMs: number | null;
}

export interface MeasuredSupplier {
  supplierId: string;
  deliveries: number;
  onTimeInFullRate: number | null;
}

export interface PlanningSettingsInput {
  horizonDays: number;
  serviceLevel: number;
  safetyStockMethod: 'STATISTICAL' | 'PERCENTAGE';
  safetyStockPercent: number;
  supplierWeights: { price: number; leadTime: number; reliability: number };
  closedWeekdays: Weekday[];
}

/** Ingredients, suppliers and products per page of a list (the lists allow up to 500). */
const PAGE_SIZE = 500;
const FINAL_RUN_STATUSES = new Set(['COMPLETED', 'FAILED', 'COMPENSATED']);

type Page<T> = { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: T }[] };

export class BakeryApi {
  private constructor(
    readonly url: string,
    private readonly authorization: Record<'ADMIN' | 'PLANNER' | 'SERVICE', string>,
  ) {}

  /** A client of `url` for `tenantId`, its tokens signed with `secret` (the stack's JWT_SECRET), valid `hours`. */
  static async signed(url: string, secret: string, tenantId: string, hours = 6): Promise<BakeryApi> {
    const sign = async (role: Role) => `Bearer ${await signToken({ userId: `replay-${role.toLowerCase()}`, tenantId, roles: [role] }, secret, `${hours}h`)}`;
    return new BakeryApi(url, { ADMIN: await sign('ADMIN'), PLANNER: await sign('PLANNER'), SERVICE: await sign('SERVICE') });
  }

  private call<T>(role: 'ADMIN' | 'PLANNER' | 'SERVICE', query: string, variables?: Record<string, unknown>): Promise<T> {
    return gatewayCall<T>(this.url, this.authorization[role], query, variables);
  }

  /** Every node of a connection, page after page. */
  private async all<T>(list: string, fields: string): Promise<T[]> {
    const nodes: T[] = [];
    let after: string | null = null;
    do {
      const answer: Record<string, Page<T>> = await this.call<Record<string, Page<T>>>(
        'PLANNER',
        `query List($first: Int, $after: String) { ${list}(first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ${fields} } } } }`,
        { first: PAGE_SIZE, after },
      );
      nodes.push(...answer[list].edges.map((edge) => edge.node));
      after = answer[list].pageInfo.hasNextPage ? answer[list].pageInfo.endCursor : null;
    } while (after);
    return nodes;
  }

  async importCsv(kind: ImportKind, csv: string): Promise<ImportAnswer> {
    const answer = await this.call<Record<string, ImportAnswer>>('ADMIN', importOperation(kind), { input: { csv } });
    return Object.values(answer)[0];
  }

  async updateSettings(input: PlanningSettingsInput): Promise<void> {
    await this.call('ADMIN', 'mutation Settings($input: UpdatePlanningSettingsInput!) { updatePlanningSettings(input: $input) { updatedAt } }', { input });
  }

  async catalogue(): Promise<Catalogue> {
    const [ingredients, suppliers, products] = await Promise.all([
      this.all<{ id: string; sku: string; perishable: boolean; shelfLifeDays: number | null }>('ingredients', 'id sku perishable shelfLifeDays'),
      this.all<{ id: string; name: string }>('suppliers', 'id name'),
      this.all<{ id: string; sku: string }>('products', 'id sku'),
    ]);
    return {
      ingredients: new Map(ingredients.map((ingredient) => [ingredient.sku, { id: ingredient.id, perishable: ingredient.perishable, shelfLifeDays: ingredient.shelfLifeDays }])),
      suppliers: new Map(suppliers.map((supplier) => [supplier.name, supplier.id])),
      products: new Map(products.map((product) => [product.sku, product.id])),
    };
  }

  /** Creates a QUEUED MANUAL run for `planDate` (SERVICE, as the worker's saga starts one); the same key returns the same run. */
  async startRun(planDate: IsoDate, idempotencyKey: string): Promise<string> {
    const answer = await this.call<{ startOrchestrationRun: { id: string } }>(
      'SERVICE',
      'mutation Start($input: StartOrchestrationRunInput!) { startOrchestrationRun(input: $input) { id } }',
      { input: { planDate, trigger: 'MANUAL', idempotencyKey } },
    );
    return answer.startOrchestrationRun.id;
  }

  async run(id: string): Promise<RunState> {
    const answer = await this.call<{ orchestrationRun: RunState | null }>('PLANNER', 'query Run($id: ID!) { orchestrationRun(id: $id) { id status error failedStep durationMs } }', { id });
    if (!answer.orchestrationRun) throw new Error(`run ${id} is not visible to the bakery`);
    return answer.orchestrationRun;
  }

  /** Polls the run every `intervalMs` until it is COMPLETED, FAILED or COMPENSATED; throws after `timeoutMs`. */
  async waitForRun(id: string, timeoutMs = 120_000, intervalMs = 50): Promise<RunState> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const run = await this.run(id);
      if (FINAL_RUN_STATUSES.has(run.status)) return run;
      if (Date.now() > deadline) throw new Error(`run ${id} is still ${run.status} after ${timeoutMs / 1000} s: is the worker running?`);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }

  /** The day's production schedule and procurement plan (productionSchedule/procurementPlan by date). */
  async dayPlan(date: IsoDate): Promise<DayPlan> {
    const answer = await this.call<{
      productionSchedule: { batches: { date: string; product: { id: string }; batches: number; quantity: number }[] } | null;
      procurementPlan: {
        purchaseOrders: {
          id: string;
          supplier: { id: string };
          orderDate: string;
          status: string;
          lines: { ingredient: { id: string }; quantity: number; unitPrice: number; deliveryDate: string }[];
        }[];
      } | null;
    }>(
      'PLANNER',
      `query Day($date: Date!) {
        productionSchedule(date: $date) { batches { date product { id } batches quantity } }
        procurementPlan(date: $date) { purchaseOrders { id supplier { id } orderDate status lines { ingredient { id } quantity unitPrice deliveryDate } } }
      }`,
      { date },
    );
    return {
      batches: (answer.productionSchedule?.batches ?? []).map((batch) => ({ date: batch.date, productId: batch.product.id, batches: batch.batches, quantity: batch.quantity })),
      purchaseOrders: (answer.procurementPlan?.purchaseOrders ?? []).map((order) => ({
        id: order.id,
        supplierId: order.supplier.id,
        orderDate: order.orderDate,
        status: order.status,
        lines: order.lines.map((line) => ({ ingredientId: line.ingredient.id, quantity: line.quantity, unitPrice: line.unitPrice, deliveryDate: line.deliveryDate })),
      })),
    };
  }

  /** Sends an order to its supplier on `sentOn` (the simulated day: supplier lead times count from it). */
  async submitPurchaseOrder(id: string, sentOn: IsoDate): Promise<void> {
    await this.call('PLANNER', 'mutation Submit($id: ID!, $sentOn: Date) { submitPurchaseOrder(id: $id, sentOn: $sentOn) { status } }', { id, sentOn });
  }

  /** Records what arrived of an order; resolves once inventory holds the lots (stockPosted). */
  async receivePurchaseOrder(input: {
    id: string;
    receivedOn: IsoDate;
    lines: { ingredientId: string; quantity: number; lot: string; expiresOn?: IsoDate }[];
  }): Promise<{ receiptId: string; stockPosted: boolean }> {
    const answer = await this.call<{ receivePurchaseOrder: { id: string; stockPosted: boolean } }>(
      'PLANNER',
      'mutation Receive($input: ReceivePurchaseOrderInput!) { receivePurchaseOrder(input: $input) { id stockPosted } }',
      { input },
    );
    return { receiptId: answer.receivePurchaseOrder.id, stockPosted: answer.receivePurchaseOrder.stockPosted };
  }

  /** Throws `quantity` of an ingredient away (a WASTE movement: inventory takes it first-expiring-first-out). */
  async recordWaste(ingredientId: string, quantity: number, note: string): Promise<{ onHand: number }> {
    const answer = await this.call<{ recordStockMovement: { stock: { onHand: number } } }>(
      'PLANNER',
      'mutation Waste($input: RecordStockMovementInput!) { recordStockMovement(input: $input) { stock { onHand } } }',
      { input: { ingredientId, kind: 'WASTE', quantity, note } },
    );
    return answer.recordStockMovement.stock;
  }

  /** Every lot that holds stock, of every ingredient. */
  async lots(): Promise<ApiLot[]> {
    const ingredients = await this.all<{ id: string; lots: Omit<ApiLot, 'ingredientId'>[] }>('ingredients', 'id lots { id quantity receivedOn expiresOn lotCode }');
    return ingredients.flatMap((ingredient) => ingredient.lots.map((lot) => ({ ...lot, ingredientId: ingredient.id })));
  }

  /** Records the day's baking; inventory takes the recipes' ingredients first-expiring-first-out. */
  async recordProduction(date: IsoDate, batches: { productId: string; batches: number }[]): Promise<{ stockPosted: boolean }> {
    const answer = await this.call<{ recordProduction: { stockPosted: boolean } }>(
      'PLANNER',
      'mutation Bake($input: RecordProductionInput!) { recordProduction(input: $input) { stockPosted } }',
      { input: { date, batches, allowShortage: false } },
    );
    return answer.recordProduction;
  }

  async recordSales(records: { productId: string; date: IsoDate; quantity: number; soldOut: boolean }[]): Promise<number> {
    const answer = await this.call<{ recordSales: { recorded: number } }>(
      'PLANNER',
      'mutation Sales($records: [SalesRecordInput!]!) { recordSales(records: $records) { recorded } }',
      { records },
    );
    return answer.recordSales.recorded;
  }

  /** The measured on-time-in-full rate of each supplier with a delivery, as it stood at the end of `asOf` (supplierPerformance). */
  async supplierPerformance(asOf: IsoDate): Promise<MeasuredSupplier[]> {
    const answer = await this.call<{ supplierPerformance: { supplier: { id: string }; deliveries: number; onTimeInFullRate: number | null }[] }>(
      'PLANNER',
      'query Performance($asOf: Date) { supplierPerformance(asOf: $asOf) { supplier { id } deliveries onTimeInFullRate } }',
      { asOf },
    );
    return answer.supplierPerformance.map((entry) => ({ supplierId: entry.supplier.id, deliveries: entry.deliveries, onTimeInFullRate: entry.onTimeInFullRate }));
  }
}
