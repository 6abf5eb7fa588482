// The cooperative's day (/giornata-ente.html, issue 23 part 1): the confirmed bookings of a day,
// optionally of one resource (GET /api/v1/provider/day), each with its intake answers and its
// delivery; per booking the buttons Erogato / Non presentato / Parziale with minutes and a note
// (PUT /provider/bookings/:id/delivery), or, once the month is closed, the same as a correction
// with its reason (POST .../delivery/corrections); and "Chiudi il mese" (POST /provider/periods/:month/close).
import { t, api, busy, locale, Problem } from './sportello.js';
import { byId, el, fill } from './dom.js';
import { romeDay, clock } from './time.js';
import { field, clearErrors, showProblem, text, integer } from './admin-form.js';
import { startAdminPage, say, loaded, answers } from './admin-page.js';
import './delivery-words.js';

const OUTCOMES = ['delivered', 'no_show', 'partial'];
const state = { answer: null, built: false, resources: [], closed: new Set() };

startAdminPage({ onLanguage: render }).then(start).catch(error => loaded(error));

async function start() {
  state.resources = (await api('GET', '/api/v1/provider/resources')).items || [];
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
    const periods = await api('GET', `/api/v1/provider/periods?year=${date.slice(0, 4)}`);
    state.closed = new Set(periods.items.map(p => p.month));
  } catch (e) {
    showProblem(form, alert, e);
    return;
  }
  render();
  const n = state.answer.items.length;
  say('giorno-esito', n === 1 ? t('day.found1') : t('day.found', { n }));
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

/** One booking: when, what, who, where, the answers, the delivery, and the form to record it. */
function visit(b) {
  const what = clock(b.start) + ' ' + b.service.title + ', ' + (b.personName || t('bk.unknownPerson'));
  const closed = b.monthClosed || state.closed.has(monthOf(state.answer.date));
  const id = 'e-' + b.id;
  const d = b.delivery;
  const form = el('form', { id, novalidate: true, class: 'mt-2' },
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
  if (d && d.note) form.querySelector('#' + id + '-nota').value = d.note;
  return el('li', { class: 'col-12 col-lg-6', 'data-booking': b.id },
    el('article', { class: 'card card-bg no-after admin-item h-100' },
      el('div', { class: 'card-body' },
        el('h2', { class: 'h5 card-title' }, clock(b.start) + '–' + clock(b.end) + ' · ' + b.service.title),
        el('dl', { class: 'admin-facts' },
          el('dt', {}, t('bk.person')), el('dd', {}, b.personName || t('bk.unknownPerson')),
          el('dt', {}, t('bk.resource')), el('dd', {}, b.resource.name),
          el('dt', {}, t('bk.places')), el('dd', {}, String(b.places)),
          el('dt', {}, t('day.minutes')), el('dd', {}, t('day.minutesValue', { n: b.bookedMinutes })),
          answers(b.intake),
          el('dt', {}, t('day.recorded')),
          el('dd', { 'data-delivery': d ? d.outcome : '' }, d
            ? [t('day.recordedAs', { outcome: t('day.outcome.' + d.outcome), minutes: d.minutes }),
              d.note ? el('br', {}) : null, d.note ? t('day.recordedNote', { note: d.note }) : null]
            : t('day.notRecorded'))),
        form)));
}

async function record(b, form, closed, outcome, button) {
  const id = 'e-' + b.id;
  const alert = byId(id + '-errore');
  clearErrors(form, alert);
  const minutes = integer(form, id + '-minuti');
  const note = text(form, id + '-nota');
  const body = { outcome };
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
  const again = document.querySelector(`[data-booking="${b.id}"] h2`);
  if (again) { again.setAttribute('tabindex', '-1'); again.focus(); }
}

async function closeMonth() {
  if (!state.answer) return;
  const month = monthOf(state.answer.date);
  const alert = byId('mese-errore');
  alert.hidden = true;
  if (!window.confirm(t('day.month.confirm', { month: monthName(month) }))) return;
  try {
    await busy(byId('mese-chiudi'), () => api('POST', `/api/v1/provider/periods/${month}/close`, {}));
  } catch (e) {
    showProblem(byId('giorno-form'), alert, e);
    return;
  }
  await load();
  say('mese-esito', t('day.month.done', { month: monthName(month) }));
}
