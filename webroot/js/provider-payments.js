// The cooperative's payments page (/pagamenti-ente.html), for its provider admin: the month's
// statement (GET /api/v1/provider/statements/{yyyy-MM}) with its CSV download (.../csv), the
// payments of the month's bookings (GET /api/v1/provider/payments?month=) with "Registra
// pagamento" for those due at the cooperative (POST /api/v1/provider/payments/{id}/record
// {means}), and the year's receipts (GET /api/v1/provider/receipts?year=, each PDF from
// GET /api/v1/receipts/{id}/pdf). Money with euro(), dates in Europe/Rome.
import { t, api, busy, euro, locale, currentLanguage, showError, Problem } from './sportello.js';
import { byId, el, fill, focusOn } from './dom.js';
import { romeDay, shortDate, dateTime } from './time.js';
import { startAdminPage, say, loaded } from './admin-page.js';
import { downloadFile } from './file-download.js';
import './payments-words.js';

const SIZE = 200;
const CHANNELS = ['welfare_credit', 'voucher', 'card', 'at_provider'];
const MEANS = ['cash', 'pos', 'bank_transfer'];

const state = { month: null, statement: null, payments: null, receipts: null, receiptsYear: null, recording: null };

startAdminPage({ onLanguage: render }).then(start);

async function start() {
  byId('mese').value = romeDay().slice(0, 7);
  byId('mese-form').addEventListener('submit', event => { event.preventDefault(); show(); });
  byId('scarica-csv').addEventListener('click', downloadCsv);
  await show();
  loaded();
}

/** Loads the chosen month: its statement and payments, and the receipts of its year. */
async function show() {
  const month = byId('mese').value;
  const error = byId('mese-errore');
  error.hidden = true;
  byId('mese').removeAttribute('aria-invalid');
  if (!/^\d{4}-\d{2}$/.test(month)) {
    error.textContent = t('pay.err.month');
    error.hidden = false;
    byId('mese').setAttribute('aria-invalid', 'true');
    focusOn(byId('mese'));
    return;
  }
  state.month = month;
  state.recording = null;
  await busy(byId('mese-mostra'), () => Promise.all([loadStatement(), loadPayments(), loadReceipts(month.slice(0, 4))]));
  render();
  say('pagamenti-esito', paymentsSummary());
}

async function loadStatement() {
  byId('rendiconto-errore').hidden = true;
  try {
    state.statement = await api('GET', `/api/v1/provider/statements/${state.month}`);
  } catch (e) {
    state.statement = null;
    showError(byId('rendiconto-errore'), e);
  }
}

async function loadPayments() {
  byId('pagamenti-errore').hidden = true;
  try {
    state.payments = await api('GET', `/api/v1/provider/payments?month=${state.month}&size=${SIZE}`);
  } catch (e) {
    state.payments = null;
    showError(byId('pagamenti-errore'), e);
  }
}

async function loadReceipts(year) {
  byId('ricevute-errore').hidden = true;
  state.receiptsYear = year;
  try {
    state.receipts = await api('GET', `/api/v1/provider/receipts?year=${year}`);
  } catch (e) {
    // Receipts come with their own part of the service: until it is there, say so plainly.
    state.receipts = e instanceof Problem && e.status === 404 ? { unavailable: true } : null;
    if (!state.receipts) showError(byId('ricevute-errore'), e);
  }
}

function monthName(month) {
  const [year, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(locale(), { month: 'long', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(Date.UTC(year, m - 1, 15)));
}

function render() {
  document.title = t('pay.documentTitle');
  if (!state.month) return;
  const name = monthName(state.month);
  byId('rendiconto-titolo').textContent = t('pay.st.title', { month: name });
  byId('pagamenti-titolo').textContent = t('pay.list.title', { month: name });
  byId('ricevute-titolo').textContent = t('pay.rc.title', { year: state.receiptsYear });
  byId('scarica-csv').hidden = !state.statement;
  fill(byId('rendiconto-corpo'), state.statement ? statement(state.statement) : null);
  fill(byId('pagamenti-elenco'), state.payments ? payments(state.payments) : null);
  fill(byId('ricevute-elenco'), state.receipts ? receipts(state.receipts) : null);
}

/** A table wider than a phone scrolls in its own box, which the keyboard can reach and a screen reader names. */
function scrollingTable(caption, id, head, body, foot) {
  return el('div', { class: 'table-responsive pay-scroll mb-3', tabindex: '0', role: 'region', 'aria-label': caption },
    el('table', { class: 'table pay-table', id },
      el('caption', {}, caption),
      el('thead', {}, el('tr', {}, head.map(([key, amount]) =>
        el('th', { scope: 'col', class: amount ? 'pay-amount' : null }, t(key))))),
      el('tbody', {}, body), foot ? el('tfoot', {}, foot) : null));
}

function amount(cents) {
  return el('td', { class: 'pay-amount' }, euro(cents));
}

function percent(bps) {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 2 }).format(bps / 10000);
}

function statement(s) {
  const received = new Map(s.received.map(c => [c.channel, c]));
  const refunded = new Map(s.refunded.map(c => [c.channel, c]));
  return [
    el('p', { id: 'svolte' }, el('strong', {}, t('pay.st.delivered') + ': '),
      t(s.delivered.bookings === 1 ? 'pay.st.deliveredOne' : 'pay.st.deliveredMany',
        { n: s.delivered.bookings, amount: euro(s.delivered.cents) })),
    scrollingTable(t('pay.st.caption'), 'rendiconto-tabella',
      [['pay.st.col.channel'], ['pay.st.col.received', true], ['pay.st.col.refunded', true]],
      CHANNELS.map(channel => el('tr', { 'data-channel': channel },
        el('th', { scope: 'row' }, t('pay.channel.' + channel)),
        amount(received.get(channel)?.cents ?? 0), amount(refunded.get(channel)?.cents ?? 0))),
      [el('tr', {}, el('th', { scope: 'row' }, t('pay.st.total')), amount(s.receivedCents), amount(s.refundedCents))]),
    el('dl', { class: 'admin-facts', id: 'netto' },
      el('dt', {}, t('pay.st.fee', { percent: percent(s.platformFee.bps) })), el('dd', { class: 'pay-amount text-start' }, euro(s.platformFee.cents)),
      el('dt', {}, t('pay.st.net')), el('dd', { class: 'pay-amount text-start fw-bold' }, euro(s.netCents))),
    el('p', { class: 'form-text' }, t('pay.st.netHow'), ' ', s.platformFee.rule[currentLanguage()] || s.platformFee.rule.it),
  ];
}

function paymentsSummary() {
  const p = state.payments;
  if (!p) return '';
  return t(p.total === 1 ? 'pay.list.foundOne' : 'pay.list.found', { n: p.total, due: euro(p.dueCents), paid: euro(p.completedCents) });
}

function payments(answer) {
  const items = answer.items || [];
  if (items.length === 0) return el('p', {}, t('pay.list.none'));
  return [
    el('p', {}, paymentsSummary()),
    answer.total > items.length ? el('p', { class: 'alert alert-warning' }, t('pay.list.capped', { shown: items.length, total: answer.total })) : null,
    scrollingTable(t('pay.list.caption'), 'pagamenti-tabella',
      [['pay.col.when'], ['pay.col.code'], ['pay.col.service'], ['pay.col.person'], ['pay.col.method'], ['pay.col.state'],
        ['pay.col.amount', true], ['pay.col.refunded', true], ['pay.col.action']],
      items.map(payment)),
  ];
}

function payment(p) {
  const method = t('pay.channel.' + p.method) + (p.means ? ' · ' + t('pay.means.' + p.means) : '');
  return el('tr', { 'data-payment': p.id, 'data-state': p.state },
    el('td', {}, dateTime(p.start)),
    el('td', {}, el('span', { lang: 'und' }, p.code)),
    el('td', {}, p.service.title),
    el('td', {}, p.personName || t('pay.unknownPerson')),
    el('td', {}, method),
    el('td', {}, el('span', { class: 'badge ' + badge(p.state) }, t('pay.state.' + p.state))),
    amount(p.amountCents),
    amount(p.refundedCents),
    el('td', { class: 'admin-actions' }, p.method === 'at_provider' && p.state === 'due' ? recordAction(p) : null));
}

function badge(paymentState) {
  return { completed: 'bg-success', due: 'bg-warning text-dark', pending: 'bg-info text-dark' }[paymentState] || 'bg-secondary';
}

/** "Registra pagamento": first the button, then how the person paid and a confirmation. */
function recordAction(p) {
  if (state.recording !== p.id) {
    return el('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', 'data-action': 'record',
      onclick: () => { state.recording = p.id; render(); focusOn(byId('modo-' + p.id)); } },
    t('pay.record'), el('span', { class: 'visually-hidden' }, ' ' + t('pay.record.for', { code: p.code, amount: euro(p.amountCents) })));
  }
  const errorId = 'registra-errore-' + p.id;
  return el('form', { class: 'pay-record', novalidate: true, onsubmit: event => { event.preventDefault(); record(p, event.submitter); } },
    el('div', {},
      el('label', { for: 'modo-' + p.id, class: 'form-label' }, t('pay.record.means')),
      el('select', { id: 'modo-' + p.id, class: 'form-select', 'aria-describedby': errorId },
        MEANS.map(m => el('option', { value: m }, t('pay.means.' + m))))),
    el('button', { type: 'submit', class: 'btn btn-primary btn-sm', 'data-action': 'record-confirm' }, t('pay.record.confirm')),
    el('button', { type: 'button', class: 'btn btn-outline-primary btn-sm',
      onclick: () => { state.recording = null; render(); focusOn(byId('pagamenti-titolo')); } }, t('pay.record.cancel')),
    el('p', { id: errorId, role: 'alert', class: 'field-error text-danger w-100', hidden: true }));
}

async function record(p, button) {
  const means = byId('modo-' + p.id).value;
  const error = byId('registra-errore-' + p.id);
  try {
    await busy(button || byId('mese-mostra'), () => api('POST', `/api/v1/provider/payments/${p.id}/record`, { means }));
  } catch (e) {
    if (e instanceof Problem && (e.status === 404 || e.status === 409)) {
      // Gone, or recorded meanwhile by someone else: the list is redrawn as it is now, and says why.
      await Promise.all([loadStatement(), loadPayments()]);
      state.recording = null;
      render();
      say('pagamenti-esito', t(e.status === 404 ? 'pay.record.gone' : 'pay.record.conflict') + ' ' + e.message);
      focusOn(byId('pagamenti-titolo'));
      return;
    }
    error.textContent = e instanceof Problem ? e.message : t('error.generic');
    error.hidden = false;
    return;
  }
  state.recording = null;
  await Promise.all([loadStatement(), loadPayments()]);
  render();
  say('pagamenti-esito', t('pay.record.done', { amount: euro(p.amountCents), code: p.code, means: t('pay.means.' + means) }));
  focusOn(byId('pagamenti-titolo'));
}

async function downloadCsv() {
  const button = byId('scarica-csv');
  try {
    const name = await busy(button, () => downloadFile(`/api/v1/provider/statements/${state.month}/csv`, 'text/csv',
      `rendiconto-${state.month}.csv`));
    say('csv-esito', t('pay.st.csvDone', { name }));
  } catch (e) {
    showError(byId('rendiconto-errore'), e);
  }
}

function receipts(answer) {
  if (answer.unavailable) return el('p', {}, t('pay.rc.unavailable'));
  const items = answer.items || [];
  if (items.length === 0) return el('p', {}, t('pay.rc.none', { year: state.receiptsYear }));
  return scrollingTable(t('pay.rc.caption', { year: state.receiptsYear }), 'ricevute-tabella',
    [['pay.rc.col.number'], ['pay.rc.col.kind'], ['pay.rc.col.date'], ['pay.rc.col.amount', true], ['pay.rc.col.file']],
    items.map(r => el('tr', { 'data-receipt': r.id },
      el('th', { scope: 'row' }, String(r.number ?? '')),
      el('td', {}, t('pay.rc.kind.' + (r.kind || 'receipt'))),
      el('td', {}, r.issuedAt ? shortDate(r.issuedAt) : ''),
      amount(r.amountCents ?? r.totalCents ?? 0),
      el('td', {}, el('button', { type: 'button', class: 'btn btn-outline-primary btn-sm',
        onclick: event => downloadReceipt(r, event.currentTarget) },
      t('pay.rc.pdf'), el('span', { class: 'visually-hidden' }, ' ' + String(r.number ?? '')))))));
}

async function downloadReceipt(r, button) {
  try {
    await busy(button, () => downloadFile(`/api/v1/receipts/${r.id}/pdf`, 'application/pdf', `ricevuta-${r.number ?? r.id}.pdf`));
  } catch (e) {
    showError(byId('ricevute-errore'), e);
  }
}
