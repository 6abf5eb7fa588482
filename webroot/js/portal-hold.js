// Booking a place: sign in if needed, hold the place (POST /bookings/holds), show the time left to
// confirm with the price as quoted (its lines, end time), choose how to pay (welfare credit first
// when the person has some for this service, the rest by card or at the provider), then confirm
// (POST /bookings/{id}/confirm with payment) or give it up. A card payment goes to the checkout
// page; the booking is confirmed only when the server hears from Stripe (portal-payment-return.js).
// The panel is drawn right under the chosen time (the slot picker's panel host), not at the page's end.
import { t, api, busy, identity, hasRole, euro } from './sportello.js';
import { el, byId, fill, focusOn, announce } from './dom.js';
import { dateTime, romeDay } from './time.js';
import { signInForm } from './signin.js';
import { explain, problemType, placesText, onLanguage, costText } from './portal-common.js';
import { renderIntake, readIntake, showIntakeErrors, isIntakeProblem } from './intake-form.js';
import { priceDetail, isQuote } from './price-detail.js';
import { rememberCheckout } from './portal-payment-return.js';

// The panel: moved under whichever time is chosen; its ids stay the same wherever it is.
const title = el('h3', { id: 'prenota-titolo', class: 'h4', tabindex: '-1' });
const body = el('div', { id: 'prenota-corpo' });
const panel = el('section', { id: 'prenota', class: 'portal-book', 'aria-labelledby': 'prenota-titolo' }, title, body);

// phase: signin | holding | held | expired | paying | done | released | refused
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
    state = { ...state, phase: 'held', booking, length, deadline: Date.now() + length, warned: false,
      credit: await creditFor(state.service, state.slot), rest: 'at_provider' };
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
        isQuote(state.booking.price) || !state.cost ? priceOf(state.booking, service, slot, places) : el('p', {}, state.cost),
        countdown(),
        questions,
        paymentChoice(),
        alert,
        el('div', { class: 'd-flex flex-wrap gap-2 mt-3' },
          el('button', { type: 'button', id: 'conferma', class: 'btn btn-primary', onclick: confirm }, confirmWords()),
          el('button', { type: 'button', id: 'lascia', class: 'btn btn-outline-primary', onclick: release }, t('hold.release'))));
      tick();
      return;
    }
    case 'done':
      title.textContent = t('done.title');
      fill(body,
        el('p', {}, what),
        el('p', { id: 'codice' }, t('done.code', { code: state.booking.code })),
        paidText(state.money),
        state.booking.price && state.booking.price.tickets
          ? el('p', {}, el('a', { id: 'vai-ai-biglietti', href: '/biglietti.html' }, t('done.tickets'))) : null,
        el('p', {}, el('a', { href: '/prenotazioni.html' }, t('done.mine'))));
      return;
    case 'paying':
      // The checkout page opens next; the link is there if the browser does not follow.
      title.textContent = t('pay.card.going');
      fill(body,
        el('p', {}, what),
        el('p', { role: 'status' }, t('pay.card.wait')),
        el('p', {}, el('a', { id: 'vai-al-pagamento', class: 'btn btn-primary', href: state.checkout.url }, t('pay.card.open'))));
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

/** The quote the hold was charged (the price shown is the price charged); the tariff line for bookings from before quotes. */
function priceOf(booking, service, slot, places) {
  if (isQuote(booking.price)) return priceDetail(booking.price, 'prezzo');
  return el('p', {}, costText(service.tariff, slot, places));
}

function priceCents() {
  const booking = state.booking;
  return typeof booking.priceCents === 'number' ? booking.priceCents : state.service.tariff.cents * state.places;
}

/**
 * What the person's welfare credit can put towards this service, or null when none: an employee,
 * a service credit pays for, the largest balance of a wallet still valid on the day (the server
 * checks again, with the fringe-benefit limit, when confirming).
 */
async function creditFor(service, slot) {
  if (!hasRole('employee') || !service.welfareLetter) return null;
  try {
    const wallet = await api('GET', '/api/v1/welfare/wallet');
    const day = romeDay(new Date(slot.start));
    const usable = (wallet.wallets || []).filter(w => w.endsOn >= day).map(w => w.balanceCents);
    return usable.length ? Math.max(...usable) : null;
  } catch (e) {
    return null;
  }
}

/** What is left to pay once the credit (if chosen) has paid its part. */
function restCents() {
  const price = priceCents();
  return state.payWithWelfare && state.credit ? Math.max(0, price - state.credit) : price;
}

function confirmWords() {
  return restCents() > 0 && state.rest === 'card' ? t('pay.confirm.card') : t('hold.confirm');
}

/** Redraws what depends on the choice: the amount left, the ways to pay it, the button's words. */
function choiceChanged() {
  const rest = restCents();
  const left = byId('da-pagare');
  if (left) left.textContent = rest > 0 ? t('pay.rest', { amount: euro(rest) }) : t('pay.rest.none');
  const ways = byId('modo-resto');
  if (ways) ways.hidden = rest === 0;
  const button = byId('conferma');
  if (button && !button.disabled) button.textContent = confirmWords();
}

function way(value, label, hint) {
  const id = 'resto-' + value;
  return el('div', { class: 'form-check' },
    el('input', { type: 'radio', name: 'resto', id, value, checked: state.rest === value, 'aria-describedby': id + '-aiuto',
      onchange: () => { state.rest = value; choiceChanged(); } }),
    el('label', { for: id }, label),
    el('small', { id: id + '-aiuto', class: 'form-text d-block' }, hint));
}

/**
 * How to pay: credit first when the person has some for this service (with the balance and what
 * is left), then the rest by card now or at the provider. A free booking asks nothing.
 */
function paymentChoice() {
  const price = priceCents();
  if (price === 0) return el('p', { id: 'da-pagare' }, t('pay.free'));
  const rest = restCents();
  const credit = state.credit ? el('div', { class: 'form-check' },
    el('input', { type: 'checkbox', id: 'welfare', checked: state.payWithWelfare, 'aria-describedby': 'welfare-aiuto',
      onchange: event => { state.payWithWelfare = event.currentTarget.checked; choiceChanged(); } }),
    el('label', { for: 'welfare' }, t('hold.welfare')),
    el('small', { id: 'welfare-aiuto', class: 'form-text d-block' }, t('pay.credit.balance', { amount: euro(state.credit) })))
    : null;
  return el('fieldset', { id: 'pagamento', class: 'mt-3' },
    el('legend', { class: 'h5' }, t('pay.how')),
    credit,
    el('p', { id: 'da-pagare', class: 'fw-semibold', 'aria-live': 'polite' },
      rest > 0 ? t('pay.rest', { amount: euro(rest) }) : t('pay.rest.none')),
    el('div', { id: 'modo-resto', role: 'radiogroup', 'aria-labelledby': 'da-pagare', hidden: rest === 0 },
      state.noCard ? null : way('card', t('pay.card'), t('pay.card.hint')),
      way('at_provider', t('pay.provider'), t('pay.provider.hint'))));
}

/** What the server says was paid and what is due, once confirmed. */
function paidText(money) {
  if (!money || !money.items) return null;
  const credit = money.items.filter(p => p.method === 'welfare_credit' && p.state === 'completed')
    .reduce((sum, p) => sum + p.amountCents, 0);
  const lines = [];
  if (credit > 0 && credit === money.priceCents) lines.push(t('done.paid'));
  else if (credit > 0) lines.push(t('done.credit', { amount: euro(credit) }));
  if (money.dueCents > 0) lines.push(t('done.due', { amount: euro(money.dueCents) }));
  return lines.length ? el('p', { id: 'pagato', class: 'fw-semibold' }, lines.join(' ')) : null;
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
  const payload = {};
  if (priceCents() > 0) {
    payload.payment = { credit: !!(state.payWithWelfare && state.credit), rest: restCents() > 0 ? state.rest : null };
  }
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
    const id = state.booking.id;
    const answer = await busy(event.currentTarget, () => api('POST', '/api/v1/bookings/' + id + '/confirm', payload));
    clearInterval(timer);
    if (answer.checkout) {
      // 202: the booking stays held until Stripe tells the server the card was paid.
      state = { ...state, phase: 'paying', booking: answer.booking, checkout: answer.checkout };
      rememberCheckout(answer.booking, answer.checkout);
      draw();
      focusOn(title);
      location.assign(answer.checkout.url);
      return;
    }
    const money = await api('GET', '/api/v1/bookings/' + id + '/payments').catch(() => null);
    state = { ...state, phase: 'done', booking: answer.booking || answer, money };
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
    if (problemType(e) === 'no-card-payments') {
      // This cooperative takes no card online: the choice goes back to paying at the provider.
      state.rest = 'at_provider';
      state.noCard = true;
      draw();
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
