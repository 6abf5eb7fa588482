// A service's free places, a week at a time, kept up to date through the event-bus bridge
// (catalog.availability.<serviceId>; a guest ticket when signed out). A change updates the
// numbers in place, so keyboard focus stays where it was, and is told to screen readers politely.
import { t, api, Bridge, showError } from './sportello.js';
import { byId, el, announce } from './dom.js';
import { addDays, clock, dateTime, dayName, romeDay, shortDay } from './time.js';
import { freeText, loading, onLanguage } from './portal-common.js';

const days = byId('giorni');
const status = byId('carico-posti');
const error = byId('errore-posti');
const live = byId('live');
const places = byId('quanti');

let service = null;
let book = null;
let first = romeDay();
let slots = new Map();
let bridge = null;

/** Shows the free places of {@code shown}; {@code onBook(slot, places, button)} runs when one is chosen. */
export function showSlots(shown, onBook) {
  service = shown;
  book = onBook;
  byId('posti').hidden = false;
  // No more places than one booking of this service may take (the server refuses more anyway).
  if (service.policy && service.policy.maxPlacesPerBooking) places.max = String(service.policy.maxPlacesPerBooking);
  byId('settimana-prima').addEventListener('click', () => moveWeek(-7));
  byId('settimana-dopo').addEventListener('click', () => moveWeek(7));
  onLanguage(() => { render(); showLive(bridge && bridge.socket && bridge.socket.readyState === WebSocket.OPEN); });
  load();
  listen();
  // Leaving closes the socket; coming back through the browser's page cache opens a new one.
  addEventListener('pagehide', () => bridge.close());
  addEventListener('pageshow', event => {
    if (!event.persisted) return;
    load();
    listen();
  });
}

/** The places wanted, within what the service lets one booking take. */
function wanted() {
  const n = Math.round(Number(places.value));
  return Number.isFinite(n) ? Math.min(Number(places.max) || 50, Math.max(1, n)) : 1;
}

async function moveWeek(step) {
  const previous = byId('settimana-prima');
  const fromPrevious = document.activeElement === previous;
  const today = romeDay();
  first = addDays(first, step) < today ? today : addDays(first, step);
  await load();
  // Back at the first week the "previous" button is disabled: keep focus on a button that works.
  if (fromPrevious && previous.disabled) byId('settimana-dopo').focus();
}

async function load() {
  error.textContent = '';
  const last = addDays(first, 6);
  try {
    await loading(days, status, t('slots.loading'), async () => {
      const answer = await api('GET', '/api/v1/services/' + encodeURIComponent(service.id)
        + '/availability?from=' + first + '&to=' + last);
      const now = Date.now();
      slots = new Map(answer.slots.filter(s => new Date(s.start).getTime() > now).map(s => [s.id, s]));
      render();
    });
  } catch (e) {
    showError(error, e);
  }
}

function render() {
  const focused = document.activeElement && document.activeElement.dataset
    ? document.activeElement.dataset.bookSlot : undefined;
  const last = addDays(first, 6);
  byId('periodo').textContent = t('slots.range', { from: shortDay(first), to: shortDay(last) });
  byId('settimana-prima').disabled = first <= romeDay();
  const byDay = new Map();
  for (const slot of [...slots.values()].sort((a, b) => a.start.localeCompare(b.start))) {
    const day = romeDay(slot.start);
    if (!byDay.has(day)) byDay.set(day, []);
    byDay.get(day).push(slot);
  }
  if (byDay.size === 0) {
    days.replaceChildren(el('p', { class: 'portal-empty' }, t('slots.none')));
    return;
  }
  days.replaceChildren(...[...byDay].map(([day, list]) => el('div', { class: 'portal-day' },
    el('h3', {}, dayName(day)),
    el('ul', { class: 'portal-slots' }, list.map(row)))));
  if (focused) {
    const again = days.querySelector('[data-book-slot="' + focused + '"]');
    if (again) again.focus();
  }
}

function row(slot) {
  const button = el('button', { type: 'button', dataset: { bookSlot: slot.id } }, t('slots.book'));
  button.addEventListener('click', () => {
    if (slot.free < wanted()) {
      error.textContent = slot.free <= 0 ? t('slots.full.say') : t('problem.slot-full');
      return;
    }
    error.textContent = '';
    // busy() puts the button's old words back when it ends; a live change may have come meanwhile.
    Promise.resolve(book(slot, wanted(), button)).finally(() => {
      const current = slots.get(slot.id);
      const item = days.querySelector('[data-slot="' + slot.id + '"]');
      if (current && item) paint(item, current);
    });
  });
  const item = el('li', { class: 'portal-slot', dataset: { slot: slot.id } },
    el('span', { class: 'portal-time' }, clock(slot.start) + '–' + clock(slot.end)),
    el('span', { class: 'portal-free' }),
    button);
  paint(item, slot);
  return item;
}

/** Writes a slot's free places into its row; a full slot's button stays focusable but says so. */
function paint(item, slot) {
  item.dataset.free = String(slot.free);
  const free = item.querySelector('.portal-free');
  free.textContent = freeText(slot.free);
  free.className = 'portal-free ' + (slot.free > 0 ? 'ok' : 'danger');
  const button = item.querySelector('button');
  const full = slot.free <= 0;
  button.textContent = full ? t('slots.full') : t('slots.book');
  button.setAttribute('aria-label', (full ? t('slots.full') + ' ' : '') + t('slots.book.label', { when: dateTime(slot.start, slot.end) })
    + (full ? '' : ', ' + freeText(slot.free)));
  if (full) button.setAttribute('aria-disabled', 'true');
  else button.removeAttribute('aria-disabled');
  button.classList.toggle('portal-full', full);
}

function showLive(up) {
  live.dataset.live = up ? 'on' : 'off';
  live.textContent = up ? t('live.connected') : t('live.reconnecting');
}

function listen() {
  bridge = new Bridge();
  bridge.subscribe('catalog.availability.' + service.id, changed);
  // The server lost PostgreSQL for a while and is listening again: changes were missed, read again.
  bridge.subscribe('catalog.feed.refetch', load);
  bridge.onStatus(showLive);
  bridge.onReconnect(load);
  bridge.open().catch(() => {
    live.dataset.live = 'off';
    live.textContent = t('live.off');
    // open() keeps retrying in the background; onReconnect reloads once it is back.
  });
}

function changed(message) {
  if (!message || !Array.isArray(message.slots)) {
    load();
    return;
  }
  const updated = [];
  let redraw = false;
  const last = addDays(first, 6);
  for (const change of message.slots) {
    const known = slots.get(change.id);
    if (known && change.removed) {
      slots.delete(change.id);
      redraw = true;
    } else if (known) {
      if (known.free === change.free && known.capacity === change.capacity) continue;
      known.free = change.free;
      known.capacity = change.capacity;
      const item = days.querySelector('[data-slot="' + change.id + '"]');
      if (item) paint(item, known);
      updated.push(known);
    } else if (!change.removed && romeDay(change.start) >= first && romeDay(change.start) <= last
      && new Date(change.start).getTime() > Date.now()) {
      slots.set(change.id, { id: change.id, resourceId: change.resourceId, start: change.start, end: change.end,
        capacity: change.capacity, free: change.free });
      redraw = true;
    }
  }
  if (redraw) render();
  if (updated.length === 1) {
    announce(t('live.changed.one', { when: dateTime(updated[0].start, updated[0].end), free: freeText(updated[0].free) }));
  } else if (updated.length > 1) {
    announce(t('live.changed.many', { n: updated.length }));
  }
}
