// The way back from the card payment page (prenotazioni.html?pagamento=completato|annullato, with
// &prenotazione=<id> as payments.stripe's successPath/cancelPath give it). Coming back from Stripe
// proves nothing: the booking is shown as confirmed only once the server says so, after Stripe's
// signed webhook. Until then this page asks the server again every few seconds and says it waits.
import { t, api, euro } from './sportello.js';
import { el, byId, fill, focusOn } from './dom.js';
import { clock } from './time.js';
import { onLanguage } from './portal-common.js';

const REMEMBERED = 'sportello.checkout';
const EVERY_MS = 2000;
const PATIENCE_MS = 5 * 60 * 1000;

/** Keeps what the return page needs if Checkout sends the person back without the booking's id. */
export function rememberCheckout(booking, checkout) {
  sessionStorage.setItem(REMEMBERED, JSON.stringify({ bookingId: booking.id, url: checkout.url, expiresAt: checkout.expiresAt }));
}

function remembered() {
  try {
    return JSON.parse(sessionStorage.getItem(REMEMBERED) || 'null');
  } catch (e) {
    return null;
  }
}

/** Which return this page is, or null when it is not one. */
function returned() {
  const query = new URLSearchParams(location.search);
  const outcome = query.get('pagamento');
  if (!outcome) return null;
  const kept = remembered();
  const bookingId = query.get('prenotazione') || (kept && kept.bookingId);
  return { paid: outcome !== 'annullato', bookingId, url: kept && kept.bookingId === bookingId ? kept.url : null };
}

/**
 * Shows, in #esito-pagamento, the state of the booking the person paid (or did not) and follows it
 * until the server decides; {@code changed} is called when it does (the list is read again).
 */
export function showPaymentReturn(changed) {
  const back = returned();
  if (!back) return;
  const section = byId('esito-pagamento');
  const status = byId('esito-stato');
  section.hidden = false;
  const started = Date.now();
  let last = null;
  let next = null;
  // Another language: the same state said again in its words.
  onLanguage(() => {
    clearTimeout(next);
    last = null;
    look();
  });

  const say = (tone, text, ...more) => {
    const key = tone + text;
    if (key === last) return;
    last = key;
    fill(status, el('div', { class: 'alert alert-' + tone, dataset: { outcome: tone } }, el('p', { class: 'mb-0' }, text), ...more));
  };

  async function look() {
    if (!back.bookingId) {
      say('warning', t('payreturn.unknown'));
      return;
    }
    let booking;
    let money;
    try {
      [booking, money] = await Promise.all([api('GET', '/api/v1/bookings/' + encodeURIComponent(back.bookingId)),
        api('GET', '/api/v1/bookings/' + encodeURIComponent(back.bookingId) + '/payments')]);
    } catch (e) {
      say('warning', t('payreturn.unknown'));
      return;
    }
    const cardPending = (money.items || []).some(p => p.method === 'card' && p.state === 'pending');
    if (booking.status === 'confirmed' && !cardPending) {
      sessionStorage.removeItem(REMEMBERED);
      say('success', t('payreturn.confirmed', { code: booking.code }),
        money.paidCents > 0 ? el('p', { class: 'mb-0' }, t('money.price', { amount: euro(money.priceCents) })) : null);
      changed();
      return;
    }
    if (booking.status !== 'held') {
      sessionStorage.removeItem(REMEMBERED);
      say('warning', t('payreturn.ended'));
      changed();
      return;
    }
    if (!back.paid) {
      say('info', t('payreturn.cancelled', { time: clock(booking.holdExpiresAt) }),
        back.url ? el('p', { class: 'mb-0 mt-2' }, el('a', { id: 'torna-al-pagamento', class: 'btn btn-primary', href: back.url },
          t('payreturn.back'))) : null);
    } else if (Date.now() - started > PATIENCE_MS) {
      say('warning', t('payreturn.slow'));
      return;
    } else {
      say('info', t('payreturn.waiting'));
    }
    next = setTimeout(look, EVERY_MS);
  }

  look().then(() => focusOn(byId('esito-titolo')));
}
