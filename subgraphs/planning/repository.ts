import type { Knex } from 'knex';
import type { Db } from '../../db/client.ts';
import { CandidateForecastsRepository } from './repository/candidate-forecasts.ts';
import { DeliveriesRepository } from './repository/deliveries.ts';
import { ForecastsRepository } from './repository/forecasts.ts';
import { NotificationsRepository } from './repository/notifications.ts';
import { ProcurementRepository } from './repository/procurement.ts';
import { PurchaseOrdersRepository } from './repository/purchase-orders.ts';
import { ProductionRepository } from './repository/production.ts';
import { ProductionRecordsRepository } from './repository/production-records.ts';
import { ReceiptsRepository } from './repository/receipts.ts';
import { RunsRepository } from './repository/runs.ts';
import { SalesRepository } from './repository/sales.ts';
import { SettingsRepository } from './repository/settings.ts';
import { SnapshotsRepository } from './repository/snapshots.ts';
import { StockPostingsRepository } from './repository/stock-postings.ts';

/**
 * The only door to the `planning` schema for one tenant, one repository per aggregate
 * (repository/), all bound to that tenant: every statement filters by it, so no caller can reach
 * another bakery's rows. What is not one tenant's stays free functions beside them: the tenant
 * directory (repository/tenants.ts), every tenant's schedules (repository/schedules.ts) and the
 * outbox dispatcher's reads and marks (repository/stock-postings.ts).
 */
export class PlanningRepository {
  readonly settings: SettingsRepository;
  readonly sales: SalesRepository;
  readonly runs: RunsRepository;
  readonly snapshots: SnapshotsRepository;
  readonly forecasts: ForecastsRepository;
  readonly candidateForecasts: CandidateForecastsRepository;
  readonly production: ProductionRepository;
  readonly procurement: ProcurementRepository;
  readonly purchaseOrders: PurchaseOrdersRepository;
  readonly productionRecords: ProductionRecordsRepository;
  readonly receipts: ReceiptsRepository;
  readonly deliveries: DeliveriesRepository;
  readonly stockPostings: StockPostingsRepository;
  readonly notifications: NotificationsRepository;

  constructor(
    private readonly db: Db | Knex.Transaction,
    readonly tenantId: string,
  ) {
    this.settings = new SettingsRepository(db, tenantId);
    this.sales = new SalesRepository(db, tenantId);
    this.runs = new RunsRepository(db, tenantId);
    this.snapshots = new SnapshotsRepository(db, tenantId);
    this.forecasts = new ForecastsRepository(db, tenantId);
    this.candidateForecasts = new CandidateForecastsRepository(db, tenantId);
    this.production = new ProductionRepository(db, tenantId);
    this.procurement = new ProcurementRepository(db, tenantId);
    this.purchaseOrders = new PurchaseOrdersRepository(db, tenantId);
    this.productionRecords = new ProductionRecordsRepository(db, tenantId);
    this.receipts = new ReceiptsRepository(db, tenantId);
    this.deliveries = new DeliveriesRepository(db, tenantId);
    this.stockPostings = new StockPostingsRepository(db, tenantId);
    this.notifications = new NotificationsRepository(db, tenantId);
  }

  /**
   * Runs `work` in one transaction, with repositories bound to it (same tenant): how a
   * multi-statement write commits all or nothing. Called on a repository already bound to a
   * transaction, it nests (a savepoint).
   */
  transaction<T>(work: (transaction: PlanningRepository) => Promise<T>): Promise<T> {
    return this.db.transaction((trx) => work(new PlanningRepository(trx, this.tenantId)));
  }
}
