// The dashboard shell: sign-in, the session, and a hash router over four views.
import { ApiError, forgetToken, gql, readClaims, storedToken, storeToken } from './api.js';
import { h } from './dom.js';
import { renderProduction } from './views/production.js';
import { renderRuns } from './views/runs.js';
import { renderStock } from './views/stock.js';
import { renderToday } from './views/today.js';

const VIEWS = {
  today: { title: 'Today', render: renderToday },
  stock: { title: 'Stock', render: renderStock },
  production: { title: 'Production', render: renderProduction },
  runs: { title: 'Runs', render: renderRuns },
};
const PLANNER_ROLES = new Set(['PLANNER', 'ADMIN']);

const $ = (id) => document.getElementById(id);
let session = null;
let leaveView = null;
let statusTimer = null;

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
    session = { tenant, roles, user: claims.sub ?? 'unknown', canPlan: roles.some((role) => PLANNER_ROLES.has(role)) };
  } catch (error) {
    forgetToken();
    throw error;
  }
}

function signOut() {
  forgetToken();
  session = null;
  leaveView?.();
  leaveView = null;
  history.replaceState(null, '', `${location.pathname}${location.search}`);
  showSignIn();
}

function showSignIn(message) {
  $('nav').hidden = true;
  $('session').hidden = true;
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

function currentViewName() {
  const name = location.hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return name in VIEWS ? name : 'today';
}

async function route() {
  if (!session) return;
  const name = currentViewName();
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.dataset.view === name) link.setAttribute('aria-current', 'page');
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
    announce,
    /** Called when the API refuses the token: back to sign-in. */
    onUnauthenticated: () => {
      forgetToken();
      session = null;
      showSignIn('Your session has ended; sign in again.');
    },
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
      await signIn($('token').value.trim().replace(/^Bearer\s+/i, ''));
      $('token').value = '';
      showSession();
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
  window.addEventListener('hashchange', () => void route());

  const token = tokenFromLocation() ?? storedToken();
  if (!token) return showSignIn();
  try {
    await signIn(token);
    showSession();
    await route();
  } catch (error) {
    showSignIn(error.message);
  }
}

void start();
