// The resources' calendars (/gestione-risorse.html, section #calendari): for each active resource
// (a carer, a room) a secret address the cooperative makes and gives to whoever works with it, so
// the appointments show up in their phone's calendar. The box itself is calendar-feed.js's; the
// page's module (admin-resources.js) calls showResourceFeeds() with the resources it loaded.
import { t, words, api } from './sportello.js';
import { byId, el, fill } from './dom.js';
import { feedPanel } from './calendar-feed.js';

words({
  it: {
    'rfeed.title': 'Calendari sul telefono',
    'rfeed.intro': 'Chi lavora con una risorsa, per esempio un’operatrice, può vedere gli appuntamenti nel calendario del telefono. Crea l’indirizzo e mandalo solo a quella persona.',
    'rfeed.privacy': 'Nel calendario ci sono il servizio, l’orario, l’indirizzo del servizio, il codice e i posti. Mai il nome o la salute di chi ha prenotato.',
    'rfeed.none': 'Questa risorsa non ha ancora un indirizzo per il calendario.',
    'rfeed.secret': 'Mandalo solo a chi lavora con questa risorsa: chi ha l’indirizzo vede gli appuntamenti. Se finisce a qualcun altro, crea un nuovo indirizzo.',
    'rfeed.empty': 'Non ci sono risorse attive.',
  },
  en: {
    'rfeed.title': 'Calendars on the phone',
    'rfeed.intro': 'Whoever works with a resource, a carer for example, can see the appointments in their phone’s calendar. Create the address and send it to that person only.',
    'rfeed.privacy': 'The calendar shows the service, the time, the service’s address, the code and the places. Never the name or the health of whoever booked.',
    'rfeed.none': 'This resource has no calendar address yet.',
    'rfeed.secret': 'Send it only to whoever works with this resource: whoever has the address sees the appointments. If someone else gets it, create a new address.',
    'rfeed.empty': 'There are no active resources.',
  },
});

const panels = new Map();
let live = null;

/** What the cooperative's live feeds are, read once per page: resource id → {active, createdAt}. */
function liveFeeds() {
  live = live || api('GET', '/api/v1/provider/calendar-feeds').then(answer =>
    new Map(answer.items.map(item => [item.resourceId, { active: true, createdAt: item.createdAt }])));
  return live;
}

function panelFor(resource) {
  if (!panels.has(resource.id)) {
    const path = '/api/v1/provider/resources/' + encodeURIComponent(resource.id) + '/calendar-feed';
    const panel = feedPanel({
      id: 'calendario-' + resource.id, name: resource.name, keys: { none: 'rfeed.none', secret: 'rfeed.secret' },
      load: async () => (await liveFeeds()).get(resource.id) || { active: false },
      create: () => api('POST', path), revoke: () => api('DELETE', path),
    });
    panels.set(resource.id, { panel, heading: el('h3', { class: 'h5 mb-1' }) });
    panel.refresh();
  }
  const entry = panels.get(resource.id);
  entry.heading.textContent = resource.name;
  return entry;
}

/** Draws #calendari for the active resources, keeping each box (and an address just made) as it is. */
export function showResourceFeeds(resources) {
  const section = byId('calendari');
  if (!section) return;
  const active = resources.filter(r => !r.retired);
  section.setAttribute('aria-labelledby', 'calendari-titolo');
  fill(section,
    el('h2', { id: 'calendari-titolo', class: 'h3', 'data-t': 'rfeed.title' }, t('rfeed.title')),
    el('p', { 'data-t': 'rfeed.intro' }, t('rfeed.intro')),
    el('p', { 'data-t': 'rfeed.privacy' }, t('rfeed.privacy')),
    active.length === 0 ? el('p', { 'data-t': 'rfeed.empty' }, t('rfeed.empty'))
      : el('ul', { class: 'list-unstyled' }, active.map(resource => {
        const { panel, heading } = panelFor(resource);
        return el('li', { class: 'border-top pt-3 mt-3', dataset: { resource: resource.id } }, heading, panel.node);
      })));
  section.hidden = false;
}
