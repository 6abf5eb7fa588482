// A time picker that shows one day at a time (as Cal.com does), in Bootstrap Italia's markup, for
// every screen that books (the portal's service page, the operator's console). Issue 18: the whole
// list of times made a phone page 12,000 px tall and put the booking panel at its bottom; here the
// day's times come grouped as Mattina / Pomeriggio / Sera and the page's panel opens right under the
// chosen time.
//
// API
//   import { createSlotPicker, durationText } from './slot-picker.js';
//   // and in the page's <head>: <link rel="stylesheet" href="/css/slot-picker.css">
//   const picker = createSlotPicker(container, {
//     load(from, to),        // required, async: the slots of the days from..to ("YYYY-MM-DD", Europe/Rome,
//                            //   both included, at most 7 days): [{id, start, end, free, ...}], start and
//                            //   end ISO instants. The picker asks for one window of days at a time.
//     onChoose(slot, panelHost), // a free time was chosen (click, Enter or Space). panelHost is an empty
//                            //   element right after that time, inside its group: draw the hold or
//                            //   confirmation panel there. Return false to refuse the choice (the panel
//                            //   stays under the time chosen before, whose day is shown again).
//     priceText(slot),       // optional: what the time costs, e.g. "1 ora · 18,00 € l’ora"
//     onWindow(from, to),    // optional: the days now loaded (listen for live changes of those)
//     onError(error),        // optional: a load failed (default: said in the picker's alert)
//     firstDay,              // optional: the first day one may choose (default: today in Rome)
//     lookAheadDays,         // optional: how far ahead days are searched (default 62)
//     idPrefix,              // optional: element ids start with it (default "orari"); two pickers, two prefixes
//     timezone,              // optional, only "Europe/Rome" (the times are written by time.js)
//     fullChoosable,         // optional: a full time is still a button ("Esaurito: lista d'attesa"), for
//                            //   an event whose sold-out times take a waiting line
//   });
//   picker.update(slots)     // the loaded window's slots as they are now (a live change): free places are
//                            //   repainted in place, so focus and the open panel stay where they are
//   picker.slots()           // the loaded window's slots
//   picker.range()           // {from, to}: the loaded window
//   picker.reload()          // reads the window again (after a lost connection)
//   picker.showDay(day)      // shows "YYYY-MM-DD" (loading its window if needed)
//   picker.day()             // the day shown
//   picker.chosen()          // the id of the chosen time, or null
//   picker.closePanel()      // empties the panel and forgets the chosen time
//   picker.redraw()          // draws again (after a language switch)
//
// Slots with the same start and end (two operators, two rooms) are shown as one time with their
// free places added up; choosing it passes onChoose the slot with the most free places. A time
// with no free place is not a button (unless fullChoosable): it says "Pieno" and is out of the tab order. The picker
// announces nothing by itself; the page says live changes in its own words.
import { t, words, showError } from './sportello.js';
import { el, fill } from './dom.js';
import { addDays, clock, dayName, romeDay, shortDayName } from './time.js';
import { icon } from './site-chrome.js';

words({
  it: {
    'picker.prev': 'Giorno prima', 'picker.next': 'Giorno dopo',
    'picker.withTimes': 'con orari liberi',
    'picker.days': 'Giorni con orari liberi', 'picker.date': 'Oppure scegli una data',
    'picker.loading': 'Carico gli orari…',
    'picker.none.day': 'In questo giorno non ci sono orari liberi.',
    'picker.full.day': 'In questo giorno gli orari sono tutti pieni: scegli un altro giorno.',
    'picker.none.ahead': 'Non ci sono orari liberi nelle prossime settimane.',
    'picker.none.back': 'Non ci sono orari liberi nei giorni prima.',
    'picker.morning': 'Mattina', 'picker.afternoon': 'Pomeriggio', 'picker.evening': 'Sera',
    'picker.waitlist': 'Esaurito: lista d\u2019attesa',
    'picker.full': 'Pieno', 'picker.yours': 'Scelto da te', 'picker.times.one': '1 orario libero', 'picker.times.many': '{n} orari liberi',
    'picker.free.one': '1 posto libero', 'picker.free.many': '{n} posti liberi',
    'duration.minutes': '{m} minuti', 'duration.hour': '1 ora', 'duration.hours': '{h} ore',
    'duration.hourMinutes': '{h} e {m} minuti',
  },
  en: {
    'picker.prev': 'Day before', 'picker.next': 'Day after',
    'picker.withTimes': 'with free times',
    'picker.days': 'Days with free times', 'picker.date': 'Or choose a date',
    'picker.loading': 'Loading times…',
    'picker.none.day': 'No free times on this day.',
    'picker.full.day': 'All times on this day are full: choose another day.',
    'picker.none.ahead': 'No free times in the coming weeks.',
    'picker.none.back': 'No free times on the days before.',
    'picker.morning': 'Morning', 'picker.afternoon': 'Afternoon', 'picker.evening': 'Evening',
    'picker.waitlist': 'Sold out: waiting list',
    'picker.full': 'Full', 'picker.yours': 'Your choice', 'picker.times.one': '1 free time', 'picker.times.many': '{n} free times',
    'picker.free.one': '1 free place', 'picker.free.many': '{n} free places',
    'duration.minutes': '{m} minutes', 'duration.hour': '1 hour', 'duration.hours': '{h} hours',
    'duration.hourMinutes': '{h} and {m} minutes',
  },
});

const WINDOW = 7;

/** "1 ora", "2 ore", "45 minuti", "1 ora e 30 minuti": how long a time lasts. */
export function durationText(start, end) {
  const minutes = Math.round((new Date(end) - new Date(start)) / 60000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return t('duration.minutes', { m });
  const hours = h === 1 ? t('duration.hour') : t('duration.hours', { h });
  return m === 0 ? hours : t('duration.hourMinutes', { h: hours, m });
}

/** Morning before 13:00, afternoon before 18:00, evening after (Italian time). */
function partOfDay(slot) {
  const hour = Number(clock(slot.start).slice(0, 2));
  return hour < 13 ? 'morning' : hour < 18 ? 'afternoon' : 'evening';
}

function timesText(count) {
  return count === 0 ? t('picker.full') : count === 1 ? t('picker.times.one') : t('picker.times.many', { n: count });
}

function freeText(free) {
  return free === 1 ? t('picker.free.one') : t('picker.free.many', { n: free });
}

export function createSlotPicker(container, options) {
  const prefix = options.idPrefix || 'orari';
  const firstDay = options.firstDay || romeDay();
  const lastDay = addDays(firstDay, options.lookAheadDays || 62);
  const id = name => prefix + '-' + name;

  let from = null;
  let to = null;
  let list = [];
  let shown = null;
  let chosenId = null;
  let loads = 0;
  const host = el('div', { id: id('pannello'), class: 'slot-panel' });

  const previous = el('button', { type: 'button', id: id('prima'), class: 'btn btn-outline-primary btn-sm slot-step',
    onclick: () => step(-1) }, icon('it-chevron-left', 'icon-sm icon-primary'), el('span', {}), el('span', { class: 'visually-hidden' }));
  const next = el('button', { type: 'button', id: id('dopo'), class: 'btn btn-outline-primary btn-sm slot-step',
    onclick: () => step(1) }, el('span', {}), el('span', { class: 'visually-hidden' }), icon('it-chevron-right', 'icon-sm icon-primary'));
  const title = el('h3', { id: id('giorno'), class: 'h5 mb-0 slot-day', tabindex: '-1' });
  const chips = el('div', { id: id('giorni'), class: 'slot-chips', role: 'group' });
  const dateInput = el('input', { type: 'date', id: id('data'), class: 'form-control', min: firstDay, max: lastDay,
    onchange: event => { if (event.currentTarget.value) showDay(clamp(event.currentTarget.value)); } });
  const dateLabel = el('label', { for: id('data'), class: 'form-label' });
  const status = el('p', { id: id('stato'), class: 'slot-status', role: 'status' });
  const alert = el('p', { id: id('errore'), class: 'text-danger fw-semibold', role: 'alert' });
  const times = el('div', { id: id('ore'), class: 'slot-times' });

  container.replaceChildren(el('div', { class: 'slot-picker' },
    el('div', { class: 'slot-nav' }, previous, title, next),
    chips,
    el('div', { class: 'slot-date' }, dateLabel, dateInput),
    status, alert, times));

  function clamp(day) {
    return day < firstDay ? firstDay : day > lastDay ? lastDay : day;
  }

  /** Reads the days start..end: their slots sorted, or null when that failed or a later read started. */
  async function read(start, end) {
    const mine = ++loads;
    status.textContent = t('picker.loading');
    times.setAttribute('aria-busy', 'true');
    alert.textContent = '';
    try {
      const slots = await options.load(start, end);
      return mine === loads ? sorted(slots) : null;
    } catch (e) {
      if (mine !== loads) return null;
      if (options.onError) options.onError(e);
      else showError(alert, e);
      return null;
    } finally {
      if (mine === loads) {
        status.textContent = '';
        times.removeAttribute('aria-busy');
      }
    }
  }

  /** Makes start..end the loaded window. */
  function keep(start, end, slots) {
    from = start;
    to = end;
    list = slots;
    if (options.onWindow) options.onWindow(from, to);
  }

  /** The window of days that starts at {@code day} going forward, or ends at it going back. */
  function windowAt(day, direction) {
    if (direction > 0) {
      const end = addDays(day, WINDOW - 1);
      return [day, end > lastDay ? lastDay : end];
    }
    return [clamp(addDays(day, -(WINDOW - 1))), day];
  }

  async function loadWindow(start, end) {
    const slots = await read(start, end);
    if (slots) keep(start, end, slots);
    return !!slots;
  }

  function sorted(slots) {
    return [...slots].sort((a, b) => a.start.localeCompare(b.start));
  }

  /**
   * The times people choose among: slots with the same start and end (two operators, two rooms)
   * are one time, with their free places added up; choosing it takes the slot with the most free
   * places (or the chosen one, while it is chosen). {id, ids, key, start, end, free, capacity}.
   */
  function timesOf(slots) {
    const byKey = new Map();
    for (const slot of slots) {
      const key = slot.start + '|' + slot.end;
      if (!byKey.has(key)) byKey.set(key, []);
      byKey.get(key).push(slot);
    }
    return [...byKey].map(([key, same]) => {
      const pick = same.find(s => s.id === chosenId) || same.reduce((a, b) => (b.free > a.free ? b : a));
      return { ...pick, key, ids: same.map(s => s.id), free: same.reduce((n, s) => n + Math.max(0, s.free), 0),
        capacity: same.reduce((n, s) => n + s.capacity, 0) };
    });
  }

  /**
   * The days of {@code slots} with a free time (and the chosen time's day, even once its last place
   * is taken); with fullChoosable every day with a time, full or not (its waiting line is a choice).
   */
  function freeDays(slots = list) {
    return [...new Set(slots.filter(s => s.free > 0 || s.id === chosenId || options.fullChoosable).map(s => romeDay(s.start)))];
  }

  async function showDay(day) {
    if (!from || day < from || day > to) {
      if (!await loadWindow(...windowAt(day, from && day < from ? -1 : 1))) return;
    }
    shown = day;
    draw();
  }

  /**
   * The next (or previous) day with a free time, reading further windows as needed; the loaded
   * window changes only when one is found.
   */
  async function step(direction) {
    const button = direction > 0 ? next : previous;
    const nearest = days => (direction > 0 ? days[0] : days[days.length - 1]);
    const near = freeDays().filter(d => (direction > 0 ? d > shown : d < shown));
    if (near.length) {
      shown = nearest(near);
      draw();
    } else {
      let edge = direction > 0 ? addDays(to, 1) : addDays(from, -1);
      for (;;) {
        if (edge > lastDay || edge < firstDay) {
          status.textContent = t(direction > 0 ? 'picker.none.ahead' : 'picker.none.back');
          return;
        }
        const [start, end] = windowAt(edge, direction);
        const slots = await read(start, end);
        if (!slots) return;
        const found = freeDays(slots);
        if (found.length) {
          keep(start, end, slots);
          shown = nearest(found);
          draw();
          break;
        }
        edge = direction > 0 ? addDays(end, 1) : addDays(start, -1);
      }
    }
    // A disabled button loses focus: keep it on the one that still works.
    if (button.disabled) (direction > 0 ? previous : next).focus();
    else button.focus();
  }

  /** Draws the day shown; focus stays on the control it was on (found again by its data attribute). */
  function draw() {
    const active = document.activeElement;
    // Focus inside the page's panel (a form being filled in) comes back to the same field.
    const inPanel = host.contains(active) ? active : null;
    const keep = active && container.contains(active)
      ? (active.dataset.choose && '[data-choose="' + active.dataset.choose + '"]')
        || (active.dataset.chipDay && '[data-chip-day="' + active.dataset.chipDay + '"]')
      : null;
    // Visible words first, then what a screen reader also hears (the name keeps the visible words).
    previous.children[1].textContent = t('picker.prev');
    previous.children[2].textContent = ' ' + t('picker.withTimes');
    next.children[0].textContent = t('picker.next');
    next.children[1].textContent = ' ' + t('picker.withTimes');
    previous.disabled = !shown || shown <= firstDay;
    next.disabled = !shown || shown >= lastDay;
    chips.setAttribute('aria-label', t('picker.days'));
    dateLabel.textContent = t('picker.date');
    if (!shown) return;
    title.textContent = dayName(shown);
    dateInput.value = shown;
    // The days with free times, and the day shown even when it has none left.
    chips.replaceChildren(...[...new Set([...freeDays(), shown])].sort().map(chip));
    const day = timesOf(list.filter(s => romeDay(s.start) === shown));
    const parts = ['morning', 'afternoon', 'evening'];
    fill(times,
      day.some(s => s.free > 0) ? null : el('p', { class: 'slot-empty' }, t(day.length ? 'picker.full.day' : 'picker.none.day')),
      parts.map(part => group(part, day.filter(s => partOfDay(s) === part))));
    if (keep) {
      const again = container.querySelector(keep);
      if (again) again.focus();
    }
    if (inPanel && document.contains(inPanel)) inPanel.focus();
  }

  /** How many times of {@code day} have a free place. */
  function freeTimes(day) {
    return timesOf(list.filter(s => romeDay(s.start) === day)).filter(time => time.free > 0).length;
  }

  function chip(day) {
    const count = freeTimes(day);
    const current = day === shown;
    return el('button', { type: 'button', class: 'btn btn-sm slot-chip ' + (current ? 'btn-primary' : 'btn-outline-primary'),
      'aria-pressed': current ? 'true' : 'false', dataset: { chipDay: day }, onclick: () => showDay(day) },
      el('span', { class: 'slot-chip-day' }, shortDayName(day)),
      el('span', { class: 'slot-chip-count' }, timesText(count)));
  }

  function group(part, slots) {
    if (slots.length === 0) return null;
    const heading = id(part);
    return el('section', { class: 'slot-group', 'aria-labelledby': heading },
      el('h4', { id: heading, class: 'h6 slot-part' }, t('picker.' + part)),
      el('ul', { class: 'slot-list' }, slots.map(item)));
  }

  function item(time) {
    const li = el('li', { class: 'slot-item', dataset: { key: time.key } });
    paint(li, time);
    return li;
  }

  /** Writes a time into its row: a button while it has places, "Pieno" out of the tab order when not. */
  function paint(li, slot) {
    li.dataset.slot = slot.id;
    li.dataset.free = String(slot.free);
    const chosen = slot.ids.includes(chosenId);
    const when = clock(slot.start) + '–' + clock(slot.end);
    const price = options.priceText ? options.priceText(slot) : '';
    const parts = [
      el('span', { class: 'visually-hidden' }, dayName(slot.start) + ', '),
      el('span', { class: 'slot-clock' }, when),
      price ? el('span', { class: 'slot-price' }, price) : null,
      el('span', { class: 'slot-free' + (slot.free > 0 ? '' : ' slot-free-none') },
        slot.free > 0 ? freeText(slot.free) : chosen ? t('picker.yours') : t('picker.full')),
    ];
    // A full time of an event has a waiting line (options.fullChoosable): it stays a button that says so.
    const face = slot.free <= 0 && options.fullChoosable && !chosen
      ? el('button', { type: 'button', class: 'btn slot-time btn-outline-secondary', 'aria-pressed': 'false',
        dataset: { choose: slot.id }, onclick: () => choose(slot.id) }, ...parts.slice(0, 3),
        el('span', { class: 'slot-free slot-free-none' }, t('picker.waitlist')))
      : slot.free > 0 || (options.fullChoosable && chosen)
      ? el('button', { type: 'button', class: 'btn slot-time ' + (chosen ? 'btn-primary' : 'btn-outline-primary'),
        'aria-pressed': chosen ? 'true' : 'false', dataset: { choose: slot.id },
        onclick: () => choose(slot.id) }, ...parts)
      : el('div', { class: 'slot-time slot-full' }, ...parts);
    // Only the time's face is replaced: the panel (and whatever is focused inside it) stays put.
    const old = li.firstElementChild && li.firstElementChild !== host ? li.firstElementChild : null;
    const focused = old && old.contains(document.activeElement);
    if (old) old.replaceWith(face);
    else li.prepend(face);
    if (chosen && host.parentNode !== li) li.append(host);
    if (!chosen && host.parentNode === li) host.remove();
    if (focused && face.tagName === 'BUTTON') face.focus();
  }

  function choose(slotId) {
    const slot = list.find(s => s.id === slotId);
    if (!slot || (slot.free <= 0 && !options.fullChoosable)) return;
    const before = chosenId;
    // The panel host moves under the new time first, so the page can put focus into it at once.
    chosenId = slotId;
    repaint();
    const answer = options.onChoose ? options.onChoose(slot, host) : undefined;
    if (answer !== false) return;
    chosenId = before;
    repaint();
    const earlier = list.find(s => s.id === before);
    if (earlier && romeDay(earlier.start) !== shown) showDay(romeDay(earlier.start));
  }

  /** Paints the rows of the day shown again, where they changed (or all of them). */
  function repaint(all = true) {
    const now = new Map(timesOf(list.filter(s => romeDay(s.start) === shown)).map(time => [time.key, time]));
    times.querySelectorAll('li[data-key]').forEach(li => {
      const time = now.get(li.dataset.key);
      if (time && (all || String(time.free) !== li.dataset.free || time.id !== li.dataset.slot)) paint(li, time);
    });
  }

  function update(slots) {
    const old = new Map(list.map(s => [s.id, s]));
    const fresh = sorted(slots);
    const sameTimes = fresh.length === list.length && fresh.every(s => old.has(s.id));
    const daysBefore = freeDays().join();
    list = fresh;
    if (!sameTimes || freeDays().join() !== daysBefore) {
      draw();
      return;
    }
    repaint(false);
    // Counts in the day chips follow too.
    chips.querySelectorAll('[data-chip-day]').forEach(button => {
      button.lastChild.textContent = timesText(freeTimes(button.dataset.chipDay));
    });
  }

  /** The first day from firstDay with a free time (searching up to lookAheadDays), shown. */
  async function start() {
    for (let day = firstDay; day <= lastDay; day = addDays(day, WINDOW)) {
      if (!await loadWindow(...windowAt(day, 1))) return;
      const days = freeDays();
      if (days.length) {
        shown = days[0];
        draw();
        return;
      }
    }
    shown = firstDay;
    await loadWindow(...windowAt(firstDay, 1));
    draw();
    status.textContent = t('picker.none.ahead');
  }

  start();

  return {
    update,
    slots: () => list,
    range: () => ({ from, to }),
    reload: async () => {
      if (from && await loadWindow(from, to)) draw();
    },
    showDay: day => showDay(clamp(day)),
    day: () => shown,
    chosen: () => chosenId,
    panelHost: host,
    closePanel() {
      chosenId = null;
      host.replaceChildren();
      host.remove();
      repaint();
    },
    redraw: draw,
  };
}
