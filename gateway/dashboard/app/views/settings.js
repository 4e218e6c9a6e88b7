// Settings: the bakery's planning settings (ADMIN edits, others read) with each refusal shown
// beside its field, and the CSV import of master data, stock and sales (docs/IMPORT.md).
import { ApiError } from '../api.js';
import { format, h } from '../dom.js';

const SETTINGS_FIELDS = /* GraphQL */ `fragment DashboardSettingsFields on PlanningSettings {
  timezone orchestrationCron horizonDays serviceLevel safetyStockMethod safetyStockPercent
  supplierWeights { price leadTime reliability } webhookUrl currency closedWeekdays closedDates staleSalesAfterDays updatedAt
}`;
const SETTINGS_QUERY = /* GraphQL */ `query DashboardSettings { planningSettings { ...DashboardSettingsFields } }
${SETTINGS_FIELDS}`;
const UPDATE_SETTINGS = /* GraphQL */ `mutation DashboardUpdateSettings($input: UpdatePlanningSettingsInput!) {
  updatePlanningSettings(input: $input) { ...DashboardSettingsFields }
}
${SETTINGS_FIELDS}`;

const WEEKDAYS = [['MON', 'Monday'], ['TUE', 'Tuesday'], ['WED', 'Wednesday'], ['THU', 'Thursday'], ['FRI', 'Friday'], ['SAT', 'Saturday'], ['SUN', 'Sunday']];

/**
 * One import mutation per kind, each owned by the subgraph of that data and taking the whole file
 * (the agreed import API; columns in docs/IMPORT.md). All or nothing: a bad file writes nothing
 * and answers its problems by line and column.
 */
export const IMPORT_KINDS = [
  { kind: 'ingredients', label: 'Ingredients', mutation: 'importIngredients' },
  { kind: 'suppliers', label: 'Suppliers', mutation: 'importSuppliers' },
  { kind: 'offers', label: 'Supplier offers', mutation: 'importOffers' },
  { kind: 'recipes', label: 'Products and recipes', mutation: 'importRecipes' },
  { kind: 'stock-lots', label: 'Stock lots', mutation: 'importStockLots' },
  { kind: 'sales', label: 'Sales history', mutation: 'importSales' },
];

/** The request for one file: `{ query, variables }` (the input type's name is the subgraph's, so it is not named here). */
export function importRequest(kind, csv) {
  const entry = IMPORT_KINDS.find((candidate) => candidate.kind === kind);
  if (!entry) throw new Error(`unknown import kind ${kind}`);
  return {
    query: `mutation DashboardImport($csv: String!) { ${entry.mutation}(input: { csv: $csv }) { kind rows created updated } }`,
    variables: { csv },
    mutation: entry.mutation,
  };
}

/** A labelled control with its hint and an error slot the form fills from the API's refusal. */
function field(path, label, control, hint) {
  const id = `setting-${path.replace(/\./g, '-')}`;
  control.id = id;
  control.name = path;
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  return h('div', { class: 'field', 'data-path': path },
    h('label', { for: id }, label),
    control,
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    h('p', { class: 'field-error', id: errorId, hidden: true }));
}

/** A group of controls (weights, weekdays) under one legend, with one error slot. */
function group(path, legend, controls, hint) {
  const errorId = `setting-${path}-error`;
  return h('fieldset', { class: 'field-group', 'data-path': path, 'aria-describedby': errorId },
    h('legend', {}, legend),
    hint ? h('p', { class: 'hint' }, hint) : null,
    h('div', { class: 'group-controls' }, controls),
    h('p', { class: 'field-error', id: errorId, hidden: true }));
}

const input = (type, attrs = {}) => h('input', { type, ...attrs });

/** A number field's value: a number, or null when empty or not a number (the API then says why). */
function numberOf(control) {
  return control.value.trim() === '' || Number.isNaN(control.valueAsNumber) ? null : control.valueAsNumber;
}

function settingsForm(settings, context, onSaved) {
  const controls = {
    orchestrationCron: input('text', { value: settings.orchestrationCron, spellcheck: 'false', autocomplete: 'off' }),
    horizonDays: input('number', { value: settings.horizonDays, min: 1, max: 60, step: 1, inputmode: 'numeric' }),
    serviceLevel: input('number', { value: settings.serviceLevel, min: 0, max: 1, step: 'any' }),
    safetyStockMethod: h('select', {},
      h('option', { value: 'STATISTICAL', selected: settings.safetyStockMethod === 'STATISTICAL' }, 'Statistical (service level)'),
      h('option', { value: 'PERCENTAGE', selected: settings.safetyStockMethod === 'PERCENTAGE' }, 'Percentage of lead-time demand')),
    safetyStockPercent: input('number', { value: settings.safetyStockPercent, min: 0, max: 10, step: 'any' }),
    currency: input('text', { value: settings.currency, maxlength: 3, autocomplete: 'off', spellcheck: 'false' }),
    staleSalesAfterDays: input('number', { value: settings.staleSalesAfterDays, min: 1, max: 365, step: 1, inputmode: 'numeric' }),
    webhookUrl: input('url', { value: settings.webhookUrl ?? '', autocomplete: 'off', spellcheck: 'false' }),
    closedDates: h('textarea', { rows: 3, spellcheck: 'false' }, settings.closedDates.join('\n')),
  };
  const weights = Object.fromEntries(['price', 'leadTime', 'reliability'].map((name) => [name,
    input('number', { id: `setting-supplierWeights-${name}`, name: `supplierWeights.${name}`, value: settings.supplierWeights[name], min: 0, max: 1, step: 'any' })]));
  const weekdays = WEEKDAYS.map(([code]) => input('checkbox', { id: `setting-closed-${code}`, name: 'closedWeekdays', value: code, checked: settings.closedWeekdays.includes(code) }));
  const message = h('p', { class: 'form-message', role: 'status' });

  const form = h('form', { class: 'settings-form', novalidate: true },
    h('fieldset', { class: 'plain', disabled: !context.session.isAdmin },
      h('legend', { class: 'sr-only' }, 'Planning settings'),
      h('div', { class: 'field-grid' },
        field('horizonDays', 'Days planned ahead', controls.horizonDays, '1 to 60.'),
        field('orchestrationCron', 'Nightly run (cron)', controls.orchestrationCron, `Five fields in ${settings.timezone} time, e.g. "30 5 * * *" for 05:30.`),
        field('safetyStockMethod', 'Safety stock method', controls.safetyStockMethod),
        field('serviceLevel', 'Service level', controls.serviceLevel, 'Chance of not running out during a lead time, between 0 and 1 (statistical method).'),
        field('safetyStockPercent', 'Safety stock percent', controls.safetyStockPercent, 'Share of lead-time demand kept as safety stock, 0.5 = 50 % (percentage method).'),
        field('currency', 'Currency', controls.currency, 'ISO 4217 code, e.g. EUR.'),
        field('staleSalesAfterDays', 'Sales are out of date after (days)', controls.staleSalesAfterDays, '1 to 365.'),
        field('webhookUrl', 'Webhook URL', controls.webhookUrl, 'Each run posts its summary here; leave empty for none.')),
      group('supplierWeights', 'Supplier choice weights',
        Object.entries(weights).map(([name, control]) => h('div', { class: 'field compact' },
          h('label', { for: control.id }, { price: 'Price', leadTime: 'Lead time', reliability: 'Reliability' }[name]), control)),
        'Each between 0 and 1; at least one above 0.'),
      group('closedWeekdays', 'Closed every week',
        WEEKDAYS.map(([code, name], index) => h('label', { class: 'check', for: weekdays[index].id }, weekdays[index], name))),
      field('closedDates', 'Closed dates', controls.closedDates, 'One date per line, YYYY-MM-DD (holidays).'),
      context.session.isAdmin
        ? h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save settings'))
        : h('p', { class: 'hint' }, 'Only an ADMIN can change the settings.')),
    message);

  const clearErrors = () => {
    for (const slot of form.querySelectorAll('.field-error')) {
      slot.hidden = true;
      slot.textContent = '';
    }
    for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
  };
  /** Puts `text` beside the field of `path` (or its nearest enclosing one); false when none matches. */
  const showError = (path, text) => {
    const parts = path.replace(/^input\./, '').split('.');
    while (parts.length > 0) {
      const holder = form.querySelector(`[data-path="${parts.join('.')}"]`);
      if (holder) {
        const slot = holder.querySelector('.field-error');
        slot.textContent = slot.textContent ? `${slot.textContent} ${text}` : text;
        slot.hidden = false;
        for (const control of holder.querySelectorAll('input, select, textarea')) control.setAttribute('aria-invalid', 'true');
        return true;
      }
      parts.pop();
    }
    return false;
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors();
    message.textContent = '';
    const patch = {
      horizonDays: numberOf(controls.horizonDays),
      orchestrationCron: controls.orchestrationCron.value.trim(),
      safetyStockMethod: controls.safetyStockMethod.value,
      serviceLevel: numberOf(controls.serviceLevel),
      safetyStockPercent: numberOf(controls.safetyStockPercent),
      currency: controls.currency.value.trim(),
      staleSalesAfterDays: numberOf(controls.staleSalesAfterDays),
      webhookUrl: controls.webhookUrl.value.trim() || null,
      supplierWeights: Object.fromEntries(Object.entries(weights).map(([name, control]) => [name, numberOf(control)])),
      closedWeekdays: weekdays.filter((box) => box.checked).map((box) => box.value),
      closedDates: controls.closedDates.value.split(/[\s,]+/).filter(Boolean),
    };
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      const { updatePlanningSettings: saved } = await context.gql(UPDATE_SETTINGS, { input: patch });
      onSaved(saved);
      context.announce('Settings saved.');
    } catch (error) {
      if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') return context.onUnauthenticated();
      const problems = error.extensions?.problems ?? [];
      // A value of the wrong type is refused before the resolver, naming its place in the message.
      const typePath = /at "(input(?:\.\w+)+)"/.exec(error.message)?.[1];
      const placed = problems.filter((problem) => problem.path && showError(problem.path, problem.message));
      if (placed.length === 0 && typePath) showError(typePath, error.message);
      message.textContent = `Nothing was saved: ${placed.length > 0 ? `${placed.length === 1 ? 'one field needs' : `${placed.length} fields need`} a change.` : error.message}`;
      message.className = 'form-message error';
      form.querySelector('[aria-invalid="true"]')?.focus();
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function importForm(context) {
  const kind = h('select', { id: 'import-kind', name: 'kind' }, IMPORT_KINDS.map((entry) => h('option', { value: entry.kind }, entry.label)));
  const file = h('input', { type: 'file', id: 'import-file', name: 'file', accept: '.csv,text/csv', required: true });
  const result = h('div', { class: 'import-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'import-form', novalidate: true },
    h('fieldset', { class: 'plain', disabled: !context.session.isAdmin },
      h('legend', { class: 'sr-only' }, 'Import a CSV file'),
      h('div', { class: 'field-grid' },
        h('div', { class: 'field' }, h('label', { for: 'import-kind' }, 'What the file holds'), kind),
        h('div', { class: 'field' }, h('label', { for: 'import-file' }, 'CSV file'), file)),
      context.session.isAdmin
        ? h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Import'))
        : h('p', { class: 'hint' }, 'Only an ADMIN can import.')),
    result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) {
      result.replaceChildren(h('p', { class: 'error' }, 'Choose a CSV file first.'));
      return;
    }
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    result.replaceChildren(h('p', { class: 'muted' }, `Importing ${chosen.name}…`));
    try {
      const request = importRequest(kind.value, await chosen.text());
      const data = await context.gql(request.query, request.variables);
      const done = data[request.mutation];
      result.replaceChildren(h('p', { class: 'ok' },
        `${chosen.name}: ${format.number(done.rows)} rows read, ${format.number(done.created)} created, ${format.number(done.updated)} updated.`));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') return context.onUnauthenticated();
      const problems = error.extensions?.problems ?? [];
      result.replaceChildren(
        h('p', { class: 'error', role: 'alert' }, `Nothing was imported from ${chosen.name}: ${problems.length > 0 ? `${problems.length === 1 ? 'one problem' : `${problems.length} problems`} to fix.` : error.message}`),
        problems.length > 0
          ? h('div', { class: 'table-scroll', tabindex: 0 }, h('table', { class: 'import-problems' },
              h('caption', { class: 'sr-only' }, 'Problems by line'),
              h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'num' }, 'Line'), h('th', { scope: 'col' }, 'Column'), h('th', { scope: 'col' }, 'Problem'))),
              h('tbody', {}, problems.map((problem) => h('tr', {},
                h('td', { class: 'num' }, problem.line ?? '—'), h('td', {}, problem.column ?? '—'), h('td', {}, problem.message))))))
          : null);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

export async function renderSettings(container, context) {
  const { planningSettings: settings } = await context.gql(SETTINGS_QUERY);
  const holder = h('div');
  const updated = h('p', { class: 'hint' });
  const show = (current) => {
    updated.textContent = `Time zone ${current.timezone}; last changed ${format.time(current.updatedAt)}.`;
    holder.replaceChildren(settingsForm(current, context, show));
  };
  show(settings);
  container.replaceChildren(
    h('header', { class: 'view-header' }, h('h1', {}, 'Settings')),
    h('section', { class: 'card', 'aria-labelledby': 'planning-settings-title' },
      h('h2', { id: 'planning-settings-title' }, 'Planning'), updated, holder),
    h('section', { class: 'card', 'aria-labelledby': 'import-title' },
      h('h2', { id: 'import-title' }, 'Import from CSV'),
      h('p', { class: 'hint' }, 'One file per kind; the whole file is checked first and nothing is written if any line is wrong. Columns: docs/IMPORT.md.'),
      importForm(context)),
  );
}
