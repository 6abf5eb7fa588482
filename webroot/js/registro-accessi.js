// The privacy officer's register (/registro-accessi.html): who read whose personal data, searched
// by person (codice fiscale or account id), reader and dates through POST /api/v1/privacy/reads/search
// (a body, so whom the officer looks for stays out of URLs and access logs).
import { t, api, busy, showError } from './sportello.js';
import { byId, fill } from './dom.js';
import { signedIn, startHeader } from './signin.js';
import { readsTable } from './privacy-reads.js';
import './privacy-words.js';

const state = { items: null };

startHeader({ onLanguage: render });
signedIn({ role: 'privacy_officer' }).then(start);

async function start() {
  byId('registro').hidden = false;
  byId('cerca').addEventListener('submit', event => {
    event.preventDefault();
    busy(byId('cerca-invia'), search);
  });
  await search();
}

async function search() {
  const filter = {};
  for (const [id, field] of [['persona', 'person'], ['lettore', 'reader'], ['dal', 'from'], ['al', 'to']]) {
    const value = byId(id).value.trim();
    if (value) filter[field] = value;
  }
  byId('errore').hidden = true;
  try {
    state.items = (await api('POST', '/api/v1/privacy/reads/search', filter)).items;
    render();
  } catch (e) {
    showError(byId('errore'), e);
  }
}

function render() {
  document.title = t('privacy.register.pageTitle');
  if (!state.items) return;
  byId('esito').textContent = t('privacy.register.found', { count: state.items.length });
  fill(byId('letture'), state.items.length ? readsTable(state.items, { withNames: true }) : '');
}
