// "Resoconti", a section of /comune.html: the Comune's reports. Every bando in aggregate (GET
// /api/v1/comune/report: budget, granted, residual, spent, applications by status) and one bando
// in detail (GET /api/v1/comune/bandi/:id/report: amounts by status, spending per shop, the
// applications received over time as a table and a bar chart with its text alternative), each as
// CSV; and the shops' monthly reimbursement statements of the buoni spesa (GET
// /api/v1/municipality/voucher-statements/:month, and /csv). No person is named in any of them.
import { t, api, busy, euro, showError } from './sportello.js';
import { el, fill, focusOn } from './dom.js';
import { plainDate, clock, romeDay } from './time.js';
import { downloadFile } from './file-download.js';

export const id = 'resoconti';

const STATUSES = ['submitted', 'incomplete', 'admitted', 'paid', 'rejected', 'withdrawn'];
const state = { section: null, report: null, bandoId: '', bucket: 'day', bando: null, month: null, statement: null };

export async function start(comune, section) {
  state.section = section;
  state.month = romeDay().slice(0, 7);
  await load();
}

export function changed() {
  load();
}

async function load() {
  try {
    state.report = await api('GET', '/api/v1/comune/report');
    if (state.bandoId) state.bando = await api('GET', bandoPath() + '?bucket=' + state.bucket);
  } catch (e) {
    render();
    showError(state.section.querySelector('#resoconti-errore'), e);
    return;
  }
  render();
}

function bandoPath() {
  return '/api/v1/comune/bandi/' + encodeURIComponent(state.bandoId) + '/report';
}

export function render() {
  if (!state.section) return;
  fill(state.section,
    el('h2', { class: 'h3', id: 'resoconti-titolo' }, t('reports.title')),
    el('p', {}, t('reports.intro')),
    el('p', { role: 'alert', class: 'alert alert-danger', id: 'resoconti-errore', hidden: true }),
    state.report ? comune(state.report) : null,
    state.report && state.report.items.length ? bandoChooser() : null,
    state.bando ? bando(state.bando) : null,
    statements());
}

function csvButton(buttonId, path, name) {
  const button = el('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', id: buttonId,
    onclick: () => busy(button, async () => {
      try {
        await downloadFile(path, 'text/csv', name);
      } catch (e) {
        const alert = state.section.querySelector('#resoconti-errore');
        showError(alert, e);
        focusOn(alert);
      }
    }) }, t('reports.csv'));
  return button;
}

function comune(r) {
  return el('div', { class: 'mb-4' },
    el('h3', { class: 'h5' }, t('reports.all')),
    el('p', { id: 'resoconti-totali' }, t('reports.totals', { budget: euro(r.budgetCents), granted: euro(r.grantedCents),
      left: euro(r.residualCents) })),
    r.items.length === 0 ? el('p', {}, t('reports.none')) : el('div', { class: 'table-responsive' }, el('table', {
      class: 'table table-sm', id: 'resoconti-bandi' },
    el('caption', {}, t('reports.all.caption')),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('reports.col.bando')),
      ...['budget', 'granted', 'left', 'spent'].map(c => el('th', { scope: 'col', class: 'text-end' }, t('reports.col.' + c))),
      ...STATUSES.map(s => el('th', { scope: 'col', class: 'text-end' }, t('review.status.' + s))))),
    el('tbody', {}, ...r.items.map(b => el('tr', {},
      el('th', { scope: 'row' }, b.title, el('br'), el('small', {}, t('bandi.status.' + b.status))),
      ...[b.budgetCents, b.grantedCents, b.residualCents].map(c => el('td', { class: 'text-end' }, euro(c))),
      el('td', { class: 'text-end' }, b.spentCents === null ? '—' : euro(b.spentCents)),
      ...STATUSES.map(s => el('td', { class: 'text-end' }, String(b.byStatus[s].applications)))))))),
    csvButton('resoconti-csv', '/api/v1/comune/report/csv', 'bandi-comune.csv'));
}

function bandoChooser() {
  const select = el('select', { id: 'resoconti-bando', class: 'form-select' },
    el('option', { value: '' }, t('review.choose')),
    ...state.report.items.map(b => el('option', { value: b.bandoId, selected: b.bandoId === state.bandoId }, b.title)));
  const bucket = el('select', { id: 'resoconti-intervallo', class: 'form-select' },
    ...['day', 'hour', 'minute'].map(b => el('option', { value: b, selected: b === state.bucket }, t('reports.bucket.' + b))));
  return el('form', { class: 'row g-2 align-items-end mb-3', onsubmit: event => {
    event.preventDefault();
    state.bandoId = select.value;
    state.bucket = bucket.value;
    state.bando = null;
    busy(event.submitter || select, async () => {
      await load();
      focusOn(state.section.querySelector('#resoconto-bando-titolo'));
    });
  } },
  el('div', { class: 'col-md-6' }, el('label', { for: 'resoconti-bando', class: 'form-label' }, t('reports.bando')), select),
  el('div', { class: 'col-md-3' }, el('label', { for: 'resoconti-intervallo', class: 'form-label' }, t('reports.bucket')), bucket),
  el('div', { class: 'col-md-3' }, el('button', { type: 'submit', class: 'btn btn-outline-primary', id: 'resoconti-mostra' },
    t('reports.show'))));
}

function bando(b) {
  const received = b.received.items;
  return el('section', { class: 'mb-4', 'aria-labelledby': 'resoconto-bando-titolo', id: 'resoconto-bando' },
    el('h3', { class: 'h5', id: 'resoconto-bando-titolo' }, b.title),
    el('p', {}, t('reports.totals', { budget: euro(b.budgetCents), granted: euro(b.grantedCents), left: euro(b.residualCents) }),
      ' ', b.spendingReported ? t('reports.spent', { spent: euro(b.spentCents) }) : null),
    el('div', { class: 'table-responsive' }, el('table', { class: 'table table-sm' },
      el('caption', {}, t('reports.byStatus')),
      el('thead', {}, el('tr', {}, ...['status', 'applications', 'amount'].map(c => el('th', { scope: 'col' }, t('reports.scol.' + c))))),
      el('tbody', {}, ...STATUSES.map(s => el('tr', {}, el('th', { scope: 'row' }, t('review.status.' + s)),
        el('td', {}, String(b.byStatus[s].applications)), el('td', {}, euro(b.byStatus[s].amountCents))))))),
    b.kind === 'buoni_spesa' ? shops(b) : null,
    series(received, b.received.bucket),
    csvButton('resoconto-bando-csv', bandoPath() + '/csv?bucket=' + state.bucket, 'bando.csv'));
}

function shops(b) {
  if (!b.shops.length) return el('p', {}, t('reports.shops.none'));
  return el('div', { class: 'table-responsive' }, el('table', { class: 'table table-sm' },
    el('caption', {}, t('reports.shops')),
    el('thead', {}, el('tr', {}, ...['shop', 'payments', 'spent'].map(c => el('th', { scope: 'col' }, t('reports.shcol.' + c))))),
    el('tbody', {}, ...b.shops.map(s => el('tr', {}, el('th', { scope: 'row' }, s.name), el('td', {}, String(s.payments)),
      el('td', {}, euro(s.spentCents)))))));
}

function label(start, bucket) {
  return bucket === 'day' ? plainDate(start) : plainDate(start) + ' ' + clock(start);
}

/** The applications received per period: a table, and the same numbers as bars (an image whose words are the table). */
function series(items, bucket) {
  if (!items.length) return el('p', {}, t('reports.received.none'));
  const most = Math.max(...items.map(i => i.applications), 1);
  const total = items.reduce((sum, i) => sum + i.applications, 0);
  const peak = items.find(i => i.applications === most);
  const width = 24;
  const height = 120;
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${items.length * width} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', 'ricevute-grafico-testo');
  svg.setAttribute('class', 'ricevute-grafico');
  svg.setAttribute('width', String(Math.min(items.length * width, 600)));
  svg.setAttribute('height', String(height));
  items.forEach((item, i) => {
    const bar = document.createElementNS(ns, 'rect');
    const h = Math.round(item.applications / most * (height - 4));
    bar.setAttribute('x', String(i * width + 3));
    bar.setAttribute('y', String(height - h));
    bar.setAttribute('width', String(width - 6));
    bar.setAttribute('height', String(h));
    bar.setAttribute('fill', '#0066cc');
    svg.append(bar);
  });
  return el('div', { class: 'mb-3' },
    el('h4', { class: 'h6' }, t('reports.received')),
    el('figure', { class: 'mb-2' }, svg,
      el('figcaption', { id: 'ricevute-grafico-testo' }, t('reports.received.alt', { total, most, when: label(peak.start, bucket),
        n: items.length }))),
    el('div', { class: 'table-responsive' }, el('table', { class: 'table table-sm', id: 'ricevute' },
      el('caption', {}, t('reports.received.caption', { bucket: t('reports.bucket.' + bucket) })),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('reports.rcol.start')), el('th', { scope: 'col' }, t('reports.rcol.n')))),
      el('tbody', {}, ...items.map(i => el('tr', {}, el('th', { scope: 'row' }, label(i.start, bucket)),
        el('td', {}, String(i.applications))))))));
}

// ---- the shops' monthly statements --------------------------------------------------------------

function statements() {
  const month = el('input', { type: 'month', id: 'rendiconto-mese', class: 'form-control', value: state.month,
    'aria-describedby': 'rendiconto-mese-aiuto' });
  const s = state.statement;
  return el('section', { class: 'mb-4', 'aria-labelledby': 'rendiconto-titolo' },
    el('h3', { class: 'h5', id: 'rendiconto-titolo' }, t('statements.title')),
    el('p', {}, t('statements.intro')),
    el('form', { class: 'row g-2 align-items-end mb-3', onsubmit: event => {
      event.preventDefault();
      state.month = month.value;
      busy(event.submitter, loadStatement);
    } },
    el('div', { class: 'col-md-4' }, el('label', { for: 'rendiconto-mese', class: 'form-label' }, t('statements.month')),
      el('p', { class: 'form-text mt-0 mb-1', id: 'rendiconto-mese-aiuto' }, t('statements.month.hint')), month),
    el('div', { class: 'col-md-3' }, el('button', { type: 'submit', class: 'btn btn-outline-primary', id: 'rendiconto-mostra' },
      t('reports.show')))),
    s ? statement(s) : null);
}

async function loadStatement() {
  try {
    state.statement = await api('GET', '/api/v1/municipality/voucher-statements/' + encodeURIComponent(state.month));
  } catch (e) {
    state.statement = null;
    render();
    const alert = state.section.querySelector('#resoconti-errore');
    showError(alert, e);
    focusOn(alert);
    return;
  }
  render();
  focusOn(state.section.querySelector('#rendiconto-esito'));
}

function statement(s) {
  return el('div', {},
    el('p', { id: 'rendiconto-esito', class: 'fw-semibold' }, s.lines.length
      ? t('statements.due', { month: s.month, due: euro(s.dueCents) }) : t('statements.none', { month: s.month })),
    s.lines.length ? el('div', { class: 'table-responsive' }, el('table', { class: 'table table-sm', id: 'rendiconto' },
      el('caption', {}, t('statements.caption', { month: s.month })),
      el('thead', {}, el('tr', {}, ...['shop', 'charges', 'charged', 'refunds', 'refunded', 'due']
        .map(c => el('th', { scope: 'col' }, t('statements.col.' + c))))),
      el('tbody', {}, ...s.lines.map(l => el('tr', {}, el('th', { scope: 'row' }, l.shop), el('td', {}, String(l.charges)),
        el('td', {}, euro(l.chargedCents)), el('td', {}, String(l.refunds)), el('td', {}, euro(l.refundedCents)),
        el('td', { class: 'fw-semibold' }, euro(l.dueCents))))))) : null,
    csvButton('rendiconto-csv', '/api/v1/municipality/voucher-statements/' + encodeURIComponent(s.month) + '/csv',
      'rendiconto-' + s.month + '.csv'));
}
