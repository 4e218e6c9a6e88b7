import { badUserInput } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import type { Page } from '../../platform/pagination.ts';

/**
 * Checks that a decoded `after` cursor can be used in SQL: its id is a UUID and its sort key
 * passes `sortKeyIsValid`. A tampered cursor is the caller's mistake (BAD_USER_INPUT), never
 * a database error.
 */
export function checkCursor(page: Page, sortKeyIsValid: (sortKey: string) => boolean = () => true): Page {
  if (page.after && !(isUuid(page.after.id) && sortKeyIsValid(page.after.sortKey))) {
    throw badUserInput('after is not a cursor returned by this list', { field: 'after' });
  }
  return page;
}
