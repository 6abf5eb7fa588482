// "La tua Welfare Card" (/carta-welfare.html): the signed-in employee's card (GET
// /api/v1/me/welfare-card) with its QR code, which a provider scans to check it, and the
// package's services with the tariff, the discount and the price with the card. Without a card,
// why, and the button that asks for it (POST /api/v1/me/welfare-card) when their company takes part.
import { t, api, busy, euro, showError, Problem } from './sportello.js';
import { byId, el, fill, announce, focusOn } from './dom.js';
import { plainDate } from './time.js';
import { signedIn, startHeader } from './signin.js';
import './welfare-card-words.js';

const state = { card: null, canRequest: false, loaded: false };

startHeader({ onLanguage: render });
signedIn({ role: 'employee' }).then(start);

async function start() {
  byId('carta').hidden = false;
  byId('richiedi').addEventListener('click', event => busy(event.currentTarget, request));
  await load();
}

async function load() {
  try {
    state.card = await api('GET', '/api/v1/me/welfare-card');
  } catch (e) {
    if (!(e instanceof Problem && e.status === 404)) {
      showError(byId('carta-errore'), e);
      return;
    }
    state.card = null;
    state.canRequest = !!e.body.canRequest;
  }
  state.loaded = true;
  render();
}

async function request() {
  try {
    state.card = await api('POST', '/api/v1/me/welfare-card', {});
    render();
    announce(t('wcard.requested'));
    focusOn(byId('tessera-titolo'));
  } catch (e) {
    showError(byId('carta-errore'), e);
  }
}

function render() {
  document.title = t('wcard.pageTitle');
  if (!state.loaded) return;
  const card = state.card;
  byId('tessera').hidden = !card;
  byId('pacchetto').hidden = !card;
  byId('nessuna').hidden = !!card;
  if (!card) {
    byId('nessuna-testo').textContent = t(state.canRequest ? 'wcard.none.canRequest' : 'wcard.none.cannot');
    byId('richiedi').hidden = !state.canRequest;
    return;
  }
  byId('tessera-accordo').textContent = card.agreement.name;
  fill(byId('tessera-numero'), el('span', { class: 'visually-hidden' }, t('wcard.number') + ': '), card.display);
  byId('tessera-azienda').textContent = card.company;
  byId('tessera-validita').textContent = t('wcard.validity.range', { from: plainDate(card.validFrom), until: plainDate(card.validUntil) });
  fill(byId('tessera-stato'), statusBadge(card.status));
  const qr = byId('tessera-qr');
  qr.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(card.qr.svg);
  qr.alt = t('wcard.qr.alt', { number: card.display });
  fill(byId('pacchetto-righe'), card.services.length ? card.services.map(row)
    : el('tr', {}, el('td', { colspan: '4' }, t('wcard.package.none'))));
}

function statusBadge(status) {
  const kind = status === 'valid' ? 'bg-success' : status === 'not_yet_valid' ? 'bg-warning text-dark' : 'bg-danger';
  return el('span', { class: 'badge ' + kind }, t('wcard.status.' + status));
}

function row(service) {
  const unit = t('wcard.unit.' + service.unit);
  const discount = service.discount.kind === 'percent'
    ? t('wcard.discount.percent', { value: service.discount.value }) : t('wcard.discount.fixed');
  return el('tr', { dataset: { service: service.id } },
    el('th', { scope: 'row' }, el('span', { class: 'd-block' }, service.title), el('small', { class: 'text-muted' }, service.provider)),
    el('td', {}, t('wcard.price', { price: euro(service.tariffCents), unit })),
    el('td', {}, discount),
    el('td', {}, el('strong', {}, t('wcard.price', { price: euro(service.priceCents), unit }))));
}
