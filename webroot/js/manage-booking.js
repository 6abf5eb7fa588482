// gestisci.html: a booking opened from the link in an e-mail or SMS, without signing in. The link
// is /gestisci.html#t=<token>; the token is taken out of the address bar at once (so copying the
// address does not pass it on), kept for this tab only, and sent to the API in the Sportello-Link
// header, never in an address. A "booking" link shows the booking and lets its person cancel it
// or move it to another time of the same service; a "waitlist-offer" link shows the place the
// waiting list offered, until when it is held, and confirms it. The API decides what is allowed
// (deadlines, statuses): the page says its refusals in plain words. A link that no longer works
// says so, with whom to call.
import './manage-booking-words.js';
import { t, Problem, getPublic, busy } from './sportello.js';
import { el, byId, fill, focusOn, announce } from './dom.js';
import { clock, dateTime, dayName, fullDate } from './time.js';
import { startPage, onLanguage, explain, problemType, placesText } from './portal-common.js';
import { createSlotPicker } from './slot-picker.js';
import { site, helpContacts } from './site-chrome.js';
import { renderIntake, readIntake, showIntakeErrors, isIntakeProblem } from './intake-form.js';

const HEADER = 'Sportello-Link';
const KEPT = 'sportello.link';
const ROUTES = { booking: '/api/v1/links/booking', 'waitlist-offer': '/api/v1/links/waitlist-offer' };

const state = {
  token: takeToken(),
  booking: null,
  /** The service (policy, intake questions, how it is delivered), when it can be read. */
  service: null,
  /** Why the page shows no booking: 'missing', 'expired', 'invalid', or an error's words. */
  problem: null,
  /** What was just done, said in a success box. */
  done: null,
  /** The offer ran out while the person was confirming it. */
  lapsed: false,
};
let moveBox = null;
let picker = null;

/** The link's token, out of the address bar at once; kept in this tab so a reload still works. */
function takeToken() {
  const given = new URLSearchParams(location.hash.slice(1)).get('t');
  if (given) {
    sessionStorage.setItem(KEPT, given);
    history.replaceState(null, '', location.pathname + location.search);
    return given;
  }
  return sessionStorage.getItem(KEPT);
}

/** "booking" or "waitlist-offer": the token's first part (the server checks it again). */
function purpose() {
  const first = (state.token || '').split('.')[0];
  return Object.hasOwn(ROUTES, first) ? first : null;
}

/** A refused link: "expired" when its own expiry has passed, "invalid" otherwise (the server says only "no"). */
function linkProblem() {
  const expiry = Number((state.token || '').split('.')[2]);
  return Number.isFinite(expiry) && expiry > 0 && expiry * 1000 <= Date.now() ? 'expired' : 'invalid';
}

function isLinkRefusal(error) {
  return error instanceof Problem && error.status === 401;
}

/**
 * Calls the link API with the token in its header (and {@code key} as Idempotency-Key for a
 * change: one key per thing asked, so a retry after a lost answer does it once). Resolves with
 * the answer and the token of the booking a move made, if any.
 */
async function linkCall(method, path, body, key) {
  const headers = { Accept: 'application/json', [HEADER]: state.token };
  const init = { method, headers };
  if (key) headers['Idempotency-Key'] = key;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new Problem(0, { detail: t('error.network') });
  }
  const type = response.headers.get('Content-Type') || '';
  const payload = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) throw Problem.of(response, payload);
  return { body: payload, successor: response.headers.get(HEADER) };
}

/** A refusal in plain words; the cancellation window names its hours when the service says them. */
function refusal(error) {
  if (problemType(error) === 'cancellation-window') {
    const hours = state.service && state.service.policy && state.service.policy.cancelWindowHours;
    return hours ? t('problem.cancellation-window', { hours }) : t('problem.cancellation-window.any');
  }
  return explain(error);
}

/** After a refused change: a link that stopped working shows why; anything else is said in {@code alert}. */
function refused(error, alert) {
  if (isLinkRefusal(error)) {
    state.problem = linkProblem();
    render();
    focusOn(byId('avviso-titolo'));
    return;
  }
  alert.textContent = refusal(error);
}

// ------------------------------------------------------------------ drawing

function render() {
  const offer = purpose() === 'waitlist-offer';
  const heading = byId('titolo');
  heading.dataset.t = offer ? 'manage.offer.title' : 'manage.title';
  heading.textContent = t(heading.dataset.t);
  byId('prenotazione').hidden = !state.booking || !!state.problem;
  fill(byId('avviso'), state.problem ? notice(state.problem) : null);
  if (!state.booking || state.problem) return;
  const booking = state.booking;
  fill(byId('scheda'),
    el('h2', { id: 'servizio-titolo', class: 'card-title h4' }, booking.serviceTitle),
    booking.bookedBy !== 'you' ? el('p', { class: 'text-secondary' }, t('manage.by.' + booking.bookedBy)) : null,
    facts(booking),
    state.done ? el('div', { id: 'esito', class: 'alert alert-success', role: 'status', tabindex: '-1' }, state.done) : null,
    offer ? offerPart(booking) : bookingPart(booking));
}

/** Why there is no booking to show, with whom to call and the way to sign in. */
function notice(kind) {
  const known = ['missing', 'expired', 'invalid'].includes(kind);
  const help = el('ul', { class: 'list-unstyled manage-help' });
  site().then(info => help.replaceChildren(...helpContacts(info.help))).catch(() => {});
  return el('div', { class: 'alert alert-warning manage-notice' },
    el('h2', { id: 'avviso-titolo', class: 'h5', tabindex: '-1' }, known ? t('manage.' + kind + '.title') : t('error.generic')),
    el('p', {}, known ? t('manage.' + kind) : kind),
    help,
    el('a', { class: 'btn btn-primary', href: '/prenotazioni.html#accedi' }, t('manage.signin')));
}

function fact(term, ...value) {
  return [el('dt', {}, term), el('dd', {}, ...value)];
}

function where(booking) {
  if (booking.address) return booking.address;
  const mode = state.service && state.service.deliveryMode;
  return mode === 'at_home' ? t('manage.where.home') : mode === 'online' ? t('manage.where.online') : null;
}

function facts(booking) {
  const tone = booking.status === 'confirmed' ? 'bg-success' : booking.status === 'held' ? 'bg-warning text-dark' : 'bg-secondary';
  const place = where(booking);
  return el('dl', { class: 'portal-facts' },
    ...fact(t('manage.when'), fullDate(booking.start) + ', ' + clock(booking.start) + '–' + clock(booking.end)),
    ...(place ? fact(t('manage.where'), place) : []),
    ...fact(t('manage.places'), placesText(booking.places)),
    ...fact(t('manage.code'), el('strong', { class: 'manage-code' }, booking.code), ' ',
      el('span', { class: 'form-text d-block' }, t('manage.code.hint'))),
    ...fact(t('manage.status'), el('span', { id: 'stato', class: 'badge ' + tone }, t('status.' + booking.status))));
}

function upcoming(booking) {
  return new Date(booking.start).getTime() > Date.now();
}

/** What a booking link may still do: cancel (and move, once confirmed), or why nothing. */
function bookingPart(booking) {
  const live = booking.status === 'confirmed' || booking.status === 'held';
  if (!live) return el('p', {}, t('manage.state.' + booking.status));
  if (!upcoming(booking)) return el('p', {}, t('manage.state.past'));
  const hours = state.service && state.service.policy ? state.service.policy.cancelWindowHours : null;
  const alert = el('p', { id: 'errore-gestisci', class: 'text-danger fw-semibold', role: 'alert' });
  const ask = el('div', { class: 'portal-confirm', hidden: true });
  const cancel = el('button', { type: 'button', id: 'disdici', class: 'btn btn-outline-danger', 'aria-expanded': 'false' },
    t('manage.cancel'));
  cancel.addEventListener('click', () => askCancel(booking, cancel, ask, alert));
  const move = booking.status === 'confirmed'
    ? el('button', { type: 'button', id: 'cambia', class: 'btn btn-outline-primary', 'aria-expanded': String(!!moveBox) },
      t('manage.move'))
    : null;
  if (move) move.addEventListener('click', () => openMove(booking, move, alert));
  return [
    booking.status === 'held' ? el('p', {}, t('manage.state.held')) : null,
    hours === null ? null : el('p', { class: 'text-secondary' },
      hours ? t('manage.window', { hours }) : t('manage.window.any')),
    alert,
    el('div', { class: 'd-flex flex-wrap gap-2 portal-actions' }, move, cancel),
    ask,
    moveBox,
  ];
}

function askCancel(booking, button, box, alert) {
  alert.textContent = '';
  const key = crypto.randomUUID();
  const question = el('p', { class: 'portal-question' },
    t('manage.cancel.ask', { service: booking.serviceTitle, when: dateTime(booking.start, booking.end) }));
  const yes = el('button', { type: 'button', id: 'disdici-si', class: 'btn btn-danger' }, t('manage.cancel.yes'));
  const no = el('button', { type: 'button', id: 'disdici-no', class: 'btn btn-outline-primary' }, t('manage.cancel.no'));
  const close = () => {
    box.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  };
  no.addEventListener('click', close);
  yes.addEventListener('click', async () => {
    try {
      const answer = await busy(yes, () => linkCall('POST', ROUTES.booking + '/cancel', {}, key));
      closeMove();
      changed(answer.body, t('manage.cancelled'));
    } catch (e) {
      close();
      refused(e, alert);
    }
  });
  box.replaceChildren(question, el('div', { class: 'd-flex flex-wrap gap-2' }, yes, no));
  box.hidden = false;
  button.setAttribute('aria-expanded', 'true');
  focusOn(question);
}

/** The booking as the API now answers it, with what was done said and focused. */
function changed(booking, said) {
  state.booking = booking;
  state.done = said;
  render();
  focusOn(byId('esito'));
  announce(said);
}

function closeMove() {
  moveBox = null;
  picker = null;
}

/** Opens the times of the same service under the buttons; choosing one asks to move there. */
function openMove(booking, button, alert) {
  alert.textContent = '';
  if (moveBox) {
    focusOn(moveBox.querySelector('h3'));
    return;
  }
  const notice = ((state.service && state.service.policy && state.service.policy.minNoticeMinutes) || 0) * 60000;
  const host = el('div', {});
  const stay = el('button', { type: 'button', class: 'btn btn-outline-primary', dataset: { action: 'stay' } },
    t('manage.move.stay'));
  stay.addEventListener('click', () => {
    closeMove();
    render();
    focusOn(byId('cambia'));
  });
  moveBox = el('section', { id: 'nuovo-orario', class: 'portal-move', 'aria-labelledby': 'nuovo-orario-titolo' },
    el('h3', { id: 'nuovo-orario-titolo', class: 'h5' }, t('manage.move.title')), host, stay);
  picker = createSlotPicker(host, {
    idPrefix: 'nuovo',
    load: (from, to) => getPublic('/api/v1/services/' + encodeURIComponent(booking.serviceId)
      + '/availability?from=' + from + '&to=' + to)
      .then(answer => answer.slots.filter(s => s.id !== booking.slotId && new Date(s.start).getTime() > Date.now() + notice)),
    onChoose: (slot, panel) => {
      if (slot.free < booking.places) {
        alert.textContent = t('problem.slot-full');
        return false;
      }
      moveHere(booking, slot, panel);
      return true;
    },
  });
  button.setAttribute('aria-expanded', 'true');
  render();
  focusOn(byId('nuovo-orario-titolo'));
}

function moveHere(booking, slot, panel) {
  const key = crypto.randomUUID();
  const error = el('p', { class: 'text-danger fw-semibold', role: 'alert' });
  const go = el('button', { type: 'button', id: 'sposta-qui', class: 'btn btn-primary' }, t('manage.move.go'));
  go.addEventListener('click', async () => {
    error.textContent = '';
    try {
      const answer = await busy(go, () => linkCall('POST', ROUTES.booking + '/reschedule', { slotId: slot.id }, key));
      // The move made a new booking: from now on the page acts on it, with the link the server gave for it.
      if (answer.successor) {
        state.token = answer.successor;
        sessionStorage.setItem(KEPT, answer.successor);
      }
      closeMove();
      changed(answer.body, t('manage.moved', { when: dateTime(answer.body.start, answer.body.end), code: answer.body.code }));
    } catch (e) {
      refused(e, error);
    }
  });
  const chosen = el('p', { class: 'fw-semibold' }, t('manage.move.chosen', { when: dateTime(slot.start, slot.end) }));
  fill(panel, el('div', { class: 'portal-confirm' }, chosen, error, el('div', { class: 'd-flex flex-wrap gap-2' }, go)));
  focusOn(chosen);
}

/** What an offer link may do: confirm the held place before its deadline, with the service's questions. */
function offerPart(booking) {
  if (state.lapsed || booking.status === 'expired') return el('p', {}, t('manage.offer.lapsed'));
  if (booking.status === 'confirmed') return el('p', {}, t('manage.offer.later'));
  if (booking.status !== 'held') return el('p', {}, t('manage.state.' + booking.status));
  const until = booking.holdExpiresAt;
  const alert = el('p', { id: 'errore-gestisci', class: 'text-danger fw-semibold', role: 'alert' });
  const questions = el('div', { id: 'gestisci-domande' });
  renderIntake(questions, state.service ? state.service.intake : [], { idPrefix: 'gestisci' });
  const key = crypto.randomUUID();
  const confirm = el('button', { type: 'button', id: 'conferma-posto', class: 'btn btn-primary' }, t('manage.offer.confirm'));
  confirm.addEventListener('click', async () => {
    alert.textContent = '';
    const { answers, missing } = readIntake(questions);
    if (missing.length) {
      alert.textContent = t('hold.intake.missing');
      showIntakeErrors(questions, { missing }).focus();
      return;
    }
    const asked = state.service && (state.service.intake || []).length;
    try {
      const answer = await busy(confirm, () => linkCall('POST', ROUTES['waitlist-offer'] + '/confirm',
        asked ? { intake: answers } : {}, key));
      changed(answer.body, t('manage.offer.confirmed'));
    } catch (e) {
      if (problemType(e) === 'hold-not-active') {
        state.lapsed = true;
        render();
        focusOn(byId('servizio-titolo'));
        return;
      }
      refused(e, alert);
      if (isIntakeProblem(e)) {
        const first = showIntakeErrors(questions, e.body);
        if (first) first.focus();
      }
    }
  });
  return [
    until ? el('p', { class: 'manage-deadline fw-semibold' }, t('manage.offer.until', { time: clock(until), day: dayName(until) })) : null,
    questions,
    alert,
    el('div', { class: 'd-flex flex-wrap gap-2 portal-actions' }, confirm),
  ];
}

// ------------------------------------------------------------------ start

async function load() {
  if (!state.token) {
    state.problem = 'missing';
    render();
    return;
  }
  if (!purpose()) {
    state.problem = 'invalid';
    render();
    return;
  }
  const status = byId('carico');
  status.textContent = t('manage.loading');
  status.classList.add('portal-loading');
  try {
    state.booking = (await linkCall('GET', ROUTES[purpose()])).body;
    state.service = await getPublic('/api/v1/services/' + encodeURIComponent(state.booking.serviceId)).catch(() => null);
  } catch (e) {
    state.problem = isLinkRefusal(e) ? linkProblem() : explain(e);
  } finally {
    status.textContent = '';
    status.classList.remove('portal-loading');
  }
  render();
}

startPage();
onLanguage(() => {
  render();
  if (picker) picker.redraw();
});
// Another link opened in this tab while the page is open: start again with it.
addEventListener('hashchange', () => {
  if (!new URLSearchParams(location.hash.slice(1)).get('t')) return;
  Object.assign(state, { token: takeToken(), booking: null, service: null, problem: null, done: null, lapsed: false });
  closeMove();
  render();
  load();
});
load();
