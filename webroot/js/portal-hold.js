// Booking a place: sign in if needed, hold the place (POST /bookings/holds), show the time left to
// confirm, then confirm (POST /bookings/{id}/confirm, payWithWelfare for employees) or give it up.
// The panel is drawn right under the chosen time (the slot picker's panel host), not at the page's end.
import { t, api, busy, identity, hasRole } from './sportello.js';
import { el, byId, fill, focusOn, announce } from './dom.js';
import { dateTime } from './time.js';
import { signInForm } from './signin.js';
import { explain, problemType, placesText, onLanguage, costText } from './portal-common.js';
import { renderIntake, readIntake, showIntakeErrors, isIntakeProblem } from './intake-form.js';

// The panel: moved under whichever time is chosen; its ids stay the same wherever it is.
const title = el('h3', { id: 'prenota-titolo', class: 'h4', tabindex: '-1' });
const body = el('div', { id: 'prenota-corpo' });
const panel = el('section', { id: 'prenota', class: 'portal-book', 'aria-labelledby': 'prenota-titolo' }, title, body);

// phase: signin | holding | held | expired | done | released | refused
let state = null;
let timer = null;

onLanguage(() => { if (state) draw(); });

/**
 * Starts booking {@code slot} of {@code service} for {@code places} people, in a panel drawn into
 * {@code host}. Answers false (the choice is refused, the panel stays) while a place is being
 * held or is held for another time. An enrolment (portal-enrol.js) gives its own hold
 * ({@code request}, answering the held booking) and its own words for when and what it costs.
 */
export function book(service, slot, places, host, { request, when, cost } = {}) {
  if (state && state.phase === 'holding') return false;
  if (state && state.phase === 'held') {
    draw(t('hold.another'));
    focusOn(title);
    return false;
  }
  host.replaceChildren(panel);
  state = { phase: identity() ? 'holding' : 'signin', service, slot, places, request, when, cost };
  if (state.phase === 'signin') {
    draw();
    return true;
  }
  hold();
  return true;
}

async function hold() {
  const { slot, places } = state;
  title.textContent = t('hold.holding');
  body.replaceChildren(el('p', { class: 'portal-loading', role: 'status' }, t('busy')));
  focusOn(title);
  try {
    const booking = await (state.request ? state.request() : api('POST', '/api/v1/bookings/holds', { slotId: slot.id, places }));
    // The countdown runs on this device's clock from the length the server gave the hold.
    const length = new Date(booking.holdExpiresAt).getTime() - new Date(booking.createdAt).getTime();
    state = { ...state, phase: 'held', booking, length, deadline: Date.now() + length, warned: false };
    draw();
    tick();
    timer = setInterval(tick, 1000);
  } catch (e) {
    state = { ...state, phase: 'refused', message: explain(e) };
    draw();
  }
  focusOn(title);
}

function draw(alertText) {
  const alert = el('p', { id: 'errore-prenota', class: 'text-danger fw-semibold', role: 'alert' }, alertText || state.message || '');
  const { service, slot, places } = state;
  const what = t('hold.what', { service: service.title, when: state.when || dateTime(slot.start, slot.end), places: placesText(places) });
  switch (state.phase) {
    case 'signin': {
      title.textContent = t('signin.forBooking');
      const form = el('div');
      body.replaceChildren(el('p', {}, t('signin.chosen', { when: dateTime(slot.start, slot.end) })), form);
      signInForm(form, { labelledBy: 'prenota-titolo', intro: 'signin.intro' }).then(() => {
        state = { ...state, phase: 'holding' };
        hold();
      });
      focusOn(title);
      return;
    }
    case 'holding':
      return;
    case 'held': {
      title.textContent = t('hold.title');
      // A redraw (language, "hold another") keeps what was already written in the questions.
      const written = byId('prenota-domande') ? readIntake(byId('prenota-domande')).answers : {};
      const questions = el('div', { id: 'prenota-domande' });
      renderIntake(questions, service.intake, { idPrefix: 'prenota', values: written });
      fill(body,
        el('p', {}, what),
        el('p', {}, state.cost || costText(service.tariff, slot, places)),
        countdown(),
        questions,
        welfareChoice(),
        alert,
        el('div', { class: 'd-flex flex-wrap gap-2 mt-3' },
          el('button', { type: 'button', id: 'conferma', class: 'btn btn-primary', onclick: confirm }, t('hold.confirm')),
          el('button', { type: 'button', id: 'lascia', class: 'btn btn-outline-primary', onclick: release }, t('hold.release'))));
      tick();
      return;
    }
    case 'done':
      title.textContent = t('done.title');
      fill(body,
        el('p', {}, what),
        el('p', { id: 'codice' }, t('done.code', { code: state.booking.code })),
        state.paid ? el('p', { class: 'text-success fw-semibold' }, t('done.paid')) : null,
        el('p', {}, el('a', { href: '/prenotazioni.html' }, t('done.mine'))));
      return;
    case 'expired':
      title.textContent = t('hold.title');
      body.replaceChildren(el('p', {}, what), el('p', { id: 'errore-prenota', role: 'alert' }, t('hold.expired')));
      return;
    case 'released':
      title.textContent = t('hold.release');
      body.replaceChildren(el('p', { role: 'status' }, t('hold.released')));
      return;
    default:
      title.textContent = t('slots.book.label', { when: state.when || dateTime(slot.start, slot.end) });
      body.replaceChildren(alert);
  }
}

function countdown() {
  return el('div', { class: 'portal-countdown' },
    el('p', {}, el('span', { id: 'conto-etichetta' }, t('hold.left') + ' '),
      el('strong', { id: 'conto', role: 'timer', 'aria-labelledby': 'conto-etichetta conto' }, '')),
    el('progress', { id: 'conto-barra', max: String(Math.round(state.length / 1000)), value: '0',
      'aria-label': t('hold.left.label') }));
}

function welfareChoice() {
  if (!hasRole('employee') || !state.service.welfareLetter) return null;
  return el('div', { class: 'form-check' },
    el('input', { type: 'checkbox', id: 'welfare', checked: state.payWithWelfare, 'aria-describedby': 'welfare-aiuto',
      onchange: event => { state.payWithWelfare = event.currentTarget.checked; } }),
    el('label', { for: 'welfare' }, t('hold.welfare')),
    el('small', { id: 'welfare-aiuto', class: 'form-text d-block' }, t('hold.welfare.hint')));
}

function tick() {
  if (!state || state.phase !== 'held') return;
  const left = Math.max(0, Math.ceil((state.deadline - Date.now()) / 1000));
  const shown = byId('conto');
  if (shown) shown.textContent = Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0');
  const bar = byId('conto-barra');
  if (bar) bar.value = left;
  if (left <= 60 && !state.warned) {
    state.warned = true;
    announce(t('hold.minute'));
  }
  if (left === 0) expire();
}

function expire() {
  clearInterval(timer);
  state = { ...state, phase: 'expired' };
  draw();
  focusOn(title);
}

async function confirm(event) {
  const payload = hasRole('employee') ? { payWithWelfare: !!state.payWithWelfare } : {};
  // The service's questions: a required one left empty is said next to its field before asking the server.
  const questions = byId('prenota-domande');
  const { answers, missing } = readIntake(questions);
  if (missing.length) {
    byId('errore-prenota').textContent = t('hold.intake.missing');
    showIntakeErrors(questions, { missing }).focus();
    return;
  }
  showIntakeErrors(questions, {});
  if ((state.service.intake || []).length) payload.intake = answers;
  try {
    const booking = await busy(event.currentTarget,
      () => api('POST', '/api/v1/bookings/' + state.booking.id + '/confirm', payload));
    clearInterval(timer);
    state = { ...state, phase: 'done', booking, paid: !!payload.payWithWelfare };
    draw();
    focusOn(title);
  } catch (e) {
    if (problemType(e) === 'hold-not-active') {
      clearInterval(timer);
      state = { ...state, phase: 'expired' };
      draw();
      focusOn(title);
      return;
    }
    byId('errore-prenota').textContent = explain(e);
    // The server's own check of the answers (intake-missing, intake-invalid), next to the fields.
    if (isIntakeProblem(e)) {
      const first = showIntakeErrors(questions, e.body);
      if (first) first.focus();
    }
  }
}

async function release(event) {
  try {
    await busy(event.currentTarget, () => api('POST', '/api/v1/bookings/' + state.booking.id + '/cancel', {}));
    clearInterval(timer);
    state = { ...state, phase: 'released' };
    draw();
    focusOn(title);
  } catch (e) {
    byId('errore-prenota').textContent = explain(e);
  }
}
