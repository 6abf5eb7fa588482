// The cooperative's day (/giornata-ente.html, issue 23 part 1): the confirmed sessions of a day (an
// ordinary booking, or the session of an enrolment that day), optionally of one resource
// (GET /api/v1/provider/day), each with its intake answers, its project and its delivery; per
// session the buttons Erogato / Non presentato / Parziale with minutes and a note
// (PUT /provider/bookings/:id/delivery with its slotId), or, once the month is closed, the same as
// a correction with its reason (POST .../delivery/corrections); and "Chiudi il mese", confirmed in a
// modal (POST /provider/periods/:month/close). The cooperative's staff (provider_staff) see the day
// and record; corrections and closing are the admin's.
import { t, api, busy, locale, hasRole, Problem } from './sportello.js';
import { byId, el, fill } from './dom.js';
import { romeDay, clock } from './time.js';
import { field, clearErrors, showProblem, text, integer } from './admin-form.js';
import { startAdminPage, say, loaded, answers } from './admin-page.js';
import './delivery-words.js';

const OUTCOMES = ['delivered', 'no_show', 'partial'];
const state = { answer: null, built: false, resources: [], closed: new Set(), staff: false, projects: [] };

startAdminPage({ onLanguage: render, staff: true }).then(start).catch(error => loaded(error));

async function start() {
  state.staff = !hasRole('provider_admin');
  // The staff do not manage resources: their choice is the resources of the days they look at.
  state.resources = state.staff ? [] : (await api('GET', '/api/v1/provider/resources')).items || [];
  // The admin may move a booking to another project covering its day (or to none): the cooperative's projects.
  state.projects = state.staff ? [] : (await api('GET', '/api/v1/provider/projects')).items || [];
  byId('mese').hidden = state.staff;
  const form = byId('giorno-form');
  form.append(el('div', { class: 'row g-3 mb-3 align-items-end' },
    field({ id: 'g-giorno', pointer: '/date', label: 'day.date', type: 'date', width: 'col-sm-6 col-lg-4' }),
    field({ id: 'g-risorsa', pointer: '/resourceId', label: 'day.resource', type: 'select', width: 'col-sm-6 col-lg-4',
      options: [['', 'day.allResources']] }),
    el('div', { class: 'col-lg-4' },
      el('button', { type: 'submit', id: 'g-mostra', class: 'btn btn-primary', 'data-t': 'day.show' }, t('day.show')))));
  const select = byId('g-risorsa');
  state.resources.forEach(r => select.append(el('option', { value: r.id }, r.name)));
  byId('g-giorno').value = new URLSearchParams(location.search).get('date') || romeDay();
  form.addEventListener('submit', event => { event.preventDefault(); load(); });
  byId('mese-chiudi').addEventListener('click', closeMonth);
  byId('mese-conferma').addEventListener('hidden.bs.modal', () => {
    const button = byId('mese-chiudi');
    if (!button.hidden) button.focus();
    else byId('mese-titolo').focus();
  });
  state.built = true;
  await load();
  loaded();
}

async function load() {
  const form = byId('giorno-form');
  const alert = byId('giorno-errore');
  clearErrors(form, alert);
  const date = byId('g-giorno').value;
  if (!date) {
    showProblem(form, alert, new Problem(422, { errors: [{ pointer: '/date', detail: t('day.err.date') }] }));
    return;
  }
  const resource = byId('g-risorsa').value;
  try {
    state.answer = await busy(byId('g-mostra'), () =>
      api('GET', `/api/v1/provider/day?date=${date}` + (resource ? `&resourceId=${resource}` : '')));
    if (state.staff) {
      state.closed = new Set(state.answer.items.filter(b => b.monthClosed).map(() => date.slice(0, 7)));
      addResources(state.answer.items);
    } else {
      const periods = await api('GET', `/api/v1/provider/periods?year=${date.slice(0, 4)}`);
      state.closed = new Set(periods.items.map(p => p.month));
    }
  } catch (e) {
    showProblem(form, alert, e);
    return;
  }
  render();
  const n = state.answer.items.length;
  say('giorno-esito', n === 1 ? t('day.found1') : t('day.found', { n }));
}

/** The staff's resource choice: every resource seen on the days looked at, added once. */
function addResources(items) {
  const select = byId('g-risorsa');
  items.forEach(b => {
    if (state.resources.some(r => r.id === b.resource.id)) return;
    state.resources.push(b.resource);
    select.append(el('option', { value: b.resource.id }, b.resource.name));
  });
}

function monthOf(date) {
  return date.slice(0, 7);
}

function monthName(month) {
  return new Intl.DateTimeFormat(locale(), { month: 'long', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(month + '-01T12:00:00Z'));
}

function render() {
  document.title = t('day.documentTitle');
  if (!state.built || !state.answer) return;
  const items = state.answer.items;
  const list = byId('giorno-elenco');
  if (items.length === 0) list.replaceChildren(el('p', {}, t('day.none')));
  else fill(list, el('ul', { class: 'list-unstyled row g-3' }, items.map(visit)));
  const month = monthOf(state.answer.date);
  const closed = state.closed.has(month);
  byId('mese-stato').textContent = t(closed ? 'day.month.closed' : 'day.month.open', { month: monthName(month) });
  const button = byId('mese-chiudi');
  button.hidden = closed;
  if (!button.disabled) button.textContent = t('day.month.close', { month: monthName(month) });
}

/** The id of a session's form: a booking may have several sessions, a slot several bookings. */
function formId(b) {
  return 'e-' + b.id + '-' + b.slotId;
}

/** One session: when, what, who, where, the answers, the project, the delivery, and the form to record it. */
function visit(b) {
  const what = clock(b.start) + ' ' + b.service.title + ', ' + (b.personName || t('bk.unknownPerson'));
  const closed = b.monthClosed || state.closed.has(monthOf(state.answer.date));
  const id = formId(b);
  const d = b.delivery;
  const form = closed && state.staff ? el('p', { class: 'mt-2' }, t('day.staffClosed')) : el('form', { id, novalidate: true, class: 'mt-2' },
    el('fieldset', {},
      el('legend', { class: 'h6' }, t(closed ? 'day.legendClosed' : 'day.legend', { what })),
      el('div', { class: 'row g-2' },
        field({ id: id + '-minuti', pointer: '/minutes', label: 'day.f.minutes', hint: 'day.f.minutesHint', optional: true,
          inputmode: 'numeric', width: 'col-sm-6' }),
        field({ id: id + '-nota', pointer: '/note', label: 'day.f.note', optional: true, type: 'textarea', width: 'col-sm-6' }),
        closed ? field({ id: id + '-motivo', pointer: '/reason', label: 'day.f.reason', hint: 'day.f.reasonHint', width: 'col-12' }) : null),
      el('div', { id: id + '-errore', role: 'alert', class: 'alert alert-danger mt-2', hidden: true }),
      el('div', { class: 'd-flex flex-wrap gap-2 mt-2' }, OUTCOMES.map(outcome =>
        el('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', 'data-outcome': outcome,
          onclick: event => record(b, form, closed, outcome, event.currentTarget) },
          t('day.outcome.' + outcome), el('span', { class: 'visually-hidden' }, ' – ' + what))))));
  if (d && d.note && form.querySelector('#' + id + '-nota')) form.querySelector('#' + id + '-nota').value = d.note;
  const retag = closed || state.staff ? null : projectForm(b, id, what);
  return el('li', { class: 'col-12 col-lg-6', 'data-booking': b.id, 'data-slot': b.slotId },
    el('article', { class: 'card card-bg no-after admin-item h-100' },
      el('div', { class: 'card-body' },
        el('h2', { class: 'h5 card-title' }, clock(b.start) + '–' + clock(b.end) + ' · ' + b.service.title),
        el('dl', { class: 'admin-facts' },
          el('dt', {}, t('bk.person')), el('dd', {}, b.personName || t('bk.unknownPerson')),
          el('dt', {}, t('bk.resource')), el('dd', {}, b.resource.name),
          el('dt', {}, t('bk.places')), el('dd', {}, String(b.places)),
          el('dt', {}, t('day.minutes')), el('dd', {}, t('day.minutesValue', { n: b.bookedMinutes })),
          b.sessions > 1 ? [el('dt', {}, t('day.session')), el('dd', {}, t('day.sessionValue', { n: b.session, of: b.sessions }))] : null,
          el('dt', {}, t('day.project')), el('dd', { 'data-project': b.project ? b.project.id : '' }, b.project
            ? t('day.projectValue', { name: b.project.name, funder: b.project.funder }) : t('day.noProject')),
          answers(b.intake),
          el('dt', {}, t('day.recorded')),
          el('dd', { 'data-delivery': d ? d.outcome : '' }, d
            ? [t('day.recordedAs', { outcome: t('day.outcome.' + d.outcome), minutes: d.minutes }),
              d.note ? el('br', {}) : null, d.note ? t('day.recordedNote', { note: d.note }) : null]
            : t('day.notRecorded'))),
        retag,
        form)));
}

/** The admin's choice of the booking's project: the cooperative's projects covering the day, or none. */
function projectForm(b, id, what) {
  const day = state.answer.date;
  const covering = state.projects.filter(p => p.startsOn <= day && day <= p.endsOn);
  if (covering.length === 0 && !b.project) return null;
  const select = el('select', { id: id + '-progetto', class: 'form-select', 'aria-describedby': id + '-progetto-errore' },
    el('option', { value: '' }, t('day.noProject')),
    covering.map(p => el('option', { value: p.id }, t('day.projectValue', { name: p.name, funder: p.funder }))));
  select.value = b.project ? b.project.id : '';
  const alert = el('div', { id: id + '-progetto-errore', role: 'alert', class: 'alert alert-danger mt-2', hidden: true });
  const button = el('button', { type: 'submit', class: 'btn btn-outline-primary btn-sm' },
    t('day.retag'), el('span', { class: 'visually-hidden' }, ' – ' + what));
  const form = el('form', { novalidate: true, class: 'mt-2', 'data-retag': b.id },
    el('div', { class: 'd-flex flex-wrap gap-2 align-items-end' },
      el('div', { class: 'admin-field' }, el('label', { for: id + '-progetto', class: 'form-label' }, t('day.f.project')), select),
      button),
    alert);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    alert.hidden = true;
    try {
      await busy(button, () => api('PUT', `/api/v1/provider/bookings/${b.id}/project`, { projectId: select.value || null }));
    } catch (e) {
      showProblem(form, alert, e);
      return;
    }
    const chosen = select.selectedOptions[0].textContent;
    await load();
    say('giorno-esito', t('day.retagged', { project: chosen, person: b.personName || t('bk.unknownPerson') }));
  });
  return form;
}

async function record(b, form, closed, outcome, button) {
  const id = formId(b);
  const alert = byId(id + '-errore');
  clearErrors(form, alert);
  const minutes = integer(form, id + '-minuti');
  const note = text(form, id + '-nota');
  const body = { slotId: b.slotId, outcome };
  if (outcome !== 'no_show' && minutes !== undefined) body.minutes = minutes;
  if (note) body.note = note;
  if (outcome === 'partial' && minutes === undefined) {
    showProblem(form, alert, new Problem(422, { errors: [{ pointer: '/minutes', detail: t('day.err.minutes') }] }));
    return;
  }
  if (closed) {
    body.reason = text(form, id + '-motivo');
    if (!body.reason) {
      showProblem(form, alert, new Problem(422, { errors: [{ pointer: '/reason', detail: t('day.err.reason') }] }));
      return;
    }
  }
  try {
    await busy(button, () => closed
      ? api('POST', `/api/v1/provider/bookings/${b.id}/delivery/corrections`, body)
      : api('PUT', `/api/v1/provider/bookings/${b.id}/delivery`, body));
  } catch (e) {
    showProblem(form, alert, e);
    return;
  }
  const person = b.personName || t('bk.unknownPerson');
  await load();
  say('giorno-esito', t(closed ? 'day.corrected' : 'day.saved', { outcome: t('day.outcome.' + outcome), person }));
  const again = document.querySelector(`[data-booking="${b.id}"][data-slot="${b.slotId}"] h2`);
  if (again) { again.setAttribute('tabindex', '-1'); again.focus(); }
}

async function closeMonth() {
  if (!state.answer) return;
  const month = monthOf(state.answer.date);
  const alert = byId('mese-errore');
  alert.hidden = true;
  if (!await confirmClose(month)) return;
  try {
    await busy(byId('mese-chiudi'), () => api('POST', `/api/v1/provider/periods/${month}/close`, {}));
  } catch (e) {
    showProblem(byId('giorno-form'), alert, e);
    return;
  }
  await load();
  say('mese-esito', t('day.month.done', { month: monthName(month) }));
}

/**
 * Asks in Bootstrap Italia's modal (#mese-conferma) whether to close {@code month}: the modal keeps
 * the focus inside, Esc or "Annulla" closes it, and on closing the focus goes back to the button
 * (the hidden.bs.modal listener in start()). Resolves true only for "Chiudi il mese".
 */
function confirmClose(month) {
  const box = byId('mese-conferma');
  byId('mese-conferma-titolo').textContent = t('day.month.confirmTitle', { month: monthName(month) });
  byId('mese-conferma-testo').textContent = t('day.month.confirm', { month: monthName(month) });
  byId('mese-conferma-annulla').textContent = t('day.month.cancel');
  byId('mese-conferma-si').textContent = t('day.month.close', { month: monthName(month) });
  const modal = window.bootstrap.Modal.getOrCreateInstance(box, { backdrop: true, keyboard: true, focus: true });
  return new Promise(resolve => {
    let answer = false;
    const yes = () => { answer = true; modal.hide(); };
    byId('mese-conferma-si').addEventListener('click', yes, { once: true });
    box.addEventListener('shown.bs.modal', () => byId('mese-conferma-annulla').focus(), { once: true });
    box.addEventListener('hidden.bs.modal', () => {
      byId('mese-conferma-si').removeEventListener('click', yes);
      resolve(answer);
    }, { once: true });
    modal.show();
  });
}
