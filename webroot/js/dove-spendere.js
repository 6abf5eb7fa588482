// "Dove spendere i buoni" (/dove-spendere.html?comune=ISTAT): the shops a municipality accredits to
// accept its buoni spesa, by category, with their address (GET /api/v1/municipalities/{code}/shops,
// public). The town is chosen from the municipalities Sportello knows; the address keeps it.
import { t, getPublic, showError } from './sportello.js';
import { byId, el, fill } from './dom.js';
import { startHeader } from './signin.js';
import { loadMunicipalities, municipalityName } from './admin-municipalities.js';
import './comune-words.js';

const state = { code: new URLSearchParams(location.search).get('comune') || '', answer: null, towns: [] };

startHeader({ onLanguage: render });
start();

async function start() {
  try {
    state.towns = await loadMunicipalities();
  } catch (e) {
    showError(byId('errore'), e);
  }
  byId('comune').addEventListener('change', () => {
    state.code = byId('comune').value;
    history.replaceState(null, '', state.code ? '?comune=' + encodeURIComponent(state.code) : location.pathname);
    load();
  });
  render();
  await load();
}

async function load() {
  byId('errore').hidden = true;
  state.answer = null;
  if (/^[0-9]{6}$/.test(state.code)) {
    try {
      state.answer = await getPublic('/api/v1/municipalities/' + state.code + '/shops');
    } catch (e) {
      showError(byId('errore'), e);
    }
  }
  render();
}

function render() {
  document.title = t('spend.pageTitle');
  fill(byId('comune'), el('option', { value: '' }, t('spend.choose')),
    state.towns.map(m => el('option', { value: m.code, selected: m.code === state.code }, municipalityName(m.code))));
  const answer = state.answer;
  if (!answer) {
    byId('esito').textContent = '';
    fill(byId('negozi'));
    return;
  }
  const place = answer.municipality.name;
  byId('esito').textContent = answer.items.length === 0 ? t('spend.none', { place })
    : t(answer.items.length === 1 ? 'spend.count.one' : 'spend.count.many', { n: answer.items.length, place });
  const categories = [...new Set(answer.items.map(s => s.category))];
  fill(byId('negozi'), ...categories.map(category => el('section', { class: 'mb-4' },
    el('h2', { class: 'h4' }, t('category.' + category)),
    el('ul', { class: 'list-unstyled' }, answer.items.filter(s => s.category === category).map(s =>
      el('li', { class: 'mb-2', dataset: { shop: s.id } }, el('strong', {}, s.name), el('br'), s.address))))));
}
