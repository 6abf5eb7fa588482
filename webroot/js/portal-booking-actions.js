// What a person can do with an upcoming booking: download its .ics, move it to another time of
// the same service, cancel it (asked twice; a refusal inside the cancellation window is explained).
import { t, api, busy } from './sportello.js';
import { el, focusOn, announce } from './dom.js';
import { addDays, dateTime, romeDay } from './time.js';
import { explain, problemType, freeText, slotPrice } from './portal-common.js';
import { downloadIcs } from './portal-ics.js';

/** Explains a refusal, naming the service's cancellation window when it is the reason. */
function refusal(error, policy) {
  if (problemType(error) === 'cancellation-window') {
    return policy.cancelWindowHours ? t('problem.cancellation-window', { hours: policy.cancelWindowHours })
      : t('problem.cancellation-window.any');
  }
  return explain(error);
}

/**
 * The action buttons, the alert and the boxes they open, for one booking. {@code hooks.changed}
 * reloads the list after a cancel or a move.
 */
export function actionsFor(booking, policy, hooks) {
  const id = booking.id;
  const alert = el('p', { id: 'errore-' + id, class: 'text-danger fw-semibold', role: 'alert' });
  const ask = el('div', { class: 'portal-confirm', hidden: true });
  const move = el('div', { class: 'portal-move', hidden: true });
  const say = { service: booking.serviceTitle, when: dateTime(booking.start, booking.end) };

  const ics = el('button', { type: 'button', class: 'btn btn-outline-primary', dataset: { action: 'ics' },
    'aria-label': t('bookings.ics.label', say) }, t('bookings.ics'));
  ics.addEventListener('click', async () => {
    alert.textContent = '';
    try {
      await busy(ics, () => downloadIcs(id));
      announce(t('bookings.ics.done'));
    } catch (e) {
      alert.textContent = explain(e);
    }
  });

  const moveButton = el('button', { type: 'button', class: 'btn btn-outline-primary', dataset: { action: 'move' },
    'aria-label': t('bookings.move.label', say), 'aria-expanded': 'false' }, t('bookings.move'));
  moveButton.addEventListener('click', () => openMove(booking, policy, move, moveButton, alert, hooks));

  const cancel = el('button', { type: 'button', class: 'btn btn-outline-danger', dataset: { action: 'cancel' },
    'aria-label': t('bookings.cancel.label', say), 'aria-expanded': 'false' }, t('bookings.cancel'));
  cancel.addEventListener('click', () => {
    alert.textContent = '';
    const question = el('p', { class: 'portal-question' }, t('bookings.cancel.ask', say));
    const yes = el('button', { type: 'button', class: 'btn btn-danger', dataset: { action: 'cancel-yes' } }, t('bookings.cancel.yes'));
    const no = el('button', { type: 'button', class: 'btn btn-outline-primary', dataset: { action: 'cancel-no' } }, t('bookings.cancel.no'));
    const close = () => {
      ask.hidden = true;
      cancel.setAttribute('aria-expanded', 'false');
      cancel.focus();
    };
    no.addEventListener('click', close);
    yes.addEventListener('click', async () => {
      try {
        await busy(yes, () => api('POST', '/api/v1/bookings/' + id + '/cancel', {}));
        announce(t('bookings.cancelled'));
        await hooks.changed();
      } catch (e) {
        close();
        alert.textContent = refusal(e, policy);
      }
    });
    ask.replaceChildren(question, el('div', { class: 'd-flex flex-wrap gap-2' }, yes, no));
    ask.hidden = false;
    cancel.setAttribute('aria-expanded', 'true');
    focusOn(question);
  });

  const buttons = booking.status === 'confirmed' ? [ics, moveButton, cancel] : [cancel];
  return [alert, el('div', { class: 'd-flex flex-wrap gap-2 portal-actions' }, buttons), ask, move];
}

async function openMove(booking, policy, box, button, alert, hooks) {
  alert.textContent = '';
  let choices;
  try {
    choices = await busy(button, async () => {
      const from = romeDay();
      const answer = await api('GET', '/api/v1/services/' + encodeURIComponent(booking.serviceId)
        + '/availability?from=' + from + '&to=' + addDays(from, 27));
      const now = Date.now();
      return answer.slots.filter(s => s.id !== booking.slotId && s.free >= booking.places
        && new Date(s.start).getTime() > now);
    });
  } catch (e) {
    alert.textContent = explain(e);
    return;
  }
  const close = () => {
    box.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  };
  const stay = el('button', { type: 'button', class: 'btn btn-outline-primary', onclick: close }, t('bookings.move.close'));
  box.hidden = false;
  button.setAttribute('aria-expanded', 'true');
  if (choices.length === 0) {
    const none = el('p', {}, t('bookings.move.none'));
    box.replaceChildren(none, stay);
    focusOn(none);
    return;
  }
  const selectId = 'nuovo-orario-' + booking.id;
  const select = el('select', { id: selectId, class: 'form-select' },
    choices.map(s => el('option', { value: s.id }, [dateTime(s.start, s.end),
      policy.tariff ? slotPrice(policy.tariff, s) : null, freeText(s.free)].filter(Boolean).join(' · '))));
  const error = el('p', { class: 'text-danger fw-semibold', role: 'alert' });
  const go = el('button', { type: 'button', class: 'btn btn-primary', dataset: { action: 'move-go' } }, t('bookings.move.go'));
  go.addEventListener('click', async () => {
    const chosen = choices.find(s => s.id === select.value);
    try {
      await busy(go, () => api('POST', '/api/v1/bookings/' + booking.id + '/reschedule', { slotId: chosen.id }));
      announce(t('bookings.moved', { when: dateTime(chosen.start, chosen.end) }));
      await hooks.changed();
    } catch (e) {
      error.textContent = refusal(e, policy);
    }
  });
  box.replaceChildren(el('div', { class: 'select-wrapper mb-2' },
    el('label', { for: selectId }, t('bookings.move.choose')), select), error,
    el('div', { class: 'd-flex flex-wrap gap-2' }, go, stay));
  select.focus();
}
