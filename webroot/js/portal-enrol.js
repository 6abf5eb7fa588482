// Enrolling in a week or month service on its page (servizio.html): choose the first week or month
// and how many, see the days the period covers and its price (GET /services/{id}/enrolment-quote),
// then hold every day at once (POST /enrolments) and confirm it with the usual step (portal-hold.js).
// Such a service is not booked one time at a time, so its page shows this instead of the times.
import './enrol-words.js';
import { t, api, euro, identity, locale } from './sportello.js';
import { byId, el, fill, focusOn } from './dom.js';
import { addDays, fullDate, romeDay, shortDate } from './time.js';
import { signInForm } from './signin.js';
import { explain, loading, onLanguage } from './portal-common.js';
import { book } from './portal-hold.js';

const section = byId('iscrizione');
const result = byId('iscr-esito');
const status = byId('iscr-stato');
const error = byId('iscr-errore');
let service = null;
let shown = null; // the last quote shown, with what was asked

/** Shows the enrolment of {@code enrolled} (a week or month service) in place of its times. */
export function showEnrolment(enrolled) {
  service = enrolled;
  section.hidden = false;
  const most = service.policy && service.policy.maxPlacesPerBooking;
  if (most) byId('iscr-posti').max = String(most);
  byId('iscr-posti-campo').hidden = most === 1;
  byId('iscr-vedi').addEventListener('click', askQuote);
  ['iscr-inizio', 'iscr-quante', 'iscr-posti'].forEach(id => byId(id).addEventListener('change', () => {
    // A different period: the quote shown no longer applies.
    shown = null;
    result.replaceChildren();
  }));
  drawChoices();
  onLanguage(() => { drawChoices(); if (shown) drawQuote(); });
}

function unit() {
  return service.tariff.unit;
}

/** The weeks (Mondays) or months (firsts) that start after today, up to the service's booking horizon. */
function starts() {
  const today = romeDay();
  const last = addDays(today, (service.policy && service.policy.horizonDays) || 180);
  const days = [];
  if (unit() === 'week') {
    let day = addDays(today, 1);
    while (new Date(day + 'T12:00:00Z').getUTCDay() !== 1) day = addDays(day, 1);
    for (; day <= last; day = addDays(day, 7)) days.push(day);
  } else {
    const [y, m] = today.split('-').map(Number);
    for (let i = 1; i <= 24; i++) {
      const first = new Date(Date.UTC(y, m - 1 + i, 1)).toISOString().slice(0, 10);
      if (first > last) break;
      days.push(first);
    }
  }
  return days;
}

function monthName(day) {
  return new Intl.DateTimeFormat(locale(), { month: 'long', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(day + 'T12:00:00Z'));
}

function drawChoices() {
  const kind = unit() === 'week' ? 'week' : 'month';
  byId('iscr-intro').textContent = t('enrol.intro.' + kind);
  byId('iscr-inizio-etichetta').textContent = t('enrol.start.' + kind);
  byId('iscr-quante-etichetta').textContent = t('enrol.count.' + kind);
  const start = byId('iscr-inizio');
  const chosen = start.value;
  start.replaceChildren(...starts().map(day => el('option', { value: day },
    kind === 'week' ? t('enrol.start.option', { day: shortDate(day) }) : monthName(day))));
  if (chosen) start.value = chosen;
  const count = byId('iscr-quante');
  const many = count.value;
  count.replaceChildren(...Array.from({ length: kind === 'week' ? 16 : 12 }, (_, i) => el('option', { value: String(i + 1) },
    String(i + 1))));
  if (many) count.value = many;
}

function asked() {
  const places = Math.round(Number(byId('iscr-posti').value));
  return {
    from: byId('iscr-inizio').value,
    periods: Number(byId('iscr-quante').value),
    places: Number.isFinite(places) ? Math.min(Number(byId('iscr-posti').max) || 50, Math.max(1, places)) : 1,
  };
}

async function askQuote() {
  error.textContent = '';
  if (!identity()) {
    const form = el('div');
    result.replaceChildren(form);
    await signInForm(form, { intro: 'enrol.signin' });
  }
  const wanted = asked();
  try {
    const quote = await loading(section, status, t('enrol.quoting'), () => api('GET', '/api/v1/services/'
      + encodeURIComponent(service.id) + '/enrolment-quote?from=' + wanted.from + '&periods=' + wanted.periods
      + '&places=' + wanted.places));
    shown = { wanted, quote };
    drawQuote();
    focusOn(byId('iscr-periodo'));
  } catch (e) {
    shown = null;
    result.replaceChildren();
    error.textContent = explain(e);
  }
}

function drawQuote() {
  const { quote } = shown;
  const days = quote.dates;
  const first = days[0] || quote.from;
  const last = days[days.length - 1] || quote.to;
  const price = quote.price;
  fill(result,
    el('p', { id: 'iscr-periodo', class: 'fw-semibold', tabindex: '-1' },
      t('enrol.period', { from: fullDate(first), to: fullDate(last), days: quote.slots })),
    days.length ? el('details', { class: 'mb-3' }, el('summary', {}, t('enrol.days')),
      el('ul', { id: 'iscr-giorni', class: 'mb-0' }, ...days.map(d => el('li', {}, fullDate(d))))) : null,
    quote.available ? null : el('div', { id: 'iscr-pieno', class: 'alert alert-warning', role: 'alert' },
      t('enrol.full', { dates: quote.fullDates.map(d => shortDate(d)).join(', ') })),
    el('div', { class: 'table-responsive' }, el('table', { id: 'iscr-prezzo', class: 'table table-sm' },
      el('caption', { class: 'visually-hidden' }, t('enrol.price')),
      el('tbody', {}, ...price.lines.map(line => el('tr', {}, el('td', {}, line.label),
        el('td', { class: 'text-end text-nowrap' }, euro(line.cents))))),
      el('tfoot', {}, el('tr', {}, el('th', { scope: 'row' }, t('enrol.total')),
        el('td', { id: 'iscr-totale', class: 'text-end text-nowrap fw-bold' }, euro(price.priceCents)))))),
    el('p', { class: 'form-text' }, price.rounding),
    quote.available ? el('button', { type: 'button', id: 'iscr-iscriviti', class: 'btn btn-primary', onclick: enrol },
      t('enrol.hold')) : null,
    el('div', { id: 'iscr-prenota' }));
}

/** Holds every day of the period, then the usual confirmation step takes over under the quote. */
function enrol() {
  const { wanted, quote } = shown;
  const first = quote.dates[0];
  const last = quote.dates[quote.dates.length - 1];
  book(service, { id: null, start: first, end: last }, wanted.places, byId('iscr-prenota'), {
    request: () => api('POST', '/api/v1/enrolments', { serviceId: service.id, ...wanted }),
    when: t('enrol.when', { from: shortDate(first), to: shortDate(last) }),
    cost: t('cost.line', { price: euro(quote.price.priceCents), detail: quote.price.lines.map(l => l.label).join('; ') }),
  });
}
