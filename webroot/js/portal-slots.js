// A service's free times on its page, one day at a time (slot-picker.js), kept up to date through
// the event-bus bridge (catalog.availability.<serviceId>; a guest ticket when signed out). A change
// updates the numbers in place, so keyboard focus and the open booking panel stay where they are,
// and is told to screen readers politely.
import { t, api, Bridge } from './sportello.js';
import { byId, announce } from './dom.js';
import { dateTime, romeDay } from './time.js';
import { freeText, onLanguage, slotPrice } from './portal-common.js';
import { createSlotPicker } from './slot-picker.js';

const error = byId('errore-posti');
const live = byId('live');
const places = byId('quanti');

let service = null;
let picker = null;
let bridge = null;

/**
 * Shows the free times of {@code shown}. {@code onBook(slot, places, panelHost)} runs when one is
 * chosen and draws the booking panel into panelHost (right under that time); it returns false to
 * keep the panel where it is. With {@code waitlist} a full time can be chosen too (an event's
 * tickets: onBook offers its waiting line). Resolves with the picker.
 */
export function showSlots(shown, onBook, { waitlist = false } = {}) {
  service = shown;
  byId('posti').hidden = false;
  // No more places than one booking of this service may take (the server refuses more anyway);
  // when that is one, there is nothing to ask.
  const most = service.policy && service.policy.maxPlacesPerBooking;
  if (most) places.max = String(most);
  byId('quanti-campo').hidden = most === 1;
  picker = createSlotPicker(byId('orari'), {
    idPrefix: 'orari',
    load: (from, to) => api('GET', '/api/v1/services/' + encodeURIComponent(service.id)
      + '/availability?from=' + from + '&to=' + to)
      .then(answer => answer.slots.filter(bookable)),
    priceText: slot => slotPrice(service.tariff, slot),
    fullChoosable: waitlist,
    onChoose: (slot, host) => {
      if (!waitlist && slot.free < wanted()) {
        error.textContent = t('problem.slot-full');
        return false;
      }
      error.textContent = '';
      return onBook(slot, wanted(), host);
    },
  });
  onLanguage(() => { picker.redraw(); showLive(bridge && bridge.connected); });
  listen();
  // Leaving closes the socket; coming back through the browser's page cache opens a new one.
  addEventListener('pagehide', () => bridge.close());
  addEventListener('pageshow', event => {
    if (!event.persisted) return;
    picker.reload();
    listen();
  });
  return picker;
}

/** A time still far enough ahead for the service's minimum notice (the server refuses later ones: too-late). */
function bookable(slot) {
  const notice = ((service.policy && service.policy.minNoticeMinutes) || 0) * 60000;
  return new Date(slot.start).getTime() > Date.now() + notice;
}

/** The places wanted, within what the service lets one booking take. */
function wanted() {
  const n = Math.round(Number(places.value));
  return Number.isFinite(n) ? Math.min(Number(places.max) || 50, Math.max(1, n)) : 1;
}

function showLive(up) {
  live.dataset.live = up ? 'on' : 'off';
  live.textContent = up ? t('live.connected') : t('live.reconnecting');
}

function listen() {
  bridge = new Bridge();
  bridge.subscribe('catalog.availability.' + service.id, changed);
  // The server lost PostgreSQL for a while and is listening again: changes were missed, read again.
  bridge.subscribe('catalog.feed.refetch', () => picker.reload());
  bridge.onStatus(showLive);
  bridge.onReconnect(() => picker.reload());
  bridge.open().catch(() => {
    live.dataset.live = 'off';
    live.textContent = t('live.off');
    // open() keeps retrying in the background; onReconnect reloads once it is back.
  });
}

function changed(message) {
  if (!message || !Array.isArray(message.slots)) {
    picker.reload();
    return;
  }
  const { from, to } = picker.range();
  if (!from) return;
  const slots = new Map(picker.slots().map(s => [s.id, { ...s }]));
  const updated = [];
  let touched = false;
  for (const change of message.slots) {
    const known = slots.get(change.id);
    if (known && change.removed) {
      slots.delete(change.id);
      touched = true;
    } else if (known) {
      if (known.free === change.free && known.capacity === change.capacity) continue;
      known.free = change.free;
      known.capacity = change.capacity;
      updated.push(known);
      touched = true;
    } else if (!change.removed && romeDay(change.start) >= from && romeDay(change.start) <= to
      && bookable(change)) {
      slots.set(change.id, { id: change.id, resourceId: change.resourceId, start: change.start, end: change.end,
        capacity: change.capacity, free: change.free });
      touched = true;
    }
  }
  if (touched) picker.update([...slots.values()]);
  if (updated.length === 1) {
    announce(t('live.changed.one', { when: dateTime(updated[0].start, updated[0].end), free: freeText(updated[0].free) }));
  } else if (updated.length > 1) {
    announce(t('live.changed.many', { n: updated.length }));
  }
}
