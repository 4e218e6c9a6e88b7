// The dashboard shell: sign-in (kept across tabs until the token expires), the session, and a
// hash router over the views.
import { ApiError, forgetToken, gql, msUntilExpiry, readClaims, storedToken, storeToken, TOKEN_KEY } from './api.js';
import { h } from './dom.js';
import { renderForecasts } from './views/forecasts.js';
import { renderNotifications } from './views/notifications.js';
import { renderOrder } from './views/order.js';
import { renderProduction } from './views/production.js';
import { renderRuns } from './views/runs.js';
import { renderSettings } from './views/settings.js';
import { renderStock } from './views/stock.js';
import { renderSuppliers } from './views/suppliers.js';
import { renderToday } from './views/today.js';

const VIEWS = {
  today: { title: 'Today', render: renderToday },
  stock: { title: 'Stock', render: renderStock },
  production: { title: 'Production', render: renderProduction },
  runs: { title: 'Runs', render: renderRuns },
  forecasts: { title: 'Forecasts', render: renderForecasts },
  suppliers: { title: 'Suppliers', render: renderSuppliers },
  notifications: { title: 'Notifications', render: renderNotifications },
  settings: { title: 'Settings', render: renderSettings },
  /** A purchase order's print view, `#/order/<planId>/<orderId>`; reached from Today, not the nav. */
  order: { title: 'Purchase order', render: renderOrder, navView: 'today' },
};
const PLANNER_ROLES = new Set(['PLANNER', 'ADMIN']);
/** Where the gateway mounts the queue board (gateway/queue-board.ts). */
const QUEUE_BOARD_PATH = '/admin/queues';
/** setTimeout's longest delay (about 24.8 days); a longer-lived token is re-checked then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const $ = (id) => document.getElementById(id);
let session = null;
let leaveView = null;
let statusTimer = null;
let expiryTimer = null;

/** Says something in the status bar (and to screen readers); errors stay until replaced. */
function announce(message, kind = 'info') {
  const status = $('status');
  status.textContent = message;
  status.className = `status status-${kind}`;
  clearTimeout(statusTimer);
  if (kind !== 'error' && message) statusTimer = setTimeout(() => (status.textContent = ''), 5000);
}

/** Takes a token from `#token=…` (the link `npm start` prints) and removes it from the address bar. */
function tokenFromLocation() {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!match) return null;
  history.replaceState(null, '', `${location.pathname}${location.search}#/today`);
  return decodeURIComponent(match[1]);
}

async function signIn(token) {
  const claims = readClaims(token);
  if (!claims) throw new ApiError('That is not a Levain access token (expected a JWT).', 'BAD_TOKEN');
  if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) {
    throw new ApiError('That token has expired; ask for a new one.', 'UNAUTHENTICATED');
  }
  storeToken(token);
  try {
    const { tenant } = await gql('query DashboardSession { tenant { name slug timezone } }');
    const roles = Array.isArray(claims.roles) ? claims.roles : [];
    session = {
      tenant,
      roles,
      user: claims.sub ?? 'unknown',
      canPlan: roles.some((role) => PLANNER_ROLES.has(role)),
      isAdmin: roles.includes('ADMIN'),
    };
  } catch (error) {
    forgetToken();
    throw error;
  }
}

/** Ends the session in this tab (the token is already gone or is removed here). */
function endSession(message) {
  forgetToken();
  session = null;
  clearTimeout(expiryTimer);
  leaveView?.();
  leaveView = null;
  showSignIn(message);
}

function signOut() {
  history.replaceState(null, '', `${location.pathname}${location.search}`);
  endSession();
}

/** Back to sign-in the moment the token expires, not at the next refused request. */
function watchExpiry(token) {
  clearTimeout(expiryTimer);
  const ms = msUntilExpiry(token);
  if (ms === Infinity) return;
  expiryTimer = setTimeout(() => {
    if (msUntilExpiry(token) <= 0) endSession('Your session has ended; sign in again.');
    else watchExpiry(token);
  }, Math.min(Math.max(ms, 0), MAX_TIMER_MS));
}

/**
 * Shows the queue board link when the board answers this token (it is mounted, and the token is
 * an ADMIN the installation lets in); the board keeps its own sign-in, a cookie of its own.
 */
async function offerQueueBoard(token) {
  const link = $('queue-board-link');
  link.hidden = true;
  if (!session?.isAdmin) return;
  try {
    const response = await fetch(`${QUEUE_BOARD_PATH}/api/queues`, { headers: { authorization: `Bearer ${token}` } });
    link.hidden = !response.ok;
  } catch {
    link.hidden = true;
  }
}

function showSignIn(message) {
  $('nav').hidden = true;
  $('session').hidden = true;
  $('session-label').textContent = '';
  $('queue-board-link').hidden = true;
  $('view').replaceChildren();
  $('sign-in').hidden = false;
  const error = $('sign-in-error');
  error.hidden = !message;
  error.textContent = message ?? '';
  $('token').focus();
}

function showSession() {
  $('sign-in').hidden = true;
  $('nav').hidden = false;
  $('session').hidden = false;
  $('session-label').textContent = `${session.tenant.name} · ${session.user} (${session.roles.join(', ') || 'no role'})`;
}

/** The view named by `#/<view>/<param>/…` and its params. */
function currentRoute() {
  const [name, ...params] = location.hash.replace(/^#\/?/, '').split('?')[0].split('/');
  return name in VIEWS ? { name, params: params.map(decodeURIComponent) } : { name: 'today', params: [] };
}

async function route() {
  if (!session) return;
  const { name, params } = currentRoute();
  const navView = VIEWS[name].navView ?? name;
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.dataset.view === navView) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  leaveView?.();
  leaveView = null;
  announce('');
  const container = h('section', { class: 'view', 'aria-busy': 'true' });
  $('view').replaceChildren(container);
  document.title = `${VIEWS[name].title} — Levain`;
  const context = {
    gql,
    session,
    params,
    announce,
    /** Called when the API refuses the token: back to sign-in. */
    onUnauthenticated: () => endSession('Your session has ended; sign in again.'),
  };
  try {
    leaveView = (await VIEWS[name].render(container, context)) ?? null;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') return context.onUnauthenticated();
    container.replaceChildren(h('h1', {}, VIEWS[name].title), h('p', { class: 'error', role: 'alert' }, `Could not load: ${error.message}`));
  } finally {
    container.setAttribute('aria-busy', 'false');
  }
}

async function start() {
  $('sign-in-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = event.submitter ?? $('sign-in-form').querySelector('button');
    button.disabled = true;
    try {
      const token = $('token').value.trim().replace(/^Bearer\s+/i, '');
      await signIn(token);
      $('token').value = '';
      showSession();
      watchExpiry(token);
      void offerQueueBoard(token);
      if (!location.hash.startsWith('#/')) location.hash = '#/today';
      else await route();
      $('main').focus();
    } catch (error) {
      showSignIn(error.message);
    } finally {
      button.disabled = false;
    }
  });
  $('sign-out').addEventListener('click', signOut);
  // A token link (`#token=…`) opened in a tab that is already on the dashboard signs in with it.
  window.addEventListener('hashchange', () => {
    const linked = tokenFromLocation();
    void (linked ? resume(linked) : route());
  });
  // Another tab signed out, or signed in (perhaps as someone else): follow it.
  window.addEventListener('storage', (event) => {
    if (event.key !== TOKEN_KEY && event.key !== null) return;
    if (!event.newValue) {
      if (session) endSession('You signed out in another tab.');
    } else if (event.newValue !== event.oldValue) {
      location.reload();
    }
  });

  const token = tokenFromLocation() ?? storedToken();
  if (!token) return showSignIn();
  await resume(token);
}

/** Signs in with a token from a link or from storage, and shows the current view. */
async function resume(token) {
  try {
    await signIn(token);
    showSession();
    watchExpiry(token);
    void offerQueueBoard(token);
    await route();
  } catch (error) {
    showSignIn(error.message);
  }
}

void start();
