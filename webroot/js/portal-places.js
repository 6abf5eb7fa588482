// Municipalities for the portal's "where do you live" filter and for naming the places a service
// reaches (never by their ISTAT codes): read once from the catalog API when the page loads. If that
// fails, the filter offers "everywhere" only and places are shown by their ISTAT code.
// Also what the portal says about residence (issue 18): in-person services are for the residents
// of the municipalities they serve (booking_residency_ok), so every list names them and says
// plainly when the person's municipality is not one of them.
import { t, api, identity } from './sportello.js';
import { el } from './dom.js';
import { icon } from './site-chrome.js';

async function load() {
  try {
    return (await api('GET', '/api/v1/municipalities')).items;
  } catch (e) {
    return [];
  }
}

export const PLACES = await load();

export function placeName(code) {
  const place = PLACES.find(p => p.code === code);
  return place ? place.name : code;
}

/** The places a service serves, by name, in alphabetical order. */
export function servedNames(service) {
  return service.municipalities.map(placeName).sort((a, b) => a.localeCompare(b, 'it'));
}

/**
 * The municipality the visitor said they live in: the one chosen in the last search, else the
 * signed-in person's residence; null when neither is known.
 */
export function homePlace() {
  try {
    const saved = JSON.parse(sessionStorage.getItem('portal.search'));
    if (saved && saved.municipality) return saved.municipality;
  } catch (e) { /* no saved search */ }
  const who = identity();
  return (who && who.municipality) || null;
}

/** Whether someone living in {@code code} may book {@code service} (online services are for everyone). */
export function serves(service, code) {
  return service.deliveryMode === 'online' || !code || service.municipalities.includes(code);
}

/**
 * A plain sentence when {@code service} is not for people living in {@code code}, as a Bootstrap
 * Italia callout; null when it is.
 */
export function residenceNote(service, code) {
  if (serves(service, code)) return null;
  const signedInHere = identity() && identity().municipality === code;
  return el('div', { class: 'callout warning portal-residence' },
    el('div', { class: 'callout-title' }, icon('it-info-circle'), el('span', {}, t('residence.title'))),
    el('p', { class: 'mb-0' }, t(signedInHere ? 'residence.you' : 'residence.searched', { place: placeName(code) })));
}
