// The officer's shop accreditations, a section of /comune.html: every shop of the network with
// whether the Comune accredits it to accept its buoni spesa (GET /api/v1/municipalities/{code}/
// shop-accreditations), accredit (POST) and revoke after a confirmation (DELETE). The page gives
// the Comune ({comune, municipality}) and a <section> to draw into.
import { t, api, busy, showError } from './sportello.js';
import { el, fill, announce, focusOn } from './dom.js';
import { plainDate } from './time.js';

export const id = 'esercizi';

const state = { comune: null, section: null, items: null };

export async function start(comune, section) {
  state.comune = comune;
  state.section = section;
  await load();
}

function path() {
  return '/api/v1/municipalities/' + encodeURIComponent(state.comune.municipality.code) + '/shop-accreditations';
}

async function load() {
  try {
    state.items = (await api('GET', path())).items;
  } catch (e) {
    state.items = null;
    render();
    showError(state.section.querySelector('.alert-danger'), e);
    return;
  }
  render();
}

export function render() {
  const section = state.section;
  if (!section) return;
  const error = el('p', { role: 'alert', class: 'alert alert-danger', id: id + '-errore', hidden: true });
  const publicList = el('a', { href: '/dove-spendere.html?comune=' + encodeURIComponent(state.comune.municipality.code) },
    t('shops.public'));
  fill(section,
    el('h2', { class: 'h3', id: id + '-titolo' }, t('shops.title')),
    el('p', {}, t('shops.intro')),
    error,
    state.items && state.items.length === 0 ? el('p', {}, t('shops.none')) : null,
    state.items && state.items.length ? table(state.items) : null,
    el('p', {}, publicList));
}

function table(items) {
  return el('div', { class: 'table-responsive' }, el('table', { class: 'table' },
    el('caption', { class: 'visually-hidden' }, t('shops.title')),
    el('thead', {}, el('tr', {},
      ...['name', 'category', 'address', 'status', 'action'].map(c => el('th', { scope: 'col' }, t('shops.col.' + c))))),
    el('tbody', {}, ...items.map(row))));
}

function row(item) {
  const shop = item.shop;
  const status = item.accredited ? t('shops.accredited', { date: plainDate(item.accreditedAt) })
    : item.revokedAt ? t('shops.revoked', { date: plainDate(item.revokedAt) }) : t('shops.never');
  const action = el('td', {});
  const button = item.accredited
    ? el('button', { type: 'button', class: 'btn btn-outline-danger btn-sm', 'aria-label': t('shops.revoke', { name: shop.name }),
      onclick: () => confirmRevoke(action, shop) }, t('shops.revoke.short'))
    : el('button', { type: 'button', class: 'btn btn-primary btn-sm', 'aria-label': t('shops.accredit', { name: shop.name }),
      onclick: event => busy(event.currentTarget, () => accredit(shop)) }, t('shops.accredit.short'));
  action.append(button);
  return el('tr', { dataset: { shop: shop.id } },
    el('th', { scope: 'row' }, shop.name),
    el('td', {}, t('category.' + shop.category)),
    el('td', {}, shop.address),
    el('td', { class: item.accredited ? 'fw-semibold' : '' }, status),
    action);
}

/** A small confirmation under the button: revoking stops the shop taking vouchers at once. */
function confirmRevoke(cell, shop) {
  const question = t('shops.confirm.revoke', { name: shop.name });
  const box = el('div', { class: 'alert alert-warning mt-2', role: 'group', 'aria-label': question });
  const yes = el('button', { type: 'button', class: 'btn btn-danger btn-sm',
    onclick: () => busy(yes, () => revoke(shop)) }, t('shops.revoke.short'));
  const no = el('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', onclick: () => box.remove() }, '✕');
  no.setAttribute('aria-label', t('shops.confirm.no'));
  box.append(el('p', { class: 'mb-2' }, question), el('div', { class: 'd-flex gap-2' }, yes, no));
  cell.querySelectorAll('.alert-warning').forEach(old => old.remove());
  cell.append(box);
  yes.focus();
}

async function accredit(shop) {
  await change(() => api('POST', path(), { shopId: shop.id }), t('shops.done.accredited', { name: shop.name }));
}

async function revoke(shop) {
  await change(() => api('DELETE', path() + '/' + encodeURIComponent(shop.id)), t('shops.done.revoked', { name: shop.name }));
}

async function change(call, done) {
  try {
    await call();
  } catch (e) {
    showError(state.section.querySelector('#' + id + '-errore'), e);
    focusOn(state.section.querySelector('#' + id + '-errore'));
    return;
  }
  await load();
  announce(done);
  focusOn(state.section.querySelector('#' + id + '-titolo'));
}
