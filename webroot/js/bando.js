// A bando's page (/bando.html?id=), open to everyone: its text, who may apply (the rules in plain
// words), the amount, the documents asked, the window with a live "apre tra…/chiude tra…" and the
// funds left (GET /api/v1/bandi/:id). A signed-in person checks whether they may apply (POST
// .../eligibility) and applies with the form the bando's rules ask for: the household's codici
// fiscali and relations, the declarations, the documents (checked here first, then sent one by one
// to POST .../uploads as soon as they are chosen); a summary before sending; then the receipt with
// the protocol number and the server's receive time, printable. Every try of one submission (and of
// one file) carries the same Idempotency-Key, so sending again after a lost answer never applies twice.
// Before the opening (phase upcoming; a click day) a signed-in person prepares the application: the
// same form, the documents uploaded and found again later (GET .../uploads), the way to the summary
// disabled with the reason in words; at the opening, by this device's clock, the page asks the
// server again and, once it says open, enables it and says so in the live region.
import { t, api, getPublic, identity, euro, busy, showError } from './sportello.js';
import { byId, el, fill, focusOn, announce } from './dom.js';
import { fullDate, clock, plainDate } from './time.js';
import { signInForm } from './signin.js';
import { startPage, onLanguage, explain } from './portal-common.js';
import { ACCEPT, fileProblem, uploadPath, badge } from './bandi-files.js';

const CF = /^[A-Z0-9]{16}$/;
const RELATIONS = ['partner', 'child', 'other'];
const id = new URLSearchParams(location.search).get('id') || '';
const state = {
  bando: null, members: [], answers: {}, inputs: {}, uploaded: new Map(), submitKey: null,
  check: null, receipt: null, sending: false,
  // Per document kind: the upload waiting for this application ({id, filename, sizeBytes, uploadedAt}),
  // and the upload of a file just chosen, while it travels.
  prepared: {}, pending: {},
  openingTimer: null, rereads: 0, rereading: false, openedHere: false,
};

startPage();
onLanguage(() => {
  render(); drawNotice(); drawForm();
  if (!byId('riepilogo').hidden) drawSummary();
  if (state.receipt) drawReceipt();
});
document.addEventListener('visibilitychange', () => { if (!document.hidden) watchOpening(); });
start();

async function start() {
  try {
    state.bando = await getPublic('/api/v1/bandi/' + encodeURIComponent(id));
  } catch (e) {
    showError(byId('bando-errore'), e);
    byId('bando').setAttribute('aria-busy', 'false');
    return;
  }
  render();
  setInterval(countdown, 30_000);
  byId('domanda').hidden = false;
  if (state.bando.phase === 'closed') {
    byId('non-aperto').hidden = false;
    return;
  }
  const upcoming = state.bando.phase === 'upcoming';
  if (!identity()) {
    // Before the opening a guest reads that applications open later, and may sign in to prepare one.
    byId('non-aperto').hidden = !upcoming;
    const box = byId('accesso');
    box.hidden = false;
    await signInForm(box, { title: upcoming ? 'bd.signin.prepare' : 'bd.signin' });
    box.hidden = true;
    byId('non-aperto').hidden = true;
  }
  await findPrepared();
  drawNotice();
  drawForm();
  byId('modulo').hidden = false;
  watchOpening();
}

/** The documents this person uploaded for this bando and has not sent yet: the latest of each kind asked. */
async function findPrepared() {
  try {
    const found = await api('GET', '/api/v1/bandi/' + encodeURIComponent(id) + '/uploads');
    const asked = new Set(state.bando.documents.map(d => d.kind));
    for (const doc of found.items || []) {
      if (asked.has(doc.kind)) state.prepared[doc.kind] = doc; // oldest first: the latest stays
    }
  } catch (e) {
    // Not found again: the form still works, a document is chosen again.
  }
}

// ---------------------------------------------------------------- before the opening

function opensAt() {
  return state.bando.window.opensAt;
}

/** The notice above the form: preparing before the opening, or the opening reached. */
function drawNotice() {
  const box = byId('preparazione');
  if (!state.bando || !identity()) {
    box.hidden = true;
    return;
  }
  if (state.bando.phase === 'upcoming') {
    box.className = 'alert alert-info';
    fill(box, el('p', { class: 'mb-1 fw-semibold' }, t('bd.prepare', { day: fullDate(opensAt()), time: clock(opensAt()) })),
      el('p', { class: 'mb-0' }, t('bd.prepare.kept')));
    box.hidden = false;
  } else if (state.bando.phase === 'open' && state.openedHere) {
    box.className = 'alert alert-success';
    fill(box, el('p', { class: 'mb-0 fw-semibold' }, t('bd.open.now')));
    box.hidden = false;
  } else {
    box.hidden = true;
  }
}

/** The way to the summary: enabled while the bando is open, else disabled with the reason next to it. */
function drawSendState() {
  const button = byId('continua');
  const reason = byId('continua-motivo');
  if (!button || !reason) return;
  const waiting = state.bando.phase !== 'open';
  button.disabled = waiting;
  reason.hidden = !waiting;
  reason.textContent = waiting ? t('bd.send.later', { day: fullDate(opensAt()), time: clock(opensAt()) }) : '';
}

/**
 * Waits for the opening by this device's clock (in steps of at most an hour, so a far opening or a
 * sleeping device does not overflow or drift), then asks the server.
 */
function watchOpening() {
  clearTimeout(state.openingTimer);
  if (!state.bando || state.bando.phase !== 'upcoming' || byId('modulo').hidden && byId('riepilogo').hidden) return;
  const wait = Date.parse(opensAt()) - Date.now();
  if (wait <= 0) reread();
  else state.openingTimer = setTimeout(watchOpening, Math.min(wait, 3_600_000));
}

/** The opening by this device's clock: the server says whether it has come. Still upcoming: again in a few seconds. */
async function reread() {
  clearTimeout(state.openingTimer);
  if (state.rereading) return; // one question at a time (the page shown again asks too)
  state.rereading = true;
  let fresh = null;
  try {
    fresh = await getPublic('/api/v1/bandi/' + encodeURIComponent(id));
  } catch (e) {
    // Unreachable for a moment: asked again below.
  } finally {
    state.rereading = false;
  }
  if (fresh && fresh.phase !== 'upcoming') {
    opened(fresh);
    return;
  }
  if (fresh) state.bando = fresh;
  state.rereads += 1;
  // A few seconds, spread a little so that a crowd of devices ahead of the server's clock does not ask all at once.
  const pause = (state.rereads > 20 ? 10_000 : 2_000) + Math.random() * 2_000;
  state.openingTimer = setTimeout(() => (Date.parse(opensAt()) - Date.now() > 0 ? watchOpening() : reread()), pause);
}

function opened(fresh) {
  state.bando = fresh;
  render();
  if (fresh.phase === 'open') {
    state.openedHere = true;
    drawNotice();
    drawSendState();
    announce(t('bd.open.now'));
  } else {
    // Closed before anyone here sent: nothing more to send.
    byId('modulo').hidden = true;
    byId('riepilogo').hidden = true;
    byId('preparazione').hidden = true;
    byId('non-aperto').hidden = false;
  }
}

// ---------------------------------------------------------------- the bando

function render() {
  const b = state.bando;
  if (!b) return;
  document.title = t('bd.pageTitle', { title: b.title });
  const section = (key, ...content) => el('section', { class: 'mb-4', 'aria-labelledby': 'sez-' + key },
    el('h2', { id: 'sez-' + key, class: 'h3' }, t('bd.' + key)), ...content);
  const b2 = b.budget;
  fill(byId('bando'),
    el('p', { class: 'mb-2' }, el('span', { class: 'badge ' + badge(b.phase) }, t('bn.state.' + b.phase)), ' ',
      el('span', { class: 'badge bg-light text-dark border' }, t('bn.kind.' + b.kind))),
    el('h1', { id: 'bando-titolo' }, b.title),
    el('p', { class: 'fw-semibold' }, b.comune.name),
    el('p', { class: 'lead' }, b.summary),
    ...b.body.split(/\n{2,}/).map(p => el('p', { class: 'bando-testo' }, p)),
    section('who', el('ul', { id: 'requisiti' }, ...b.rules.map(r => el('li', {}, r.description)))),
    section('how.much', el('p', { id: 'importo', class: 'h4' }, b.amount.description),
      b.voucherValidUntil ? el('p', {}, t('bd.voucher.until', { date: plainDate(b.voucherValidUntil) })) : null),
    section('documents', b.documents.length
      ? el('ul', { id: 'documenti-chiesti' }, ...b.documents.map(d => el('li', {}, d.label, ' (',
        t(d.required ? 'bd.doc.required' : 'bd.doc.optional'), ')')))
      : el('p', {}, t('bd.doc.none'))),
    section('when', el('p', {}, b.window.description),
      el('p', { id: 'conto-alla-rovescia', class: 'fw-semibold' }),
      el('p', {}, t('bd.ranking.' + b.ranking))),
    section('budget',
      el('p', { id: 'fondi' }, t('bd.budget.left', { left: euro(b2.remainingCents), total: euro(b2.totalCents), percent: b2.remainingPercent })),
      el('div', { class: 'progress', role: 'progressbar', 'aria-label': t('bd.budget.label'), 'aria-valuenow': String(b2.remainingPercent),
        'aria-valuemin': '0', 'aria-valuemax': '100' },
      el('div', { class: 'progress-bar', style: 'width: ' + b2.remainingPercent + '%' }))));
  byId('bando').setAttribute('aria-busy', 'false');
  countdown();
}

/** "Apre tra 2 giorni e 3 ore." / "Chiude tra 5 ore e 10 minuti." from this device's clock. */
function countdown() {
  const node = byId('conto-alla-rovescia');
  if (!node || !state.bando) return;
  const now = Date.now();
  const opens = Date.parse(state.bando.window.opensAt);
  const closes = Date.parse(state.bando.window.closesAt);
  if (now < opens) node.textContent = t('bd.opens.in', { time: span(opens - now) });
  else if (now < closes) node.textContent = t('bd.closes.in', { time: span(closes - now) });
  else node.textContent = t('bd.closed');
}

function span(millis) {
  const minutes = Math.max(1, Math.ceil(millis / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const part = (n, one, many) => (n === 1 ? t(one) : t(many, { n }));
  const parts = days > 0 ? [part(days, 'bd.day', 'bd.days'), hours > 0 ? part(hours, 'bd.hour', 'bd.hours') : null]
    : [hours > 0 ? part(hours, 'bd.hour', 'bd.hours') : null, mins > 0 ? part(mins, 'bd.minute', 'bd.minutes') : null];
  return parts.filter(Boolean).join(t('bd.and'));
}

// ---------------------------------------------------------------- the form

function declarations() {
  return state.bando.rules.filter(r => r.type === 'declaration');
}

function fileInput(d) {
  if (!state.inputs[d.kind]) {
    const input = el('input', { type: 'file', id: 'doc-' + d.kind, class: 'form-control', accept: ACCEPT,
      'aria-describedby': 'doc-' + d.kind + '-caricato doc-' + d.kind + '-aiuto doc-' + d.kind + '-errore', required: d.required || null });
    input.addEventListener('change', async () => {
      changed();
      const file = input.files[0];
      const problem = await fileProblem(file);
      fieldError('doc-' + d.kind, problem);
      if (file && !problem && input.files[0] === file) await uploadNow(d, file);
    });
    state.inputs[d.kind] = input;
  }
  return state.inputs[d.kind];
}

/** The upload of the file of this sent-once entry (one Idempotency-Key for all its tries). */
function sentOnce(file) {
  let sent = state.uploaded.get(file);
  if (!sent) {
    sent = { key: crypto.randomUUID(), id: null, doc: null };
    state.uploaded.set(file, sent);
  }
  return sent;
}

async function uploadFile(kind, file) {
  const sent = sentOnce(file);
  if (!sent.id) {
    sent.doc = await api('POST', uploadPath('/api/v1/bandi/' + id + '/uploads', kind, file), file, { key: sent.key });
    sent.id = sent.doc.id;
  }
  return sent;
}

/**
 * A chosen file goes to the server at once: before the opening the application is prepared this
 * way, and at any time the sending at the end is only the small application. The file input is
 * emptied; the line under it names the file uploaded.
 */
async function uploadNow(d, file) {
  const input = state.inputs[d.kind];
  state.pending[d.kind] = uploadFile(d.kind, file);
  drawDocStatus(d, t('bd.upload.sending', { name: file.name }));
  try {
    const sent = await state.pending[d.kind];
    state.prepared[d.kind] = sent.doc;
    if (input.files[0] === file) input.value = '';
    drawDocStatus(d);
    announce(t('bd.upload.done', { name: sent.doc.filename }));
  } catch (e) {
    drawDocStatus(d);
    fieldError('doc-' + d.kind, e.status === 413 ? t('bd.upload.size') : e.status === 415 ? t('bd.upload.type') : explain(e));
  } finally {
    state.pending[d.kind] = null;
  }
}

/** The line under a document's field: the file already uploaded for it, or the one on its way. */
function drawDocStatus(d, travelling) {
  const box = byId('doc-' + d.kind + '-caricato');
  if (!box) return;
  const doc = state.prepared[d.kind];
  fill(box, travelling || (doc ? t('bd.upload.kept', { name: doc.filename, size: kilobytes(doc.sizeBytes),
    day: fullDate(doc.uploadedAt), time: clock(doc.uploadedAt) }) : ''));
  box.hidden = !travelling && !doc;
  state.inputs[d.kind].required = d.required && !doc;
}

function kilobytes(bytes) {
  return Math.max(1, Math.round((bytes || 0) / 1024)).toLocaleString(document.documentElement.lang || 'it') + ' KB';
}

/** The name of the file that goes with the application for this document, if any: chosen now, or uploaded before. */
function fileName(d) {
  const file = state.inputs[d.kind] && state.inputs[d.kind].files[0];
  if (file) return file.name;
  return state.prepared[d.kind] ? state.prepared[d.kind].filename : null;
}

function drawForm() {
  const form = byId('modulo');
  if (!state.bando || state.bando.phase === 'closed' || !identity()) return;
  const rows = state.members.map((m, i) => memberRow(m, i));
  const add = el('button', { type: 'button', id: 'aggiungi-membro', class: 'btn btn-outline-primary btn-sm', onclick: () => {
    state.members.push({ codiceFiscale: '', relation: 'child' });
    changed();
    drawForm();
    focusOn(byId('membro-cf-' + state.members.length));
  } }, t('bd.member.add'));
  const decl = declarations();
  fill(form,
    el('fieldset', { class: 'mb-4' },
      el('legend', { class: 'h4' }, t('bd.household')),
      el('p', {}, t('bd.household.intro')),
      el('div', { id: 'membri' }, ...rows), add),
    decl.length ? el('fieldset', { class: 'mb-4' },
      el('legend', { class: 'h4' }, t('bd.declarations')),
      ...decl.map(r => el('div', { class: 'form-check' },
        el('input', { type: 'checkbox', id: 'dich-' + r.id, class: 'form-check-input', checked: !!state.answers[r.id],
          'aria-describedby': 'dich-' + r.id + '-errore',
          onchange: e => { state.answers[r.id] = e.target.checked; changed(); fieldError('dich-' + r.id, null); } }),
        el('label', { for: 'dich-' + r.id, class: 'form-check-label' }, r.text),
        el('p', { id: 'dich-' + r.id + '-errore', class: 'field-error', hidden: true })))) : null,
    state.bando.documents.length ? el('fieldset', { class: 'mb-4' },
      el('legend', { class: 'h4' }, t('bd.uploads')),
      ...state.bando.documents.map(d => el('div', { class: 'mb-3' },
        el('label', { for: 'doc-' + d.kind, class: 'form-label fw-semibold' }, d.label, ' (',
          t(d.required ? 'bd.doc.required' : 'bd.doc.optional'), ')'),
        fileInput(d),
        el('p', { id: 'doc-' + d.kind + '-caricato', class: 'mb-1 mt-2 fw-semibold', dataset: { kind: d.kind }, hidden: true }),
        el('p', { id: 'doc-' + d.kind + '-aiuto', class: 'form-text' }, t('bd.upload.hint')),
        el('p', { id: 'doc-' + d.kind + '-errore', class: 'field-error', hidden: true })))) : null,
    el('div', { id: 'esito-verifica', role: 'status', class: 'mb-3' }),
    el('p', { id: 'modulo-errore', role: 'alert', class: 'alert alert-danger', hidden: true }),
    el('div', { class: 'd-flex flex-wrap gap-2' },
      el('button', { type: 'button', id: 'verifica', class: 'btn btn-outline-primary', onclick: e => verify(e.currentTarget) },
        t('bd.check')),
      el('button', { type: 'submit', id: 'continua', class: 'btn btn-primary', 'aria-describedby': 'continua-motivo' }, t('bd.next')),
      el('p', { id: 'continua-motivo', class: 'mb-0 align-self-center', hidden: true })));
  form.onsubmit = event => {
    event.preventDefault();
    if (state.bando.phase === 'open') toSummary(byId('continua'));
  };
  state.bando.documents.forEach(d => drawDocStatus(d));
  drawSendState();
  if (state.check) showCheck(state.check);
}

function memberRow(m, i) {
  const n = i + 1;
  const cf = 'membro-cf-' + n;
  const rel = 'membro-rel-' + n;
  return el('fieldset', { class: 'border rounded p-3 mb-3', dataset: { member: String(n) } },
    el('legend', { class: 'h6 float-none w-auto px-1' }, t('bd.member', { n })),
    el('div', { class: 'row g-3' },
      el('div', { class: 'col-12 col-md-6' },
        el('label', { for: cf, class: 'form-label' }, t('bd.member.cf')),
        el('input', { type: 'text', id: cf, class: 'form-control text-uppercase', value: m.codiceFiscale, autocomplete: 'off',
          spellcheck: 'false', maxlength: '16', 'aria-describedby': cf + '-errore',
          oninput: e => { m.codiceFiscale = e.target.value.trim().toUpperCase(); changed(); } }),
        el('p', { id: cf + '-errore', class: 'field-error', hidden: true })),
      el('div', { class: 'col-12 col-md-6 select-wrapper' },
        el('label', { for: rel }, t('bd.member.relation')),
        el('select', { id: rel, onchange: e => { m.relation = e.target.value; changed(); } },
          ...RELATIONS.map(r => el('option', { value: r, selected: m.relation === r }, t('bd.rel.' + r)))))),
    el('button', { type: 'button', class: 'btn btn-link px-0', onclick: () => {
      state.members.splice(i, 1);
      changed();
      drawForm();
      focusOn(byId('aggiungi-membro'));
    } }, t('bd.member.remove', { n })));
}

/** Something in the form changed: the next "Invia" is a new submission, with a key of its own. */
function changed() {
  state.submitKey = null;
}

function fieldError(fieldId, text) {
  const box = byId(fieldId + '-errore');
  const field = byId(fieldId);
  if (!box) return;
  box.textContent = text || '';
  box.hidden = !text;
  if (field) field.setAttribute('aria-invalid', text ? 'true' : 'false');
}

function request() {
  return { members: state.members.map(m => ({ codiceFiscale: m.codiceFiscale, relation: m.relation })), answers: { ...state.answers } };
}

async function verify(button) {
  byId('modulo-errore').hidden = true;
  if (!membersValid()) return;
  try {
    state.check = await busy(button, () => api('POST', '/api/v1/bandi/' + id + '/eligibility', request()));
    showCheck(state.check);
  } catch (e) {
    formError(e);
  }
}

function showCheck(check) {
  const box = byId('esito-verifica');
  if (!box) return;
  fill(box, check.eligible
    ? el('div', { class: 'alert alert-success' }, t('bd.check.yes', { amount: euro(check.amountCents) }))
    : el('div', { class: 'alert alert-warning' }, el('p', { class: 'mb-1' }, t('bd.check.no')),
      el('ul', { class: 'mb-0' }, ...check.unmet.map(u => el('li', {}, u.reason)))));
}

function membersValid() {
  let first = null;
  state.members.forEach((m, i) => {
    const fieldId = 'membro-cf-' + (i + 1);
    const wrong = !CF.test(m.codiceFiscale);
    fieldError(fieldId, wrong ? t('bd.member.cf.wrong') : null);
    if (wrong && !first) first = byId(fieldId);
  });
  if (first) focusOn(first);
  return !first;
}

async function formValid() {
  let first = membersValid() ? null : document.querySelector('#membri [aria-invalid=true]');
  for (const r of declarations()) {
    const missing = !state.answers[r.id];
    fieldError('dich-' + r.id, missing ? t('bd.declaration.needed') : null);
    if (missing && !first) first = byId('dich-' + r.id);
  }
  for (const d of state.bando.documents) {
    const file = state.inputs[d.kind].files[0];
    const problem = !file && !state.prepared[d.kind] && d.required ? t('bd.upload.required') : await fileProblem(file);
    fieldError('doc-' + d.kind, problem);
    if (problem && !first) first = state.inputs[d.kind];
  }
  if (first) {
    byId('modulo-errore').textContent = t('bd.fix');
    byId('modulo-errore').hidden = false;
    focusOn(first);
  }
  return !first;
}

function formError(e) {
  const box = byId('modulo-errore');
  box.textContent = explain(e);
  box.hidden = false;
  focusOn(box);
}

// ---------------------------------------------------------------- summary, sending, receipt

async function toSummary(button) {
  byId('modulo-errore').hidden = true;
  if (!await formValid()) return;
  try {
    state.check = await busy(button, () => api('POST', '/api/v1/bandi/' + id + '/eligibility', request()));
  } catch (e) {
    formError(e);
    return;
  }
  showCheck(state.check);
  if (!state.check.eligible) {
    focusOn(byId('esito-verifica'));
    return;
  }
  state.submitKey = state.submitKey || crypto.randomUUID();
  byId('modulo').hidden = true;
  byId('riepilogo').hidden = false;
  drawSummary();
  focusOn(byId('riepilogo-titolo'));
}

function drawSummary() {
  const who = identity() || {};
  const chosen = state.bando.documents.filter(d => fileName(d));
  const row = (term, ...value) => [el('dt', { class: 'col-sm-4' }, term), el('dd', { class: 'col-sm-8' }, ...value)];
  fill(byId('riepilogo'),
    el('h3', { id: 'riepilogo-titolo', class: 'h3' }, t('bd.summary')),
    el('p', {}, t('bd.summary.intro')),
    el('dl', { class: 'row' },
      row(t('bd.summary.applicant'), who.name || who.username || ''),
      row(t('bd.summary.members'), t('bd.summary.size', { n: state.members.length + 1 }),
        state.members.length ? el('ul', { class: 'mb-0' }, ...state.members.map(m => el('li', {},
          m.codiceFiscale, ' – ', t('bd.rel.' + m.relation)))) : null),
      declarations().length ? row(t('bd.summary.declarations'),
        el('ul', { class: 'mb-0' }, ...declarations().map(r => el('li', {}, r.text)))) : null,
      row(t('bd.summary.documents'), chosen.length ? el('ul', { class: 'mb-0' }, ...chosen.map(d => el('li', {},
        d.label, ': ', fileName(d)))) : t('bd.doc.none')),
      row(t('bd.summary.amount'), el('strong', {}, euro(state.check.amountCents)))),
    el('p', { id: 'invio-errore', role: 'alert', class: 'alert alert-danger', hidden: true }),
    el('div', { class: 'd-flex flex-wrap gap-2' },
      el('button', { type: 'button', id: 'modifica', class: 'btn btn-outline-primary', onclick: backToForm }, t('bd.edit')),
      el('button', { type: 'button', id: 'invia', class: 'btn btn-primary', onclick: e => send(e.currentTarget) }, t('bd.send'))));
}

function backToForm() {
  byId('riepilogo').hidden = true;
  byId('modulo').hidden = false;
  focusOn(byId('domanda-titolo'));
}

/**
 * Sends each chosen file not uploaded yet once (its id kept for the retries), then the application
 * with the submission's key and the ids of every document: chosen now or uploaded before.
 */
async function send(button) {
  if (state.sending) return;
  state.sending = true;
  byId('invio-errore').hidden = true;
  announce(t('bd.sending'));
  try {
    const documentIds = await busy(button, async () => {
      const ids = [];
      for (const d of state.bando.documents) {
        if (state.pending[d.kind]) await state.pending[d.kind].catch(() => null);
        const file = state.inputs[d.kind].files[0];
        if (!file) {
          if (state.prepared[d.kind]) ids.push(state.prepared[d.kind].id);
          continue;
        }
        try {
          ids.push((await uploadFile(d.kind, file)).id);
        } catch (e) {
          e.documentKind = d.kind;
          throw e;
        }
      }
      return api('POST', '/api/v1/bandi/' + id + '/applications', { ...request(), documentIds: ids }, { key: state.submitKey });
    });
    state.receipt = documentIds;
    drawReceipt();
  } catch (e) {
    refused(e);
  } finally {
    state.sending = false;
  }
}

/** A refusal shown where it belongs: next to its document, the missing documents, the unmet rules, or above the buttons. */
function refused(e) {
  const slug = String((e.body && e.body.type) || '').replace('/problems/', '');
  if (e.documentKind && (e.status === 413 || e.status === 415 || e.status === 422)) {
    backToForm();
    fieldError('doc-' + e.documentKind, e.status === 413 ? t('bd.upload.size') : e.status === 415 ? t('bd.upload.type') : explain(e));
    focusOn(state.inputs[e.documentKind]);
    return;
  }
  if (slug === 'documents-missing') {
    backToForm();
    const missing = e.body.missing || [];
    state.bando.documents.filter(d => missing.includes(d.label)).forEach(d => fieldError('doc-' + d.kind, t('bd.upload.required')));
    formError(e);
    return;
  }
  if (slug === 'not-eligible') {
    backToForm();
    state.check = { eligible: false, unmet: e.body.unmet || [], amountCents: 0 };
    showCheck(state.check);
    formError(e);
    return;
  }
  const box = byId('invio-errore');
  // The server's clock says not yet (this device's runs ahead): everything stays, the page waits again.
  box.textContent = slug === 'bando-not-open' ? t('bd.notOpen.yet') : explain(e);
  box.hidden = false;
  focusOn(box);
}

function drawReceipt() {
  const r = state.receipt;
  byId('domanda').hidden = true;
  const section = byId('ricevuta');
  section.hidden = false;
  fill(section,
    el('div', { class: 'card border border-success shadow-sm p-3 mb-3' },
      el('h2', { id: 'ricevuta-titolo', class: 'h3' }, t('bd.receipt')),
      el('dl', { class: 'row mb-2' },
        el('dt', { class: 'col-sm-5' }, t('bd.receipt.protocol')),
        el('dd', { class: 'col-sm-7 h4', id: 'protocollo' }, String(r.protocol)),
        el('dt', { class: 'col-sm-5' }, t('bd.receipt.at')),
        el('dd', { class: 'col-sm-7', id: 'ricevuta-ora' }, fullDate(r.receivedAt) + ', ' + clock(r.receivedAt, { seconds: true })),
        el('dt', { class: 'col-sm-5' }, t('bd.receipt.bando')),
        el('dd', { class: 'col-sm-7' }, state.bando.title + ' – ' + state.bando.comune.name),
        el('dt', { class: 'col-sm-5' }, t('bd.receipt.amount')),
        el('dd', { class: 'col-sm-7' }, euro(r.amountCents))),
      el('p', {}, t('bd.receipt.keep'))),
    el('div', { class: 'd-flex flex-wrap gap-2 d-print-none' },
      el('button', { type: 'button', id: 'stampa', class: 'btn btn-primary', onclick: () => window.print() }, t('bd.print')),
      el('a', { class: 'btn btn-outline-primary', href: '/le-mie-domande.html' }, t('bd.mine'))));
  focusOn(byId('ricevuta-titolo'));
  announce(t('bd.receipt') + ': ' + r.protocol);
}
