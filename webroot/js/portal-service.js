// The service page (servizio.html?id=…): tariff, description, who offers it and where, then the
// free places with live updates (portal-slots.js) and booking (portal-hold.js); for a week or month
// service, the enrolment for whole periods instead (portal-enrol.js); for an event sold by ticket,
// the tickets of each type under the chosen time (portal-tickets.js).
import { t, api, showError } from './sportello.js';
import { byId, el, focusOn } from './dom.js';
import { startPage, onLanguage, tariffText, providerText } from './portal-common.js';
import { loadAreas, areaCodes, areaLabel } from './areas.js';
import { servedNames, residenceNote, homePlace, placeName, serves } from './portal-places.js';
import { showSlots } from './portal-slots.js';
import { book } from './portal-hold.js';
import { showEnrolment } from './portal-enrol.js';
import { ticketTypes, chooseTickets } from './portal-tickets.js';

const article = byId('servizio');
let service = null;

function fact(term, ...value) {
  return [el('dt', {}, term), el('dd', {}, ...value)];
}

function render() {
  if (!service) return;
  const heading = byId('titolo');
  delete heading.dataset.t;
  heading.textContent = service.title;
  document.title = service.title + ' – Sportello';
  // The area's name once the areas are known (if they could not be read, the error says so).
  byId('fornitore').textContent = areaCodes().includes(service.area)
    ? providerText(service.provider) + ' · ' + areaLabel(service.area) : providerText(service.provider);
  const hours = service.policy && service.policy.cancelWindowHours;
  byId('dettagli').replaceChildren(
    ...fact(t('service.tariff'), tariffText(service.tariff)),
    ...fact(t('service.where'), service.deliveryMode === 'online' ? t('service.online')
      : t('mode.' + service.deliveryMode) + (service.address ? ', ' + service.address : '')),
    ...(service.deliveryMode !== 'online' && service.municipalities.length
      ? fact(t('service.places'), servedNames(service).join(', ')) : []),
    ...fact(t('service.welfare'), service.welfareLetter ? t('service.welfare.yes') : t('service.welfare.no')),
    ...fact(t('service.cancel'), hours ? t('service.cancel.hours', { hours }) : t('service.cancel.any')));
  byId('descrizione').textContent = service.description;
  // Said before the times, so nobody chooses one only to be refused.
  const home = homePlace();
  const note = residenceNote(service, home);
  byId('residenza').replaceChildren(...(note ? [note]
    : home && service.deliveryMode !== 'online' && serves(service, home)
      ? [el('p', { class: 'portal-residence-ok fw-semibold' }, t('residence.ok', { place: placeName(home) }))] : []));
}

async function start() {
  startPage();
  onLanguage(render);
  const id = new URLSearchParams(location.search).get('id') || '';
  const error = byId('errore-servizio');
  const areas = loadAreas();
  try {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Error('no service');
    service = await api('GET', '/api/v1/services/' + encodeURIComponent(id));
  } catch (e) {
    article.removeAttribute('aria-busy');
    const heading = byId('titolo');
    heading.dataset.t = 'service.notFound';
    heading.textContent = t('service.notFound');
    if (e.status !== 404 && e.message !== 'no service') showError(error, e);
    focusOn(heading);
    return;
  }
  try {
    await areas;
  } catch (e) {
    showError(error, e);
  }
  article.removeAttribute('aria-busy');
  render();
  // A week or month service is sold by enrolment for whole periods, never one time at a time.
  if (service.tariff.unit === 'week' || service.tariff.unit === 'month') {
    showEnrolment(service);
    return;
  }
  // An event sold by ticket: a number of each ticket type under the chosen time instead of places.
  const types = await ticketTypes(service).catch(e => {
    showError(error, e);
    return [];
  });
  if (types.length) {
    showSlots(service, (slot, places, host) => chooseTickets(service, types, slot, host), { waitlist: true });
    byId('quanti-campo').hidden = true;
  } else {
    showSlots(service, (slot, places, host) => book(service, slot, places, host));
  }
}

start();
