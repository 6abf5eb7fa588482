// Search and browse (index.html): text, area, municipality and dates; results with tariff and the
// next free place; pages of ten. The last search is kept in sessionStorage (not in the address,
// which could carry what someone searched for) so "back" from a service finds it again.
import { t, api, busy, showError, identity } from './sportello.js';
import { byId, el, focusOn } from './dom.js';
import { dateTime } from './time.js';
import { startPage, onLanguage, tariffText, freeText, loading, slotPrice, providerText } from './portal-common.js';
import { loadAreas, areaCodes, areaLabel } from './areas.js';
import { PLACES, servedNames, residenceNote, homePlace } from './portal-places.js';

const SIZE = 10;
const form = byId('cerca');
const list = byId('risultati');
const count = byId('conteggio');
const error = byId('errore-ricerca');
const pages = byId('pagine');
let last = null;
let query = restore();

function restore() {
  try {
    const saved = JSON.parse(sessionStorage.getItem('portal.search'));
    if (saved) return saved;
  } catch (e) { /* start afresh */ }
  const who = identity();
  return { q: '', area: '', municipality: (who && who.municipality) || '', from: '', to: '', page: 1 };
}

/** The area filter: "all areas", then the areas once loadAreas() has them. */
function fillAreas(chosen) {
  const area = byId('area');
  area.replaceChildren(el('option', { value: '' }, t('search.area.all')),
    ...areaCodes().map(a => el('option', { value: a }, areaLabel(a))));
  area.value = areaCodes().includes(chosen) ? chosen : '';
}

function fillOptions() {
  fillAreas(query.area);
  const place = byId('comune');
  place.replaceChildren(el('option', { value: '' }, t('search.place.all')),
    ...PLACES.map(p => el('option', { value: p.code }, p.name + ' (' + p.province + ')')));
  form.elements.q.value = query.q;
  place.value = query.municipality;
  form.elements.from.value = query.from;
  form.elements.to.value = query.to;
}

function readForm() {
  return {
    q: form.elements.q.value.trim(), area: form.elements.area.value, municipality: form.elements.municipality.value,
    from: form.elements.from.value, to: form.elements.to.value, page: 1,
  };
}

function path(q) {
  const params = new URLSearchParams({ page: q.page, size: SIZE });
  for (const name of ['q', 'area', 'municipality', 'from', 'to']) if (q[name]) params.set(name, q[name]);
  return '/api/v1/services?' + params;
}

/** Where the service happens and, in person, for the residents of which municipalities (by name). */
function where(service) {
  if (service.deliveryMode === 'online') return [el('p', { class: 'portal-where mb-1' }, t('mode.online'))];
  return [
    el('p', { class: 'portal-where mb-1' }, t('mode.' + service.deliveryMode)),
    el('p', { class: 'portal-served mb-1' }, el('strong', {}, t('service.places') + ': '), servedNames(service).join(', ')),
  ];
}

function card(service) {
  const next = service.nextFree
    ? t('search.nextFree', { when: dateTime(service.nextFree.start, service.nextFree.end),
      price: slotPrice(service.tariff, service.nextFree), free: freeText(service.nextFree.free) })
    : t('search.noFree');
  return el('li', { class: 'col-12 col-lg-6 portal-hit', dataset: { service: service.id, area: service.area } },
    el('div', { class: 'card card-bg shadow-sm h-100 no-after' }, el('div', { class: 'card-body' },
      el('h3', { class: 'card-title h5' }, el('a', { href: '/servizio.html?id=' + encodeURIComponent(service.id) }, service.title)),
      el('p', { class: 'text-secondary mb-2' }, providerText(service.provider) + ' · ' + areaLabel(service.area)),
      where(service),
      el('p', { class: 'portal-tariff mb-1' }, el('strong', {}, t('service.tariff') + ': '), tariffText(service.tariff)),
      el('p', { class: 'portal-next mb-1' + (service.nextFree ? '' : ' fw-semibold') }, next),
      residenceNote(service, query.municipality || homePlace()),
      service.welfareLetter ? el('p', { class: 'mb-0 mt-2' }, el('span', { class: 'badge bg-success' }, t('welfare.yes'))) : null)));
}

function render() {
  if (!last) return;
  list.replaceChildren(...last.items.map(card));
  count.textContent = last.total === 0 ? t('search.count.none')
    : last.total === 1 ? t('search.count.one') : t('search.count.many', { n: last.total });
  const total = Math.max(1, Math.ceil(last.total / SIZE));
  pages.hidden = total <= 1;
  byId('pagina').textContent = t('search.page', { page: last.page, pages: total });
  byId('pagina-prima').disabled = last.page <= 1;
  byId('pagina-dopo').disabled = last.page >= total;
}

async function search(button) {
  error.textContent = '';
  sessionStorage.setItem('portal.search', JSON.stringify(query));
  const work = () => loading(list, count, t('search.loading'), async () => {
    last = await api('GET', path(query));
    render();
  });
  try {
    await (button ? busy(button, work) : work());
  } catch (e) {
    showError(error, e);
  }
}

form.addEventListener('submit', async event => {
  event.preventDefault();
  query = readForm();
  await search(byId('cerca-bottone'));
  focusOn(byId('risultati-titolo'));
});

for (const [id, step] of [['pagina-prima', -1], ['pagina-dopo', 1]]) {
  byId(id).addEventListener('click', async event => {
    query = { ...query, page: query.page + step };
    await search(event.currentTarget);
    focusOn(byId('risultati-titolo'));
  });
}

/** Searches once the areas are known: the filter and the results name them. */
async function start() {
  startPage();
  fillOptions();
  onLanguage(() => {
    query = { ...readForm(), page: query.page };
    fillOptions();
    render();
  });
  try {
    await loading(list, count, t('search.loading'), loadAreas);
  } catch (e) {
    showError(error, e);
    return;
  }
  fillAreas(query.area);
  search();
}

start();
