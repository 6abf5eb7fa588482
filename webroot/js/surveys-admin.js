// The needs surveys for a company's HR and for the network (/questionari.html): create one
// (POST /api/v1/surveys), the list (GET /api/v1/surveys) and a survey's results
// (GET /api/v1/surveys/{id}/results): tables by municipality with their totals, where a figure of
// fewer than five people, and the figures that would give it back, say "non mostrato".
import { t, api, busy, showError, hasRole } from './sportello.js';
import { byId, el, fill, focusOn } from './dom.js';
import { countTable, countCell } from './count-table.js';
import { plainDate, romeDay, addDays } from './time.js';
import { signedIn, startHeader } from './signin.js';
import { loadAreas, areaLabel } from './areas.js';
import './survey-words.js';

const state = { items: [], results: null, shown: null };

startHeader({ onLanguage: render });
signedIn().then(start);

async function start() {
  if (!hasRole('supervisor') && !hasRole('hr_admin')) {
    byId('questionari-errore').textContent = t('signin.wrongRole', { role: t('role.hr_admin') });
    byId('questionari-errore').hidden = false;
    byId('questionari-admin').hidden = false;
    return;
  }
  byId('questionari-admin').hidden = false;
  byId('nuovo-apre').value = romeDay();
  byId('nuovo-chiude').value = addDays(romeDay(), 30);
  byId('nuovo-form').addEventListener('submit', create);
  await loadAreas().catch(() => {});
  await load();
}

async function load() {
  try {
    state.items = (await api('GET', '/api/v1/surveys')).items;
  } catch (e) {
    showError(byId('questionari-errore'), e);
  }
  render();
}

async function create(event) {
  event.preventDefault();
  const body = { title: byId('nuovo-titolo').value.trim(), opensOn: byId('nuovo-apre').value, closesOn: byId('nuovo-chiude').value };
  byId('nuovo-errore').textContent = '';
  try {
    await busy(byId('nuovo-crea'), () => api('POST', '/api/v1/surveys', body));
    byId('nuovo-esito').textContent = t('sv.created');
    byId('nuovo-titolo').value = '';
    await load();
  } catch (e) {
    byId('nuovo-errore').textContent = e.message;
  }
}

async function showResults(survey) {
  try {
    state.results = await api('GET', `/api/v1/surveys/${survey.id}/results`);
    state.shown = survey;
    render();
    focusOn(byId('risultati-titolo'));
  } catch (e) {
    showError(byId('questionari-errore'), e);
  }
}

function figure(f) {
  return countCell(f.hidden, f.hidden ? '' : String(f.count), t('sv.hidden'));
}

function table(id, caption, data, rowLabel, columnLabel) {
  return countTable(caption, id, [
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('sv.col.what')),
      ...data.columns.map(c => el('th', { scope: 'col', class: 'company-count' }, columnLabel(c.code))),
      el('th', { scope: 'col', class: 'company-count' }, t('sv.col.total')))),
    el('tbody', {}, data.rows.map(r => el('tr', { 'data-row': r.code }, el('th', { scope: 'row' }, rowLabel(r.code)),
      ...r.cells.map(figure), figure(r.total)))),
    el('tfoot', {}, el('tr', {}, el('th', { scope: 'row' }, t('sv.answers')), ...data.columns.map(figure), figure(data.total)))]);
}

function render() {
  document.title = t('sv.pageTitle') + ' – Sportello';
  fill(byId('elenco'), state.items.length === 0 ? el('p', {}, t('sv.listNone')) :
    countTable(t('sv.list'), 'questionari-tabella', [
      el('thead', {}, el('tr', {}, ...['sv.col.title', 'sv.col.for', 'sv.col.period', 'sv.col.answers'].map(k => el('th', { scope: 'col' }, t(k))),
        el('td', {}))),
      el('tbody', {}, state.items.map(s => el('tr', { 'data-survey': s.id },
        el('th', { scope: 'row' }, s.title), el('td', {}, s.companyName || t('sv.network')),
        el('td', {}, `${plainDate(s.opensOn)} – ${plainDate(s.closesOn)}`), el('td', { class: 'company-count' }, String(s.answers)),
        el('td', {}, el('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', onclick: () => showResults(s),
          'aria-label': t('sv.resultsOf', { title: s.title }) }, t('sv.results'))))))], ''));
  const r = state.results;
  byId('risultati').hidden = !r;
  if (!r) return;
  byId('risultati-titolo').textContent = t('sv.resultsOf', { title: state.shown.title });
  const place = code => (code === 'other' ? t('sv.otherPlaces') : r.names.municipalities[code] || code);
  const parts = [el('p', {}, t('sv.answersCount', { n: r.answers })), el('p', { class: 'alert alert-info', id: 'risultati-nota' }, t('sv.note', { n: r.minPeople }))];
  if (r.companies) parts.push(table('risultati-aziende', t('sv.companiesCaption'), r.companies, () => t('sv.answers'), c => (c === 'other' ? t('sv.otherCompanies') : r.names.companies[c] || c)));
  parts.push(table('risultati-aree', t('sv.areasCaption'), r.areas, areaLabel, place));
  parts.push(table('risultati-servizi', t('sv.servicesCaption'), r.services, k => t('sv.kind.' + k), place));
  parts.push(el('h3', { class: 'h5' }, t('sv.timesCaption')),
    el('ul', { id: 'risultati-orari' }, r.times.map(x => el('li', {}, `${t('sv.time.' + x.code)}: ${x.hidden ? t('sv.hidden') : x.count}`))));
  parts.push(el('h3', { class: 'h5' }, t('sv.freeTexts')));
  if (!r.freeTextsShown) parts.push(el('p', { id: 'risultati-testi' }, t('sv.freeTextsHidden', { n: r.minPeople })));
  else if (r.freeTexts.length === 0) parts.push(el('p', { id: 'risultati-testi' }, t('sv.freeTextsNone')));
  else parts.push(el('ul', { id: 'risultati-testi' }, r.freeTexts.map(text => el('li', {}, text))));
  fill(byId('risultati-corpo'), ...parts);
}
