// The welfare-point kiosk (chiosco.html): the device signs in with its credential, an employee
// identifies with badge or codice fiscale and PIN on the on-screen keypad, books a service paying
// with welfare credit and takes away the booking code and its QR code, or asks to be called back.
// Everything about the person lives in `state` and in the screen being shown; going idle, "Ho
// finito" or a new person wipes both and ends the kiosk session on the server. While a service's
// times are on screen (choosing, confirming) their free places follow the catalog live. Requests
// that someone else made to pay with the person's credit (an operator on the phone) wait here too:
// the person identified with their PIN approves or refuses them.

import {
  api, signInKiosk, identity, Problem, Bridge, busy, euro, words, t, languageSwitch, currentLanguage,
} from './sportello.js';
import { byId, el, announce } from './dom.js';
import { dateTime, romeDay } from './time.js';
import { KIOSK_WORDS } from './kiosk-words.js';
import { loadAreas, areaCodes, areaLabel } from './areas.js';
import { keypad } from './kiosk-keypad.js';
import { IdleWatch } from './kiosk-idle.js';
import { LiveAvailability } from './kiosk-live.js';

words(KIOSK_WORDS);

const CREDENTIAL_KEY = 'sportello.kiosk.credential';
const BADGE = /^[A-Z0-9-]{4,32}$/;
const PAGE_SIZE = 6;
const SLOTS_SHOWN = 8;
const SLOT_DAYS = 30;
/** The screens that show the chosen service's times: its live subscription lasts while one of them is up. */
const LIVE_SCREENS = ['slots', 'confirm'];

// ?idle=60&warn=15 (seconds): how long the screen waits for a touch, and how long the warning lasts.
const params = new URLSearchParams(location.search);
const IDLE_SECONDS = bounded(params.get('idle'), 60, 5, 3600);
const WARN_SECONDS = bounded(params.get('warn'), Math.min(15, Math.floor(IDLE_SECONDS / 2)), 1, IDLE_SECONDS - 1);

const main = byId('contenuto');
const langButton = byId('lingua');
const placeLabel = byId('luogo');
const dialog = byId('avviso-inattivita');
const dialogText = byId('avviso-testo');
const dialogButton = byId('avviso-continua');
const liveRegion = byId('annunci');

let state = fresh();
let bridge = null;
let deviceName = null;
let lastScreen = null;
// Bumped by every wipe: an answer that arrives for an earlier person is dropped, never shown.
let generation = 0;
// The shown service's free places, live (catalog.availability.<serviceId>).
const live = new LiveAvailability({
  onChange: message => availabilityChanged(message),
  onStatus: up => showLive(up),
  onReconnect: () => refreshSlots(),
});

function fresh() {
  return {
    screen: null, error: null, notice: null,
    identifyBy: null, entry: '', pin: '',
    person: null, session: null, wallets: [], balanceCents: 0,
    area: null, page: 1, services: [], total: 0, service: null, slots: [], slot: null, live: null,
    booking: null, qr: null, paidCents: 0, consents: [],
    callback: { topic: null, phone: '', when: 'any' },
  };
}

function bounded(raw, fallback, min, max) {
  const n = Number.parseInt(raw, 10);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

// ------------------------------------------------------------------ idle watch and wiping

const idle = new IdleWatch({
  seconds: IDLE_SECONDS,
  warnSeconds: WARN_SECONDS,
  onWarn: () => {
    dialogButton.textContent = t('idle.continue');
    byId('avviso-titolo').textContent = t('idle.title');
    if (!dialog.open) dialog.showModal();
  },
  onCountdown: left => { dialogText.textContent = t('idle.text', { n: left }); },
  onActive: () => { if (dialog.open) dialog.close(); },
  onIdle: () => wipe(),
});
dialogButton.addEventListener('click', () => { idle.poke(); if (dialog.open) dialog.close(); });
dialog.addEventListener('cancel', () => idle.poke());

/**
 * Forgets the person: ends their kiosk session on the server, drops every detail from memory and
 * from the page (screen, live region, dialog), goes back to Italian and to the welcome screen.
 */
function wipe(notice) {
  generation++;
  idle.disarm();
  if (dialog.open) dialog.close();
  dialogText.textContent = '';
  const session = state.session;
  if (session) {
    call('POST', '/api/v1/kiosk/sessions/' + session.id + '/end', {}).catch(() => { /* it runs out by itself */ });
  }
  if (bridge) {
    bridge.close();
    bridge = null;
  }
  live.stop();
  state = fresh();
  state.notice = notice || null;
  lastScreen = null;
  main.replaceChildren();
  liveRegion.textContent = '';
  setTimeout(() => { if (state.screen === 'welcome') liveRegion.textContent = ''; }, 100); // after a pending announce()
  if (currentLanguage() !== 'it') langButton.click(); // the next person starts in Italian
  show('welcome');
}

// ------------------------------------------------------------------ the API, as this device

async function call(method, path, body) {
  try {
    return await api(method, path, body);
  } catch (e) {
    // The device's session ran out (or was revoked and re-issued): sign in again with the stored credential.
    const credential = localStorage.getItem(CREDENTIAL_KEY);
    if (e instanceof Problem && e.status === 401 && credential) {
      await signInKiosk(credential);
      return api(method, path, body);
    }
    throw e;
  }
}

function problemType(e) {
  return e instanceof Problem ? (e.body.type || '') : '';
}

/** Shows what went wrong on the current screen; a session that ended sends everyone back to the start. */
function fail(e) {
  const type = problemType(e);
  if (type.endsWith('/kiosk-person-not-identified') || type.endsWith('/kiosk-session-ended')) {
    wipe(t('session.ended'));
    return;
  }
  state.error = e instanceof Problem ? e.message : t('error.generic');
  render();
}

// ------------------------------------------------------------------ screens

function show(screen) {
  state.screen = screen;
  state.error = null;
  if (screen !== 'welcome') state.notice = null;
  if (!LIVE_SCREENS.includes(screen)) stopLive();
  render();
}

/**
 * Draws the current screen from `state`. A new screen puts the focus on its heading (screen
 * readers read where they are); the same screen drawn again (an error, a choice, the language)
 * gives the focus back to the control that had it. A redraw nobody asked for ({@code quiet}, a
 * live change) leaves the focus alone unless it was on something that is no longer there.
 */
function render({ quiet = false } = {}) {
  const changed = state.screen !== lastScreen;
  lastScreen = state.screen;
  const active = document.activeElement;
  const inside = !!active && main.contains(active);
  const key = inside ? active.dataset.key : null;
  const screen = SCREENS[state.screen]();
  main.replaceChildren(screen);
  document.title = t('page.title');
  placeLabel.textContent = deviceName || t('bar.place');
  const personal = !['device', 'welcome'].includes(state.screen);
  if (personal && !idle.armed) idle.arm();
  if (!personal) idle.disarm();
  const again = !changed && key ? main.querySelector('[data-key="' + CSS.escape(key) + '"]') : null;
  if (quiet && !changed && !inside) return;
  const target = again || screen.querySelector('h1');
  if (target) target.focus();
}

function screenOf(name, title, ...children) {
  return el('section', { class: 'screen screen-' + name, 'aria-labelledby': 'titolo' },
    el('h1', { id: 'titolo', tabindex: '-1' }, title),
    state.error ? el('p', { role: 'alert', class: 'kiosk-error' }, state.error) : null,
    ...children);
}

function big(label, onclick, extra = {}) {
  return el('button', {
    type: 'button', class: 'big ' + (extra.class || ''), onclick, 'aria-label': extra.label,
    dataset: extra.key ? { key: extra.key } : undefined,
  }, label);
}

function actions(...buttons) {
  return el('div', { class: 'actions' }, buttons);
}

function backTo(screen) {
  return big(t('back'), () => show(screen), { class: 'secondary', key: 'back' });
}

function doneButton() {
  return big(t('done'), () => wipe(), { class: 'secondary done', key: 'done' });
}

const SCREENS = {
  device() {
    let credential = '';
    const input = el('input', { id: 'credenziale', type: 'password', autocomplete: 'off', spellcheck: 'false',
      'aria-describedby': 'credenziale-aiuto', oninput: e => { credential = e.target.value.trim(); } });
    const submit = big(t('device.signin'), () => busy(submit, () => connect(credential, true)), { class: 'primary', key: 'connect' });
    return screenOf('device', t('device.title'),
      el('p', { id: 'credenziale-aiuto' }, t('device.intro')),
      el('label', { for: 'credenziale' }, t('device.label')),
      input,
      actions(submit));
  },

  welcome() {
    return screenOf('welcome', t('welcome.title'),
      state.notice ? el('p', { class: 'notice', role: 'status' }, state.notice) : null,
      el('p', { class: 'lead' }, t('welcome.intro')),
      el('div', { class: 'choices' },
        big(t('welcome.badge'), () => startIdentify('badge'), { class: 'primary', key: 'badge' }),
        big(t('welcome.cf'), () => startIdentify('cf'), { class: 'primary', key: 'cf' })),
      el('div', { class: 'choices secondary-choices' },
        big(t('welcome.callback'), () => show('callback'), { class: 'secondary', key: 'callback' })));
  },

  identify() {
    const badge = state.identifyBy === 'badge';
    const next = big(t('next'), () => toPin(), { class: 'primary', key: 'next' });
    const pad = keypad({
      id: 'identificativo', layout: 'alnum', maxLength: badge ? 32 : 16,
      label: t(badge ? 'id.badge.label' : 'id.cf.label'), hint: t(badge ? 'id.badge.hint' : 'id.cf.hint'),
      value: state.entry,
      sanitize: v => v.toUpperCase().replace(badge ? /[^A-Z0-9-]/g : /[^A-Z0-9]/g, ''),
      onChange: v => { state.entry = v; },
      onSubmit: () => toPin(),
    });
    return screenOf('identify', t(badge ? 'id.badge.title' : 'id.cf.title'), pad.element,
      actions(next, big(t('back'), () => wipe(), { class: 'secondary' })));
  },

  pin() {
    const confirm = () => {
      const button = main.querySelector('.key-submit');
      return button ? busy(button, identify) : identify();
    };
    const pad = keypad({
      id: 'pin', layout: 'digits', masked: true, maxLength: 8, label: t('pin.label'), hint: t('pin.hint'),
      sanitize: v => v.replace(/[^0-9]/g, ''), onChange: v => { state.pin = v; }, onSubmit: confirm,
      submitLabel: t('pin.confirm'),
    });
    state.pin = '';
    return screenOf('pin', t('pin.title'), pad.element,
      actions(big(t('back'), () => { state.pin = ''; show('identify'); }, { class: 'secondary' })));
  },

  person() {
    const waiting = state.consents.length;
    return screenOf('person', t('person.hello', { name: state.person.firstName }),
      balanceBox(),
      waiting ? el('p', { class: 'notice' }, t(waiting === 1 ? 'consents.waitingOne' : 'consents.waiting', { n: waiting })) : null,
      el('div', { class: 'choices' },
        waiting ? big(t('consents.open'), () => show('consents'), { class: 'primary', key: 'consents' }) : null,
        big(t('person.book'), event => busy(event.currentTarget, () => loadServices(1)), { class: 'primary', key: 'book' }),
        big(t('person.callback'), () => show('callback'), { class: 'secondary', key: 'callback' }),
        chatLink(t('person.chat'))),
      el('p', { class: 'hint' }, t('person.privacy', { n: IDLE_SECONDS })),
      actions(doneButton()));
  },

  services() {
    const areaButton = (area, label) => el('button', {
      type: 'button', class: 'chip', 'aria-pressed': String(state.area === area), dataset: { key: 'area-' + area },
      onclick: event => busy(event.currentTarget, () => { state.area = area; return loadServices(1); }),
    }, label);
    const list = state.services.length === 0 ? el('p', {}, t('services.none'))
      : el('ul', { class: 'service-list' }, state.services.map(s => el('li', { class: 'service' },
        el('h2', {}, s.title),
        el('p', { class: 'provider' }, s.provider.name),
        el('p', { class: 'price' }, euro(s.tariff.cents) + ' ' + t('unit.' + s.tariff.unit)),
        el('p', { class: 'hint' }, s.nextFree ? t('services.next', { when: dateTime(s.nextFree.start) }) : t('services.nofree')),
        big(t('services.choose'), event => busy(event.currentTarget, () => chooseService(s)),
          { class: 'primary', label: t('services.choose.label', { title: s.title }) }))));
    const more = state.services.length < state.total
      ? big(t('services.more'), event => busy(event.currentTarget, () => loadServices(state.page + 1)), { class: 'secondary' })
      : null;
    return screenOf('services', t('services.title'),
      el('div', { class: 'chips', role: 'group', 'aria-label': t('services.areas') },
        areaButton(null, t('services.all')), areaCodes().map(a => areaButton(a, areaLabel(a)))),
      list, more,
      actions(backTo('person'), doneButton()));
  },

  slots() {
    return screenOf('slots', t('slots.title'),
      el('p', { class: 'lead' }, state.service.title),
      liveStatus(),
      state.slots.length === 0 ? el('p', {}, t('slots.none'))
        : el('ul', { class: 'slot-list' }, state.slots.map(slotItem)),
      actions(backTo('services'), doneButton()));
  },

  confirm() {
    const s = state.service;
    const price = s.tariff.cents;
    const enough = state.balanceCents >= price;
    const pay = big(t('confirm.pay'), () => {
      if (!slotOpen(state.slot)) {
        announce(t('confirm.full'));
        return;
      }
      busy(pay, () => book());
    }, { class: 'primary', key: 'pay' });
    const screen = screenOf('confirm', t('confirm.title'),
      el('dl', { class: 'summary' },
        el('dt', {}, t('confirm.service')), el('dd', {}, s.title),
        el('dt', {}, t('confirm.when')), el('dd', {}, dateTime(state.slot.start)),
        s.address ? [el('dt', {}, t('confirm.where')), el('dd', {}, s.address)] : null,
        el('dt', {}, t('confirm.price')), el('dd', {}, euro(price)),
        enough ? [el('dt', {}, t('confirm.after')), el('dd', {}, euro(state.balanceCents - price))] : null),
      enough ? null : el('p', { class: 'kiosk-error', role: 'alert' }, t('confirm.short')),
      el('p', { class: 'kiosk-error', id: 'posto-esaurito', hidden: true }, t('confirm.full')),
      actions(enough ? pay : null,
        big(t('back'), event => busy(event.currentTarget, () => chooseService(s)), { class: 'secondary', key: 'back' }),
        doneButton()));
    paintConfirm(screen);
    return screen;
  },

  consents() {
    return screenOf('consents', t('consents.title'),
      el('p', { class: 'lead' }, t('consents.intro')),
      state.consents.length === 0 ? el('p', {}, t('consents.none')) : el('ul', { class: 'consent-list' },
        state.consents.map(c => el('li', { dataset: { consent: c.id } },
          el('p', {}, t('consents.ask', { who: c.requestedByName, amount: euro(c.amountCents) })),
          el('p', { class: 'hint' }, t('consents.for', { service: c.serviceTitle, when: dateTime(c.start) })),
          actions(
            big(t('consents.approve'), event => busy(event.currentTarget, () => decideConsent(c, 'approve')),
              { class: 'primary', key: 'approve', label: t('consents.approve.label', { amount: euro(c.amountCents), service: c.serviceTitle }) }),
            big(t('consents.refuse'), event => busy(event.currentTarget, () => decideConsent(c, 'refuse')),
              { class: 'secondary', key: 'refuse', label: t('consents.refuse.label', { amount: euro(c.amountCents), service: c.serviceTitle }) }))))),
      actions(backTo('person'), doneButton()));
  },

  booked() {
    const b = state.booking;
    const qr = state.qr ? 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(state.qr) : null;
    return screenOf('booked', t('booked.title'),
      el('div', { class: 'ticket' },
        el('div', {},
          el('p', { class: 'code-label', id: 'codice-etichetta' }, t('booked.code')),
          el('p', { class: 'code', id: 'codice', 'aria-describedby': 'codice-etichetta' }, b.code),
          el('dl', { class: 'summary' },
            el('dt', {}, t('confirm.service')), el('dd', {}, b.serviceTitle),
            el('dt', {}, t('confirm.when')), el('dd', {}, dateTime(b.start)),
            b.address ? [el('dt', {}, t('confirm.where')), el('dd', {}, b.address)] : null,
            el('dt', {}, t('booked.paid')), el('dd', {}, euro(state.paidCents)),
            el('dt', {}, t('booked.balance')), el('dd', {}, euro(state.balanceCents)))),
        state.qr ? el('img', { class: 'qr', src: qr, alt: t('booked.qr', { code: b.code }), width: '240', height: '240' }) : null),
      el('p', { class: 'hint' }, t('booked.keep')),
      actions(big(t('booked.another'), event => busy(event.currentTarget, () => loadServices(1)), { class: 'primary' }),
        doneButton()));
  },

  callback() {
    const c = state.callback;
    const topic = area => el('button', {
      type: 'button', class: 'chip', 'aria-pressed': String(c.topic === area), dataset: { key: 'topic-' + area },
      onclick: () => { c.topic = area; render(); },
    }, areaLabel(area));
    const when = (value, key) => el('button', {
      type: 'button', class: 'chip', 'aria-pressed': String(c.when === value), dataset: { key: 'when-' + value },
      onclick: () => { c.when = value; render(); },
    }, t(key));
    const pad = keypad({
      id: 'telefono', layout: 'digits', maxLength: 16, label: t('callback.phone'), hint: t('callback.phone.hint'),
      value: c.phone, extraKey: '+', sanitize: v => v.replace(/[^0-9+]/g, '').replace(/(?!^)\+/g, ''),
      onChange: v => { c.phone = v; },
    });
    const send = big(t('callback.send'), () => busy(send, () => requestCallback()), { class: 'primary', key: 'send' });
    return screenOf('callback', t('callback.title'),
      el('p', { class: 'lead' }, t('callback.intro')),
      el('h2', { id: 'argomento' }, t('callback.topic')),
      el('div', { class: 'chips', role: 'group', 'aria-labelledby': 'argomento' }, areaCodes().map(topic)),
      pad.element,
      el('h2', { id: 'quando' }, t('callback.when')),
      el('div', { class: 'chips', role: 'group', 'aria-labelledby': 'quando' },
        when('morning', 'callback.when.morning'), when('afternoon', 'callback.when.afternoon'), when('any', 'callback.when.any')),
      actions(send, state.person ? backTo('person') : big(t('back'), () => wipe(), { class: 'secondary' })));
  },

  callbackSent() {
    return screenOf('callback-sent', t('callback.sent.title'),
      el('p', { class: 'lead', role: 'status' }, t('callback.sent')),
      actions(state.person ? backTo('person') : null, doneButton()));
  },
};

// ------------------------------------------------------------------ times and their free places

function slotOpen(slot) {
  return !!slot && !slot.removed && slot.free > 0;
}

function freeText(free) {
  if (free <= 0) return t('slots.free.none');
  return free === 1 ? t('slots.free.one') : t('slots.free', { n: free });
}

/** Whether the free places shown follow the catalog right now (null: still connecting). */
function liveStatus() {
  const up = state.live;
  return el('p', { class: 'live-status hint', id: 'stato-posti', dataset: { live: up ? 'on' : 'off' } },
    t(up === null ? 'slots.live.connecting' : up ? 'live.connected' : 'live.reconnecting'));
}

/** One time as a big button; a full one stays in place, focusable, and says so. */
function slotItem(slot) {
  const item = el('li', { dataset: { slot: slot.id } },
    big([el('span', { class: 'when' }, dateTime(slot.start)), ' ', el('span', { class: 'free' })],
      () => chooseSlot(slot.id), { class: 'slot', key: 'slot-' + slot.id }));
  paintSlot(item, slot);
  return item;
}

function paintSlot(item, slot) {
  const full = !slotOpen(slot);
  item.dataset.free = String(Math.max(0, slot.free));
  item.querySelector('.free').textContent = freeText(slot.free);
  const button = item.querySelector('button');
  button.classList.toggle('full', full);
  if (full) button.setAttribute('aria-disabled', 'true');
  else button.removeAttribute('aria-disabled');
}

// Whether the confirm screen last showed its time as full: only a change of that is announced.
let confirmShownFull = false;

/** On the confirm screen: a chosen time that filled up meanwhile cannot be paid for. True if that changed. */
function paintConfirm(root) {
  const full = !slotOpen(state.slot);
  const changed = full !== confirmShownFull;
  confirmShownFull = full;
  const note = root.querySelector('#posto-esaurito');
  if (note) note.hidden = !full;
  const pay = root.querySelector('[data-key="pay"]');
  if (!pay) return changed;
  if (full) pay.setAttribute('aria-disabled', 'true');
  else pay.removeAttribute('aria-disabled');
  if (full) pay.setAttribute('aria-describedby', 'posto-esaurito');
  else pay.removeAttribute('aria-describedby');
  return changed;
}

function chooseSlot(id) {
  const slot = state.slots.find(s => s.id === id);
  if (!slotOpen(slot)) {
    state.error = t('slots.full.say');
    render();
    return;
  }
  state.slot = slot;
  show('confirm');
}

function balanceBox() {
  if (!state.wallets.length) return el('p', { class: 'balance' }, t('person.nobalance'));
  return el('p', { class: 'balance' }, t('person.balance') + ': ', el('strong', {}, euro(state.balanceCents)));
}

/** Where the chat page finds the identified person's kiosk session (chat-widget.js reads it). */
const KIOSK_CHAT = 'sportello.kiosk.chat';

/**
 * The chat page is another screen. A chat at the kiosk is the identified person's: the page gets
 * their kiosk session, names it in every request, and ends it when they are done; whatever they
 * wrote stays theirs, in their personal area, and out of the kiosk's reach once the session ends.
 */
function chatLink(label) {
  return el('a', {
    href: '/chat.html', class: 'big button secondary', dataset: { key: 'chat' },
    onclick: event => {
      if (!state.session) return;
      sessionStorage.setItem(KIOSK_CHAT, JSON.stringify({
        session: state.session.id, person: state.person.id, firstName: state.person.firstName,
        expiresAt: state.session.expiresAt,
      }));
      idle.disarm();
    },
  }, label);
}

/** Back from the chat page: the session it used ends here too (the chat page ends it as well when it can). */
function endChatSession() {
  const stored = sessionStorage.getItem(KIOSK_CHAT);
  sessionStorage.removeItem(KIOSK_CHAT);
  if (!stored) return;
  try {
    call('POST', '/api/v1/kiosk/sessions/' + JSON.parse(stored).session + '/end', {}).catch(() => { /* runs out */ });
  } catch (e) { /* unreadable: it runs out by itself */ }
}

// ------------------------------------------------------------------ what the buttons do

function startIdentify(by) {
  state.identifyBy = by;
  state.entry = '';
  state.notice = null;
  show('identify');
}

function toPin() {
  const badge = state.identifyBy === 'badge';
  if (badge ? !BADGE.test(state.entry) : state.entry.length !== 16) {
    state.error = t(badge ? 'id.badge.invalid' : 'id.cf.invalid');
    render();
    return;
  }
  show('pin');
}

async function identify() {
  if (state.pin.length < 4) {
    state.error = t('pin.short');
    render();
    return;
  }
  const body = state.identifyBy === 'badge' ? { badge: state.entry } : { codiceFiscale: state.entry };
  body.pin = state.pin;
  state.pin = '';
  const gen = generation;
  try {
    const answer = await call('POST', '/api/v1/kiosk/identify', body);
    if (gen !== generation) {
      // Wiped while the PIN was being checked: nobody is here any more.
      call('POST', '/api/v1/kiosk/sessions/' + answer.session.id + '/end', {}).catch(() => { /* runs out */ });
      return;
    }
    state.entry = '';
    takeSession(answer);
    await loadConsents(gen);
    if (gen !== generation) return;
    show('person');
    announce(t('person.hello', { name: state.person.firstName }));
  } catch (e) {
    if (gen !== generation) return;
    if (problemType(e).endsWith('/invalid-codice-fiscale') || problemType(e).endsWith('/invalid-badge')) {
      state.screen = 'identify';
    }
    fail(e);
  }
}

function takeSession(answer) {
  state.person = answer.person;
  state.session = answer.session;
  state.wallets = answer.wallets;
  state.balanceCents = answer.balanceCents;
}

async function loadServices(page) {
  const query = new URLSearchParams({ welfare: 'any', size: String(PAGE_SIZE), page: String(page) });
  if (state.area) query.set('area', state.area);
  // In-person services are for the residents of the municipalities they serve: the person's
  // residence decides what they may book here; a Social Point's town only when it is not known.
  const kiosk = identity();
  const where = (state.person && state.person.municipality) || (kiosk && kiosk.municipality);
  if (where) query.set('municipality', where);
  const gen = generation;
  try {
    const found = await call('GET', '/api/v1/services?' + query);
    if (gen !== generation) return;
    state.services = page === 1 ? found.items : state.services.concat(found.items);
    state.total = found.total;
    state.page = page;
    show('services');
  } catch (e) {
    if (gen === generation) fail(e);
  }
}

/**
 * Shows the service's next free times and starts following them live. The subscription is sent
 * before the times are read when the socket is already open; otherwise they are read once more
 * as soon as it opens, so that no change falls between the two.
 */
async function chooseService(service) {
  const gen = generation;
  const wasLive = live.liveFor(service.id);
  if (!wasLive) state.live = null;
  const opened = live.watch(service.id);
  try {
    const all = await fetchSlots(service);
    if (gen !== generation) return;
    state.service = service;
    state.slot = null;
    state.slots = pickSlots(all, new Set());
    show('slots');
  } catch (e) {
    if (gen !== generation) return;
    stopLive();
    fail(e);
    return;
  }
  if (!wasLive) {
    opened.then(up => {
      if (up && gen === generation && state.service === service && LIVE_SCREENS.includes(state.screen)) refreshSlots();
    });
  }
}

async function fetchSlots(service) {
  const today = new Date();
  const from = romeDay(today);
  const to = romeDay(new Date(today.getTime() + SLOT_DAYS * 86_400_000));
  const availability = await call('GET', '/api/v1/services/' + encodeURIComponent(service.id)
    + '/availability?from=' + from + '&to=' + to);
  return availability.slots;
}

/** The first future times with a free place, and those already on screen even if now full (they stay put). */
function pickSlots(all, shown) {
  const now = Date.now();
  return all.filter(s => Date.parse(s.start) > now && (s.free > 0 || shown.has(s.id)))
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
    .slice(0, SLOTS_SHOWN);
}

function stopLive() {
  live.stop();
  state.live = null;
}

function showLive(up) {
  state.live = up;
  const status = main.querySelector('#stato-posti');
  if (!status) return;
  status.dataset.live = up ? 'on' : 'off';
  status.textContent = t(up ? 'live.connected' : 'live.reconnecting');
}

function watching() {
  return !!state.service && LIVE_SCREENS.includes(state.screen) && live.serviceId === state.service.id;
}

/**
 * A change of the shown service's slots: known times are updated in place (focus stays where it
 * is) and told politely to screen readers; a removed time goes; a new time that could be among
 * the first shown, or a change too large to list (slots null), reads the times again.
 */
function availabilityChanged(message) {
  if (!watching() || !message || (message.serviceId && message.serviceId !== state.service.id)) return;
  if (!Array.isArray(message.slots)) {
    refreshSlots();
    return;
  }
  const updated = [];
  let removed = false;
  let reread = false;
  const last = state.slots.length ? Date.parse(state.slots[state.slots.length - 1].start) : Infinity;
  for (const change of message.slots) {
    const known = state.slots.find(s => s.id === change.id);
    if (known && change.removed) {
      known.removed = true;
      known.free = 0;
      removed = true;
    } else if (known) {
      if (known.free === change.free && known.capacity === change.capacity) continue;
      const before = known.free;
      known.free = change.free;
      known.capacity = change.capacity;
      if (before !== change.free) updated.push(known);
    } else if (!change.removed && change.free > 0 && Date.parse(change.start) > Date.now()
      && (state.slots.length < SLOTS_SHOWN || Date.parse(change.start) < last)) {
      reread = true;
    }
  }
  if (removed) {
    state.slots = state.slots.filter(s => !s.removed);
    if (state.screen === 'slots') render({ quiet: true });
  }
  showChanges(updated);
  if (removed && state.screen === 'confirm' && state.slot && state.slot.removed) showChosenGone();
  if (reread) refreshSlots();
}

let rereading = null;
let rereadAgain = false;

/** Reads the shown service's times again (a reconnection, a large change) and shows what changed. */
async function refreshSlots() {
  if (!watching()) return;
  if (rereading) {
    rereadAgain = true;
    return;
  }
  const service = state.service;
  const gen = generation;
  rereading = (async () => {
    const all = await fetchSlots(service);
    if (gen !== generation || state.service !== service || !watching()) return;
    const shown = new Map(state.slots.map(s => [s.id, s]));
    const fresh = pickSlots(all, new Set(shown.keys()));
    const updated = [];
    const next = fresh.map(s => {
      const known = shown.get(s.id);
      if (!known) return s;
      if (known.free !== s.free) updated.push(known);
      known.free = s.free;
      known.capacity = s.capacity;
      return known;
    });
    const gone = state.slot && !all.some(s => s.id === state.slot.id);
    if (gone) state.slot.removed = true;
    const sameList = next.length === state.slots.length && next.every((s, i) => s === state.slots[i]);
    state.slots = next;
    if (!sameList && state.screen === 'slots') render({ quiet: true });
    showChanges(updated);
    if (gone && state.screen === 'confirm') showChosenGone();
  })();
  try {
    await rereading;
  } catch (e) {
    // What is shown stays; the next change or reconnection reads again.
  } finally {
    rereading = null;
    if (rereadAgain) {
      rereadAgain = false;
      refreshSlots();
    }
  }
}

/** Repaints the changed times where they are shown and says what changed, without moving focus. */
function showChanges(updated) {
  if (updated.length === 0) return;
  if (state.screen === 'slots') {
    for (const slot of updated) {
      const item = main.querySelector('[data-slot="' + CSS.escape(slot.id) + '"]');
      if (item) paintSlot(item, slot);
    }
    if (updated.length === 1) {
      const slot = updated[0];
      announce(t(slotOpen(slot) ? 'slots.live.one' : 'slots.live.full',
        { when: dateTime(slot.start), free: freeText(slot.free) }));
    } else {
      announce(t('slots.live.many', { n: updated.length }));
    }
  } else if (state.screen === 'confirm' && updated.includes(state.slot) && paintConfirm(main)) {
    announce(t(slotOpen(state.slot) ? 'confirm.open' : 'confirm.full'));
  }
}

function showChosenGone() {
  if (paintConfirm(main)) announce(t('confirm.full'));
}

/**
 * Holds the place for the person, then confirms paying with their welfare credit. A refused
 * payment gives the place back at once rather than leaving a hold to expire.
 */
async function book() {
  const gen = generation;
  // From here on the place is being taken by this person: their own hold is not news to them.
  stopLive();
  let held = null;
  let confirmed = null;
  try {
    held = await call('POST', '/api/v1/bookings/holds', { slotId: state.slot.id, forPerson: state.person.id });
    confirmed = await call('POST', '/api/v1/bookings/' + held.id + '/confirm', { payWithWelfare: true });
  } catch (e) {
    if (held && !confirmed) {
      call('POST', '/api/v1/bookings/' + held.id + '/cancel', {}).catch(() => { /* the hold expires by itself */ });
    }
    if (gen === generation) fail(e);
    return;
  }
  if (gen !== generation) return;
  state.booking = confirmed;
  state.paidCents = confirmed.paidWithWelfareCents || 0;
  state.balanceCents -= state.paidCents;
  // Booked and paid: the code is what matters; the QR code and the fresh balance are extras.
  const [svg, session] = await Promise.allSettled([
    call('GET', '/api/v1/bookings/' + confirmed.id + '/qr.svg'),
    call('GET', '/api/v1/kiosk/sessions/' + state.session.id),
  ]);
  if (gen !== generation) return;
  if (svg.status === 'fulfilled') state.qr = svg.value;
  if (session.status === 'fulfilled') takeSession(session.value);
  show('booked');
  announce(t('booked.announce', { code: confirmed.code.split('').join(' ') }));
}

/** The identified person's requests still waiting for an answer (none, if they cannot be read now). */
async function loadConsents(gen) {
  try {
    const answer = await call('GET', '/api/v1/welfare/consents');
    if (gen === generation) state.consents = answer.items.filter(c => c.status === 'pending');
  } catch (e) {
    if (gen === generation) state.consents = [];
  }
}

/** Approves (the credit pays, the balance is read again) or refuses one request, then shows what is left. */
async function decideConsent(consent, action) {
  const gen = generation;
  try {
    await call('POST', '/api/v1/welfare/consents/' + consent.id + '/' + action, {});
  } catch (e) {
    if (gen === generation) fail(e);
    return;
  }
  const [session] = await Promise.allSettled([call('GET', '/api/v1/kiosk/sessions/' + state.session.id), loadConsents(gen)]);
  if (gen !== generation) return;
  if (session.status === 'fulfilled') takeSession(session.value);
  show(state.consents.length ? 'consents' : 'person');
  announce(t('consents.' + action + '.done', { amount: euro(consent.amountCents) }));
}

async function requestCallback() {
  const c = state.callback;
  if (!c.topic) {
    state.error = t('callback.topic.missing');
    render();
    return;
  }
  const digits = c.phone.replace(/[^0-9]/g, '');
  if (digits.length < 7 || digits.length > 15) {
    state.error = t('callback.phone.invalid');
    render();
    return;
  }
  const fields = { canale: 'totem', totem: (identity() || {}).name || '' };
  if (state.person) fields.nome = state.person.firstName;
  const request = { phone: c.phone, when: t('callback.when.' + c.when) };
  // Someone identified asks as themselves (their kiosk session); anyone else leaves a request that
  // belongs to no account, which the kiosk cannot reach afterwards.
  const kioskSession = state.session ? { kioskSession: state.session.id } : {};
  const gen = generation;
  try {
    bridge = new Bridge();
    await bridge.open();
    try {
      await bridge.request('chat.start', { clientId: crypto.randomUUID(), topic: c.topic, language: currentLanguage(),
        fields, callback: request, ...kioskSession });
    } catch (e) {
      // The person already has a conversation open: the request goes into that one.
      const open = e instanceof Problem && problemType(e).endsWith('/conversation-open') ? e.body.conversationId : null;
      if (!open) throw e;
      await bridge.request('chat.callback', { conversationId: open, clientId: crypto.randomUUID(), ...request, ...kioskSession });
    }
    if (gen !== generation) return;
    state.callback = { topic: null, phone: '', when: 'any' };
    show('callbackSent');
  } catch (e) {
    if (gen === generation) fail(e);
  } finally {
    if (bridge) {
      bridge.close();
      bridge = null;
    }
  }
}

// ------------------------------------------------------------------ start

/**
 * Signs the device in with its credential, and reads the service areas (the services and call-back
 * screens offer them) before the welcome screen; only a credential that works is kept (in this
 * kiosk's localStorage).
 */
async function connect(credential, typed) {
  try {
    const areas = loadAreas();
    const device = await signInKiosk(credential);
    localStorage.setItem(CREDENTIAL_KEY, credential);
    endChatSession();
    deviceName = device.name || null;
    await areas;
    show('welcome');
  } catch (e) {
    if (e instanceof Problem && e.status === 401) {
      if (!typed) localStorage.removeItem(CREDENTIAL_KEY);
      state.error = t('device.failed');
      state.screen = 'device';
      render();
    } else {
      state.error = t('device.offline');
      state.screen = 'device';
      render();
      // Again by itself with a credential that worked (the areas may be what failed).
      if (!typed || localStorage.getItem(CREDENTIAL_KEY) === credential) setTimeout(() => connect(credential, false), 10_000);
    }
  }
}

languageSwitch(langButton, () => {
  placeLabel.textContent = deviceName || t('bar.place');
  if (dialog.open) {
    dialogButton.textContent = t('idle.continue');
    byId('avviso-titolo').textContent = t('idle.title');
  }
  if (state.screen) render();
});
if (currentLanguage() !== 'it') langButton.click();

// Test and diagnostics hook: what the kiosk holds in memory right now (the same as the screen shows).
window.sportelloKiosk = { memory: () => JSON.stringify(state), idleSeconds: IDLE_SECONDS, warnSeconds: WARN_SECONDS };

const stored = localStorage.getItem(CREDENTIAL_KEY);
if (stored) {
  connect(stored, false);
} else {
  show('device');
}
