// "Cassa buoni spesa" (/cassa-buoni.html), a shop's counter on the shopkeeper's phone: the voucher
// code (typed, or read from the citizen's QR code with the camera where the browser can) and the
// amount in euro ask for a charge (POST /api/v1/shop/voucher-charges); the citizen confirms it with
// their PIN typed here or with the one-time code shown on their own phone (POST .../:id/confirm).
// Below: today's charges with the same-day storno, and the month's reimbursement statement.
import { t, api, busy, euro, centsOf, showError } from './sportello.js';
import { byId, el, fill, announce, focusOn } from './dom.js';
import { clock, romeDay } from './time.js';
import { signedIn, startHeader } from './signin.js';
import { downloadFile } from './file-download.js';
import { cameraAvailable, readQr } from './qr-camera.js';
import './vouchers-words.js';

const state = { charge: null, today: null, statement: null, scanning: null };

startHeader({ onLanguage: render });
signedIn({ role: 'provider_admin' }).then(start);

async function start() {
  byId('cassa').hidden = false;
  byId('mese').value = romeDay().slice(0, 7);
  byId('addebito').addEventListener('submit', event => { event.preventDefault(); busy(byId('chiedi'), ask); });
  byId('conferma').addEventListener('submit', event => { event.preventDefault(); busy(byId('conferma-invia'), confirm); });
  byId('conferma-annulla').addEventListener('click', reset);
  byId('nuovo').addEventListener('click', reset);
  document.querySelectorAll('input[name="modo"]').forEach(radio => radio.addEventListener('change', proofLabel));
  byId('mese-form').addEventListener('submit', event => { event.preventDefault(); loadStatement(); });
  byId('csv').addEventListener('click', event => busy(event.currentTarget, () =>
    downloadFile('/api/v1/shop/voucher-statements/' + byId('mese').value + '/csv', 'text/csv', 'buoni-spesa.csv')
      .catch(e => showError(byId('cassa-errore'), e))));
  if (cameraAvailable()) {
    byId('inquadra').hidden = false;
    byId('inquadra').addEventListener('click', scan);
  }
  await Promise.all([loadToday(), loadStatement()]);
}

function clearMessages() {
  byId('cassa-errore').hidden = true;
  byId('cassa-fatto').hidden = true;
}

async function ask() {
  clearMessages();
  const cents = centsOf(byId('importo').value);
  if (typeof cents !== 'number' || cents <= 0) {
    byId('cassa-errore').textContent = t('cb.amount.wrong');
    byId('cassa-errore').hidden = false;
    focusOn(byId('importo'));
    return;
  }
  try {
    state.charge = await api('POST', '/api/v1/shop/voucher-charges', { walletCode: byId('codice').value, amountCents: cents });
    byId('addebito').hidden = true;
    byId('conferma').hidden = false;
    byId('prova').value = '';
    render();
    focusOn(byId('conferma-titolo'));
  } catch (e) {
    showError(byId('cassa-errore'), e);
  }
}

function proofLabel() {
  const pin = byId('modo-pin').checked;
  byId('prova-etichetta').textContent = t(pin ? 'cb.confirm.pinLabel' : 'cb.confirm.otpLabel');
  byId('prova').type = pin ? 'password' : 'text';
}

async function confirm() {
  clearMessages();
  const value = byId('prova').value.trim();
  const proof = byId('modo-pin').checked ? { pin: value } : { oneTimeCode: value };
  try {
    const done = await api('POST', '/api/v1/shop/voucher-charges/' + state.charge.id + '/confirm', proof);
    byId('conferma').hidden = true;
    byId('nuovo').hidden = false;
    byId('cassa-fatto').textContent = t('cb.done', { amount: euro(done.amountCents), balance: euro(done.balanceCents) });
    byId('cassa-fatto').hidden = false;
    announce(byId('cassa-fatto').textContent);
    state.charge = null;
    await Promise.all([loadToday(), loadStatement()]);
  } catch (e) {
    byId('prova').value = '';
    showError(byId('cassa-errore'), e);
  }
}

function reset() {
  clearMessages();
  state.charge = null;
  byId('codice').value = '';
  byId('importo').value = '';
  byId('conferma').hidden = true;
  byId('nuovo').hidden = true;
  byId('addebito').hidden = false;
  focusOn(byId('codice'));
}

async function scan() {
  if (state.scanning) {
    stopScan();
    return;
  }
  try {
    state.scanning = await readQr(byId('fotocamera'), code => {
      state.scanning = null;
      byId('inquadra').textContent = t('cb.scan');
      byId('codice').value = code;
      focusOn(byId('importo'));
    });
    byId('inquadra').textContent = t('cb.scan.stop');
  } catch (e) {
    stopScan();
    byId('cassa-errore').textContent = t('cb.scan.failed');
    byId('cassa-errore').hidden = false;
  }
}

function stopScan() {
  if (state.scanning) state.scanning();
  state.scanning = null;
  byId('fotocamera').hidden = true;
  byId('inquadra').textContent = t('cb.scan');
}

async function loadToday() {
  try {
    state.today = await api('GET', '/api/v1/shop/voucher-charges');
    render();
  } catch (e) {
    showError(byId('cassa-errore'), e);
  }
}

async function refund(charge, button) {
  clearMessages();
  await busy(button, async () => {
    try {
      await api('POST', '/api/v1/shop/voucher-charges/' + charge.id + '/refund', {});
      byId('cassa-fatto').textContent = t('cb.refunded', { amount: euro(charge.amountCents) });
      byId('cassa-fatto').hidden = false;
      announce(byId('cassa-fatto').textContent);
      await Promise.all([loadToday(), loadStatement()]);
    } catch (e) {
      showError(byId('cassa-errore'), e);
    }
  });
}

async function loadStatement() {
  try {
    state.statement = await api('GET', '/api/v1/shop/voucher-statements/' + byId('mese').value);
    render();
  } catch (e) {
    showError(byId('cassa-errore'), e);
  }
}

function render() {
  document.title = t('cb.pageTitle');
  if (state.charge) byId('conferma-titolo').textContent = t('cb.confirm.title', { amount: euro(state.charge.amountCents) });
  proofLabel();
  if (state.today) fill(byId('oggi'), todayTable(state.today.items));
  if (state.statement) fill(byId('rendiconto'), statementTable(state.statement));
}

function todayTable(items) {
  if (!items.length) return el('p', {}, t('cb.today.none'));
  return el('div', { class: 'table-responsive' }, el('table', { class: 'table', 'aria-labelledby': 'oggi-titolo' },
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, t('cb.col.time')),
      el('th', { scope: 'col', class: 'text-end' }, t('cb.col.amount')),
      el('th', { scope: 'col' }, t('cb.col.state')),
      el('th', { scope: 'col' }, t('cb.col.action')))),
    el('tbody', {}, ...items.map(c => el('tr', { dataset: { charge: c.id } },
      el('td', {}, clock(c.confirmedAt)),
      el('td', { class: 'text-end' }, euro(c.amountCents)),
      el('td', {}, t('cb.state.' + c.state)),
      el('td', {}, c.state === 'confirmed'
        ? el('button', { type: 'button', class: 'btn btn-outline-danger btn-sm',
          onclick: event => refund(c, event.currentTarget) }, t('cb.refund', { amount: euro(c.amountCents) }))
        : ''))))));
}

function statementTable(statement) {
  if (!statement.lines.length) return el('p', {}, t('cb.statement.none'));
  return el('div', {},
    el('div', { class: 'table-responsive' }, el('table', { class: 'table', 'aria-labelledby': 'rendiconto-titolo' },
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col' }, t('cb.col.municipality')),
        el('th', { scope: 'col', class: 'text-end' }, t('cb.col.charges')),
        el('th', { scope: 'col', class: 'text-end' }, t('cb.col.refunds')),
        el('th', { scope: 'col', class: 'text-end' }, t('cb.col.due')))),
      el('tbody', {}, ...statement.lines.map(line => el('tr', {},
        el('th', { scope: 'row' }, line.municipalityName),
        el('td', { class: 'text-end' }, line.charges + ' · ' + euro(line.chargedCents)),
        el('td', { class: 'text-end' }, line.refunds + ' · ' + euro(line.refundedCents)),
        el('td', { class: 'text-end' }, el('strong', {}, euro(line.dueCents)))))))),
    el('p', { class: 'fw-semibold', id: 'rendiconto-totale' }, t('cb.total', { amount: euro(statement.dueCents) })));
}
