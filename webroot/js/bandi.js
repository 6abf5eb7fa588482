// "Bandi e contributi" (/bandi.html), open to everyone: the published bandi of a municipality (GET
// /api/v1/bandi?municipality=, the signed-in person's own municipality first) in three groups,
// open now, upcoming and closed, each with its Comune, summary, window and amount in words (the
// amount from GET /api/v1/bandi/:id) and a link to its page (bando.html).
import { t, api, getPublic, identity, showError } from './sportello.js';
import { byId, el, fill } from './dom.js';
import { dateTime } from './time.js';
import { startPage, onLanguage } from './portal-common.js';
import { badge } from './bandi-files.js';

const PHASES = ['open', 'upcoming', 'closed'];
const state = { items: null };

startPage();
onLanguage(render);
start();

async function start() {
  document.title = t('bn.pageTitle');
  const select = byId('comune');
  let mine = null;
  try {
    if (identity()) mine = (await api('GET', '/api/v1/profile')).municipality || null;
  } catch (e) { /* a guest's list: every municipality */ }
  try {
    const towns = await getPublic('/api/v1/municipalities');
    towns.items.forEach(m => select.append(el('option', { value: m.code }, m.name + ' (' + m.province + ')')));
  } catch (e) { /* the list works without the filter */ }
  if (mine && [...select.options].some(o => o.value === mine)) select.value = mine;
  select.addEventListener('change', load);
  byId('filtro').addEventListener('submit', event => {
    event.preventDefault();
    load();
  });
  await load();
}

async function load() {
  const municipality = byId('comune').value;
  byId('elenco').setAttribute('aria-busy', 'true');
  try {
    const answer = await getPublic('/api/v1/bandi' + (municipality ? '?municipality=' + municipality : ''));
    const full = await Promise.all(answer.items.map(b => getPublic('/api/v1/bandi/' + b.id).catch(() => b)));
    state.items = full;
    byId('bandi-errore').hidden = true;
    render();
  } catch (e) {
    showError(byId('bandi-errore'), e);
  } finally {
    byId('elenco').setAttribute('aria-busy', 'false');
  }
}

function render() {
  document.title = t('bn.pageTitle');
  if (!state.items) return;
  fill(byId('elenco'), ...PHASES.map(phase => {
    const items = state.items.filter(b => b.phase === phase);
    const heading = 'fase-' + phase;
    return el('section', { class: 'mb-5', 'aria-labelledby': heading, dataset: { phase } },
      el('h2', { id: heading, class: 'h3' }, t('bn.phase.' + phase), ' ', el('span', { class: 'badge bg-secondary' }, String(items.length))),
      items.length ? el('div', { class: 'row g-3' }, ...items.map(card)) : el('p', {}, t('bn.none')));
  }));
}

/** A bando as a card: its state and kind, title, Comune, summary, window and amount. */
function card(b) {
  const title = 'bando-' + b.id;
  return el('div', { class: 'col-12 col-lg-6' },
    el('article', { class: 'card shadow-sm h-100', 'aria-labelledby': title, dataset: { bando: b.id } },
      el('div', { class: 'card-body' },
        el('p', { class: 'mb-2' },
          el('span', { class: 'badge ' + badge(b.phase) }, t('bn.state.' + b.phase)), ' ',
          el('span', { class: 'badge bg-light text-dark border' }, t('bn.kind.' + b.kind))),
        el('h3', { id: title, class: 'h4' }, b.title),
        el('p', { class: 'fw-semibold mb-1' }, b.comune && b.comune.name ? b.comune.name : b.comune),
        el('p', {}, b.summary),
        el('p', { class: 'mb-1' }, t('bn.window', { from: dateTime(b.opensAt), to: dateTime(b.closesAt) })),
        b.amount ? el('p', {}, t('bn.amount', { amount: b.amount.description })) : null,
        el('a', { class: 'btn btn-outline-primary', href: '/bando.html?id=' + encodeURIComponent(b.id),
          'aria-label': t('bn.read.label', { title: b.title }) }, t('bn.read')))));
}
