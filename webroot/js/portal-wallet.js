// An employee's welfare credit (GET /welfare/wallet): balance per plan year and the movements.
import { t, api, hasRole, euro, showError } from './sportello.js';
import { byId, el } from './dom.js';
import { plainDate } from './time.js';
import { loading, onLanguage } from './portal-common.js';

const section = byId('portafoglio');
const target = byId('saldo');
let wallet = null;

onLanguage(render);

export async function showWallet() {
  if (!hasRole('employee')) return;
  section.hidden = false;
  try {
    await loading(target, byId('carico-portafoglio'), t('wallet.loading'), async () => {
      wallet = await api('GET', '/api/v1/welfare/wallet');
      render();
    });
  } catch (e) {
    showError(byId('errore-portafoglio'), e);
  }
}

function table(caption, heads, rows) {
  return el('div', { class: 'table-responsive' }, el('table', { class: 'table portal-table' },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, heads.map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows)));
}

function render() {
  if (!wallet) return;
  if (wallet.wallets.length === 0) {
    target.replaceChildren(el('p', {}, t('wallet.none')));
    return;
  }
  const balances = table(t('wallet.balances'),
    [t('wallet.year'), t('wallet.balance'), t('wallet.until'), t('wallet.unused')],
    wallet.wallets.map(w => el('tr', { dataset: { plan: w.planId } },
      el('th', { scope: 'row' }, String(w.year)),
      el('td', { class: 'portal-amount' }, euro(w.balanceCents)),
      el('td', {}, plainDate(w.endsOn)),
      el('td', {}, t('wallet.' + w.unusedCredit)))));
  const movements = wallet.movements.length === 0 ? el('p', {}, t('wallet.noMovements'))
    : table(t('wallet.movements'), [t('wallet.when'), t('wallet.kind'), t('wallet.amount')],
      wallet.movements.map(m => el('tr', { dataset: { kind: m.kind } },
        el('td', {}, plainDate(m.at)),
        el('td', {}, t('wallet.kind.' + m.kind)),
        el('td', { class: 'portal-amount' }, euro(m.amountCents)))));
  target.replaceChildren(balances, movements);
}
