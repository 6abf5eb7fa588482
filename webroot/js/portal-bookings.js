// My bookings (prenotazioni.html): sign in if needed, then upcoming and past bookings, each with
// its actions (portal-booking-actions.js), the welfare credit for employees, and how to be told
// (notification-preferences.js).
import { t, api, identity, showError, Problem } from './sportello.js';
import { el, byId, focusOn } from './dom.js';
import { dateTime } from './time.js';
import { signInForm } from './signin.js';
import { startPage, onLanguage, placesText, loading, costText } from './portal-common.js';
import { actionsFor } from './portal-booking-actions.js';
import { showWallet } from './portal-wallet.js';
import { showConsents } from './portal-consents.js';
import { showPreferences, hidePreferences } from './notification-preferences.js';
import { intakeSummary } from './intake-form.js';
import { showCalendarFeed, hideCalendarFeed } from './calendar-feed.js';

const LIVE = ['held', 'confirmed'];
const policies = new Map();
let bookings = null;

async function policyOf(serviceId) {
  if (!policies.has(serviceId)) {
    policies.set(serviceId, api('GET', '/api/v1/services/' + encodeURIComponent(serviceId))
      .then(s => ({ ...(s.policy || {}), tariff: s.tariff })).catch(() => ({})));
  }
  return policies.get(serviceId);
}

function statusBadge(status) {
  const tone = status === 'confirmed' ? 'bg-success' : status === 'held' ? 'bg-warning text-dark' : 'bg-secondary';
  return el('p', {}, t('bookings.status') + ' ', el('span', { class: 'badge ' + tone }, t('status.' + status)));
}

function item(booking, policy, upcoming) {
  const line = t('bookings.line', { when: dateTime(booking.start, booking.end), places: placesText(booking.places),
    code: booking.code });
  const body = el('div', { class: 'card-body' },
    el('h3', { class: 'card-title h5' }, booking.serviceTitle),
    el('p', {}, line),
    // What it costs, as the hold said (the tariff per place; the service is read once per page).
    policy && policy.tariff ? el('p', { class: 'portal-cost' }, costText(policy.tariff, booking, booking.places)) : null,
    booking.address ? el('p', { class: 'text-secondary' }, booking.address) : null,
    intakeSummary(booking.intake),
    statusBadge(booking.status));
  if (upcoming) {
    const hours = policy && policy.cancelWindowHours;
    if (hours) body.append(el('p', { class: 'text-secondary' }, t('bookings.window', { hours })));
    body.append(...actionsFor(booking, policy || {}, { changed: reload }));
  }
  return el('li', { class: 'portal-booking mb-3', dataset: { booking: booking.id, status: booking.status } },
    el('div', { class: 'card card-bg shadow-sm no-after' }, body));
}

async function render() {
  if (!bookings) return;
  const now = Date.now();
  const upcoming = bookings.filter(b => LIVE.includes(b.status) && new Date(b.end).getTime() > now)
    .sort((a, b) => a.start.localeCompare(b.start));
  const past = bookings.filter(b => !upcoming.includes(b));
  const known = await Promise.all(upcoming.map(b => policyOf(b.serviceId)));
  const pastKnown = await Promise.all(past.map(b => policyOf(b.serviceId)));
  byId('prossime').replaceChildren(...(upcoming.length
    ? upcoming.map((b, i) => item(b, known[i], true)) : [el('li', { class: 'portal-empty' }, t('bookings.none'),
      ' ', el('a', { href: '/' }, t('nav.search')))]));
  byId('passate').replaceChildren(...(past.length
    ? past.map((b, i) => item(b, pastKnown[i], false)) : [el('li', { class: 'portal-empty' }, t('bookings.pastNone'))]));
}

/** Loads the list again (after a change) and puts focus on its heading when asked. */
async function reload(focus = true) {
  const error = byId('errore-elenco');
  error.textContent = '';
  try {
    await loading(byId('prossime'), byId('carico-elenco'), t('bookings.loading'),
      async () => {
        bookings = (await api('GET', '/api/v1/bookings')).items;
        await render();
      });
    if (focus) focusOn(byId('prossime-titolo'));
  } catch (e) {
    if (e instanceof Problem && e.status === 401) {
      askSignIn();
      return;
    }
    showError(error, e);
  }
}

function showAll() {
  byId('elenco').hidden = false;
  reload(false);
  showWallet();
  showCalendarFeed();
  showConsents(() => {
    showWallet();
    reload(false);
  });
  showPreferences();
}

function askSignIn() {
  byId('elenco').hidden = true;
  byId('portafoglio').hidden = true;
  byId('consensi').hidden = true;
  hideCalendarFeed();
  hidePreferences();
  const box = byId('accesso');
  signInForm(box, { intro: 'signin.intro', focus: identity() !== null || location.hash === '#accedi' }).then(() => {
    box.replaceChildren();
    showAll();
    focusOn(byId('titolo'));
  });
}

startPage();
onLanguage(render);
if (identity()) showAll();
else askSignIn();
