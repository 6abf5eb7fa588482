// "Domande", a section of /comune.html: the review of one bando's applications. The queue by
// protocol with filters and pages (GET /api/v1/comune/bandi/:id/applications), the ranking (GET
// .../ranking) and the batch "admit in ranking order until the budget ends" (POST
// .../admit-in-ranking), one application opened (GET .../applications/:applicationId: answers,
// household, documents to download, history) and decided: ask for more or reject with a reason,
// admit, mark paid (a contributo). The budget left is always in sight; 409 budget-exhausted says so.
import { t, api, busy, euro, Problem } from './sportello.js';
import { el, fill, announce, focusOn } from './dom.js';
import { plainDate, clock } from './time.js';
import { downloadFile } from './file-download.js';

export const id = 'domande';

const STATUSES = ['submitted', 'incomplete', 'admitted', 'paid', 'rejected', 'withdrawn'];
const SIZE = 20;
const state = {
  section: null, host: null, bandi: [], bandoId: null, page: 1, status: '', q: '', list: null, ranking: null, open: null,
  message: null, error: null,
};

export async function start(comune, section, host) {
  state.section = section;
  state.host = host;
  await loadBandi();
}

export async function changed() {
  await loadBandi();
  if (state.bandoId) await loadList();
}

/** Shows the applications of {@code bandoId} (from "I bandi del Comune"). */
export async function show(bandoId) {
  state.bandoId = bandoId;
  Object.assign(state, { page: 1, status: '', q: '', ranking: null, open: null, message: null, error: null });
  await loadList();
  state.section.scrollIntoView({ block: 'start' });
  focusOn(state.section.querySelector('#domande-titolo'));
}

async function loadBandi() {
  try {
    state.bandi = (await api('GET', '/api/v1/comune/bandi')).items.filter(b => b.status !== 'draft');
  } catch (e) {
    state.error = e;
  }
  render();
}

function path(...parts) {
  return '/api/v1/comune/bandi/' + [state.bandoId, ...parts].map(encodeURIComponent).join('/');
}

async function loadList() {
  const query = new URLSearchParams({ page: String(state.page), size: String(SIZE) });
  if (state.status) query.set('status', state.status);
  if (state.q) query.set('q', state.q);
  try {
    state.list = await api('GET', path('applications') + '?' + query);
    if (state.ranking) state.ranking = await api('GET', path('ranking'));
  } catch (e) {
    state.list = null;
    state.error = e;
  }
  render();
}

export function render() {
  if (!state.section) return;
  fill(state.section,
    el('h2', { class: 'h3', id: 'domande-titolo' }, t('review.title')),
    el('p', {}, t('review.intro')),
    state.bandi.length ? chooser() : el('p', {}, t('review.noBandi')),
    state.error ? el('div', { role: 'alert', class: 'alert alert-danger', id: 'domande-errore' }, message(state.error)) : null,
    state.message ? el('div', { role: 'status', class: 'alert alert-' + state.message.tone, id: 'domande-esito' }, state.message.text) : null,
    state.list ? [budget(state.list.bando), batch(), filters(), ...queue(state.list), ranking()] : null,
    state.open ? detail(state.open) : null);
}

function message(error) {
  if (error instanceof Problem && error.body.type === '/problems/budget-exhausted') {
    return t('review.budgetExhausted', { left: euro(error.body.residualCents), asked: euro(error.body.amountCents) });
  }
  return error instanceof Problem ? error.message : t('error.generic');
}

function chooser() {
  const select = el('select', { id: 'domande-bando', class: 'form-select' },
    el('option', { value: '' }, t('review.choose')),
    ...state.bandi.map(b => el('option', { value: b.id, selected: b.id === state.bandoId }, b.title)));
  select.addEventListener('change', () => select.value ? show(select.value) : null);
  return el('div', { class: 'mb-3 col-md-8' }, el('label', { for: 'domande-bando', class: 'form-label' }, t('review.bando')), select);
}

/** The budget, always in sight while reviewing. */
function budget(b) {
  const exhausted = b.residualCents <= 0;
  return el('div', { class: 'card card-bg mb-3' }, el('div', { class: 'card-body', id: 'domande-budget' },
    el('h3', { class: 'h5' }, b.title),
    el('p', { class: 'mb-1' }, t('review.budget', { total: euro(b.budgetCents), granted: euro(b.grantedCents) })),
    el('p', { class: 'mb-0 fw-semibold' + (exhausted ? ' text-danger' : '') },
      exhausted ? t('review.budgetGone') : t('review.left', { left: euro(b.residualCents) }))));
}

function batch() {
  const button = el('button', { type: 'button', class: 'btn btn-primary', id: 'domande-in-graduatoria',
    onclick: () => busy(button, admitInRanking) }, t('review.batch'));
  const show = el('button', { type: 'button', class: 'btn btn-outline-primary', id: 'domande-graduatoria',
    'aria-expanded': String(!!state.ranking), onclick: () => busy(show, toggleRanking) },
  t(state.ranking ? 'review.ranking.hide' : 'review.ranking.show'));
  return el('div', { class: 'd-flex flex-wrap gap-2 mb-3' }, show, button);
}

async function toggleRanking() {
  if (state.ranking) {
    state.ranking = null;
    render();
    return;
  }
  try {
    state.ranking = await api('GET', path('ranking'));
  } catch (e) {
    state.error = e;
  }
  render();
  focusOn(state.section.querySelector('#graduatoria-titolo'));
}

async function admitInRanking() {
  state.error = null;
  try {
    const r = await api('POST', path('admit-in-ranking'), {});
    const text = [t(r.admitted === 1 ? 'review.batch.one' : 'review.batch.many', { n: r.admitted }),
      t('review.left', { left: euro(r.residualCents) }), r.stoppedByBudget ? t('review.batch.stopped') : t('review.batch.all')].join(' ');
    state.message = { tone: r.stoppedByBudget ? 'warning' : 'success', text };
  } catch (e) {
    state.error = e;
    state.message = null;
  }
  await loadList();
  state.host.changed(id);
  focusOn(state.section.querySelector('#domande-esito, #domande-errore'));
  if (state.message) announce(state.message.text);
}

function filters() {
  const status = el('select', { id: 'domande-stato', class: 'form-select' },
    el('option', { value: '' }, t('review.status.all')),
    ...STATUSES.map(s => el('option', { value: s, selected: s === state.status }, t('review.status.' + s))));
  const q = el('input', { id: 'domande-cerca', class: 'form-control', type: 'search', value: state.q, autocomplete: 'off' });
  return el('form', { class: 'row g-2 align-items-end mb-3', role: 'search', 'aria-label': t('review.filters'),
    onsubmit: event => {
      event.preventDefault();
      Object.assign(state, { status: status.value, q: q.value.trim(), page: 1, open: null });
      loadList();
    } },
  el('div', { class: 'col-md-4' }, el('label', { for: 'domande-stato', class: 'form-label' }, t('review.status')), status),
  el('div', { class: 'col-md-5' }, el('label', { for: 'domande-cerca', class: 'form-label' }, t('review.search')), q),
  el('div', { class: 'col-md-3' }, el('button', { type: 'submit', class: 'btn btn-outline-primary' }, t('review.filter'))));
}

function queue(list) {
  const pages = Math.max(1, Math.ceil(list.total / list.size));
  if (!list.items.length) return [el('p', { id: 'domande-vuoto' }, t('review.none'))];
  const pager = el('nav', { 'aria-label': t('review.pages'), class: 'd-flex gap-2 align-items-center' },
    el('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', disabled: list.page <= 1,
      onclick: () => { state.page--; loadList(); } }, t('review.previous')),
    el('span', {}, t('review.page', { page: list.page, pages, total: list.total })),
    el('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', disabled: list.page >= pages,
      onclick: () => { state.page++; loadList(); } }, t('review.next')));
  return [el('div', { class: 'table-responsive' }, el('table', { class: 'table', id: 'domande-elenco' },
    el('caption', {}, t('review.caption', { total: list.total })),
    el('thead', {}, el('tr', {}, ...['protocol', 'received', 'applicant', 'household', 'amount', 'status', 'action']
      .map(c => el('th', { scope: 'col' }, t('review.col.' + c))))),
    el('tbody', {}, ...list.items.map(a => el('tr', { dataset: { application: a.id, status: a.status } },
      el('th', { scope: 'row' }, String(a.protocol)),
      el('td', {}, plainDate(a.receivedAt) + ' ' + clock(a.receivedAt, { seconds: true })),
      el('td', {}, a.applicant.name || '—', el('br'), el('small', {}, a.applicant.codiceFiscale || '')),
      el('td', {}, t('review.household', { n: a.householdSize, children: a.children })),
      el('td', {}, euro(a.amountCents)),
      el('td', {}, t('review.status.' + a.status)),
      el('td', {}, el('button', { type: 'button', class: 'btn btn-outline-primary btn-sm domanda-apri',
        'aria-label': t('review.open', { protocol: a.protocol }), onclick: event => busy(event.currentTarget, () => open(a.id)) },
      t('review.open.short')))))))), pager];
}

function ranking() {
  if (!state.ranking) return null;
  const r = state.ranking;
  return el('section', { class: 'mb-4', 'aria-labelledby': 'graduatoria-titolo' },
    el('h3', { class: 'h5', id: 'graduatoria-titolo' }, t('review.ranking.title', { kind: t('bandi.ranking.' + r.ranking) })),
    r.items.length === 0 ? el('p', {}, t('review.ranking.none')) : el('div', { class: 'table-responsive' }, el('table', {
      class: 'table table-sm', id: 'graduatoria' },
    el('caption', { class: 'visually-hidden' }, t('review.ranking.caption')),
    el('thead', {}, el('tr', {}, ...['position', 'protocol', 'points', 'amount', 'fits'].map(c => el('th', { scope: 'col' }, t('review.rcol.' + c))))),
    el('tbody', {}, ...r.items.map(i => el('tr', {},
      el('th', { scope: 'row' }, String(i.position)), el('td', {}, String(i.protocol)), el('td', {}, String(i.points)),
      el('td', {}, euro(i.amountCents)), el('td', {}, t(i.withinBudget ? 'review.fits' : 'review.fitsNot'))))))));
}

// ---- one application --------------------------------------------------------------------------

async function open(applicationId) {
  try {
    state.open = await api('GET', path('applications', applicationId));
    state.error = null;
  } catch (e) {
    state.error = e;
  }
  render();
  focusOn(state.section.querySelector('#domanda-titolo, #domande-errore'));
}

function detail(a) {
  const kind = state.list ? state.list.bando.kind : null;
  const answers = Object.entries(a.answers || {});
  return el('section', { class: 'card card-bg mb-4', id: 'domanda', 'aria-labelledby': 'domanda-titolo' }, el('div', { class: 'card-body' },
    el('h3', { class: 'h4', id: 'domanda-titolo' }, t('review.detail', { protocol: a.protocol })),
    el('dl', { class: 'row' },
      term('review.d.status', t('review.status.' + a.status) + (a.reason ? ' — ' + a.reason : '')),
      term('review.d.applicant', [a.applicant.name, a.applicant.email, a.applicant.phone].filter(Boolean).join(' · ') || '—'),
      term('review.d.received', plainDate(a.receivedAt) + ' ' + clock(a.receivedAt, { seconds: true })),
      term('review.d.amount', euro(a.amountCents)),
      term('review.d.filedBy', t('review.filedBy.' + a.filedBy)),
      term('review.d.answers', answers.length ? answers.map(([k, v]) => k + ': ' + t(v ? 'review.yes' : 'review.no')).join('; ') : '—')),
    el('h4', { class: 'h6' }, t('review.d.household')),
    el('div', { class: 'table-responsive' }, el('table', { class: 'table table-sm' },
      el('thead', {}, el('tr', {}, ...['cf', 'relation', 'birth'].map(c => el('th', { scope: 'col' }, t('review.hcol.' + c))))),
      el('tbody', {}, ...a.household.map(h => el('tr', {}, el('td', {}, h.codiceFiscale),
        el('td', {}, t('review.relation.' + h.relation)), el('td', {}, h.birthDate ? plainDate(h.birthDate) : '—')))))),
    el('h4', { class: 'h6' }, t('review.d.documents')),
    a.documents.length === 0 ? el('p', {}, t('review.noDocuments')) : el('ul', { id: 'domanda-documenti' }, ...a.documents.map(d =>
      el('li', {}, el('button', { type: 'button', class: 'btn btn-link p-0 documento-scarica',
        'aria-label': t('review.download', { name: d.filename }),
        onclick: event => busy(event.currentTarget, () => download(d)) }, d.filename),
      ' (' + d.kind + ', ' + Math.ceil(d.sizeBytes / 1024) + ' kB)'))),
    el('h4', { class: 'h6' }, t('review.d.history')),
    el('ol', {}, ...a.events.map(e => el('li', {}, plainDate(e.at) + ' ' + clock(e.at) + ' — ' + t('review.status.' + e.status)
      + (e.reason ? ': ' + e.reason : '')))),
    actions(a, kind),
    el('button', { type: 'button', class: 'btn btn-outline-primary mt-2', onclick: () => {
      const back = a.id;
      state.open = null;
      render();
      focusOn(state.section.querySelector(`[data-application="${back}"] button`) || state.section.querySelector('#domande-titolo'));
    } }, t('review.close'))));
}

function term(key, value) {
  return [el('dt', { class: 'col-sm-3' }, t(key)), el('dd', { class: 'col-sm-9' }, value)];
}

async function download(d) {
  try {
    await downloadFile('/api/v1/bando-documents/' + encodeURIComponent(d.id), d.contentType, d.filename);
  } catch (e) {
    state.error = e;
    render();
  }
}

function actions(a, kind) {
  const box = el('div', { class: 'd-flex flex-wrap gap-2 mb-2', id: 'domanda-azioni' });
  const waiting = a.status === 'submitted' || a.status === 'incomplete';
  if (waiting) {
    box.append(
      el('button', { type: 'button', class: 'btn btn-primary', id: 'domanda-ammetti',
        onclick: event => busy(event.currentTarget, () => decide(a, 'admit')) }, t('review.admit')),
      el('button', { type: 'button', class: 'btn btn-outline-primary', id: 'domanda-integrazioni',
        onclick: () => askReason(box, a, 'incomplete') }, t('review.askMore')));
  }
  if (a.status === 'admitted' && kind === 'contributo') {
    box.append(el('button', { type: 'button', class: 'btn btn-primary', id: 'domanda-pagata',
      onclick: event => busy(event.currentTarget, () => decide(a, 'paid')) }, t('review.paid')));
  }
  if (waiting || a.status === 'admitted') {
    box.append(el('button', { type: 'button', class: 'btn btn-outline-danger', id: 'domanda-respingi',
      onclick: () => askReason(box, a, 'reject') }, t(waiting ? 'review.reject' : 'review.revoke')));
  }
  return box;
}

/** The reason asked before asking for more or rejecting: the applicant reads it. */
function askReason(box, a, action) {
  box.parentNode.querySelectorAll('.motivo').forEach(old => old.remove());
  const error = el('p', { class: 'field-error mb-0', id: 'motivo-errore', hidden: true });
  const reason = el('textarea', { id: 'motivo', class: 'form-control', rows: 3, 'aria-describedby': 'motivo-aiuto motivo-errore' });
  const form = el('form', { class: 'motivo border rounded p-3 mb-2', novalidate: true, onsubmit: event => {
    event.preventDefault();
    if (reason.value.trim().length < 3) {
      error.textContent = t('review.reason.short');
      error.hidden = false;
      reason.setAttribute('aria-invalid', 'true');
      reason.focus();
      return;
    }
    busy(form.querySelector('button[type=submit]'), () => decide(a, action, reason.value.trim()));
  } },
  el('label', { for: 'motivo', class: 'form-label' }, t('review.reason.' + action)),
  el('p', { class: 'form-text mt-0', id: 'motivo-aiuto' }, t('review.reason.hint')),
  reason, error,
  el('div', { class: 'd-flex gap-2 mt-2' },
    el('button', { type: 'submit', class: action === 'reject' ? 'btn btn-danger' : 'btn btn-primary' }, t('review.confirm.' + action)),
    el('button', { type: 'button', class: 'btn btn-outline-primary', onclick: () => form.remove() }, t('shops.confirm.no'))));
  box.after(form);
  reason.focus();
}

async function decide(a, action, reason) {
  state.error = null;
  state.message = null;
  try {
    const done = await api('POST', path('applications', a.id, action), reason === undefined ? {} : { reason });
    state.message = { tone: 'success', text: t('review.done.' + done.status, { protocol: a.protocol }) + ' '
      + t('review.left', { left: euro(done.residualCents) }) };
  } catch (e) {
    state.error = e;
  }
  await loadList();
  state.host.changed(id);
  if (!state.error) await open(a.id);
  focusOn(state.section.querySelector('#domande-errore, #domande-esito'));
  if (state.message) announce(state.message.text);
}
