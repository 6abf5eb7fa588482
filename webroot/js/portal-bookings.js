// My bookings (prenotazioni.html): sign in if needed, then upcoming and past bookings, each with
// its price, what was paid and how, what is still due and what was refunded (GET
// /bookings/{id}/payments), its receipts and actions (portal-booking-actions.js); the receipts
// with their PDFs (GET /me/receipts); the welfare credit for employees; how to be told
// (notification-preferences.js); and, back from a card payment, its outcome (portal-payment-return.js).
// A purchase of an event's tickets shows its tickets, each with its QR code (GET /tickets).
import { t, api, identity, showError, Problem, euro } from './sportello.js';
import { el, byId, focusOn, announce } from './dom.js';
import { dateTime, plainDate } from './time.js';
import { signInForm } from './signin.js';
import { startPage, onLanguage, placesText, loading, costText } from './portal-common.js';
import { actionsFor } from './portal-booking-actions.js';
import { showWallet } from './portal-wallet.js';
import { showConsents } from './portal-consents.js';
import { showPreferences, hidePreferences } from './notification-preferences.js';
import { intakeSummary } from './intake-form.js';
import { showCalendarFeed, hideCalendarFeed } from './calendar-feed.js';
import { priceDetail, isQuote, tariffWords } from './price-detail.js';
import { downloadFile } from './file-download.js';
import { showPaymentReturn } from './portal-payment-return.js';
import { ticketCard } from './ticket-card.js';

const LIVE = ['held', 'confirmed'];
const policies = new Map();
let bookings = null;
/** Per booking id: its payments ({priceCents, paidCents, dueCents, refundedCents, items}). */
let money = new Map();
/** The person's receipts and credit notes, newest first. */
let receipts = [];
/** Per booking id: the tickets of a purchase of an event's tickets. */
let tickets = new Map();

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

/** The price as it was charged: the total, with the quote's lines one click away. */
function priceOf(booking, policy) {
  if (isQuote(booking.price)) {
    return el('details', { class: 'portal-cost mb-1' },
      el('summary', {}, t('money.price', { amount: euro(booking.priceCents) }) + ' · '
        + tariffWords(booking.price.unit, booking.price.unitCents)),
      priceDetail(booking.price, 'prezzo-' + booking.id));
  }
  // Bookings held before prices were quoted: the tariff as the hold said.
  return policy && policy.tariff ? el('p', { class: 'portal-cost' }, costText(policy.tariff, booking, booking.places)) : null;
}

/** What was paid and how, what is on its way or still due, and what came back. */
function moneyLines(paid) {
  if (!paid) return null;
  const lines = [];
  for (const p of paid.items || []) {
    const amount = euro(p.amountCents);
    if (p.state === 'completed') {
      lines.push(el('li', { dataset: { method: p.method, state: p.state } }, t('money.paid.' + p.method, { amount })
        + (p.means ? ' ' + t('money.means.' + p.means) : '')));
    } else if (p.state === 'pending') {
      lines.push(el('li', { dataset: { method: p.method, state: p.state } }, t('money.pending', { amount })));
    } else if (p.state === 'due') {
      lines.push(el('li', { class: 'fw-semibold', dataset: { method: p.method, state: p.state } }, t('money.due', { amount })));
    }
    for (const r of p.refunds || []) {
      if (r.state === 'completed') lines.push(el('li', { dataset: { refund: r.state } }, t('money.refunded', { amount: euro(r.amountCents) })));
      if (r.state === 'pending') lines.push(el('li', { dataset: { refund: r.state } }, t('money.refund.pending', { amount: euro(r.amountCents) })));
    }
  }
  return lines.length ? el('ul', { class: 'portal-money list-unstyled mb-1' }, lines) : null;
}

function documentName(receipt) {
  return t('receipts.series.' + receipt.series, { label: receipt.label });
}

function downloadButton(receipt, text) {
  const button = el('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', dataset: { receipt: receipt.id },
    'aria-label': t('receipts.download.label', { document: documentName(receipt), service: receipt.serviceTitle }) }, text);
  button.addEventListener('click', async () => {
    const error = byId('errore-ricevute');
    error.textContent = '';
    try {
      await downloadFile('/api/v1/receipts/' + encodeURIComponent(receipt.id) + '/pdf', 'application/pdf',
        'ricevuta.pdf', 'receipts.wrong');
      announce(t('receipts.downloaded'));
    } catch (e) {
      error.textContent = e instanceof Problem ? e.message : t('receipts.wrong');
    }
  });
  return button;
}

function receiptsOf(booking) {
  const mine = receipts.filter(r => r.bookingId === booking.id);
  if (!mine.length) return null;
  return el('div', { class: 'd-flex flex-wrap gap-2 align-items-center mb-1' }, el('span', {}, t('receipts.ofBooking')),
    mine.map(r => downloadButton(r, documentName(r))));
}

function item(booking, policy, upcoming) {
  const line = t('bookings.line', { when: dateTime(booking.start, booking.end), places: placesText(booking.places),
    code: booking.code });
  const body = el('div', { class: 'card-body' },
    el('h3', { class: 'card-title h5' }, booking.serviceTitle),
    el('p', {}, line),
    priceOf(booking, policy),
    moneyLines(money.get(booking.id)),
    receiptsOf(booking),
    booking.address ? el('p', { class: 'text-secondary' }, booking.address) : null,
    intakeSummary(booking.intake),
    ticketsOf(booking),
    statusBadge(booking.status));
  if (upcoming) {
    const hours = policy && policy.cancelWindowHours;
    if (hours) body.append(el('p', { class: 'text-secondary' }, t('bookings.window', { hours })));
    body.append(...actionsFor(booking, policy || {}, { changed: reload }));
  }
  return el('li', { class: 'portal-booking mb-3', dataset: { booking: booking.id, status: booking.status } },
    el('div', { class: 'card card-bg shadow-sm no-after' }, body));
}

/** The purchase's tickets with their QR codes, one click away; the same as on "I miei biglietti". */
function ticketsOf(booking) {
  const mine = tickets.get(booking.id);
  if (!mine || !mine.length) return null;
  return el('details', { class: 'mb-2', dataset: { tickets: booking.id } },
    el('summary', {}, t('bookings.tickets', { n: mine.length })),
    el('ul', { class: 'list-unstyled row g-3 mt-1' }, ...mine.map(k => ticketCard(k, 4))),
    el('p', {}, el('a', { href: '/biglietti.html' }, t('bookings.tickets.all'))));
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
  renderReceipts();
}

function renderReceipts() {
  const box = byId('elenco-ricevute');
  if (!receipts.length) {
    box.replaceChildren(el('p', {}, t('receipts.none')));
    return;
  }
  const heads = [t('receipts.number'), t('receipts.date'), t('receipts.service'), t('receipts.amount'), t('receipts.how'),
    t('receipts.file')];
  box.replaceChildren(el('div', { class: 'table-responsive' }, el('table', { class: 'table portal-table' },
    el('caption', {}, t('receipts.caption')),
    el('thead', {}, el('tr', {}, heads.map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, receipts.map(r => el('tr', { dataset: { receipt: r.id, series: r.series } },
      el('th', { scope: 'row' }, documentName(r)),
      el('td', {}, plainDate(r.issuedAt)),
      el('td', {}, r.serviceTitle),
      el('td', { class: 'portal-amount' }, euro(r.series === 'credit_note' ? -r.amountCents : r.amountCents)),
      el('td', {}, t('method.' + r.method)),
      el('td', {}, downloadButton(r, t('receipts.download')))))))));
}

/** The payments of every booking (each answer on its own: one that fails leaves the others). */
async function loadMoney(list) {
  const answers = await Promise.all(list.map(b => api('GET', '/api/v1/bookings/' + b.id + '/payments').catch(() => null)));
  money = new Map(list.map((b, i) => [b.id, answers[i]]));
}

/** The person's tickets by purchase (none shown when they cannot be read: the bookings still are). */
async function loadTickets() {
  const items = (await api('GET', '/api/v1/tickets').catch(() => ({ items: [] }))).items || [];
  tickets = new Map();
  items.forEach(k => {
    if (!tickets.has(k.bookingId)) tickets.set(k.bookingId, []);
    tickets.get(k.bookingId).push(k);
  });
}

async function loadReceipts() {
  try {
    receipts = (await api('GET', '/api/v1/me/receipts')).items || [];
    byId('errore-ricevute').textContent = '';
  } catch (e) {
    receipts = [];
    showError(byId('errore-ricevute'), e);
  }
}

/** Loads the list again (after a change) and puts focus on its heading when asked. */
async function reload(focus = true) {
  const error = byId('errore-elenco');
  error.textContent = '';
  try {
    await loading(byId('prossime'), byId('carico-elenco'), t('bookings.loading'),
      async () => {
        bookings = (await api('GET', '/api/v1/bookings')).items;
        await Promise.all([loadMoney(bookings), loadReceipts(), loadTickets()]);
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
  byId('ricevute').hidden = false;
  reload(false);
  showPaymentReturn(() => reload(false));
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
  byId('ricevute').hidden = true;
  byId('esito-pagamento').hidden = true;
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
