// The welfare-point kiosk (chiosco.html): the device signs in with its credential, an employee
// identifies with badge or codice fiscale and PIN on the on-screen keypad, books a service paying
// with welfare credit and takes away the booking code and its QR code, or asks to be called back.
// Everything about the person lives in `state` and in the screen being shown; going idle, "Ho
// finito" or a new person wipes both and ends the kiosk session on the server. While a service's
// times are on screen (choosing, confirming) their free places follow the catalog live. Requests
// that someone else made to pay with the person's credit (an operator on the phone) wait here too:
// the person identified with their PIN approves or refuses them. An employee who has a Welfare Card
// sees it (number, company, QR code to show a provider) on their first screen.

import {
  api, getPublic, signInKiosk, identity, Problem, Bridge, busy, euro, words, t, languageSwitch, currentLanguage,
} from './sportello.js';
import { byId, el, announce } from './dom.js';
import { clock, dateTime, dayName, plainDate, romeDay } from './time.js';
import { KIOSK_WORDS } from './kiosk-words.js';
import { loadAreas, areaCodes, areaLabel } from './areas.js';
import { keypad, textKeyboard } from './kiosk-keypad.js';
import { IdleWatch } from './kiosk-idle.js';
import { LiveAvailability } from './kiosk-live.js';
import { renderIntake, readIntake, showIntakeErrors, isIntakeProblem } from './intake-form.js';
import './welfare-card-words.js';

words(KIOSK_WORDS);

const CREDENTIAL_KEY = 'sportello.kiosk.credential';
const BADGE = /^[A-Z0-9-]{4,32}$/;
const PAGE_SIZE = 6;
/** Times shown at first for the chosen day; "Altri orari" shows as many more each time. */
const TIMES_SHOWN = 12;
/** Days offered at once in the day picker; "Altri giorni" shows the next ones. */
const DAYS_SHOWN = 6;
const SLOT_DAYS = 30;
/** Times from this hour (Italian time) on are the afternoon's. */
const AFTERNOON = 13;
/** The screens that show the chosen service's times: its live subscription lasts while one of them is up. */
const LIVE_SCREENS = ['slots', 'confirm'];

// ?idle=60&warn=15 (seconds): how long the screen waits for a touch, and how long the warning lasts.
const params = new URLSearchParams(location.search);
const IDLE_SECONDS = bounded(params.get('idle'), 60, 5, 3600);
const WARN_SECONDS = bounded(params.get('warn'), Math.min(15, Math.floor(IDLE_SECONDS / 2)), 1, IDLE_SECONDS - 1);

const main = byId('contenuto');
const langButton = byId('lingua');
const doneBar = byId('fine');
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
    area: null, everywhere: false, page: 1, services: [], total: 0, service: null, live: null,
    // The chosen service's future times (all of them, full ones too), the day shown, how many of
    // its times, which page of days; slots: the times on screen now (a full one stays put).
    times: [], day: null, timesLimit: TIMES_SHOWN, dayPage: 0, slots: [], slot: null, intake: {},
    booking: null, qr: null, paidCents: 0, consents: [], welfareCard: null,
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
doneBar.addEventListener('click', () => wipe());
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

/**
 * What a refusal means, in the kiosk's own plain words where it has them (residence: the service's
 * municipalities by name), else the server's.
 */
function refusalText(e) {
  const type = problemType(e);
  if (type.endsWith('/not-resident')) {
    const places = state.service ? placeNames(state.service.municipalities) : '';
    return places ? t('refusal.notResident', { places }) : t('refusal.notResident.short');
  }
  if (type.endsWith('/slot-full')) return t('confirm.full');
  return e instanceof Problem ? e.message : t('error.generic');
}

/** Shows what went wrong on the current screen; a session that ended sends everyone back to the start. */
function fail(e) {
  const type = problemType(e);
  if (type.endsWith('/kiosk-person-not-identified') || type.endsWith('/kiosk-session-ended')) {
    wipe(t('session.ended'));
    return;
  }
  state.error = refusalText(e);
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
  // "Ho finito" is in the top bar, far from every screen's main actions at the bottom.
  doneBar.hidden = !personal;
  doneBar.textContent = t('done');
  if (personal && !idle.armed) idle.arm();
  if (!personal) idle.disarm();
  const again = !changed && key ? main.querySelector('[data-key="' + CSS.escape(key) + '"]') : null;
  if (quiet && !changed && !inside) return;
  const target = again || screen.querySelector('h1');
  if (target) target.focus();
}

/**
 * One screen: {@code content} (what to read; the middle of a portrait screen, the left column in
 * landscape) and {@code controls} (keypads and main actions; the lower part, within reach, or the
 * right column). {@code list}: a screen of long lists, whose controls column is narrower.
 */
function screenOf(name, title, content, controls, { list = false } = {}) {
  return el('section', { class: 'screen screen-' + name + (list ? ' screen-list' : ''), 'aria-labelledby': 'titolo' },
    el('div', { class: 'screen-content' },
      el('h1', { id: 'titolo', tabindex: '-1' }, title),
      state.error ? el('p', { role: 'alert', class: 'alert alert-danger' }, state.error) : null,
      [content].flat(Infinity)),
    el('div', { class: 'screen-controls' }, [controls].flat(Infinity)));
}

/** A kiosk button: 'primary' (filled), 'secondary' (outlined) or 'pay' (the one that spends money). */
function big(label, onclick, extra = {}) {
  const kind = { primary: 'btn-primary', secondary: 'btn-outline-primary', pay: 'btn-primary kiosk-pay' }[extra.class || 'secondary'];
  return el('button', {
    type: 'button', class: 'btn btn-lg ' + kind, onclick, 'aria-label': extra.label,
    dataset: extra.key ? { key: extra.key } : undefined,
  }, label);
}

/** A choice that stays pressed (area, topic, day, time of call). */
function toggle(label, pressed, key, onclick) {
  return el('button', {
    type: 'button', class: 'btn btn-outline-primary', 'aria-pressed': String(pressed), dataset: { key }, onclick,
  }, label);
}

function actions(...buttons) {
  return el('div', { class: 'actions' }, buttons);
}

function backTo(screen) {
  return big(t('back'), () => show(screen), { key: 'back' });
}

function notice(text, kind = 'info', attributes = {}) {
  return el('p', { class: 'alert alert-' + kind, ...attributes }, text);
}

const SCREENS = {
  device() {
    let credential = '';
    const input = el('input', { id: 'credenziale', type: 'password', class: 'form-control form-control-lg', autocomplete: 'off',
      spellcheck: 'false', 'aria-describedby': 'credenziale-aiuto', oninput: e => { credential = e.target.value.trim(); } });
    const submit = big(t('device.signin'), () => busy(submit, () => connect(credential, true)), { class: 'primary', key: 'connect' });
    return screenOf('device', t('device.title'),
      el('p', { id: 'credenziale-aiuto', class: 'lead' }, t('device.intro')),
      [el('div', { class: 'keypad' }, el('label', { for: 'credenziale' }, t('device.label')), input), actions(submit)]);
  },

  welcome() {
    return screenOf('welcome', t('welcome.title'),
      [state.notice ? notice(state.notice, 'info', { role: 'status' }) : null,
        el('p', { class: 'lead' }, t('welcome.intro')),
        el('p', { class: 'kiosk-hint' }, t('welcome.how'))],
      [actions(
        big(t('welcome.badge'), () => startIdentify('badge'), { class: 'primary', key: 'badge' }),
        big(t('welcome.cf'), () => startIdentify('cf'), { class: 'primary', key: 'cf' })),
      actions(big(t('welcome.callback'), () => show('callback'), { key: 'callback' }))]);
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
    return screenOf('identify', t(badge ? 'id.badge.title' : 'id.cf.title'),
      [el('p', { class: 'lead' }, t('id.intro')), pad.field],
      [pad.keys, actions(big(t('back'), () => wipe(), { key: 'back' }), next)]);
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
    return screenOf('pin', t('pin.title'),
      [el('p', { class: 'lead' }, t('pin.intro')), pad.field],
      [pad.keys, actions(big(t('back'), () => { state.pin = ''; show('identify'); }, { key: 'back' }))]);
  },

  person() {
    const waiting = state.consents.length;
    return screenOf('person', t('person.hello', { name: state.person.firstName }),
      [balanceBox(),
        welfareCardPanel(),
        waiting ? notice(t(waiting === 1 ? 'consents.waitingOne' : 'consents.waiting', { n: waiting }), 'warning') : null,
        el('p', { class: 'lead' }, t('person.what')),
        el('p', { class: 'kiosk-hint' }, t('person.privacy', { n: IDLE_SECONDS }))],
      [actions(waiting ? big(t('consents.open'), () => show('consents'), { class: 'primary', key: 'consents' }) : null,
        big(t('person.book'), event => busy(event.currentTarget, () => loadServices(1)), { class: 'primary', key: 'book' })),
      actions(big(t('person.callback'), () => show('callback'), { key: 'callback' }), chatLink(t('person.chat')))]);
  },

  services() {
    const area = (code, label) => toggle(label, state.area === code, 'area-' + code,
      event => busy(event.currentTarget, () => { state.area = code; return loadServices(1); }));
    const home = residence();
    const list = state.services.length === 0 ? el('p', { class: 'lead' }, t('services.none'))
      : el('ul', { class: 'services' }, state.services.map(serviceCard));
    const more = state.services.length < state.total
      ? big(t('services.more'), event => busy(event.currentTarget, () => loadServices(state.page + 1)), { key: 'more' })
      : null;
    const where = searchPlace();
    return screenOf('services', t('services.title'),
      [where ? el('div', {},
        el('p', { class: 'lead', id: 'dove' }, state.everywhere ? t('services.everywhere') : t('services.here', { place: placeName(where) })),
        el('div', { class: 'toggles', role: 'group', 'aria-labelledby': 'dove' },
          toggle(t('services.here.short', { place: placeName(where) }), !state.everywhere, 'where-here',
            event => busy(event.currentTarget, () => { state.everywhere = false; return loadServices(1); })),
          toggle(t('services.everywhere.short'), state.everywhere, 'where-all',
            event => busy(event.currentTarget, () => { state.everywhere = true; return loadServices(1); }))))
        : null,
      home ? null : notice(t('services.noResidence'), 'warning'),
      list, more ? actions(more) : null],
      [el('h2', { id: 'aree' }, t('services.areas')),
        el('div', { class: 'toggles', role: 'group', 'aria-labelledby': 'aree' },
          area(null, t('services.all')), areaCodes().map(a => area(a, areaLabel(a)))),
        actions(backTo('person'))],
      { list: true });
  },

  slots() {
    const s = state.service;
    const days = openDays();
    shownDaysKey = daysKey();
    const shownDays = days.slice(state.dayPage * DAYS_SHOWN, (state.dayPage + 1) * DAYS_SHOWN);
    const dayTimes = timesOfDay(state.day);
    const groups = [['morning', state.slots.filter(x => !afternoon(x))], ['afternoon', state.slots.filter(afternoon)]]
      .filter(([, items]) => items.length);
    const hidden = dayTimes.length - state.slots.length;
    return screenOf('slots', t('slots.title'),
      [el('p', { class: 'lead' }, s.title, ' · ', el('strong', {}, t('slots.cost.each', { price: euro(s.tariff.cents) }))),
        liveStatus(),
        days.length === 0 ? notice(t('slots.none'), 'info') : [
          el('h2', { id: 'giorno-scelto' }, dayName(state.day)),
          groups.map(([part, items]) => el('div', { class: 'time-group', role: 'group', 'aria-labelledby': 'parte-' + part },
            el('h3', { id: 'parte-' + part }, t('slots.' + part)),
            el('ul', { class: 'times' }, items.map(slotItem)))),
          hidden > 0 ? actions(big(t('slots.more', { n: hidden }), () => moreTimes(), { key: 'more-times' })) : null]],
      [days.length > 1 ? [
        el('h2', { id: 'giorni' }, t('slots.days')),
        el('div', { class: 'days', role: 'group', 'aria-labelledby': 'giorni' }, shownDays.map(day => el('button', {
          type: 'button', class: 'btn btn-outline-primary', 'aria-pressed': String(day === state.day), dataset: { key: 'day-' + day },
          onclick: () => chooseDay(day),
        }, el('span', {}, dayName(day)), el('span', { class: 'day-count' }, timesCount(day))))),
        days.length > DAYS_SHOWN ? el('div', { class: 'day-nav' },
          state.dayPage > 0 ? big(t('slots.days.before'), () => dayPage(-1), { key: 'days-before' }) : null,
          (state.dayPage + 1) * DAYS_SHOWN < days.length ? big(t('slots.days.more'), () => dayPage(1), { key: 'days-more' }) : null)
          : null] : null,
      actions(big(t('back'), event => busy(event.currentTarget, () => loadServices(1)), { key: 'back' }))],
      { list: true });
  },

  confirm() {
    const s = state.service;
    const price = s.tariff.cents;
    const enough = state.balanceCents >= price;
    const form = el('div', { id: 'domande' });
    const asked = renderIntake(form, s.intake, { idPrefix: 'intake', values: state.intake });
    form.addEventListener('input', () => { state.intake = readIntake(form).answers; });
    // A touch screen has no keyboard of its own: the answers get one, within reach.
    const keyboard = asked ? textKeyboard({ form, label: t('confirm.keyboard') }) : null;
    const pay = big(t('confirm.pay'), () => {
      if (!slotOpen(state.slot)) {
        announce(t('confirm.full'));
        return;
      }
      if (asked) {
        const read = readIntake(form);
        state.intake = read.answers;
        if (read.missing.length) {
          const first = showIntakeErrors(form, read);
          announce(t('confirm.intake.missing'));
          if (first) first.focus();
          return;
        }
      }
      busy(pay, () => book(form));
    }, { class: 'pay', key: 'pay' });
    const outside = livesOutside(s);
    const screen = screenOf('confirm', t('confirm.title'),
      [el('dl', { class: 'summary' },
        el('dt', {}, t('confirm.service')), el('dd', {}, s.title),
        el('dt', {}, t('confirm.when')), el('dd', {}, dateTime(state.slot.start, state.slot.end)),
        s.address ? [el('dt', {}, t('confirm.where')), el('dd', {}, s.address)] : null,
        el('dt', {}, t('confirm.price')), el('dd', {}, euro(price)),
        enough ? [el('dt', {}, t('confirm.after')), el('dd', {}, euro(state.balanceCents - price))] : null),
      outside ? notice(outside, 'warning') : null,
      enough ? null : notice(t('confirm.short'), 'danger', { role: 'alert' }),
      el('p', { class: 'alert alert-danger', id: 'posto-esaurito', hidden: true }, t('confirm.full')),
      form],
      [keyboard, enough ? actions(pay) : null,
        actions(big(t('confirm.other'), event => busy(event.currentTarget, () => chooseService(s)), { key: 'back' }))]);
    paintConfirm(screen);
    return screen;
  },

  consents() {
    return screenOf('consents', t('consents.title'),
      [el('p', { class: 'lead' }, t('consents.intro')),
        state.consents.length === 0 ? el('p', {}, t('consents.none')) : el('ul', { class: 'consents' },
          state.consents.map(c => el('li', { class: 'card shadow-sm', dataset: { consent: c.id } }, el('div', { class: 'card-body' },
            el('p', { class: 'lead' }, t('consents.ask', { who: c.requestedByName, amount: euro(c.amountCents) })),
            el('p', {}, t('consents.for', { service: c.serviceTitle, when: dateTime(c.start, c.end) })),
            actions(
              big(t('consents.approve'), event => busy(event.currentTarget, () => decideConsent(c, 'approve')),
                { class: 'primary', key: 'approve', label: t('consents.approve.label', { amount: euro(c.amountCents), service: c.serviceTitle }) }),
              big(t('consents.refuse'), event => busy(event.currentTarget, () => decideConsent(c, 'refuse')),
                { key: 'refuse', label: t('consents.refuse.label', { amount: euro(c.amountCents), service: c.serviceTitle }) }))))))],
      actions(backTo('person')));
  },

  booked() {
    const b = state.booking;
    const qr = state.qr ? 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(state.qr) : null;
    return screenOf('booked', t('booked.title'),
      [el('div', { class: 'ticket card shadow-sm p-4' },
        el('div', {},
          el('p', { class: 'code-label', id: 'codice-etichetta' }, t('booked.code')),
          el('p', { class: 'code', id: 'codice', 'aria-describedby': 'codice-etichetta' }, b.code),
          el('dl', { class: 'summary' },
            el('dt', {}, t('confirm.service')), el('dd', {}, b.serviceTitle),
            el('dt', {}, t('confirm.when')), el('dd', {}, dateTime(b.start, b.end)),
            b.address ? [el('dt', {}, t('confirm.where')), el('dd', {}, b.address)] : null,
            el('dt', {}, t('booked.paid')), el('dd', {}, euro(state.paidCents)),
            el('dt', {}, t('booked.balance')), el('dd', {}, euro(state.balanceCents)))),
        state.qr ? el('img', { class: 'qr', src: qr, alt: t('booked.qr', { code: b.code }), width: '240', height: '240' }) : null),
      el('p', { class: 'lead' }, t('booked.keep'))],
      [el('p', { class: 'kiosk-hint' }, t('booked.done')),
        actions(big(t('booked.another'), event => busy(event.currentTarget, () => loadServices(1)), { class: 'primary', key: 'another' }))]);
  },

  callback() {
    const c = state.callback;
    const topic = area => toggle(areaLabel(area), c.topic === area, 'topic-' + area, () => { c.topic = area; state.error = null; render(); });
    const when = value => toggle(t('callback.when.' + value), c.when === value, 'when-' + value, () => { c.when = value; render(); });
    const pad = keypad({
      id: 'telefono', layout: 'digits', maxLength: 16, label: t('callback.phone'), hint: t('callback.phone.hint'),
      value: c.phone, extraKey: '+', sanitize: v => v.replace(/[^0-9+]/g, '').replace(/(?!^)\+/g, ''),
      onChange: v => { c.phone = v; },
    });
    const send = big(t('callback.send'), () => busy(send, () => requestCallback()), { class: 'primary', key: 'send' });
    return screenOf('callback', t('callback.title'),
      [el('p', { class: 'lead' }, t('callback.intro')),
        el('h2', { id: 'argomento' }, t('callback.topic')),
        el('div', { class: 'toggles', role: 'group', 'aria-labelledby': 'argomento' }, areaCodes().map(topic)),
        el('h2', { id: 'quando' }, t('callback.when')),
        el('div', { class: 'toggles', role: 'group', 'aria-labelledby': 'quando' }, when('morning'), when('afternoon'), when('any')),
        pad.field],
      [pad.keys, actions(state.person ? backTo('person') : big(t('back'), () => wipe(), { key: 'back' }), send)]);
  },

  callbackSent() {
    return screenOf('callback-sent', t('callback.sent.title'),
      el('p', { class: 'lead', role: 'status' }, t('callback.sent')),
      actions(state.person ? backTo('person') : big(t('callback.start'), () => wipe(), { class: 'primary', key: 'start' })));
  },
};

// ------------------------------------------------------------------ municipalities and residence

/** Municipality names by ISTAT code (GET /api/v1/municipalities), read once. */
let municipalityNames = new Map();
let municipalitiesLoading = null;

function loadMunicipalities() {
  if (!municipalitiesLoading) {
    municipalitiesLoading = getPublic('/api/v1/municipalities').then(answer => {
      municipalityNames = new Map((answer.items || []).map(m => [m.code, m.name]));
    }, () => { municipalitiesLoading = null; });
  }
  return municipalitiesLoading;
}

function placeName(code) {
  return municipalityNames.get(code) || code;
}

/** "Bergamo, Seriate e Treviolo" */
function placeNames(codes) {
  const names = (codes || []).map(placeName).sort((a, b) => a.localeCompare(b, 'it'));
  if (names.length < 2) return names.join('');
  return names.slice(0, -1).join(', ') + ' ' + t('and') + ' ' + names[names.length - 1];
}

/** Where the identified person lives (ISTAT code), null when not on record. */
function residence() {
  return state.person ? state.person.municipality || null : null;
}

/** The municipality the list is for: the person's, or the Social Point's town when theirs is not known. */
function searchPlace() {
  const kiosk = identity();
  return residence() || (kiosk && kiosk.municipality) || null;
}

/** Why the person may not book this in-person service where they live, in plain words; null if they may. */
function livesOutside(service) {
  if (service.deliveryMode === 'online') return null;
  const home = residence();
  if (!home) return t('place.unknown', { places: placeNames(service.municipalities) });
  if ((service.municipalities || []).includes(home)) return null;
  return t('place.outside', { home: placeName(home), places: placeNames(service.municipalities) });
}

function serviceCard(s) {
  const outside = livesOutside(s);
  return el('li', {}, el('article', { class: 'card shadow-sm', dataset: { service: s.id } }, el('div', { class: 'card-body' },
    el('h2', { class: 'card-title' }, s.title),
    el('p', {}, s.provider.name),
    el('p', { class: 'price' }, euro(s.tariff.cents) + ' ' + t('unit.' + s.tariff.unit)),
    el('p', { class: 'places' }, s.deliveryMode === 'online' ? t('place.online')
      : t('place.for', { places: placeNames(s.municipalities) })),
    outside ? el('p', { class: 'places places-outside' }, outside) : null,
    el('p', { class: 'kiosk-hint' }, s.nextFree ? t('services.next', { when: dateTime(s.nextFree.start) }) : t('services.nofree')),
    big(t('services.choose'), event => busy(event.currentTarget, () => chooseService(s)),
      { class: 'primary', label: t('services.choose.label', { title: s.title }), key: 'service-' + s.id }))));
}

// ------------------------------------------------------------------ times and their free places

function slotOpen(slot) {
  return !!slot && !slot.removed && slot.free > 0;
}

function freeText(free) {
  if (free <= 0) return t('slots.free.none');
  return free === 1 ? t('slots.free.one') : t('slots.free', { n: free });
}

function afternoon(slot) {
  return Number.parseInt(clock(slot.start).slice(0, 2), 10) >= AFTERNOON;
}

/** The days with a free time, and the day shown even when it has none left. */
function openDays() {
  const days = new Set(state.times.filter(slotOpen).map(s => romeDay(s.start)));
  if (state.day) days.add(state.day);
  return [...days].sort();
}

/** The day's times that can be shown: free ones, and those already on screen even if now full. */
function timesOfDay(day) {
  const shown = new Set(state.slots.map(s => s.id));
  return state.times.filter(s => !s.removed && romeDay(s.start) === day && (s.free > 0 || shown.has(s.id)));
}

// The days and their counts as last drawn: a live change that alters them draws the screen again.
let shownDaysKey = '';

function daysKey() {
  return openDays().map(day => day + ':' + timesCount(day)).join();
}

function timesCount(day) {
  const n = state.times.filter(s => slotOpen(s) && romeDay(s.start) === day).length;
  return n === 1 ? t('slots.day.one') : t('slots.day.many', { n });
}

/** Puts on screen the chosen day's first times (state.slots); true when that changed what is listed. */
function layTimes() {
  const before = state.slots.map(s => s.id).join();
  state.slots = timesOfDay(state.day).slice(0, state.timesLimit);
  return state.slots.map(s => s.id).join() !== before;
}

function chooseDay(day) {
  state.day = day;
  state.timesLimit = TIMES_SHOWN;
  state.slots = [];
  layTimes();
  state.error = null;
  render();
  announce(t('slots.day.chosen', { day: dayName(day), n: state.slots.length }));
}

function moreTimes() {
  const before = state.slots.length;
  state.timesLimit += TIMES_SHOWN;
  layTimes();
  state.error = null;
  render();
  // The first new time takes the focus: the list went on where the person was.
  const first = state.slots[before];
  if (first) main.querySelector('[data-key="slot-' + CSS.escape(first.id) + '"]').focus();
}

function dayPage(step) {
  state.dayPage = Math.max(0, state.dayPage + step);
  const days = openDays().slice(state.dayPage * DAYS_SHOWN, (state.dayPage + 1) * DAYS_SHOWN);
  render();
  const first = days[0] && main.querySelector('[data-key="day-' + days[0] + '"]');
  if (first) first.focus();
}

/** Whether the free places shown follow the catalog right now (null: still connecting). */
function liveStatus() {
  const up = state.live;
  return el('p', { class: 'kiosk-hint', id: 'stato-posti', dataset: { live: up ? 'on' : 'off' } },
    t(up === null ? 'slots.live.connecting' : up ? 'slots.live.on' : 'slots.live.off'));
}

/** One time as a big button: start–end, what it costs, free places; a full one stays in place, focusable, and says so. */
function slotItem(slot) {
  const item = el('li', { dataset: { slot: slot.id } },
    el('button', { type: 'button', class: 'btn btn-outline-primary slot', dataset: { key: 'slot-' + slot.id },
      onclick: () => chooseSlot(slot.id) },
    el('span', { class: 'visually-hidden' }, dayName(slot.start) + ', '),
    el('span', { class: 'when' }, clock(slot.start) + '–' + clock(slot.end)),
    el('span', { class: 'cost' }, euro(state.service.tariff.cents)),
    el('span', { class: 'free' })));
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
  state.intake = {};
  show('confirm');
}

/** The person's Welfare Card, to show a provider: its number, company, validity and QR code. */
function welfareCardPanel() {
  const card = state.welfareCard;
  if (!card) return null;
  const dates = t('wcard.validity.range', { from: plainDate(card.validFrom), until: plainDate(card.validUntil) });
  return el('section', { class: 'card shadow-sm kiosk-wcard', 'aria-labelledby': 'carta-welfare' },
    el('div', { class: 'card-body' },
      el('h2', { id: 'carta-welfare', class: 'h4' }, t('wcard.kiosk.title')),
      el('div', { class: 'kiosk-wcard-body' },
        el('img', { class: 'qr', src: 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(card.qr.svg),
          alt: t('wcard.qr.alt', { number: card.display }), width: '160', height: '160' }),
        el('div', {},
          el('p', { class: 'kiosk-wcard-number' }, el('span', { class: 'visually-hidden' }, t('wcard.number') + ': '), card.display),
          el('p', {}, card.company, ' · ', card.agreement.name),
          el('p', {}, t('wcard.validity') + ' ' + dates + ' · ', el('strong', {}, t('wcard.status.' + card.status))),
          card.services.length ? el('p', { class: 'kiosk-hint' },
            t(card.services.length === 1 ? 'wcard.kiosk.service' : 'wcard.kiosk.services', { n: card.services.length })) : null))));
}

function balanceBox() {
  if (!state.wallets.length) return el('p', { class: 'balance callout' }, t('person.nobalance'));
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
    href: '/chat.html', class: 'btn btn-lg btn-outline-primary', dataset: { key: 'chat' },
    onclick: () => {
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
    await Promise.all([loadConsents(gen), loadWelfareCard(gen)]);
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
  // In-person services are for the residents of the municipalities they serve: the list starts
  // with those the person may book where they live (a Social Point's town when that is not
  // known) and online ones; "In tutti i comuni" shows the others too, each saying it is not theirs.
  const where = searchPlace();
  if (where && !state.everywhere) query.set('municipality', where);
  const gen = generation;
  try {
    const [found] = await Promise.all([call('GET', '/api/v1/services?' + query), loadMunicipalities()]);
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
 * Shows the service's times, day by day, and starts following them live. The subscription is sent
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
    state.times = all;
    state.slots = [];
    state.day = null;
    state.day = openDays()[0] || null;
    state.dayPage = 0;
    state.timesLimit = TIMES_SHOWN;
    layTimes();
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

/** The service's future times in the coming {@code SLOT_DAYS} days, full ones too, in order. */
async function fetchSlots(service) {
  const today = new Date();
  const from = romeDay(today);
  const to = romeDay(new Date(today.getTime() + SLOT_DAYS * 86_400_000));
  const availability = await call('GET', '/api/v1/services/' + encodeURIComponent(service.id)
    + '/availability?from=' + from + '&to=' + to);
  const now = Date.now();
  return availability.slots.filter(s => Date.parse(s.start) > now)
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
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
  status.textContent = t(up ? 'slots.live.on' : 'slots.live.off');
}

function watching() {
  return !!state.service && LIVE_SCREENS.includes(state.screen) && live.serviceId === state.service.id;
}

/**
 * A change of the shown service's slots: known times are updated in place (focus stays where it
 * is) and told politely to screen readers; a removed time goes; a new time, or a change too large
 * to list (slots null), reads the times again.
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
  for (const change of message.slots) {
    const known = state.times.find(s => s.id === change.id);
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
    } else if (!change.removed && change.free > 0 && Date.parse(change.start) > Date.now()) {
      reread = true;
    }
  }
  if (removed) state.times = state.times.filter(s => !s.removed || s === state.slot);
  timesChanged(updated);
  if (removed && state.screen === 'confirm' && state.slot && state.slot.removed) showChosenGone();
  if (reread) refreshSlots();
}

/**
 * After a change: a different list of times or days on screen is drawn again (quietly, focus kept);
 * otherwise the changed times are repainted where they are.
 */
function timesChanged(updated) {
  if (state.screen === 'slots') {
    const listed = layTimes();
    if (listed || daysKey() !== shownDaysKey) render({ quiet: true });
  }
  showChanges(updated);
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
    const known = new Map(state.times.map(s => [s.id, s]));
    const updated = [];
    state.times = all.map(s => {
      const mine = known.get(s.id);
      if (!mine) return s;
      if (mine.free !== s.free) updated.push(mine);
      mine.free = s.free;
      mine.capacity = s.capacity;
      return mine;
    });
    const gone = state.slot && !all.some(s => s.id === state.slot.id);
    if (gone) state.slot.removed = true;
    timesChanged(updated);
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
  const shown = updated.filter(slot => state.slots.includes(slot));
  if (state.screen === 'slots' && shown.length) {
    for (const slot of shown) {
      const item = main.querySelector('[data-slot="' + CSS.escape(slot.id) + '"]');
      if (item) paintSlot(item, slot);
    }
    if (shown.length === 1) {
      const slot = shown[0];
      announce(t(slotOpen(slot) ? 'slots.live.one' : 'slots.live.full',
        { when: dateTime(slot.start, slot.end), free: freeText(slot.free) }));
    } else {
      announce(t('slots.live.many', { n: shown.length }));
    }
  } else if (state.screen === 'confirm' && updated.includes(state.slot) && paintConfirm(main)) {
    announce(t(slotOpen(state.slot) ? 'confirm.open' : 'confirm.full'));
  }
}

function showChosenGone() {
  if (paintConfirm(main)) announce(t('confirm.full'));
}

/**
 * Holds the place for the person, then confirms paying with their welfare credit, with the
 * answers to the service's questions. A refused payment gives the place back at once rather than
 * leaving a hold to expire; answers the server finds missing are marked next to their fields.
 */
async function book(form) {
  const gen = generation;
  // From here on the place is being taken by this person: their own hold is not news to them.
  stopLive();
  let held = null;
  let confirmed = null;
  try {
    held = await call('POST', '/api/v1/bookings/holds', { slotId: state.slot.id, forPerson: state.person.id });
    const body = { payWithWelfare: true };
    if ((state.service.intake || []).length) body.intake = state.intake;
    confirmed = await call('POST', '/api/v1/bookings/' + held.id + '/confirm', body);
  } catch (e) {
    if (held && !confirmed) {
      call('POST', '/api/v1/bookings/' + held.id + '/cancel', {}).catch(() => { /* the hold expires by itself */ });
    }
    if (gen !== generation) return;
    if (isIntakeProblem(e) && state.screen === 'confirm') {
      const first = showIntakeErrors(form, e.body);
      announce(t('confirm.intake.missing'));
      if (first) first.focus();
      return;
    }
    fail(e);
    return;
  }
  if (gen !== generation) return;
  state.booking = confirmed;
  state.paidCents = confirmed.paidWithWelfareCents || 0;
  state.balanceCents -= state.paidCents;
  state.intake = {};
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

/** The identified person's Welfare Card, if they have one (none, if it cannot be read now). */
async function loadWelfareCard(gen) {
  try {
    const card = await call('GET', '/api/v1/kiosk/sessions/' + state.session.id + '/welfare-card');
    if (gen === generation) state.welfareCard = card;
  } catch (e) {
    if (gen === generation) state.welfareCard = null;
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
