// "I miei dati" (/i-miei-dati.html): everything Sportello holds about the signed-in person, in
// sections (GET /api/v1/me/data), downloadable as JSON (#scarica-dati: the same answer saved as a
// file), who read it (GET /api/v1/me/data-reads), the privacy choices (GET/PUT /api/v1/me/consents)
// and erasure (POST /api/v1/me/erasure).
import { t, api, busy, showError, signOut, Problem } from './sportello.js';
import { byId, el, fill, announce } from './dom.js';
import { plainDate } from './time.js';
import { signedIn, startHeader } from './signin.js';
import { readsTable } from './privacy-reads.js';
import './privacy-words.js';

const FILE = 'i-miei-dati-sportello.json';
const state = { data: null, reads: [], consents: null };

startHeader({ onLanguage: render });
signedIn().then(start);

async function start() {
  byId('dati').hidden = false;
  byId('scarica-dati').addEventListener('click', event => busy(event.currentTarget, download));
  byId('scelte').addEventListener('submit', saveChoices);
  byId('cancella').addEventListener('submit', erase);
  await load();
}

async function load() {
  try {
    const [data, reads, consents] = await Promise.all([api('GET', '/api/v1/me/data'), api('GET', '/api/v1/me/data-reads'),
      api('GET', '/api/v1/me/consents')]);
    Object.assign(state, { data, reads: reads.items, consents });
    render();
  } catch (e) {
    showError(byId('dati-errore'), e);
  }
}

/** Reads everything again and saves it as a file: what is downloaded is what the server holds now. */
async function download() {
  try {
    const data = await api('GET', '/api/v1/me/data');
    const link = el('a', { href: URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' })),
      download: FILE, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    byId('scarica-esito').textContent = t('privacy.downloaded', { file: FILE });
  } catch (e) {
    showError(byId('dati-errore'), e);
  }
}

function render() {
  document.title = t('privacy.pageTitle');
  if (!state.data) return;
  renderChoices();
  fill(byId('letture'), state.reads.length ? readsTable(state.reads) : el('p', {}, t('privacy.reads.none')));
  const sections = state.data.sections;
  fill(byId('sezioni'), Object.keys(sections).filter(name => name !== 'dataReads').map(name => section(name, sections[name])));
}

function renderChoices() {
  const { notice, purposes } = state.consents;
  byId('scelte-versione').textContent = t('privacy.choices.version', { version: notice.version });
  fill(byId('scelte-voci'), purposes.map(p => el('div', { class: 'form-check' },
    el('input', { type: 'checkbox', id: 'scelta-' + p.purpose, name: p.purpose, checked: p.given,
      disabled: p.required && p.given, 'aria-describedby': p.given ? 'dal-' + p.purpose : null }),
    el('label', { for: 'scelta-' + p.purpose }, t('privacy.purpose.' + p.purpose)),
    p.given && el('small', { id: 'dal-' + p.purpose, class: 'form-text d-block' },
      t('privacy.purpose.given', { date: plainDate(p.givenAt) })))));
}

/** One section of what is held: an object as a list of fields, a list as a table, or "Niente." */
function section(name, value) {
  const rows = Array.isArray(value) ? value : value ? [value] : [];
  const title = t('privacy.section.' + name);
  if (!rows.length) return el('div', { class: 'privacy-section mb-3' }, el('h3', { class: 'h5' }, title), el('p', {}, t('privacy.held.empty')));
  if (!Array.isArray(value)) {
    return el('div', { class: 'privacy-section mb-3' }, el('h3', { class: 'h5' }, title),
      el('dl', { class: 'row' }, Object.entries(value).filter(([, v]) => v !== null).flatMap(([k, v]) => [
        el('dt', { class: 'col-sm-4' }, k), el('dd', { class: 'col-sm-8 privacy-value' }, shown(v))])));
  }
  const keys = [...new Set(rows.flatMap(r => Object.keys(r)))];
  return el('details', { class: 'privacy-section mb-3' },
    el('summary', {}, el('h3', { class: 'h5 mb-0' }, title + ' – ' + t('privacy.held.count', { count: rows.length }))),
    el('div', { class: 'table-responsive' }, el('table', { class: 'table table-sm' },
      el('thead', {}, el('tr', {}, keys.map(k => el('th', { scope: 'col' }, k)))),
      el('tbody', {}, rows.map(r => el('tr', {}, keys.map(k => el('td', { class: 'privacy-value' }, shown(r[k])))))))));
}

function shown(value) {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

async function saveChoices(event) {
  event.preventDefault();
  const answers = {};
  for (const p of state.consents.purposes) {
    const box = byId('scelta-' + p.purpose);
    if (box.disabled || box.checked === p.given) continue;
    if (p.required && !box.checked) continue;
    answers[p.purpose] = box.checked;
  }
  const status = byId('scelte-esito');
  if (!Object.keys(answers).length) {
    status.textContent = t('privacy.choices.saved');
    return;
  }
  await busy(event.submitter || byId('scelte').querySelector('button'), async () => {
    try {
      state.consents = await api('PUT', '/api/v1/me/consents', { answers });
      renderChoices();
      status.textContent = t('privacy.choices.saved');
    } catch (e) {
      showError(status, e);
    }
  });
}

async function erase(event) {
  event.preventDefault();
  const result = byId('cancella-esito');
  result.className = 'mt-2';
  if (!byId('cancella-capito').checked) {
    result.textContent = t('privacy.erase.confirm');
    result.classList.add('alert', 'alert-warning');
    return;
  }
  const password = byId('cancella-password').value;
  await busy(byId('cancella-invia'), async () => {
    try {
      await api('POST', '/api/v1/me/erasure', password ? { password } : {});
      result.textContent = t('privacy.erase.done');
      result.classList.add('alert', 'alert-success');
      announce(t('privacy.erase.done'));
      try { await signOut(); } catch (e) { /* the session is revoked already */ }
    } catch (e) {
      result.textContent = e instanceof Problem ? e.message : t('error.generic');
      result.classList.add('alert', 'alert-danger');
    }
  });
}
