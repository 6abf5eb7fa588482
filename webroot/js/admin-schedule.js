// When each service can be booked (/gestione-orari.html?servizio=<id>): its weekly times, the
// days that differ, and the closures of the cooperative or of a resource. A change that would take
// booked places away is refused by the API with the booked slots listed; the page shows them.
import { t, api, busy } from './sportello.js';
import { byId, el } from './dom.js';
import { romeDay, shortDate } from './time.js';
import { field, fieldRow, text, integer, setValue, clearErrors, showProblem } from './admin-form.js';
import { startAdminPage, table, action, say, submitRow, options, slotsText, problemInList, setButton, loaded } from './admin-page.js';

const DAYS = [1, 2, 3, 4, 5, 6, 7];

const state = {
  services: [],
  resources: [],
  serviceId: new URLSearchParams(location.search).get('servizio'), // the service whose times are shown
  schedule: null, // {rules[], exceptions[], closures[]}
  rule: null, // the weekly time being changed
  built: false,
};

startAdminPage({ onLanguage: renderAll }).then(start);

async function start() {
  buildRuleForm();
  buildExceptionForm();
  buildClosureForm();
  state.built = true;
  await reload();
  loaded();
}

/** Reads services and resources, then the schedule of the chosen service (the first, if none or an unknown one). */
async function reload() {
  try {
    const [services, resources] = await Promise.all([
      api('GET', '/api/v1/provider/services'), api('GET', '/api/v1/provider/resources')]);
    state.services = services.items;
    state.resources = resources.items;
    byId('gestione-errore').hidden = true;
  } catch (e) {
    loaded(e);
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
      loaded(e);
    }
  }
  renderAll();
}

function renderAll() {
  document.title = t('sch.documentTitle');
  if (!state.built) return;
  renderChoice();
  renderSchedule();
  renderFormModes();
  fillResourceSelects();
}

function resourceName(id) {
  const r = state.resources.find(x => x.id === id);
  return r ? r.name : id;
}

// ------------------------------------------------------------------ which service

function renderChoice() {
  const active = state.services.filter(s => !s.retiredAt);
  const container = byId('orari-scelta');
  if (active.length === 0) {
    container.replaceChildren(el('p', { class: 'alert alert-info' }, t('sch.noServices')));
    byId('orari-servizio').hidden = true;
    return;
  }
  let select = byId('orari-servizio-scelta');
  if (!select) {
    select = el('select', { id: 'orari-servizio-scelta', class: 'form-select', onchange: () => {
      state.serviceId = select.value;
      history.replaceState(null, '', '?servizio=' + encodeURIComponent(select.value));
      loadSchedule();
    } });
    container.replaceChildren(el('div', { class: 'row mb-3' }, el('div', { class: 'col-md-8 col-lg-6 admin-field' },
      el('label', { for: 'orari-servizio-scelta', class: 'form-label', 'data-t': 'sch.service' }, t('sch.service')), select)));
  }
  container.querySelector('label').textContent = t('sch.service');
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
      el('td', { class: 'admin-actions' }, el('div', { class: 'd-flex flex-wrap gap-2' },
        action('admin.change', name, () => changeRule(r)),
        action('admin.retire', name, () => retireRule(r)))));
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
    el('p', { id: 'r-cambio-aiuto', class: 'callout-text alert alert-info', hidden: true, 'data-t': 'sch.changeHint' }, t('sch.changeHint')),
    fieldRow(
      field({ id: 'r-risorsa', pointer: '/resourceId', label: 'sch.f.resource', type: 'select', width: 'col-md-6 col-lg-4' }),
      field({ id: 'r-giorno', pointer: '/weekday', label: 'sch.f.weekday', type: 'select', options: options(DAYS, 'day.'),
        width: 'col-md-6 col-lg-4' }),
      field({ id: 'r-apre', pointer: '/opens', label: 'sch.f.opens', hint: 'sch.f.timeHint', inputmode: 'numeric', width: 'col-6 col-lg-2' }),
      field({ id: 'r-chiude', pointer: '/closes', label: 'sch.f.closes', hint: 'sch.f.timeHint', inputmode: 'numeric', width: 'col-6 col-lg-2' })),
    fieldRow(
      field({ id: 'r-durata', pointer: '/slotMinutes', label: 'sch.f.slot', hint: 'sch.f.slotHint', inputmode: 'numeric', width: 'col-md-6 col-lg-3' }),
      field({ id: 'r-posti', pointer: '/places', label: 'sch.f.places', hint: 'sch.f.placesHint', inputmode: 'numeric', width: 'col-md-6 col-lg-3' }),
      field({ id: 'r-dal', pointer: '/validFrom', label: 'sch.f.from', type: 'date', width: 'col-md-6 col-lg-3' }),
      field({ id: 'r-al', pointer: '/validUntil', label: 'sch.f.until', hint: 'sch.f.untilHint', optional: true, type: 'date',
        width: 'col-md-6 col-lg-3' })),
    el('div', { id: 'r-errore', role: 'alert', class: 'alert alert-danger', hidden: true }),
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
  const old = state.rule;
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
      state.rule = restored ? { ...old, id: restored.id } : null;
    }
  });
  if (message) {
    state.rule = null;
    form.reset();
    setValue(form, 'r-dal', romeDay());
  }
  await loadSchedule();
  if (message) say('r-esito', message);
}

function changeRule(rule) {
  editRule(rule);
  byId('regola-box').open = true;
  byId('r-posti').focus();
}

function editRule(rule) {
  const form = byId('regola-form');
  clearErrors(form, byId('r-errore'));
  state.rule = rule;
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
    if (state.rule && state.rule.id === rule.id) editRule(null);
    await loadSchedule();
    say('regole-esito', t('sch.ruleRetired') + slotsText(answer));
  } catch (e) {
    problemInList('regole-errore', e, resourceName);
  }
}

// ------------------------------------------------------------------ schedule: day exceptions

function buildExceptionForm() {
  const form = byId('eccezione-form');
  const hours = el('fieldset', { id: 'e-orari' },
    el('legend', { class: 'h6', 'data-t': 'sch.col.hours' }, t('sch.col.hours')),
    fieldRow(
      field({ id: 'e-apre', pointer: '/opens', label: 'sch.f.opens', hint: 'sch.f.timeHint', inputmode: 'numeric', width: 'col-6 col-lg-3' }),
      field({ id: 'e-chiude', pointer: '/closes', label: 'sch.f.closes', hint: 'sch.f.timeHint', inputmode: 'numeric', width: 'col-6 col-lg-3' }),
      field({ id: 'e-durata', pointer: '/slotMinutes', label: 'sch.f.slot', hint: 'sch.f.slotHint', inputmode: 'numeric', width: 'col-md-6 col-lg-3' }),
      field({ id: 'e-posti', pointer: '/places', label: 'sch.f.places', hint: 'sch.f.placesHint', inputmode: 'numeric', width: 'col-md-6 col-lg-3' })));
  form.append(
    fieldRow(
      field({ id: 'e-risorsa', pointer: '/resourceId', label: 'sch.f.resource', type: 'select', width: 'col-md-6' }),
      field({ id: 'e-giorno', pointer: '/date', label: 'sch.f.date', type: 'date', width: 'col-md-6' }),
      field({ id: 'e-chiuso', pointer: '/closed', label: 'sch.f.closedDay', type: 'checkbox' })),
    hours,
    el('div', { id: 'e-errore', role: 'alert', class: 'alert alert-danger', hidden: true }),
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
    problemInList('eccezioni-errore', e, resourceName);
  }
}

// ------------------------------------------------------------------ closures (whole cooperative or one resource)

function buildClosureForm() {
  const form = byId('chiusura-form');
  form.append(
    fieldRow(
      field({ id: 'c-dal', pointer: '/fromDate', label: 'sch.f.fromDate', type: 'date', width: 'col-md-6 col-lg-3' }),
      field({ id: 'c-al', pointer: '/toDate', label: 'sch.f.toDate', type: 'date', width: 'col-md-6 col-lg-3' }),
      field({ id: 'c-motivo', pointer: '/reason', label: 'sch.f.reason', hint: 'sch.f.reasonHint', width: 'col-md-6 col-lg-3' }),
      field({ id: 'c-risorsa', pointer: '/resourceId', label: 'sch.f.closureResource', type: 'select', width: 'col-md-6 col-lg-3' })),
    el('div', { id: 'c-errore', role: 'alert', class: 'alert alert-danger', hidden: true }),
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
    problemInList('chiusure-errore', e, resourceName);
  }
}


// ------------------------------------------------------------------ form modes and resource choices

/** Titles and buttons say whether a form adds a new time or changes the one being edited. */
function renderFormModes() {
  const rule = state.rule;
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
  if (state.rule) byId('r-risorsa').value = state.rule.resourceId;
}
