// The cooperative's projects and funders (/progetti-ente.html, issue 23 part 2): the list with each
// project's use of its budget (a bar with its percentage also in words), the form to add or change
// one (name, funder, period, budget in hours or euros) and the services it funds as a tick list
// (GET/POST/PUT /api/v1/provider/projects).
import { t, api, busy, euro, locale, Problem } from './sportello.js';
import { byId, el, focusOn } from './dom.js';
import { field, fieldRow, text, integer, cents, setValue, clearErrors, showProblem } from './admin-form.js';
import { startAdminPage, table, action, say, submitRow, setButton, loaded, problemInList } from './admin-page.js';
import './projects-words.js';

const state = { projects: [], services: [], editing: null, built: false };

startAdminPage({ onLanguage: renderAll }).then(start).catch(error => loaded(error));

async function start() {
  await reload();
  buildForm();
  state.built = true;
  renderAll();
  loaded();
}

async function reload() {
  try {
    const answer = await api('GET', '/api/v1/provider/projects');
    state.projects = answer.items;
    state.services = answer.services;
    byId('gestione-errore').hidden = true;
  } catch (e) {
    loaded(e);
  }
}

/** "1 gen 2026", a calendar day as the API gives it (AAAA-MM-GG). */
function day(value) {
  return new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(value + 'T12:00:00Z'));
}

function hours(minutes) {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(minutes / 60);
}

/** The use of the budget: a bar (progressbar, named) and the same in words beside it. */
function use(p) {
  const percent = p.usedPercent ?? 0;
  const words = p.budgetMinutes
    ? t('prj.useHours', { percent, used: hours(p.use.minutes), budget: hours(p.budgetMinutes) })
    : t('prj.useEuros', { percent, used: euro(p.use.cents), budget: euro(p.budgetCents) });
  return [
    el('div', { class: 'progress', style: 'height: 0.75rem' },
      el('div', { class: 'progress-bar' + (percent > 100 ? ' bg-danger' : ''), role: 'progressbar',
        style: `width: ${Math.min(percent, 100)}%`, 'aria-valuenow': String(Math.min(percent, 100)), 'aria-valuemin': '0',
        'aria-valuemax': '100', 'aria-label': t('prj.useLabel', { name: p.name }), 'aria-valuetext': words })),
    el('p', { class: 'mb-0 mt-1', 'data-use': String(percent) }, words),
    el('p', { class: 'mb-0 small' }, p.use.sessions === 1 ? t('prj.delivered1') : t('prj.delivered', { n: p.use.sessions })),
  ];
}

function renderAll() {
  document.title = t('prj.documentTitle');
  if (!state.built) return;
  const rows = state.projects.map(p => el('tr', { 'data-project': p.id },
    el('th', { scope: 'row' }, p.name, el('br', {}), el('span', { class: 'fw-normal' }, p.funder)),
    el('td', {}, t('prj.period', { from: day(p.startsOn), to: day(p.endsOn) })),
    el('td', {}, p.services.length ? p.services.map(s => s.title).join(', ') : t('prj.noServices')),
    el('td', { class: 'admin-use' }, use(p)),
    el('td', { class: 'admin-actions' }, action('admin.edit', p.name, () => edit(p)), ' ',
      action('admin.remove', p.name, () => remove(p)))));
  byId('progetti-elenco').replaceChildren(table(t('prj.title'),
    ['prj.col.project', 'prj.col.period', 'prj.col.services', 'prj.col.use', 'admin.actions'], rows, 'prj.none'));
  renderFormMode();
}

function buildForm() {
  const form = byId('progetto-form');
  form.append(
    fieldRow(
      field({ id: 'pj-nome', pointer: '/name', label: 'prj.f.name', hint: 'prj.f.nameHint', width: 'col-lg-6' }),
      field({ id: 'pj-finanziatore', pointer: '/funder', label: 'prj.f.funder', hint: 'prj.f.funderHint', width: 'col-lg-6' })),
    fieldRow(
      field({ id: 'pj-inizio', pointer: '/startsOn', label: 'prj.f.startsOn', type: 'date', width: 'col-md-6 col-lg-3' }),
      field({ id: 'pj-fine', pointer: '/endsOn', label: 'prj.f.endsOn', type: 'date', width: 'col-md-6 col-lg-3' }),
      field({ id: 'pj-tipo', pointer: '/budgetKind', label: 'prj.f.budgetKind', type: 'select',
        options: [['hours', 'prj.kind.hours'], ['euros', 'prj.kind.euros']], width: 'col-md-6 col-lg-3' }),
      field({ id: 'pj-budget', pointer: '/budget', label: 'prj.f.budget', hint: 'prj.f.budgetHint', inputmode: 'decimal',
        width: 'col-md-6 col-lg-3' })),
    el('fieldset', { id: 'pj-servizi', class: 'mb-3', 'aria-describedby': 'pj-servizi-aiuto' },
      el('legend', { class: 'h6' }, t('prj.f.services')),
      el('p', { id: 'pj-servizi-aiuto', class: 'form-text mt-0 mb-1' }, t('prj.f.servicesHint')),
      state.services.map(s => el('div', { class: 'form-check' },
        el('input', { class: 'form-check-input', type: 'checkbox', id: 'pj-s-' + s.id, name: 'servizio', value: s.id }),
        el('label', { class: 'form-check-label', for: 'pj-s-' + s.id }, s.title)))),
    el('div', { id: 'pj-errore', role: 'alert', class: 'alert alert-danger', hidden: true }),
    submitRow('pj', 'prj.save'),
    el('p', { id: 'pj-esito', role: 'status', class: 'admin-status' }));
  // The budget's single field stands for whichever of the API's two fields the kind names.
  byId('pj-budget').dataset.pointer = '/budgetMinutes';
  byId('pj-tipo').addEventListener('change', () => {
    byId('pj-budget').dataset.pointer = byId('pj-tipo').value === 'hours' ? '/budgetMinutes' : '/budgetCents';
  });
  form.addEventListener('submit', save);
  byId('pj-annulla').addEventListener('click', () => { edit(null); byId('pj-nome').focus(); });
}

async function save(event) {
  event.preventDefault();
  const form = byId('progetto-form');
  const alert = byId('pj-errore');
  clearErrors(form, alert);
  byId('pj-esito').textContent = '';
  const editing = state.editing;
  const inHours = byId('pj-tipo').value === 'hours';
  const amount = inHours ? integer(form, 'pj-budget') : cents(form, 'pj-budget');
  const body = {
    name: text(form, 'pj-nome'), funder: text(form, 'pj-finanziatore'),
    startsOn: text(form, 'pj-inizio'), endsOn: text(form, 'pj-fine'),
    serviceIds: [...form.querySelectorAll('input[name="servizio"]:checked')].map(box => box.value),
  };
  if (amount === undefined || typeof amount !== 'number') {
    showProblem(form, alert, new Problem(422, { errors: [{ pointer: inHours ? '/budgetMinutes' : '/budgetCents',
      detail: t('prj.err.budget') }] }));
    return;
  }
  if (inHours) body.budgetMinutes = amount * 60;
  else body.budgetCents = amount;
  try {
    const saved = await busy(byId('pj-salva'), () => editing
      ? api('PUT', `/api/v1/provider/projects/${editing.id}`, body)
      : api('POST', '/api/v1/provider/projects', body));
    edit(null);
    await reload();
    renderAll();
    say('progetti-esito', t(editing ? 'prj.updated' : 'prj.created', { name: saved.name }));
    focusOn(byId('progetti-titolo'));
  } catch (e) {
    showProblem(form, alert, e);
  }
}

/** Removes a project after asking; the API refuses (409, said in the list's alert) while bookings count against it. */
async function remove(project) {
  if (!window.confirm(t('prj.confirmRemove', { name: project.name }))) return;
  byId('progetti-errore').hidden = true;
  try {
    await api('DELETE', `/api/v1/provider/projects/${project.id}`);
    if (state.editing && state.editing.id === project.id) edit(null);
    await reload();
    renderAll();
    say('progetti-esito', t('prj.removed', { name: project.name }));
    focusOn(byId('progetti-titolo'));
  } catch (e) {
    problemInList('progetti-errore', e);
  }
}

function edit(project) {
  const form = byId('progetto-form');
  clearErrors(form, byId('pj-errore'));
  state.editing = project;
  form.reset();
  if (project) {
    setValue(form, 'pj-nome', project.name);
    setValue(form, 'pj-finanziatore', project.funder);
    setValue(form, 'pj-inizio', project.startsOn);
    setValue(form, 'pj-fine', project.endsOn);
    setValue(form, 'pj-tipo', project.budgetMinutes ? 'hours' : 'euros');
    setValue(form, 'pj-budget', project.budgetMinutes ? project.budgetMinutes / 60
      : new Intl.NumberFormat(locale(), { minimumFractionDigits: 2, useGrouping: false }).format(project.budgetCents / 100));
    project.services.forEach(s => { const box = byId('pj-s-' + s.id); if (box) box.checked = true; });
    byId('progetto-box').open = true;
    byId('pj-nome').focus();
  }
  byId('pj-tipo').dispatchEvent(new Event('change'));
  renderFormMode();
}

function renderFormMode() {
  const p = state.editing;
  byId('progetto-form-titolo').textContent = p ? t('prj.editing', { name: p.name }) : t('prj.new');
  setButton('pj-salva', p ? 'prj.saveChanges' : 'prj.save');
  byId('pj-annulla').hidden = !p;
}
