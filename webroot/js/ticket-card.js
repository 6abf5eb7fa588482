// One ticket as its holder shows it at the door: its type, what the type asks (a ridotto's
// condition), the QR code and the code under it, and whether it is valid, to pay or used. Drawn on
// "I miei biglietti" (biglietti.js) and under its booking in "Le mie prenotazioni" (portal-bookings.js).
// Where the organiser allows it, "I miei biglietti" also names a ticket for another person before
// the event (POST /api/v1/tickets/holder): the door then checks that name against a document.
import { t, api, busy } from './sportello.js';
import { el, focusOn } from './dom.js';
import { explain } from './portal-common.js';
import { dateTime } from './time.js';
import './tickets-words.js';

/**
 * The card of ticket {@code k} (an item of GET /api/v1/tickets), in a list item, its title a heading
 * of {@code level}. With {@code onNamed} (called with the answer once a name is set or taken off)
 * a ticket that may change hands offers to be named for someone else.
 */
export function ticketCard(k, level = 3, onNamed = null) {
  const heading = 'biglietto-' + k.code;
  return el('li', { class: 'col-12 col-md-6 col-lg-4', dataset: { ticket: k.code } },
    el('article', { class: 'card shadow-sm h-100', 'aria-labelledby': heading },
      el('div', { class: 'card-body' },
        el('h' + level, { id: heading, class: 'h5' }, t('tk.ticket', { seq: k.seq, type: k.type })),
        k.whoQualifies ? el('p', { class: 'small' }, t('tk.qualifies', { who: k.whoQualifies })) : null,
        el('figure', { class: 'mb-2' },
          el('img', { src: 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(k.qrSvg), width: '200', height: '200',
            alt: t('tk.qr.alt', { seq: k.seq, type: k.type, code: k.code }) }),
          el('figcaption', {}, el('span', { class: 'visually-hidden' }, t('tk.code') + ': '),
            el('span', { class: 'h5 font-monospace', dataset: { code: k.code } }, k.code))),
        k.holderName ? el('p', { class: 'fw-semibold', dataset: { holder: k.code } }, t('tk.holder', { name: k.holderName })) : null,
        el('p', { class: 'mb-0' }, el('span', { class: 'badge ' + (k.admittedAt ? 'bg-secondary' : k.status === 'confirmed' ? 'bg-success' : 'bg-warning text-dark') },
          k.admittedAt ? t('tk.admitted', { when: dateTime(k.admittedAt) }) : t('tk.status.' + k.status))),
        onNamed && mayName(k) ? naming(k, onNamed) : null)));
}

/** A ticket its buyer may still name for someone else: the organiser allows it, not used, before the event. */
function mayName(k) {
  return k.transferable && !k.admittedAt && ['held', 'confirmed'].includes(k.status) && new Date(k.startsAt).getTime() > Date.now();
}

/** "Intesta a un'altra persona": the name of whoever will use the ticket, or taking the name off. */
function naming(k, onNamed) {
  const id = 'intesta-' + k.code;
  const input = el('input', { id, class: 'form-control', type: 'text', maxlength: '120', autocomplete: 'off',
    value: k.holderName || '', 'aria-describedby': id + '-esito' });
  const said = el('p', { id: id + '-esito', role: 'alert', class: 'text-danger fw-semibold mb-0' });
  const send = async (button, holderName) => {
    said.textContent = '';
    try {
      const answer = await busy(button, () => api('POST', '/api/v1/tickets/holder', { code: k.code, holderName }));
      onNamed(answer);
    } catch (e) {
      said.textContent = explain(e);
      focusOn(input);
    }
  };
  const save = el('button', { type: 'submit', class: 'btn btn-outline-primary btn-sm' }, t('tk.name.save'));
  const form = el('form', { class: 'mt-2', novalidate: '' },
    el('label', { for: id, class: 'form-label' }, t('tk.name.label')), input,
    el('div', { class: 'd-flex gap-2 mt-2' }, save,
      k.holderName ? el('button', { type: 'button', class: 'btn btn-link btn-sm', onclick: event => send(event.currentTarget, null) },
        t('tk.name.remove')) : null),
    said);
  form.addEventListener('submit', event => {
    event.preventDefault();
    if (!input.value.trim()) {
      said.textContent = t('tk.name.missing');
      focusOn(input);
      return;
    }
    send(save, input.value.trim());
  });
  return el('details', { class: 'mt-3', dataset: { naming: k.code } }, el('summary', {}, t('tk.name.open')), form);
}
