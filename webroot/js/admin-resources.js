// The cooperative's resources (/gestione-risorse.html): rooms, groups and people the services are
// offered with, their places, changed or retired through the provider API.
import { t, api, busy } from './sportello.js';
import { byId, el, focusOn } from './dom.js';
import { field, fieldRow, text, integer, setValue, clearErrors, showProblem } from './admin-form.js';
import { startAdminPage, table, action, say, submitRow, options, slotsText, problemInList, setButton, loaded } from './admin-page.js';
import { showResourceFeeds } from './admin-calendar-feeds.js';

const KINDS = ['room', 'group', 'person'];

const state = { resources: [], editing: null, built: false };

startAdminPage({ onLanguage: renderAll }).then(start);

async function start() {
  buildForm();
  state.built = true;
  await reload();
  loaded();
}

async function reload() {
  try {
    state.resources = (await api('GET', '/api/v1/provider/resources')).items;
    byId('gestione-errore').hidden = true;
  } catch (e) {
    loaded(e);
  }
  renderAll();
}

function renderAll() {
  document.title = t('res.documentTitle');
  if (!state.built) return;
  const rows = state.resources.map(r => el('tr', { 'data-resource': r.id },
    el('th', { scope: 'row' }, r.name),
    el('td', {}, t('kind.' + r.kind)),
    el('td', {}, String(r.capacity)),
    el('td', {}, t(r.retired ? 'admin.retired' : 'admin.active')),
    el('td', { class: 'admin-actions' }, r.retired ? '' : el('div', { class: 'd-flex flex-wrap gap-2' },
      action('admin.edit', r.name, () => editResource(r)),
      action('admin.retire', r.name, () => retireResource(r))))));
  byId('risorse-elenco').replaceChildren(table(t('res.title'),
    ['res.f.name', 'res.f.kind', 'res.f.capacity', 'admin.status', 'admin.actions'], rows, 'res.none'));
  showResourceFeeds(state.resources);
  renderFormMode();
}

function buildForm() {
  const form = byId('risorsa-form');
  form.append(
    fieldRow(
      field({ id: 'ri-nome', pointer: '/name', label: 'res.f.name', hint: 'res.f.nameHint', width: 'col-lg-4' }),
      field({ id: 'ri-tipo', pointer: '/kind', label: 'res.f.kind', hint: 'res.f.kindHint', type: 'select',
        options: options(KINDS, 'kind.'), width: 'col-md-6 col-lg-4' }),
      field({ id: 'ri-posti', pointer: '/capacity', label: 'res.f.capacity', hint: 'res.f.capacityHint', inputmode: 'numeric',
        width: 'col-md-6 col-lg-4' })),
    el('div', { id: 'ri-errore', role: 'alert', class: 'alert alert-danger', hidden: true }),
    submitRow('ri', 'res.save'),
    el('p', { id: 'ri-esito', role: 'status', class: 'admin-status' }));
  form.addEventListener('submit', saveResource);
  byId('ri-annulla').addEventListener('click', () => { editResource(null); byId('ri-nome').focus(); });
}

async function saveResource(event) {
  event.preventDefault();
  const form = byId('risorsa-form');
  const alert = byId('ri-errore');
  clearErrors(form, alert);
  byId('ri-esito').textContent = '';
  const editing = state.editing;
  const body = { name: text(form, 'ri-nome'), capacity: integer(form, 'ri-posti') };
  if (!editing) body.kind = text(form, 'ri-tipo');
  try {
    const saved = await busy(byId('ri-salva'), () => editing
      ? api('PUT', `/api/v1/provider/resources/${editing.id}`, body)
      : api('POST', '/api/v1/provider/resources', body));
    editResource(null);
    await reload();
    say('ri-esito', t(editing ? 'res.updated' : 'res.created', { name: saved.name }));
  } catch (e) {
    showProblem(form, alert, e);
  }
}

function editResource(resource) {
  const form = byId('risorsa-form');
  clearErrors(form, byId('ri-errore'));
  state.editing = resource;
  if (!resource) {
    form.reset();
  } else {
    setValue(form, 'ri-nome', resource.name);
    setValue(form, 'ri-tipo', resource.kind);
    setValue(form, 'ri-posti', resource.capacity);
    byId('ri-nome').focus();
  }
  renderFormMode();
}

function renderFormMode() {
  const r = state.editing;
  byId('risorsa-form-titolo').textContent = r ? t('res.editing', { name: r.name }) : t('res.new');
  setButton('ri-salva', r ? 'res.saveChanges' : 'res.save');
  byId('ri-annulla').hidden = !r;
  byId('ri-tipo').disabled = !!r;
}

async function retireResource(resource) {
  if (!window.confirm(t('admin.confirmRetire', { name: resource.name }))) return;
  byId('risorse-errore').hidden = true;
  try {
    const answer = await api('POST', `/api/v1/provider/resources/${resource.id}/retire`, {});
    if (state.editing && state.editing.id === resource.id) editResource(null);
    await reload();
    say('risorse-esito', t('res.retiredDone') + slotsText(answer));
    focusOn(byId('risorse-titolo'));
  } catch (e) {
    problemInList('risorse-errore', e, id => (state.resources.find(r => r.id === id) || {}).name || id);
  }
}
