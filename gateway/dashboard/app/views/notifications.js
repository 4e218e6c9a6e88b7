// Notifications: what the runs told the bakery (a plan is ready, a run failed), newest first,
// a page at a time.
import { badge, format, h } from '../dom.js';

const PAGE_SIZE = 20;

const NOTIFICATIONS_QUERY = /* GraphQL */ `query DashboardNotifications($first: Int!, $after: String) {
  notifications(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id kind severity title message createdAt run { id planDate } } }
  }
}`;

const SEVERITY_WORDS = { INFO: 'Information', WARNING: 'Needs a planner', ERROR: 'Failed' };
const SEVERITY_BADGES = { INFO: 'badge-neutral', WARNING: 'badge-warning', ERROR: 'badge-danger' };

function item(notification) {
  return h('li', { class: ['card', 'notification', `notification-${notification.severity.toLowerCase()}`], 'data-kind': notification.kind },
    h('header', { class: 'po-header' },
      h('h2', { class: 'notification-title' }, notification.title),
      h('span', { class: ['badge', SEVERITY_BADGES[notification.severity]] }, SEVERITY_WORDS[notification.severity] ?? notification.severity)),
    h('p', {}, notification.message),
    h('p', { class: 'hint' },
      h('time', { datetime: notification.createdAt }, format.time(notification.createdAt)),
      ` · run for ${format.day(notification.run.planDate)}`));
}

export async function renderNotifications(container, context) {
  const list = h('ol', { class: 'notifications', 'aria-label': 'Notifications, newest first' });
  const count = h('p', { class: 'hint' });
  const more = h('button', { type: 'button', class: 'quiet', hidden: true }, 'Show older');
  let after = null;

  const loadPage = async () => {
    const { notifications } = await context.gql(NOTIFICATIONS_QUERY, { first: PAGE_SIZE, after });
    list.append(...notifications.edges.map((edge) => item(edge.node)));
    after = notifications.pageInfo.endCursor;
    more.hidden = !notifications.pageInfo.hasNextPage;
    count.textContent = notifications.totalCount === 0
      ? 'No notification yet: each run writes one when its plan is ready or when it fails.'
      : `${list.children.length} of ${notifications.totalCount} shown.`;
  };
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      await loadPage();
    } catch (error) {
      context.announce(`Could not load older notifications: ${error.message}`, 'error');
    } finally {
      more.disabled = false;
    }
  });

  await loadPage();
  container.replaceChildren(h('header', { class: 'view-header' }, h('h1', {}, 'Notifications')), count, list, more);
}
