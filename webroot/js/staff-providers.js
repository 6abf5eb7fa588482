// The staff page's "Enti" tab (supervisors): the providers of the network with their kind, town,
// address and shop category (GET /api/v1/providers), a form that adds one (POST) or changes the
// one chosen with "Modifica" (PUT /api/v1/providers/{id}). A shop needs an address and a category.
import { api, t, busy, showError } from './sportello.js';
import { byId, el, fill, focusOn } from './dom.js';
import { field, fieldError, say } from './staff-form.js';
import { loadMunicipalities, municipalityName } from './admin-municipalities.js';
import './provider-words.js';

const KINDS = ['cooperative', 'municipality', 'association', 'shop'];
const CATEGORIES = ['groceries', 'pharmacy', 'butcher', 'bakery', 'greengrocer', 'household', 'stationery', 'other'];

let providers = [];
let towns = [];
let editing = null;

/** Draws the tab (again, for a language change or after a change). */
export async function startProviders() {
  try {
    towns = await loadMunicipalities();
  } catch (error) {
    towns = [];
  }
  drawForm();
  await loadProviders();
}

async function loadProviders() {
  byId('enti-errore').hidden = true;
  try {
    providers = (await api('GET', '/api/v1/providers')).items;
    drawList();
  } catch (error) {
    showError(byId('enti-errore'), error);
  }
}

function drawList() {
  fill(byId('enti-elenco'), el('div', { class: 'table-responsive' }, el('table', { class: 'table staff-table' },
    el('caption', { class: 'visually-hidden' }, t('staff.providers.caption')),
    el('thead', {}, el('tr', {}, ['staff.providers.col.name', 'staff.providers.col.kind', 'staff.providers.col.town',
      'staff.providers.col.address', 'staff.col.actions'].map(key => el('th', { scope: 'col' }, t(key))))),
    el('tbody', {}, providers.map(p => el('tr', { dataset: { provider: p.id } },
      el('th', { scope: 'row' }, p.name),
      el('td', {}, t('providerKind.' + p.kind) + (p.shopCategory ? ' · ' + t('category.' + p.shopCategory) : '')),
      el('td', {}, p.municipality.name + ' (' + p.municipality.province + ')'),
      el('td', {}, p.address || ''),
      el('td', { class: 'staff-actions' }, el('button', { type: 'button', class: 'btn btn-outline-primary btn-sm',
        'aria-label': t('staff.providers.edit', { name: p.name }), onclick: () => edit(p) }, t('staff.providers.editShort')))))))));
}

function select(options, chosen) {
  return el('select', { class: 'form-select' }, el('option', { value: '' }, t('staff.f.choose')),
    options.map(([value, label]) => el('option', { value, selected: value === chosen }, label)));
}

function drawForm() {
  const p = editing || {};
  const form = byId('enti-form');
  fill(form,
    el('div', { id: 'enti-form-errore', class: 'alert alert-danger', role: 'alert', hidden: true }),
    field('ente-nome', 'staff.providers.f.name', el('input', { class: 'form-control', type: 'text', autocomplete: 'off',
      required: true, value: p.name || '' })),
    field('ente-piva', 'staff.providers.f.vat', el('input', { class: 'form-control', type: 'text', autocomplete: 'off',
      inputmode: 'numeric', maxlength: 11, required: true, value: p.vatNumber || '' })),
    field('ente-tipo', 'staff.providers.f.kind', select(KINDS.map(k => [k, t('providerKind.' + k)]), p.kind), {}),
    field('ente-comune', 'staff.providers.f.town', select(towns.map(m => [m.code, municipalityName(m.code)]),
      p.municipality && p.municipality.code)),
    field('ente-indirizzo', 'staff.providers.f.address', el('input', { class: 'form-control', type: 'text', autocomplete: 'off',
      value: p.address || '' }), { hintKey: 'staff.providers.f.addressHint', optional: true }),
    field('ente-categoria', 'staff.providers.f.category', select(CATEGORIES.map(c => [c, t('category.' + c)]),
      p.shopCategory), { hintKey: 'staff.providers.f.categoryHint', optional: true }),
    el('div', { class: 'd-flex flex-wrap gap-2 my-2' },
      el('button', { type: 'submit', class: 'btn btn-primary', id: 'ente-salva' },
        t(editing ? 'staff.providers.save' : 'staff.providers.create')),
      editing ? el('button', { type: 'button', class: 'btn btn-outline-primary', onclick: () => { editing = null; drawForm(); } },
        t('staff.providers.cancel')) : null));
  form.onsubmit = event => { event.preventDefault(); save(); };
}

function edit(provider) {
  editing = provider;
  drawForm();
  byId('enti-box').open = true;
  focusOn(byId('ente-nome'));
}

async function save() {
  const body = {
    name: byId('ente-nome').value.trim(), vatNumber: byId('ente-piva').value.trim(),
    kind: byId('ente-tipo').value, municipality: byId('ente-comune').value,
  };
  if (byId('ente-indirizzo').value.trim()) body.address = byId('ente-indirizzo').value.trim();
  if (byId('ente-categoria').value) body.shopCategory = byId('ente-categoria').value;
  if (editing && editing.description) body.description = editing.description;
  if (editing && editing.replyToEmail) body.replyToEmail = editing.replyToEmail;
  const shop = body.kind === 'shop';
  const wrong = [
    fieldError('ente-nome', body.name.length >= 2 ? null : 'staff.providers.err.name'),
    fieldError('ente-piva', /^[0-9]{11}$/.test(body.vatNumber) ? null : 'staff.providers.err.vat'),
    fieldError('ente-tipo', body.kind ? null : 'staff.providers.err.kind'),
    fieldError('ente-comune', body.municipality ? null : 'staff.providers.err.town'),
    fieldError('ente-indirizzo', !shop || body.address ? null : 'staff.providers.err.address'),
    fieldError('ente-categoria', shop === Boolean(body.shopCategory) ? null
      : shop ? 'staff.providers.err.category' : 'staff.providers.err.notShop'),
  ];
  const alert = byId('enti-form-errore');
  alert.hidden = true;
  if (wrong.some(Boolean)) {
    alert.textContent = t('staff.err.form');
    alert.hidden = false;
    focusOn(byId(form().querySelector('.field-error:not([hidden])').id.replace(/-errore$/, '')));
    return;
  }
  try {
    const saved = await busy(byId('ente-salva'), () => editing
      ? api('PUT', '/api/v1/providers/' + encodeURIComponent(editing.id), body)
      : api('POST', '/api/v1/providers', body));
    editing = null;
    drawForm();
    say('enti-esito', t('staff.providers.saved', { name: saved.name }));
    await loadProviders();
    focusOn(byId('enti-esito'));
  } catch (error) {
    showError(alert, error);
    focusOn(alert);
  }
}

function form() {
  return byId('enti-form');
}
