// "I miei buoni spesa" (/i-miei-buoni.html): the signed-in person's voucher wallets (GET
// /api/v1/me/voucher-wallets) with balance and expiry, the code and QR code to show at a shop's
// counter, the charges a shop is asking them to confirm with the one-time code to tell the
// shopkeeper, the movements, and the shops where the vouchers are accepted. While the page is
// visible it looks again every few seconds, so a shop's request shows up by itself.
import { t, api, euro, showError } from './sportello.js';
import { byId, el, fill, announce } from './dom.js';
import { plainDate, clock, dateTime } from './time.js';
import { signedIn, startHeader } from './signin.js';
import './vouchers-words.js';

const REFRESH_MILLIS = 4000;
const state = { wallets: null, pending: new Set() };

startHeader({ onLanguage: render });
signedIn().then(start);

async function start() {
  byId('buoni').hidden = false;
  await load();
  setInterval(() => {
    if (document.visibilityState === 'visible') load();
  }, REFRESH_MILLIS);
}

async function load() {
  try {
    const answer = await api('GET', '/api/v1/me/voucher-wallets');
    const pending = new Set(answer.items.flatMap(w => w.pendingCharges.map(c => c.id)));
    const fresh = [...pending].some(id => !state.pending.has(id));
    const changed = JSON.stringify(answer.items) !== JSON.stringify(state.wallets);
    state.pending = pending;
    state.wallets = answer.items;
    byId('buoni-errore').hidden = true;
    if (changed) render();
    if (fresh) announce(t('vb.pending.new'));
  } catch (e) {
    showError(byId('buoni-errore'), e);
  }
}

function render() {
  document.title = t('vb.pageTitle');
  if (!state.wallets) return;
  byId('nessuno').hidden = state.wallets.length > 0;
  fill(byId('portafogli'), ...state.wallets.map(wallet));
}

function wallet(w) {
  const title = 'buono-' + w.id;
  const expired = w.state === 'expired';
  return el('section', { class: 'card shadow-sm mb-5', 'aria-labelledby': title, dataset: { wallet: w.id } },
    el('div', { class: 'card-body' },
      el('h2', { id: title, class: 'h3' }, t('vb.wallet', { municipality: w.municipalityName })),
      el('p', { class: 'text-muted' }, t('vb.bando', { title: w.bandoTitle })),
      el('div', { class: 'row g-4' },
        el('div', { class: 'col-12 col-md-6' },
          el('dl', { class: 'mb-3' },
            el('dt', {}, t('vb.balance')),
            el('dd', { class: 'display-6', dataset: { balance: String(w.balanceCents) } }, euro(w.balanceCents)),
            el('dd', {}, t('vb.granted', { amount: euro(w.grantedCents) })),
            el('dt', {}, t('vb.validUntil', { date: plainDate(w.validUntil) })),
            el('dd', {}, el('span', { class: 'badge ' + (expired ? 'bg-danger' : 'bg-success') }, t('vb.state.' + w.state)))),
          pendingCharges(w)),
        expired ? null : el('div', { class: 'col-12 col-md-6' },
          el('figure', { class: 'mb-0' },
            el('img', { src: 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(w.qrSvg), width: '220', height: '220',
              alt: t('vb.qr.alt', { code: w.codeGrouped }) }),
            el('figcaption', {},
              el('p', { class: 'h4 my-2' }, el('span', { class: 'visually-hidden' }, t('vb.code') + ': '),
                el('span', { class: 'font-monospace', dataset: { code: w.code } }, w.codeGrouped)),
              el('p', { class: 'form-text' }, t('vb.qr.hint')))))),
      movements(w),
      shops(w)));
}

function pendingCharges(w) {
  if (!w.pendingCharges.length) return null;
  return el('div', { class: 'alert alert-warning', role: 'status' },
    el('h3', { class: 'h5' }, t('vb.pending.title')),
    ...w.pendingCharges.map(c => el('p', { class: 'mb-2', dataset: { charge: c.id } },
      t('vb.pending.one', { shop: c.shop, amount: euro(c.amountCents) }), ' ',
      el('strong', { class: 'h4 font-monospace', dataset: { oneTimeCode: c.oneTimeCode } }, c.oneTimeCode), ' ',
      el('small', {}, '(' + t('vb.pending.until', { time: clock(c.expiresAt) }) + ')'))));
}

function movements(w) {
  const id = 'movimenti-' + w.id;
  return el('div', {},
    el('h3', { id, class: 'h4' }, t('vb.movements')),
    el('div', { class: 'table-responsive' },
      el('table', { class: 'table', 'aria-labelledby': id },
        el('thead', {}, el('tr', {},
          el('th', { scope: 'col' }, t('vb.col.when')),
          el('th', { scope: 'col' }, t('vb.col.what')),
          el('th', { scope: 'col', class: 'text-end' }, t('vb.col.amount')))),
        el('tbody', {}, ...w.movements.map(m => el('tr', {},
          el('td', {}, dateTime(m.at)),
          el('td', {}, t('vb.kind.' + m.kind) + (m.shop ? ' – ' + m.shop : m.bookingId ? ' – ' + t('vb.kind.booking') : '')),
          el('td', { class: 'text-end' }, (m.amountCents > 0 ? '+' : '') + euro(m.amountCents))))))));
}

function shops(w) {
  const id = 'negozi-' + w.id;
  return el('div', {},
    el('h3', { id, class: 'h4' }, t('vb.shops')),
    w.shops.length ? el('ul', { 'aria-labelledby': id }, ...w.shops.map(s => el('li', {},
      el('strong', {}, s.name), ' – ', t('vb.cat.' + s.category), ' – ', s.address)))
      : el('p', {}, t('vb.shops.none')));
}
