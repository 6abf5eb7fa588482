// "I miei biglietti" (/biglietti.html): the signed-in person's tickets (GET /api/v1/tickets), one
// card per purchase (an event at a time), one QR code and code per ticket, what each type asks at
// the door (a ridotto's condition), and whether it is valid or was used.
import { t, api, showError } from './sportello.js';
import { byId, el, fill } from './dom.js';
import { dateTime } from './time.js';
import { signedIn, startHeader } from './signin.js';
import './tickets-words.js';

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
    el('ul', { class: 'list-unstyled row g-4' }, ...tickets.map(ticket)));
}

function ticket(k) {
  const heading = 'biglietto-' + k.code;
  return el('li', { class: 'col-12 col-md-6 col-lg-4', dataset: { ticket: k.code } },
    el('article', { class: 'card shadow-sm h-100', 'aria-labelledby': heading },
      el('div', { class: 'card-body' },
        el('h3', { id: heading, class: 'h5' }, t('tk.ticket', { seq: k.seq, type: k.type })),
        k.whoQualifies ? el('p', { class: 'small' }, t('tk.qualifies', { who: k.whoQualifies })) : null,
        el('figure', { class: 'mb-2' },
          el('img', { src: 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(k.qrSvg), width: '200', height: '200',
            alt: t('tk.qr.alt', { seq: k.seq, type: k.type, code: k.code }) }),
          el('figcaption', {}, el('span', { class: 'visually-hidden' }, t('tk.code') + ': '),
            el('span', { class: 'h5 font-monospace', dataset: { code: k.code } }, k.code))),
        el('p', { class: 'mb-0' }, el('span', { class: 'badge ' + (k.admittedAt ? 'bg-secondary' : k.status === 'confirmed' ? 'bg-success' : 'bg-warning text-dark') },
          k.admittedAt ? t('tk.admitted', { when: dateTime(k.admittedAt) }) : t('tk.status.' + k.status))))));
}
