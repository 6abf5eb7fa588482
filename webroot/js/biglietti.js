// "I miei biglietti" (/biglietti.html): the signed-in person's tickets (GET /api/v1/tickets), one
// card per purchase (an event at a time), one QR code and code per ticket, what each type asks at
// the door (a ridotto's condition), and whether it is valid or was used; where the organiser allows
// it, a ticket named for another person before the event.
import { t, api, showError } from './sportello.js';
import { byId, el, fill, announce, focusOn } from './dom.js';
import { dateTime } from './time.js';
import { signedIn, startHeader } from './signin.js';
import { ticketCard } from './ticket-card.js';

const state = { tickets: null };

startHeader({ onLanguage: render });
signedIn().then(start);

async function start() {
  byId('biglietti').hidden = false;
  try {
    state.tickets = (await api('GET', '/api/v1/tickets')).items;
    render();
  } catch (e) {
    showError(byId('biglietti-errore'), e);
  }
}

function render() {
  document.title = t('tk.pageTitle');
  if (!state.tickets) return;
  byId('nessuno').hidden = state.tickets.length > 0;
  const purchases = new Map();
  state.tickets.forEach(ticket => {
    if (!purchases.has(ticket.bookingId)) purchases.set(ticket.bookingId, []);
    purchases.get(ticket.bookingId).push(ticket);
  });
  fill(byId('acquisti'), ...[...purchases.values()].map(purchase));
}

function purchase(tickets) {
  const first = tickets[0];
  const title = 'acquisto-' + first.bookingId;
  return el('section', { class: 'mb-5', 'aria-labelledby': title, dataset: { booking: first.bookingId } },
    el('h2', { id: title, class: 'h3' }, t('tk.event', { event: first.event, when: dateTime(first.startsAt, first.endsAt) })),
    el('p', { class: 'text-muted' }, t('tk.organiser', { organiser: first.organiser })),
    el('ul', { class: 'list-unstyled row g-4' }, ...tickets.map(k => ticketCard(k, 3, named))));
}

/** A ticket named (or its name taken off): kept, drawn again and said. */
function named(answer) {
  const k = state.tickets.find(x => x.code === answer.code);
  if (k) k.holderName = answer.holderName;
  render();
  // The list was drawn again: focus goes back to the ticket whose name changed.
  focusOn(byId('biglietto-' + answer.code));
  announce(answer.holderName ? t('tk.name.done', { seq: answer.seq, name: answer.holderName }) : t('tk.name.removed', { seq: answer.seq }));
}
