import type { Db } from '../../../db/client.ts';
import { pageWithTotal, type PageWithTotal } from '../../../db/pages.ts';
import type { Page } from '../../../platform/pagination.ts';
import { CREATED_AT_CURSOR, rowMapper, type RowOf } from '../../../db/rows.ts';

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

function selectNotifications(db: Db, tenantId: string) {
  return db<NotificationRow>(TABLE)
    .where('tenant_id', tenantId)
    .select('*', db.raw(`${CREATED_AT_CURSOR} as cursor_at`));
}

/**
 * Writes a run's notifications, one per kind: a kind the run already has is left as it was
 * (the unique index), so sending again writes nothing. Returns every notification of the run.
 */
export async function insertRunNotifications(
  db: Db,
  tenantId: string,
  runId: string,
  notifications: readonly NewNotification[],
): Promise<Notification[]> {
  if (notifications.length > 0) {
    await db(TABLE)
      .insert(notifications.map((notification) => ({ tenant_id: tenantId, run_id: runId, ...notification })))
      .onConflict(['tenant_id', 'run_id', 'kind'])
      .ignore();
  }
  const rows: NotificationRow[] = await selectNotifications(db, tenantId).where('run_id', runId).orderBy([
    { column: 'created_at' },
    { column: 'id' },
  ]);
  return rows.map(toNotification);
}

/** One page of a tenant's notifications, newest first, fetching `first + 1` rows, and how many there are. */
export async function listNotifications(db: Db, tenantId: string, page: Page): Promise<PageWithTotal<Notification>> {
  const query = selectNotifications(db, tenantId)
    .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }])
    .limit(page.first + 1);
  if (page.after) query.whereRaw('(created_at, id) < (?::timestamptz, ?::uuid)', [page.after.sortKey, page.after.id]);
  const { rows, totalCount } = await pageWithTotal<NotificationRow>(db, query, () => db(TABLE).where('tenant_id', tenantId), Boolean(page.after));
  return { rows: rows.map(toNotification), totalCount };
}
