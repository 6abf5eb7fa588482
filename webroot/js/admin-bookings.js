// The bookings the cooperative received (/gestione-prenotazioni.html), day by day, with what the
// person answered when booking: who receives the service, the address, notes
// (GET /api/v1/provider/bookings?from&to, own cooperative only, at most 62 days). Read only.
import { t, api, busy, Problem } from './sportello.js';
import { byId, el, fill } from './dom.js';
import { romeDay, addDays, clock, fullDate } from './time.js';
import { field, clearErrors, showProblem } from './admin-form.js';
import { startAdminPage, say, loaded, answers } from './admin-page.js';

/** The longest period the API lists at once, in days after the first. */
const MAX_DAYS = 62;
const SIZE = 200;

const state = { answer: null, built: false };

startAdminPage({ onLanguage: render }).then(start);

async function start() {
  const form = byId('periodo-form');
  form.append(el('div', { class: 'row g-3 mb-3 align-items-end' },
    field({ id: 'b-dal', pointer: '/from', label: 'bk.from', type: 'date', width: 'col-sm-6 col-lg-4' }),
    field({ id: 'b-al', pointer: '/to', label: 'bk.to', hint: 'bk.toHint', type: 'date', width: 'col-sm-6 col-lg-4' }),
    el('div', { class: 'col-lg-4' },
      el('button', { type: 'submit', id: 'b-mostra', class: 'btn btn-primary', 'data-t': 'bk.show' }, t('bk.show')))),
  el('div', { id: 'b-errore', role: 'alert', class: 'alert alert-danger col-12', hidden: true }));
  const today = romeDay();
  byId('b-dal').value = today;
  byId('b-al').value = addDays(today, 13);
  form.addEventListener('submit', event => { event.preventDefault(); load(); });
  state.built = true;
  await load();
  loaded();
}

async function load() {
  const form = byId('periodo-form');
  const alert = byId('b-errore');
  clearErrors(form, alert);
  const from = byId('b-dal').value;
  const to = byId('b-al').value;
  const wrong = !from ? ['b-dal', 'bk.err.from'] : !to ? ['b-al', 'bk.err.to']
    : to < from || addDays(from, MAX_DAYS) < to ? ['b-al', 'bk.err.range'] : null;
  if (wrong) {
    showProblem(form, alert, new Problem(422, { errors: [{ pointer: byId(wrong[0]).dataset.pointer, detail: t(wrong[1]) }] }));
    return;
  }
  try {
    state.answer = await busy(byId('b-mostra'),
      () => api('GET', `/api/v1/provider/bookings?from=${from}&to=${to}&size=${SIZE}`));
  } catch (e) {
    showProblem(form, alert, e);
    return;
  }
  render();
  say('prenotazioni-esito', t(state.answer.total === 1 ? 'bk.found1' : 'bk.found', { n: state.answer.total }));
}

function render() {
  document.title = t('bk.documentTitle');
  if (!state.built || !state.answer) return;
  const items = state.answer.items || [];
  const list = byId('prenotazioni-elenco');
  if (items.length === 0) {
    list.replaceChildren(el('p', {}, t('bk.none')));
    return;
  }
  const days = new Map();
  for (const booking of items) {
    const day = romeDay(booking.start);
    if (!days.has(day)) days.set(day, []);
    days.get(day).push(booking);
  }
  fill(list,
    state.answer.total > items.length ? el('p', { class: 'alert alert-warning' },
      t('bk.capped', { shown: items.length, total: state.answer.total })) : null,
    ...[...days].map(([day, bookings]) => el('section', { class: 'mb-4', 'aria-labelledby': 'giorno-' + day },
      el('h2', { class: 'h4', id: 'giorno-' + day }, capitalised(fullDate(day))),
      el('ul', { class: 'list-unstyled row g-3' }, bookings.map(booking)))));
}

function capitalised(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** One booking as a card: when, what, with which resource, who booked, and their answers. */
function booking(b) {
  const cancelled = b.status === 'cancelled';
  return el('li', { class: 'col-12 col-lg-6', 'data-booking': b.id },
    el('article', { class: 'card card-bg no-after admin-item h-100' + (cancelled ? ' admin-cancelled' : '') },
      el('div', { class: 'card-body' },
        el('h3', { class: 'h5 card-title' }, clock(b.start) + '–' + clock(b.end) + ' · ' + b.service.title, ' ',
          el('span', { class: 'badge ' + statusBadge(b.status) }, t('bk.status.' + b.status))),
        el('dl', { class: 'admin-facts' },
          el('dt', {}, t('bk.person')), el('dd', {}, b.personName || t('bk.unknownPerson')),
          el('dt', {}, t('bk.resource')), el('dd', {}, b.resource.name),
          el('dt', {}, t('bk.places')), el('dd', {}, String(b.places)),
          el('dt', {}, t('bk.code')), el('dd', {}, b.code || ''),
          answers(b.intake)))));
}

function statusBadge(status) {
  return status === 'confirmed' ? 'bg-success' : status === 'held' ? 'bg-warning' : 'bg-secondary';
}
