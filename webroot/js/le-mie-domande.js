// "Le mie domande" (/le-mie-domande.html): the signed-in person's applications to the bandi (GET
// /api/v1/me/bando-applications, each with GET .../:id for its history, household and documents),
// the status in words with the Comune's reason; for one the Comune found incomplete, the form to
// add the missing document (POST .../:id/documents, the file as the body) and send it again (POST
// .../:id/resubmit); for admitted buoni spesa, the way to "I miei buoni spesa".
import { t, api, getPublic, euro, busy, showError } from './sportello.js';
import { byId, el, fill, focusOn, announce } from './dom.js';
import { dateTime, fullDate, clock, plainDate } from './time.js';
import { signedIn } from './signin.js';
import { startPage, onLanguage, explain } from './portal-common.js';
import { downloadFile } from './file-download.js';
import { ACCEPT, fileProblem, uploadPath } from './bandi-files.js';

const STATUS_BADGE = { submitted: 'bg-primary', incomplete: 'bg-warning text-dark', admitted: 'bg-success',
  rejected: 'bg-danger', paid: 'bg-success', withdrawn: 'bg-secondary' };
const state = { items: null, bandi: new Map(), keys: new Map() };

startPage();
onLanguage(render);
signedIn().then(async () => {
  byId('domande-pagina').hidden = false;
  await load();
});

async function load() {
  try {
    const list = await api('GET', '/api/v1/me/bando-applications');
    const items = await Promise.all(list.items.map(a => api('GET', '/api/v1/me/bando-applications/' + a.id)));
    for (const a of items) {
      if (!state.bandi.has(a.bando.id)) {
        state.bandi.set(a.bando.id, await getPublic('/api/v1/bandi/' + a.bando.id).catch(() => null));
      }
    }
    state.items = items;
    byId('domande-errore').hidden = true;
    render();
  } catch (e) {
    showError(byId('domande-errore'), e);
  }
}

function render() {
  document.title = t('md.pageTitle');
  if (!state.items) return;
  byId('nessuna').hidden = state.items.length > 0;
  fill(byId('domande'), ...state.items.map(application));
}

function application(a) {
  const title = 'domanda-' + a.id;
  const bando = state.bandi.get(a.bando.id);
  const vouchers = bando && bando.kind === 'buoni_spesa' && (a.status === 'admitted' || a.status === 'paid');
  return el('article', { class: 'card shadow-sm mb-4', 'aria-labelledby': title, dataset: { application: a.id, status: a.status } },
    el('div', { class: 'card-body' },
      el('h2', { id: title, class: 'h4' }, a.bando.title),
      el('p', { class: 'fw-semibold mb-1' }, a.bando.comune),
      el('p', { class: 'mb-1' }, el('span', { class: 'badge ' + (STATUS_BADGE[a.status] || 'bg-secondary'), dataset: { statusWords: '' } },
        t('md.status.' + a.status)), ' ', t('md.protocol', { protocol: a.protocol })),
      el('p', { class: 'mb-1' }, t('md.received', { when: fullDate(a.receivedAt) + ', ' + clock(a.receivedAt) })),
      el('p', {}, t('md.amount', { amount: euro(a.amountCents) })),
      a.reason ? el('p', { class: 'alert ' + (a.status === 'rejected' ? 'alert-danger' : 'alert-warning') },
        t('md.reason', { reason: a.reason })) : null,
      vouchers ? el('p', {}, el('a', { class: 'btn btn-primary', href: '/i-miei-buoni.html' }, t('md.vouchers'))) : null,
      a.status === 'incomplete' ? completeForm(a, bando) : null,
      el('details', { class: 'mt-3' },
        el('summary', {}, t('md.details')),
        el('h3', { class: 'h5 mt-3' }, t('md.history')),
        el('ol', {}, ...(a.history || []).map(h => el('li', {}, dateTime(h.at), ' – ', t('md.status.' + h.status),
          h.reason ? ' (' + h.reason + ')' : ''))),
        el('h3', { class: 'h5' }, t('md.household')),
        el('ul', {}, ...(a.household || []).map(m => el('li', {}, m.codiceFiscale, ' – ', t('bd.rel.' + m.relation),
          m.birthDate ? ', ' + t('bd.member.birth', { date: plainDate(m.birthDate) }) : ''))),
        el('h3', { class: 'h5' }, t('md.documents')),
        (a.documents || []).length ? el('ul', { class: 'list-unstyled' }, ...a.documents.map(d => el('li', { class: 'mb-2' },
          el('button', { type: 'button', class: 'btn btn-link p-0', onclick: () => download(d) },
            t('md.download', { name: d.filename })), ' (' + d.kind + ')')))
          : el('p', {}, t('md.documents.none')))));
}

async function download(d) {
  try {
    await downloadFile('/api/v1/bando-documents/' + d.id, d.contentType, d.filename);
  } catch (e) {
    showError(byId('domande-errore'), e);
  }
}

/** The key of one action on one application, the same for every try until it succeeds. */
function keyOf(action, file) {
  const name = action + (file ? ':' + file.name + ':' + file.size + ':' + file.lastModified : '');
  if (!state.keys.has(name)) state.keys.set(name, crypto.randomUUID());
  return state.keys.get(name);
}

function completeForm(a, bando) {
  const base = 'integra-' + a.id;
  const kinds = bando ? bando.documents : [];
  const file = el('input', { type: 'file', id: base + '-file', class: 'form-control', accept: ACCEPT,
    'aria-describedby': base + '-aiuto ' + base + '-errore' });
  const error = el('p', { id: base + '-errore', class: 'field-error', hidden: true });
  const alert = el('p', { role: 'alert', class: 'alert alert-danger', hidden: true });
  const done = el('p', { role: 'status' });
  const say = text => { error.textContent = text || ''; error.hidden = !text; file.setAttribute('aria-invalid', text ? 'true' : 'false'); };
  file.addEventListener('change', async () => say(await fileProblem(file.files[0])));
  const select = el('select', { id: base + '-tipo' }, ...kinds.map(d => el('option', { value: d.kind }, d.label)));
  const add = el('button', { type: 'submit', class: 'btn btn-outline-primary' }, t('md.complete.add'));
  const resubmit = el('button', { type: 'button', class: 'btn btn-primary', onclick: async () => {
    alert.hidden = true;
    try {
      await busy(resubmit, () => api('POST', '/api/v1/me/bando-applications/' + a.id + '/resubmit', {}, { key: keyOf('resubmit:' + a.id) }));
      announce(t('md.resubmitted'));
      await load();
      focusOn(byId('domanda-' + a.id));
    } catch (e) {
      alert.textContent = explain(e);
      alert.hidden = false;
    }
  } }, t('md.resubmit'));
  const form = el('form', { id: base, class: 'border rounded p-3 mt-3', novalidate: true, 'aria-labelledby': base + '-titolo' },
    el('h3', { id: base + '-titolo', class: 'h5' }, t('md.complete')),
    el('p', {}, t('md.complete.intro')),
    el('div', { class: 'select-wrapper mb-3' }, el('label', { for: base + '-tipo' }, t('md.complete.kind')), select),
    el('div', { class: 'mb-3' }, el('label', { for: base + '-file', class: 'form-label' }, t('md.complete.file')), file,
      el('p', { id: base + '-aiuto', class: 'form-text' }, t('bd.upload.hint')), error),
    alert, done,
    el('div', { class: 'd-flex flex-wrap gap-2' }, add, resubmit));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    alert.hidden = true;
    const chosen = file.files[0];
    const problem = chosen ? await fileProblem(chosen) : t('md.complete.nofile');
    say(problem);
    if (problem) { focusOn(file); return; }
    try {
      const path = uploadPath('/api/v1/me/bando-applications/' + a.id + '/documents', select.value, chosen);
      const added = await busy(add, () => api('POST', path, chosen, { key: keyOf('document:' + a.id + ':' + select.value, chosen) }));
      done.textContent = t('md.complete.added', { name: added.filename });
      (a.documents = a.documents || []).push(added);
      file.value = '';
      focusOn(resubmit);
    } catch (e) {
      say(e.status === 413 ? t('bd.upload.size') : e.status === 415 ? t('bd.upload.type') : null);
      if (e.status !== 413 && e.status !== 415) {
        alert.textContent = explain(e);
        alert.hidden = false;
      }
      focusOn(e.status === 413 || e.status === 415 ? file : alert);
    }
  });
  return form;
}
