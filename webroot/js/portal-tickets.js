// Buying tickets on the service page of an event (one with ticket types, GET
// /api/v1/events/{id}/ticket-types): under the chosen time, how many of each type (intero,
// ridotto and who qualifies, gratuito under an age, gruppo from so many) with the total; then the
// booking panel (portal-hold.js) holds them together (POST /api/v1/events/purchases) and confirms
// and pays them together like any booking. A time without seats enough for the tickets chosen
// offers its waiting line instead (POST /api/v1/events/waitlist): seats freed later are held for
// the first in line as those tickets, and the person is told.
import { t, api, euro, busy, identity } from './sportello.js';
import { el, focusOn } from './dom.js';
import { explain } from './portal-common.js';
import { signInForm } from './signin.js';
import { book } from './portal-hold.js';
import './tickets-words.js';

/** The ticket types of the event, or an empty list when it is not sold by ticket. */
export async function ticketTypes(service) {
  return (await api('GET', '/api/v1/events/' + encodeURIComponent(service.id) + '/ticket-types')).items;
}

/** Draws the choice of tickets for {@code slot} into {@code host}; "Acquista" opens the booking panel there. */
export function chooseTickets(service, types, slot, host) {
  const inputs = types.map(type => el('input', {
    id: 'biglietti-' + type.code, class: 'form-control', type: 'number', min: '0', max: '60', value: '0',
    inputmode: 'numeric', dataset: { type: type.code }, 'aria-describedby': 'biglietti-' + type.code + '-aiuto',
  }));
  const total = el('p', { id: 'biglietti-totale', role: 'status', class: 'fw-semibold' });
  const error = el('p', { id: 'biglietti-errore', role: 'alert', class: 'text-danger fw-semibold' });
  const line = el('div', { id: 'biglietti-attesa' });
  const counts = () => Object.fromEntries(inputs.map(input => [input.dataset.type, Math.max(0, Math.round(Number(input.value) || 0))]));
  const update = () => {
    const chosen = counts();
    const count = Object.values(chosen).reduce((a, b) => a + b, 0);
    const cents = types.reduce((sum, type) => sum + type.priceCents * chosen[type.code], 0);
    total.textContent = t('buy.total', { amount: euro(cents), count });
  };
  inputs.forEach(input => input.addEventListener('input', update));
  const title = el('h3', { id: 'biglietti-titolo', class: 'h4', tabindex: '-1' }, t('buy.title'));
  const form = el('form', { id: 'biglietti-scelta', novalidate: '' },
    el('p', {}, t('buy.intro')),
    ...types.map((type, i) => el('div', { class: 'form-group mb-3' },
      el('label', { for: inputs[i].id, class: 'active' }, type.label + ' – ' + (type.priceCents ? euro(type.priceCents) : t('buy.free'))),
      inputs[i],
      el('small', { id: inputs[i].id + '-aiuto', class: 'form-text d-block' }, notes(type)))),
    total, error,
    el('button', { type: 'submit', class: 'btn btn-primary' }, t(slot.free > 0 ? 'buy.go' : 'buy.waitlist.go')));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const chosen = Object.fromEntries(Object.entries(counts()).filter(([, n]) => n > 0));
    const count = Object.values(chosen).reduce((a, b) => a + b, 0);
    if (count === 0) {
      error.textContent = t('buy.none');
      focusOn(inputs[0]);
      return;
    }
    line.replaceChildren();
    if (count > slot.free) {
      error.textContent = slot.free > 0 ? t('buy.tooMany', { free: slot.free }) : '';
      offerLine(slot, chosen, count, line);
      return;
    }
    error.textContent = '';
    book(service, slot, count, host, { request: () => api('POST', '/api/v1/events/purchases', { slotId: slot.id, tickets: chosen }) });
  });
  host.replaceChildren(el('section', { class: 'portal-book', 'aria-labelledby': 'biglietti-titolo' }, title, form, line));
  update();
  focusOn(title);
  return true;
}

/** The waiting line of a time without seats enough: join it for the tickets chosen, or sign in first. */
function offerLine(slot, chosen, count, host) {
  if (!identity()) {
    const form = el('div');
    host.replaceChildren(form);
    signInForm(form, { intro: 'buy.waitlist.signin', focus: true }).then(() => offerLine(slot, chosen, count, host));
    return;
  }
  const said = el('p', { id: 'biglietti-attesa-esito', role: 'status' });
  const join = el('button', { type: 'button', class: 'btn btn-outline-primary' }, t('buy.waitlist.join', { count }));
  join.addEventListener('click', async () => {
    try {
      const entry = await busy(join, () => api('POST', '/api/v1/events/waitlist', { slotId: slot.id, tickets: chosen }));
      join.remove();
      said.textContent = t('buy.waitlist.joined', { position: entry.position });
    } catch (e) {
      said.textContent = explain(e);
    }
    focusOn(said);
  });
  host.replaceChildren(el('p', {}, t('buy.waitlist.intro')), join, said);
  focusOn(join);
}

function notes(type) {
  return [type.whoQualifies, type.underAge ? t('buy.underAge', { age: type.underAge }) : null,
    type.minGroup ? t('buy.minGroup', { n: type.minGroup }) : null].filter(Boolean).join(' · ');
}
