// The provider admin pages (/gestione.html): a cooperative's services with their booking rules,
// resources, weekly schedule rules, day exceptions and closures, through the provider API
// (own cooperative only: the API enforces it). Refusals are shown where they belong: validation
// errors next to the fields the API names, schedule conflicts as the list of booked slots.
import { t, api, busy, showError, euro, Problem } from './sportello.js';
import { byId, el } from './dom.js';
import { romeDay, shortDate } from './time.js';
import './admin-words.js';
import { signedIn, startHeader } from './signin.js';
import { field, text, integer, cents, setValue, clearErrors, showProblem, showConflict } from './admin-form.js';
import { loadAreas, areaCodes, areaLabel } from './areas.js';

const AUDIENCES = ['families', 'children', 'elderly', 'adults', 'everyone'];
const MODES = ['at_place', 'at_home', 'online'];
const UNITS = ['hour', 'session', 'week', 'month'];
const LETTERS = ['none', 'f', 'f_bis', 'f_ter', 'fringe_benefit'];
const KINDS = ['room', 'group', 'person'];
const DAYS = [1, 2, 3, 4, 5, 6, 7];

const state = {
  services: [],
  resources: [],
  serviceId: null, // the service whose schedule is shown
  schedule: null, // {rules[], exceptions[], closures[]}
  editing: { service: null, resource: null, rule: null },
};

startHeader({ onLanguage: renderAll });
loadAreas(); // while the person signs in
signedIn({ role: 'provider_admin' }).then(start);

async function start() {
  byId('gestione').hidden = false;
  document.title = t('admin.pageTitle');
  try {
    await loadAreas(); // the service form and table name them
  } catch (e) {
    byId('carico').textContent = '';
    byId('carico').removeAttribute('data-t');
    showError(byId('gestione-errore'), e);
    return;
  }
  buildServiceForm();
  buildResourceForm();
  buildRuleForm();
  buildExceptionForm();
  buildClosureForm();
  await reload();
  byId('carico').textContent = '';
  byId('carico').removeAttribute('data-t');
}

/** Reads services and resources again, then the schedule of the chosen service. */
async function reload() {
  try {
    const [services, resources] = await Promise.all([
      api('GET', '/api/v1/provider/services'), api('GET', '/api/v1/provider/resources')]);
    state.services = services.items;
    state.resources = resources.items;
    byId('gestione-errore').hidden = true;
  } catch (e) {
    showError(byId('gestione-errore'), e);
  }
  const active = state.services.filter(s => !s.retiredAt);
  if (!active.some(s => s.id === state.serviceId)) state.serviceId = active.length ? active[0].id : null;
  await loadSchedule();
}

async function loadSchedule() {
  state.schedule = null;
  if (state.serviceId) {
    try {
      state.schedule = await api('GET', `/api/v1/provider/services/${state.serviceId}/schedule`);
    } catch (e) {
      showError(byId('gestione-errore'), e);
    }
  }
  renderAll();
}

function renderAll() {
  document.title = t('admin.pageTitle');
  fillAreaSelect();
  renderServices();
  renderResources();
  renderScheduleChoice();
  renderSchedule();
  renderFormModes();
  fillResourceSelects();
}

// ------------------------------------------------------------------ small helpers

function table(caption, headers, rows, empty) {
  if (rows.length === 0) return el('p', {}, t(empty));
  return el('table', { class: 'admin-table' },
    el('caption', { class: 'visually-hidden' }, caption),
    el('thead', {}, el('tr', {}, headers.map(key => el('th', { scope: 'col' }, t(key))))),
    el('tbody', {}, rows));
}

/** A row action whose accessible name says which row it acts on ("Modifica Doposcuola"). */
function action(wordKey, name, onclick, extra = {}) {
  return el('button', { type: 'button', class: 'secondary', onclick, ...extra },
    t(wordKey), el('span', { class: 'visually-hidden' }, ' ' + name));
}

function resourceName(id) {
  const r = state.resources.find(x => x.id === id);
  return r ? r.name : id;
}

function slotsText(answer) {
  const s = answer && answer.slots;
  return s ? ' ' + t('slots.changed', { added: s.added, removed: s.removed, resized: s.resized }) : '';
}

function say(statusId, message) {
  const status = byId(statusId);
  status.textContent = '';
  // A fresh text node each time, so the same message twice is announced twice.
  setTimeout(() => { status.textContent = message; }, 50);
}

function submitRow(prefix, saveKey) {
  return el('div', { class: 'row admin-buttons' },
    el('button', { type: 'submit', id: prefix + '-salva' }, t(saveKey)),
    el('button', { type: 'button', id: prefix + '-annulla', class: 'secondary', hidden: true }, t('admin.cancelEdit')));
}

function options(values, prefix) {
  return values.map(v => [String(v), prefix + v]);
}

// ------------------------------------------------------------------ services

function renderServices() {
  const rows = state.services.map(s => el('tr', { 'data-service': s.id },
    el('th', { scope: 'row' }, s.title),
    el('td', {}, areaLabel(s.area)),
    el('td', {}, t('mode.' + s.deliveryMode)),
    el('td', {}, euro(s.tariff.cents) + ' ' + t('unit.' + s.tariff.unit)),
    el('td', {}, t('svc.policyText', {
      notice: s.policy.minNoticeMinutes, horizon: s.policy.horizonDays, cancel: s.policy.cancelWindowHours,
    })),
    el('td', {}, t(s.retiredAt ? 'admin.retired' : 'admin.active')),
    el('td', { class: 'admin-actions' }, s.retiredAt ? '' : [
      action('admin.edit', s.title, () => editService(s)),
      action('admin.schedule', s.title, () => showSchedule(s.id)),
      action('admin.retire', s.title, () => retireService(s)),
    ])));
  byId('servizi-elenco').replaceChildren(table(t('svc.title'),
    ['svc.col.title', 'svc.col.area', 'svc.col.mode', 'svc.col.tariff', 'svc.col.policy', 'admin.status', 'admin.actions'],
    rows, 'svc.none'));
}

function buildServiceForm() {
  const form = byId('servizio-form');
  form.append(
    field({ id: 's-titolo', pointer: '/title', label: 'svc.f.title', hint: 'svc.f.titleHint' }),
    field({ id: 's-descrizione', pointer: '/description', label: 'svc.f.description', hint: 'svc.f.descriptionHint',
      type: 'textarea' }),
    el('div', { class: 'row' },
      field({ id: 's-area', pointer: '/area', label: 'svc.f.area', type: 'select' }),
      field({ id: 's-pubblico', pointer: '/audience', label: 'svc.f.audience', type: 'select',
        options: options(AUDIENCES, 'audience.') })),
    el('div', { class: 'row' },
      field({ id: 's-modo', pointer: '/deliveryMode', label: 'svc.f.mode', type: 'select', options: options(MODES, 'mode.') }),
      field({ id: 's-indirizzo', pointer: '/address', label: 'svc.f.address', hint: 'svc.f.addressHint', optional: true })),
    field({ id: 's-comuni', pointer: '/municipalities', label: 'svc.f.municipalities', hint: 'svc.f.municipalitiesHint',
      optional: true, inputmode: 'numeric' }),
    el('div', { class: 'row' },
      field({ id: 's-tariffa', pointer: '/tariffCents', label: 'svc.f.tariff', hint: 'svc.f.tariffHint', inputmode: 'decimal' }),
      field({ id: 's-unita', pointer: '/tariffUnit', label: 'svc.f.unit', type: 'select', options: options(UNITS, 'unit.') })),
    field({ id: 's-welfare', pointer: '/welfareLetter', label: 'svc.f.welfare', type: 'select',
      options: options(LETTERS, 'welfare.') }),
    el('fieldset', {},
      el('legend', { 'data-t': 'svc.f.policy' }, t('svc.f.policy')),
      el('div', { class: 'row' },
        field({ id: 's-preavviso', pointer: '/policy/minNoticeMinutes', label: 'svc.f.notice', hint: 'svc.f.noticeHint',
          optional: true, inputmode: 'numeric' }),
        field({ id: 's-orizzonte', pointer: '/policy/horizonDays', label: 'svc.f.horizon', hint: 'svc.f.horizonHint',
          optional: true, inputmode: 'numeric' }),
        field({ id: 's-disdetta', pointer: '/policy/cancelWindowHours', label: 'svc.f.cancel', hint: 'svc.f.cancelHint',
          optional: true, inputmode: 'numeric' }))),
    el('div', { id: 's-errore', role: 'alert', hidden: true }),
    submitRow('s', 'svc.save'),
    el('p', { id: 's-esito', role: 'status', class: 'admin-status' }));
  fillAreaSelect();
  form.addEventListener('submit', saveService);
  byId('s-annulla').addEventListener('click', () => { editService(null); byId('s-titolo').focus(); });
}

/** The area choices, named in the current language (the server's list: areas.js); the choice stays. */
function fillAreaSelect() {
  const select = byId('s-area');
  if (!select) return;
  const chosen = select.value;
  select.replaceChildren(...areaCodes().map(code => el('option', { value: code }, areaLabel(code))));
  if (chosen) select.value = chosen;
}

function serviceBody(form) {
  const letter = text(form, 's-welfare');
  const body = {
    area: text(form, 's-area'), title: text(form, 's-titolo'), description: text(form, 's-descrizione'),
    tariffCents: cents(form, 's-tariffa'), tariffUnit: text(form, 's-unita'), deliveryMode: text(form, 's-modo'),
    audience: text(form, 's-pubblico'), welfareLetter: letter === 'none' ? null : letter,
    address: text(form, 's-indirizzo') || null,
    municipalities: text(form, 's-comuni').split(/[\s,;]+/).filter(Boolean),
  };
  const policy = {
    minNoticeMinutes: integer(form, 's-preavviso'), horizonDays: integer(form, 's-orizzonte'),
    cancelWindowHours: integer(form, 's-disdetta'),
  };
  Object.keys(policy).forEach(k => policy[k] === undefined && delete policy[k]);
  if (Object.keys(policy).length) body.policy = policy;
  return body;
}

async function saveService(event) {
  event.preventDefault();
  const form = byId('servizio-form');
  const alert = byId('s-errore');
  clearErrors(form, alert);
  byId('s-esito').textContent = '';
  const editing = state.editing.service;
  const body = serviceBody(form);
  try {
    const saved = await busy(byId('s-salva'), () => editing
      ? api('PUT', `/api/v1/provider/services/${editing.id}`, body)
      : api('POST', '/api/v1/provider/services', body));
    state.editing.service = null;
    form.reset();
    if (!state.serviceId) state.serviceId = saved.id;
    await reload();
    say('s-esito', t(editing ? 'svc.updated' : 'svc.created', { name: saved.title }));
  } catch (e) {
    showProblem(form, alert, e);
  }
}

function editService(service) {
  const form = byId('servizio-form');
  clearErrors(form, byId('s-errore'));
  state.editing.service = service;
  if (!service) {
    form.reset();
  } else {
    setValue(form, 's-titolo', service.title);
    setValue(form, 's-descrizione', service.description);
    setValue(form, 's-area', service.area);
    setValue(form, 's-pubblico', service.audience);
    setValue(form, 's-modo', service.deliveryMode);
    setValue(form, 's-indirizzo', service.address);
    setValue(form, 's-comuni', (service.municipalities || []).join(', '));
    setValue(form, 's-tariffa', (service.tariff.cents / 100).toFixed(2).replace('.', ','));
    setValue(form, 's-unita', service.tariff.unit);
    setValue(form, 's-welfare', service.welfareLetter || 'none');
    setValue(form, 's-preavviso', service.policy.minNoticeMinutes);
    setValue(form, 's-orizzonte', service.policy.horizonDays);
    setValue(form, 's-disdetta', service.policy.cancelWindowHours);
    byId('s-titolo').focus();
  }
  renderFormModes();
}

async function retireService(service) {
  if (!window.confirm(t('admin.confirmRetire', { name: service.title }))) return;
  byId('servizi-errore').hidden = true;
  try {
    const answer = await api('POST', `/api/v1/provider/services/${service.id}/retire`, {});
    await reload();
    say('servizi-esito', t('svc.retiredDone') + slotsText(answer));
  } catch (e) {
    problemInList('servizi-errore', e);
  }
}

function problemInList(alertId, error) {
  const alert = byId(alertId);
  if (error instanceof Problem && error.status === 409 && error.body.type === '/problems/schedule-conflict') {
    showConflict(alert, error.body, resourceName);
  } else {
    showError(alert, error);
  }
}

function showSchedule(serviceId) {
  state.serviceId = serviceId;
  loadSchedule().then(() => byId('orari-titolo').focus());
}

// ------------------------------------------------------------------ resources

function renderResources() {
  const rows = state.resources.map(r => el('tr', { 'data-resource': r.id },
    el('th', { scope: 'row' }, r.name),
    el('td', {}, t('kind.' + r.kind)),
    el('td', {}, String(r.capacity)),
    el('td', {}, t(r.retired ? 'admin.retired' : 'admin.active')),
    el('td', { class: 'admin-actions' }, r.retired ? '' : [
      action('admin.edit', r.name, () => editResource(r)),
      action('admin.retire', r.name, () => retireResource(r)),
    ])));
  byId('risorse-elenco').replaceChildren(table(t('res.title'),
    ['res.f.name', 'res.f.kind', 'res.f.capacity', 'admin.status', 'admin.actions'], rows, 'res.none'));
}

function buildResourceForm() {
  const form = byId('risorsa-form');
  form.append(
    field({ id: 'ri-nome', pointer: '/name', label: 'res.f.name', hint: 'res.f.nameHint' }),
    el('div', { class: 'row' },
      field({ id: 'ri-tipo', pointer: '/kind', label: 'res.f.kind', hint: 'res.f.kindHint', type: 'select',
        options: options(KINDS, 'kind.') }),
      field({ id: 'ri-posti', pointer: '/capacity', label: 'res.f.capacity', hint: 'res.f.capacityHint', inputmode: 'numeric' })),
    el('div', { id: 'ri-errore', role: 'alert', hidden: true }),
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
  const editing = state.editing.resource;
  const body = { name: text(form, 'ri-nome'), capacity: integer(form, 'ri-posti') };
  if (!editing) body.kind = text(form, 'ri-tipo');
  try {
    const saved = await busy(byId('ri-salva'), () => editing
      ? api('PUT', `/api/v1/provider/resources/${editing.id}`, body)
      : api('POST', '/api/v1/provider/resources', body));
    state.editing.resource = null;
    form.reset();
    await reload();
    say('ri-esito', t(editing ? 'res.updated' : 'res.created', { name: saved.name }));
  } catch (e) {
    showProblem(form, alert, e);
  }
}

function editResource(resource) {
  const form = byId('risorsa-form');
  clearErrors(form, byId('ri-errore'));
  state.editing.resource = resource;
  if (!resource) {
    form.reset();
  } else {
    setValue(form, 'ri-nome', resource.name);
    setValue(form, 'ri-tipo', resource.kind);
    setValue(form, 'ri-posti', resource.capacity);
    byId('ri-nome').focus();
  }
  renderFormModes();
}

async function retireResource(resource) {
  if (!window.confirm(t('admin.confirmRetire', { name: resource.name }))) return;
  byId('risorse-errore').hidden = true;
  try {
    await api('POST', `/api/v1/provider/resources/${resource.id}/retire`, {});
    await reload();
    say('risorse-esito', t('res.retiredDone'));
  } catch (e) {
    problemInList('risorse-errore', e);
  }
}

// ------------------------------------------------------------------ schedule: choice of service

function renderScheduleChoice() {
  const active = state.services.filter(s => !s.retiredAt);
  const container = byId('orari-scelta');
  if (active.length === 0) {
    container.replaceChildren(el('p', {}, t('sch.noServices')));
    byId('orari-servizio').hidden = true;
    return;
  }
  let select = byId('orari-servizio-scelta');
  if (!select) {
    select = el('select', { id: 'orari-servizio-scelta', onchange: () => {
      state.serviceId = select.value;
      loadSchedule();
    } });
    container.replaceChildren(el('div', { class: 'field' },
      el('label', { for: 'orari-servizio-scelta', 'data-t': 'sch.service' }, t('sch.service')), select));
  }
  select.replaceChildren(...active.map(s => el('option', { value: s.id }, s.title)));
  select.value = state.serviceId;
  byId('orari-servizio').hidden = false;
}

// ------------------------------------------------------------------ schedule: weekly rules

function renderSchedule() {
  const schedule = state.schedule || { rules: [], exceptions: [], closures: [] };
  const rules = schedule.rules.map(r => {
    const name = t('day.' + r.weekday) + ' ' + r.opens + '–' + r.closes;
    return el('tr', { 'data-rule': r.id },
      el('th', { scope: 'row' }, t('day.' + r.weekday)),
      el('td', {}, t('sch.hours', { opens: r.opens, closes: r.closes })),
      el('td', {}, t('sch.slotMinutes', { n: r.slotMinutes })),
      el('td', {}, String(r.places)),
      el('td', {}, resourceName(r.resourceId)),
      el('td', {}, r.validUntil ? t('sch.validRange', { from: shortDate(r.validFrom), until: shortDate(r.validUntil) })
        : t('sch.validFrom', { from: shortDate(r.validFrom) })),
      el('td', { class: 'admin-actions' },
        action('admin.change', name, () => changeRule(r)),
        action('admin.retire', name, () => retireRule(r))));
  });
  byId('regole-elenco').replaceChildren(table(t('sch.rules'),
    ['sch.col.day', 'sch.col.hours', 'sch.col.slot', 'sch.col.places', 'sch.col.resource', 'sch.col.valid', 'admin.actions'],
    rules, 'sch.rulesNone'));

  const exceptions = schedule.exceptions.map(e => el('tr', { 'data-exception': e.id },
    el('th', { scope: 'row' }, shortDate(e.date)),
    el('td', {}, resourceName(e.resourceId)),
    el('td', {}, e.opens ? t('sch.hours', { opens: e.opens, closes: e.closes }) + ', '
      + t('sch.slotMinutes', { n: e.slotMinutes }) + ', ' + e.places + ' ' + t('sch.col.places').toLowerCase()
      : t('sch.closedAllDay')),
    el('td', { class: 'admin-actions' }, action('admin.remove', shortDate(e.date), () => removeException(e)))));
  byId('eccezioni-elenco').replaceChildren(table(t('sch.exceptions'),
    ['sch.col.date', 'sch.col.resource', 'sch.col.hours', 'admin.actions'], exceptions, 'sch.exceptionsNone'));

  const closures = schedule.closures.map(c => el('tr', { 'data-closure': c.id },
    el('th', { scope: 'row' }, shortDate(c.fromDate)),
    el('td', {}, shortDate(c.toDate)),
    el('td', {}, c.resourceId ? resourceName(c.resourceId) : t('sch.wholeCoop')),
    el('td', {}, c.reason),
    el('td', { class: 'admin-actions' }, action('admin.remove', c.reason + ' ' + shortDate(c.fromDate), () => removeClosure(c)))));
  byId('chiusure-elenco').replaceChildren(table(t('sch.closures'),
    ['sch.col.from', 'sch.col.to', 'sch.col.what', 'sch.col.reason', 'admin.actions'], closures, 'sch.closuresNone'));
}

function buildRuleForm() {
  const form = byId('regola-form');
  form.append(
    el('p', { id: 'r-cambio-aiuto', class: 'notice', hidden: true, 'data-t': 'sch.changeHint' }, t('sch.changeHint')),
    el('div', { class: 'row' },
      field({ id: 'r-risorsa', pointer: '/resourceId', label: 'sch.f.resource', type: 'select' }),
      field({ id: 'r-giorno', pointer: '/weekday', label: 'sch.f.weekday', type: 'select', options: options(DAYS, 'day.') })),
    el('div', { class: 'row' },
      field({ id: 'r-apre', pointer: '/opens', label: 'sch.f.opens', hint: 'sch.f.timeHint', inputmode: 'numeric' }),
      field({ id: 'r-chiude', pointer: '/closes', label: 'sch.f.closes', hint: 'sch.f.timeHint', inputmode: 'numeric' })),
    el('div', { class: 'row' },
      field({ id: 'r-durata', pointer: '/slotMinutes', label: 'sch.f.slot', hint: 'sch.f.slotHint', inputmode: 'numeric' }),
      field({ id: 'r-posti', pointer: '/places', label: 'sch.f.places', hint: 'sch.f.placesHint', inputmode: 'numeric' })),
    el('div', { class: 'row' },
      field({ id: 'r-dal', pointer: '/validFrom', label: 'sch.f.from', hint: 'sch.f.dateHint', inputmode: 'numeric' }),
      field({ id: 'r-al', pointer: '/validUntil', label: 'sch.f.until', hint: 'sch.f.untilHint', optional: true,
        inputmode: 'numeric' })),
    el('div', { id: 'r-errore', role: 'alert', hidden: true }),
    submitRow('r', 'sch.saveRule'),
    el('p', { id: 'r-esito', role: 'status', class: 'admin-status' }));
  setValue(form, 'r-dal', romeDay());
  form.addEventListener('submit', saveRule);
  byId('r-annulla').addEventListener('click', () => { editRule(null); byId('r-risorsa').focus(); });
}

function ruleBody(form) {
  return {
    resourceId: text(form, 'r-risorsa'), weekday: integer(form, 'r-giorno'), opens: text(form, 'r-apre'),
    closes: text(form, 'r-chiude'), slotMinutes: integer(form, 'r-durata'), places: integer(form, 'r-posti'),
    validFrom: text(form, 'r-dal'), validUntil: text(form, 'r-al') || null,
  };
}

function storedRuleBody(rule) {
  const { resourceId, weekday, opens, closes, slotMinutes, places, validFrom, validUntil } = rule;
  return { resourceId, weekday, opens, closes, slotMinutes, places, validFrom, validUntil };
}

async function saveRule(event) {
  event.preventDefault();
  const form = byId('regola-form');
  const alert = byId('r-errore');
  clearErrors(form, alert);
  byId('r-esito').textContent = '';
  const body = ruleBody(form);
  const old = state.editing.rule;
  const serviceId = state.serviceId;
  let message = null;
  await busy(byId('r-salva'), async () => {
    if (!old) {
      try {
        const saved = await api('POST', `/api/v1/provider/services/${serviceId}/rules`, body);
        message = t('sch.ruleSaved') + slotsText(saved);
      } catch (e) {
        showProblem(form, alert, e, { resourceName });
      }
      return;
    }
    // No single "change a rule" call exists: retire the old rule (refused, with the booked slots
    // listed, if bookings stand in the way), then save the new one; if that is refused, put the old back.
    try {
      await api('POST', `/api/v1/provider/rules/${old.id}/retire`, {});
    } catch (e) {
      showProblem(form, alert, e, { resourceName });
      return;
    }
    try {
      const saved = await api('POST', `/api/v1/provider/services/${serviceId}/rules`, body);
      message = t('sch.ruleChanged') + slotsText(saved);
    } catch (e) {
      let restored = null;
      try {
        restored = await api('POST', `/api/v1/provider/services/${serviceId}/rules`, storedRuleBody(old));
      } catch (ignored) {
        // said below
      }
      showProblem(form, alert, e, { resourceName });
      alert.append(el('p', {}, t(restored ? 'sch.restored' : 'sch.notRestored')));
      alert.hidden = false;
      state.editing.rule = restored ? { ...old, id: restored.id } : null;
    }
  });
  if (message) {
    state.editing.rule = null;
    form.reset();
    setValue(form, 'r-dal', romeDay());
  }
  await loadSchedule();
  if (message) say('r-esito', message);
}

function changeRule(rule) {
  editRule(rule);
  byId('r-posti').focus();
}

function editRule(rule) {
  const form = byId('regola-form');
  clearErrors(form, byId('r-errore'));
  state.editing.rule = rule;
  if (!rule) {
    form.reset();
    setValue(form, 'r-dal', romeDay());
  } else {
    setValue(form, 'r-risorsa', rule.resourceId);
    setValue(form, 'r-giorno', rule.weekday);
    setValue(form, 'r-apre', rule.opens);
    setValue(form, 'r-chiude', rule.closes);
    setValue(form, 'r-durata', rule.slotMinutes);
    setValue(form, 'r-posti', rule.places);
    setValue(form, 'r-dal', rule.validFrom);
    setValue(form, 'r-al', rule.validUntil);
  }
  renderFormModes();
}

async function retireRule(rule) {
  if (!window.confirm(t('admin.confirmRemove'))) return;
  byId('regole-errore').hidden = true;
  try {
    const answer = await api('POST', `/api/v1/provider/rules/${rule.id}/retire`, {});
    if (state.editing.rule && state.editing.rule.id === rule.id) editRule(null);
    await loadSchedule();
    say('regole-esito', t('sch.ruleRetired') + slotsText(answer));
  } catch (e) {
    problemInList('regole-errore', e);
  }
}

// ------------------------------------------------------------------ schedule: day exceptions

function buildExceptionForm() {
  const form = byId('eccezione-form');
  const hours = el('fieldset', { id: 'e-orari' },
    el('legend', { 'data-t': 'sch.col.hours' }, t('sch.col.hours')),
    el('div', { class: 'row' },
      field({ id: 'e-apre', pointer: '/opens', label: 'sch.f.opens', hint: 'sch.f.timeHint', inputmode: 'numeric' }),
      field({ id: 'e-chiude', pointer: '/closes', label: 'sch.f.closes', hint: 'sch.f.timeHint', inputmode: 'numeric' })),
    el('div', { class: 'row' },
      field({ id: 'e-durata', pointer: '/slotMinutes', label: 'sch.f.slot', hint: 'sch.f.slotHint', inputmode: 'numeric' }),
      field({ id: 'e-posti', pointer: '/places', label: 'sch.f.places', hint: 'sch.f.placesHint', inputmode: 'numeric' })));
  form.append(
    el('div', { class: 'row' },
      field({ id: 'e-risorsa', pointer: '/resourceId', label: 'sch.f.resource', type: 'select' }),
      field({ id: 'e-giorno', pointer: '/date', label: 'sch.f.date', hint: 'sch.f.dateHint', inputmode: 'numeric' })),
    field({ id: 'e-chiuso', pointer: '/closed', label: 'sch.f.closedDay', type: 'checkbox' }),
    hours,
    el('div', { id: 'e-errore', role: 'alert', hidden: true }),
    submitRow('e', 'sch.saveException'),
    el('p', { id: 'e-esito', role: 'status', class: 'admin-status' }));
  byId('e-chiuso').addEventListener('change', () => { hours.disabled = byId('e-chiuso').checked; });
  form.addEventListener('submit', saveException);
}

async function saveException(event) {
  event.preventDefault();
  const form = byId('eccezione-form');
  const alert = byId('e-errore');
  clearErrors(form, alert);
  byId('e-esito').textContent = '';
  const body = { resourceId: text(form, 'e-risorsa'), date: text(form, 'e-giorno') };
  if (!byId('e-chiuso').checked) {
    Object.assign(body, { opens: text(form, 'e-apre'), closes: text(form, 'e-chiude'),
      slotMinutes: integer(form, 'e-durata'), places: integer(form, 'e-posti') });
  }
  try {
    const saved = await busy(byId('e-salva'), () => api('POST', `/api/v1/provider/services/${state.serviceId}/exceptions`, body));
    form.reset();
    byId('e-orari').disabled = false;
    await loadSchedule();
    say('e-esito', t('sch.exceptionSaved') + slotsText(saved));
  } catch (e) {
    showProblem(form, alert, e, { resourceName });
  }
}

async function removeException(exception) {
  if (!window.confirm(t('admin.confirmRemove'))) return;
  byId('eccezioni-errore').hidden = true;
  try {
    const answer = await api('POST', `/api/v1/provider/exceptions/${exception.id}/remove`, {});
    await loadSchedule();
    say('eccezioni-esito', t('sch.exceptionRemoved') + slotsText(answer));
  } catch (e) {
    problemInList('eccezioni-errore', e);
  }
}

// ------------------------------------------------------------------ closures (whole cooperative or one resource)

function buildClosureForm() {
  const form = byId('chiusura-form');
  form.append(
    el('div', { class: 'row' },
      field({ id: 'c-dal', pointer: '/fromDate', label: 'sch.f.fromDate', hint: 'sch.f.dateHint', inputmode: 'numeric' }),
      field({ id: 'c-al', pointer: '/toDate', label: 'sch.f.toDate', hint: 'sch.f.dateHint', inputmode: 'numeric' })),
    field({ id: 'c-motivo', pointer: '/reason', label: 'sch.f.reason', hint: 'sch.f.reasonHint' }),
    field({ id: 'c-risorsa', pointer: '/resourceId', label: 'sch.f.closureResource', type: 'select' }),
    el('div', { id: 'c-errore', role: 'alert', hidden: true }),
    submitRow('c', 'sch.saveClosure'),
    el('p', { id: 'c-esito', role: 'status', class: 'admin-status' }));
  form.addEventListener('submit', saveClosure);
}

async function saveClosure(event) {
  event.preventDefault();
  const form = byId('chiusura-form');
  const alert = byId('c-errore');
  clearErrors(form, alert);
  byId('c-esito').textContent = '';
  const body = { fromDate: text(form, 'c-dal'), toDate: text(form, 'c-al'), reason: text(form, 'c-motivo'),
    resourceId: text(form, 'c-risorsa') || null };
  try {
    const saved = await busy(byId('c-salva'), () => api('POST', '/api/v1/provider/closures', body));
    form.reset();
    await loadSchedule();
    say('c-esito', t('sch.closureSaved') + slotsText(saved));
  } catch (e) {
    showProblem(form, alert, e, { resourceName });
  }
}

async function removeClosure(closure) {
  if (!window.confirm(t('admin.confirmRemove'))) return;
  byId('chiusure-errore').hidden = true;
  try {
    const answer = await api('POST', `/api/v1/provider/closures/${closure.id}/remove`, {});
    await loadSchedule();
    say('chiusure-esito', t('sch.closureRemoved') + slotsText(answer));
  } catch (e) {
    problemInList('chiusure-errore', e);
  }
}

// ------------------------------------------------------------------ form modes and resource choices

/** Titles and buttons say whether a form creates something new or changes what is being edited. */
function renderFormModes() {
  const s = state.editing.service;
  byId('servizio-form-titolo').textContent = s ? t('svc.editing', { name: s.title }) : t('svc.new');
  setButton('s-salva', s ? 'svc.saveChanges' : 'svc.save');
  byId('s-annulla').hidden = !s;

  const r = state.editing.resource;
  byId('risorsa-form-titolo').textContent = r ? t('res.editing', { name: r.name }) : t('res.new');
  setButton('ri-salva', r ? 'res.saveChanges' : 'res.save');
  byId('ri-annulla').hidden = !r;
  byId('ri-tipo').disabled = !!r;

  const rule = state.editing.rule;
  byId('regola-form-titolo').textContent = rule
    ? t('sch.changingRule', { day: t('day.' + rule.weekday), opens: rule.opens, closes: rule.closes }) : t('sch.newRule');
  setButton('r-salva', rule ? 'sch.saveChange' : 'sch.saveRule');
  byId('r-annulla').hidden = !rule;
  byId('r-cambio-aiuto').hidden = !rule;
  setButton('e-salva', 'sch.saveException');
  setButton('c-salva', 'sch.saveClosure');
  byId('e-annulla').hidden = true;
  byId('c-annulla').hidden = true;
}

function setButton(id, key) {
  const button = byId(id);
  if (!button.disabled) button.textContent = t(key);
}

function fillResourceSelects() {
  const active = state.resources.filter(r => !r.retired);
  for (const id of ['r-risorsa', 'e-risorsa', 'c-risorsa']) {
    const select = byId(id);
    const chosen = select.value;
    const choices = active.map(r => el('option', { value: r.id }, r.name + ' (' + t('kind.' + r.kind).toLowerCase() + ', '
      + r.capacity + ' ' + t('sch.col.places').toLowerCase() + ')'));
    if (id === 'c-risorsa') choices.unshift(el('option', { value: '' }, t('sch.wholeCoop')));
    select.replaceChildren(...choices);
    if ([...select.options].some(o => o.value === chosen)) select.value = chosen;
  }
  if (state.editing.rule) byId('r-risorsa').value = state.editing.rule.resourceId;
}
