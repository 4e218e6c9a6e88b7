import { pageWithTotal, type PageWithTotal } from '../../../db/pages.ts';
import type { Page } from '../../../platform/pagination.ts';
import { CREATED_AT_CURSOR, rowMapper, type RowOf } from '../../../db/rows.ts';
import { TenantRepository } from '../../../db/tenant-repository.ts';

export type NotificationKind = 'PLAN_READY' | 'RUN_FAILED';
export type NotificationSeverity = 'INFO' | 'WARNING' | 'ERROR';

export interface Notification {
  id: string;
  runId: string;
  kind: NotificationKind;
  severity: NotificationSeverity;
  title: string;
  message: string;
  createdAt: Date;
  /** created_at to the microsecond (ISO, UTC): the keyset cursor of `notifications`. */
  cursorAt: string;
}

export type NewNotification = Pick<Notification, 'kind' | 'severity' | 'title' | 'message'>;

type NotificationRow = RowOf<Notification>;

const TABLE = 'planning.notifications';

const toNotification = rowMapper<Notification>({
  id: true, runId: true, kind: true, severity: true, title: true, message: true, createdAt: true, cursorAt: true,
});

/** The tenant's notifications (`planning.notifications`): what its runs told the planners, one per run and kind. */
export class NotificationsRepository extends TenantRepository {
  private selectNotifications() {
    return this.rowsOf(TABLE).select('*', this.db.raw(`${CREATED_AT_CURSOR} as cursor_at`));
  }

  /**
   * Writes a run's notifications, one per kind: a kind the run already has is left as it was
   * (the unique index), so sending again writes nothing. Returns every notification of the run.
   */
  async insertForRun(runId: string, notifications: readonly NewNotification[]): Promise<Notification[]> {
    if (notifications.length > 0) {
      await this.db(TABLE)
        .insert(notifications.map((notification) => ({ tenant_id: this.tenantId, run_id: runId, ...notification })))
        .onConflict(['tenant_id', 'run_id', 'kind'])
        .ignore();
    }
    const rows: NotificationRow[] = await this.selectNotifications().where('run_id', runId).orderBy([
      { column: 'created_at' },
      { column: 'id' },
    ]);
    return rows.map(toNotification);
  }

  /** One page of the tenant's notifications, newest first, fetching `first + 1` rows, and how many there are. */
  async list(page: Page): Promise<PageWithTotal<Notification>> {
    const query = this.selectNotifications()
      .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }])
      .limit(page.first + 1);
    if (page.after) query.whereRaw('(created_at, id) < (?::timestamptz, ?::uuid)', [page.after.sortKey, page.after.id]);
    const { rows, totalCount } = await pageWithTotal<NotificationRow>(this.db, query, () => this.rowsOf(TABLE), Boolean(page.after));
    return { rows: rows.map(toNotification), totalCount };
  }
}
