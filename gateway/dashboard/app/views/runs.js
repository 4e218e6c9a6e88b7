// Runs: orchestration runs, newest first, polled while the view is open; the selected run's step
// timeline (durations, attempts, errors) and snapshot summary; "Run now" for planners.
import { badge, format, h } from '../dom.js';

const POLL_MS = 2000;
const ACTIVE = new Set(['QUEUED', 'RUNNING']);

const RUNS_QUERY = /* GraphQL */ `query DashboardRuns {
  orchestrationRuns(first: 25) {
    totalCount
    edges { node { id planDate trigger status startedAt finishedAt durationMs failedStep createdAt } }
  }
}`;

const RUN_QUERY = /* GraphQL */ `query DashboardRun($id: ID!) {
  orchestrationRun(id: $id) {
    id planDate trigger status startedAt finishedAt durationMs error failedStep createdAt
    steps { name status attempts startedAt finishedAt durationMs error }
    snapshot { takenAt ingredients lots suppliers offers recipes products }
    productionSchedule { id status }
    procurementPlan { id status totalCost purchaseOrders { id } }
  }
}`;

const RUN_NOW = /* GraphQL */ `mutation DashboardRunNow { requestOrchestration(input: {}) { id status planDate } }`;

/** The step timeline: one row per step, its bar placed on the run's time axis. */
function timeline(run) {
  const start = run.startedAt ? Date.parse(run.startedAt) : null;
  const ends = run.steps.map((step) => (step.finishedAt ? Date.parse(step.finishedAt) : step.startedAt ? Date.now() : null)).filter(Boolean);
  const end = run.finishedAt ? Date.parse(run.finishedAt) : Math.max(Date.now(), ...ends);
  const total = start !== null ? Math.max(1, end - start) : 1;
  return h(
    'ol',
    { class: 'timeline', 'aria-label': `Steps of the run for ${run.planDate}` },
    run.steps.map((step) => {
      const bar = h('span', { class: ['bar', `bar-${step.status.toLowerCase()}`] });
      if (start !== null && step.startedAt) {
        const from = Date.parse(step.startedAt) - start;
        const to = (step.finishedAt ? Date.parse(step.finishedAt) : end) - start;
        bar.style.marginLeft = `${Math.max(0, Math.min(100, (from / total) * 100)).toFixed(2)}%`;
        bar.style.width = `${Math.max(0.8, Math.min(100, ((to - from) / total) * 100)).toFixed(2)}%`;
      } else {
        bar.style.width = '0';
      }
      const attempts = step.attempts === 1 ? '1 attempt' : `${step.attempts} attempts`;
      return h(
        'li',
        { class: ['step', `step-${step.status.toLowerCase()}`], 'data-step': step.name },
        h('div', { class: 'step-head' },
          h('span', { class: 'step-name' }, step.name),
          badge(step.status),
          h('span', { class: 'step-meta' }, `${format.duration(step.durationMs)} · ${attempts}`)),
        h('div', { class: 'track', 'aria-hidden': 'true' }, bar),
        step.error ? h('p', { class: 'error step-error' }, step.error) : null,
      );
    }),
  );
}

function snapshotFacts(snapshot) {
  if (!snapshot) return h('p', { class: 'muted' }, 'Nothing read yet.');
  const facts = [
    ['Taken', format.time(snapshot.takenAt)],
    ['Ingredients', snapshot.ingredients],
    ['Lots', snapshot.lots],
    ['Suppliers', snapshot.suppliers],
    ['Offers', snapshot.offers],
    ['Recipes', snapshot.recipes],
    ['Products', snapshot.products],
  ];
  return h('dl', { class: 'facts', 'aria-label': 'What the run read' }, facts.map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, String(value)))));
}

function runDetail(run) {
  const plan = run.procurementPlan;
  return [
    h('header', { class: 'detail-header' },
      h('h2', { id: 'run-detail-title' }, `Run for ${format.day(run.planDate)}`),
      badge(run.status), ' ', badge(run.trigger, 'badge-neutral')),
    h('dl', { class: 'facts' },
      h('div', {}, h('dt', {}, 'Started'), h('dd', {}, format.time(run.startedAt))),
      h('div', {}, h('dt', {}, 'Finished'), h('dd', {}, format.time(run.finishedAt))),
      h('div', {}, h('dt', {}, 'Duration'), h('dd', { 'data-testid': 'run-duration' }, format.duration(run.durationMs))),
      plan ? h('div', {}, h('dt', {}, 'Plan'), h('dd', {}, `${plan.status}, ${plan.purchaseOrders.length} orders`)) : null),
    run.error ? h('p', { class: 'error', role: 'alert' }, run.failedStep ? `${run.failedStep}: ${run.error}` : run.error) : null,
    h('h3', {}, 'Steps'),
    timeline(run),
    h('h3', {}, 'What the run read'),
    snapshotFacts(run.snapshot),
  ];
}

export async function renderRuns(container, context) {
  let selectedId = null;
  let timer = null;
  let stopped = false;
  const rows = new Map();
  const tbody = h('tbody');
  const count = h('span');
  const detail = h('section', { class: 'card run-detail', 'aria-labelledby': 'run-detail-title', 'aria-live': 'polite' },
    h('h2', { id: 'run-detail-title' }, 'Run'), h('p', { class: 'muted' }, 'Select a run to see its steps.'));

  const select = (id) => {
    selectedId = id;
    for (const [runId, row] of rows) row.classList.toggle('selected', runId === id);
    for (const [runId, row] of rows) row.querySelector('button').setAttribute('aria-pressed', String(runId === id));
    void refreshDetail();
  };

  const rowFor = (run) => {
    let row = rows.get(run.id);
    if (!row) {
      row = h('tr', { 'data-run-id': run.id },
        h('td', {}, h('button', { type: 'button', class: 'link', 'aria-pressed': 'false', onclick: () => select(run.id) })),
        h('td', {}), h('td', {}), h('td', {}), h('td', { class: 'num' }));
      rows.set(run.id, row);
    }
    const [dateCell, triggerCell, statusCell, startedCell, durationCell] = row.children;
    dateCell.firstChild.textContent = format.day(run.planDate);
    dateCell.firstChild.setAttribute('aria-label', `${format.day(run.planDate)}: run for ${run.planDate}, ${run.trigger}, ${run.status}`);
    triggerCell.textContent = run.trigger;
    statusCell.replaceChildren(badge(run.status));
    startedCell.textContent = format.time(run.startedAt ?? run.createdAt);
    durationCell.textContent = format.duration(run.durationMs);
    return row;
  };

  async function refreshList() {
    const { orchestrationRuns } = await context.gql(RUNS_QUERY);
    const runs = orchestrationRuns.edges.map((edge) => edge.node);
    tbody.replaceChildren(...runs.map(rowFor));
    for (const id of [...rows.keys()]) if (!runs.some((run) => run.id === id)) rows.delete(id);
    count.textContent = `${orchestrationRuns.totalCount} in all`;
    if (!selectedId && runs[0]) select(runs[0].id);
    else for (const [runId, row] of rows) row.classList.toggle('selected', runId === selectedId);
  }

  async function refreshDetail() {
    if (!selectedId) return;
    const id = selectedId;
    const { orchestrationRun: run } = await context.gql(RUN_QUERY, { id });
    if (stopped || id !== selectedId || !run) return;
    detail.replaceChildren(...runDetail(run).filter(Boolean));
    detail.dataset.runId = run.id;
    detail.dataset.status = run.status;
    detail.dataset.active = String(ACTIVE.has(run.status));
  }

  async function poll() {
    try {
      await refreshList();
      await refreshDetail();
    } catch (error) {
      if (error.code === 'UNAUTHENTICATED') return context.onUnauthenticated();
      context.announce(`Could not refresh the runs: ${error.message}`, 'error');
    }
    if (!stopped) timer = setTimeout(poll, document.hidden ? POLL_MS * 5 : POLL_MS);
  }

  const runNow = context.session.canPlan
    ? h('button', {
        type: 'button',
        class: 'primary',
        onclick: async (event) => {
          const button = event.currentTarget;
          button.disabled = true;
          try {
            const { requestOrchestration: run } = await context.gql(RUN_NOW);
            selectedId = run.id;
            await refreshList();
            select(run.id);
            context.announce(`Run for ${run.planDate} ${run.status.toLowerCase()}.`);
          } catch (error) {
            context.announce(`Could not start a run: ${error.message}`, 'error');
          } finally {
            button.disabled = false;
          }
        },
      }, 'Run now')
    : null;

  container.replaceChildren(
    h('header', { class: 'view-header' }, h('h1', {}, 'Runs'), h('div', { class: 'actions' }, runNow)),
    h('div', { class: 'runs-layout' },
      h('section', { class: 'card', 'aria-labelledby': 'runs-title' },
        h('h2', { id: 'runs-title' }, 'Orchestration runs ', h('small', { class: 'muted' }, count)),
        h('div', { class: 'table-scroll', tabindex: 0 },
          h('table', { class: 'runs' },
            h('caption', { class: 'sr-only' }, 'Orchestration runs, newest first; refreshed every 2 seconds'),
            h('thead', {}, h('tr', {},
              h('th', { scope: 'col' }, 'Plan date'),
              h('th', { scope: 'col' }, 'Trigger'),
              h('th', { scope: 'col' }, 'Status'),
              h('th', { scope: 'col' }, 'Started'),
              h('th', { scope: 'col', class: 'num' }, 'Duration'))),
            tbody))),
      detail),
  );
  await poll();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

