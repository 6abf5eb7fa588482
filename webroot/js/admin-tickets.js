// An event's tickets on the cooperative's services page (/gestione.html), under each service: its
// ticket types and their prices (GET /api/v1/events/{id}/ticket-types), a form to add one (POST
// /api/v1/provider/services/{id}/ticket-types; from the first, the service is bought by ticket,
// not booked by places), retire one (.../ticket-types/{typeId}/retire) and whether buyers may put a ticket in someone else's name (PUT
// /api/v1/provider/events/{id}/settings). Read when opened, so the page does not ask for every
// service at once.
import { t, api, busy, euro, words } from './sportello.js';
import { el, focusOn, announce } from './dom.js';
import { field, fieldRow, text, integer, cents, clearErrors, showProblem } from './admin-form.js';

/** The tickets panel of {@code service}, closed until opened. */
export function ticketsPanel(service) {
  const body = el('div', { class: 'mt-2' });
  const panel = el('details', { class: 'mt-3', dataset: { ticketsOf: service.id } },
    el('summary', {}, t('atk.open'), el('span', { class: 'visually-hidden' }, ' ' + service.title)), body);
  panel.addEventListener('toggle', () => { if (panel.open && !body.childElementCount) load(service, body); });
  return panel;
}

async function load(service, body) {
  body.replaceChildren(el('p', { role: 'status' }, t('atk.loading')));
  try {
    draw(service, body, await api('GET', '/api/v1/events/' + encodeURIComponent(service.id) + '/ticket-types'));
  } catch (e) {
    body.replaceChildren(el('p', { role: 'alert', class: 'text-danger' }, e.message));
  }
}

function draw(service, body, event) {
  const prefix = 'atk-' + service.id;
  const alert = el('div', { role: 'alert', class: 'alert alert-danger', hidden: true });
  const retire = async (type, button) => {
    if (!confirm(t('atk.retire.confirm', { label: type.label }))) return;
    try {
      await busy(button, () => api('POST', '/api/v1/provider/services/' + encodeURIComponent(service.id) + '/ticket-types/'
        + encodeURIComponent(type.id) + '/retire', {}));
      announce(t('atk.retired', { label: type.label }));
      draw(service, body, { ...event, items: event.items.filter(other => other.id !== type.id) });
      focusOn(body.querySelector('ul, p'));
    } catch (e) {
      alert.replaceChildren(e.message);
      alert.hidden = false;
    }
  };
  const list = event.items.length
    ? el('ul', { class: 'mb-2', tabindex: '-1' }, event.items.map(type => el('li', { class: 'mb-1', dataset: { ticketType: type.code } },
      describe(type), ' ',
      el('button', { type: 'button', class: 'btn btn-link btn-sm p-0 ms-2', onclick: e => retire(type, e.currentTarget) },
        t('atk.retire'), el('span', { class: 'visually-hidden' }, ' ' + type.label)))))
    : el('p', { tabindex: '-1' }, t('atk.none'));
  const transferable = el('input', { id: prefix + '-intestabili', type: 'checkbox', class: 'form-check-input', checked: event.transferable });
  const transferSaid = el('p', { id: prefix + '-intestabili-esito', role: 'status', class: 'small mb-0' });
  transferable.addEventListener('change', async () => {
    try {
      await api('PUT', '/api/v1/provider/events/' + encodeURIComponent(service.id) + '/settings',
        { transferable: transferable.checked });
      transferSaid.textContent = t(transferable.checked ? 'atk.transfer.on' : 'atk.transfer.off');
    } catch (e) {
      transferable.checked = !transferable.checked;
      transferSaid.textContent = e.message;
    }
  });
  const form = el('form', { novalidate: '', class: 'mt-3', 'aria-labelledby': prefix + '-nuovo' },
    el('h4', { class: 'h6', id: prefix + '-nuovo' }, t('atk.add')),
    fieldRow(
      field({ id: prefix + '-nome', pointer: '/label', label: 'atk.label', hint: 'atk.label.hint', width: 'col-md-6' }),
      field({ id: prefix + '-prezzo', pointer: '/priceCents', label: 'atk.price', hint: 'atk.price.hint', inputmode: 'decimal', width: 'col-md-6' })),
    fieldRow(
      field({ id: prefix + '-chi', pointer: '/whoQualifies', label: 'atk.who', hint: 'atk.who.hint', optional: true, width: 'col-md-6' }),
      field({ id: prefix + '-eta', pointer: '/underAge', label: 'atk.age', optional: true, inputmode: 'numeric', width: 'col-md-3' }),
      field({ id: prefix + '-gruppo', pointer: '/minGroup', label: 'atk.group', optional: true, inputmode: 'numeric', width: 'col-md-3' })),
    alert,
    el('button', { type: 'submit', class: 'btn btn-primary btn-sm' }, t('atk.save')));
  form.addEventListener('submit', async submitted => {
    submitted.preventDefault();
    clearErrors(form, alert);
    const label = text(form, prefix + '-nome');
    const type = { code: codeOf(label, event.items), label, priceCents: cents(form, prefix + '-prezzo'),
      whoQualifies: text(form, prefix + '-chi') || null, underAge: integer(form, prefix + '-eta') ?? null,
      minGroup: integer(form, prefix + '-gruppo') ?? null };
    try {
      const added = await busy(form.querySelector('button[type=submit]'), () =>
        api('POST', '/api/v1/provider/services/' + encodeURIComponent(service.id) + '/ticket-types', type));
      announce(t('atk.added', { label: added.label }));
      draw(service, body, { ...event, items: [...event.items, added] });
      focusOn(body.querySelector('[data-ticket-type="' + added.code + '"]') || body);
    } catch (e) {
      showProblem(form, alert, e);
    }
  });
  body.replaceChildren(
    el('p', { class: 'small' }, t('atk.intro')),
    list,
    el('div', { class: 'form-check admin-check' }, transferable,
      el('label', { for: transferable.id, class: 'form-check-label' }, t('atk.transfer'))),
    transferSaid,
    form);
}

/** "Ridotto – 8,00 € · Over 65 e studenti · sotto i 6 anni · almeno 10 persone". */
function describe(type) {
  return [type.label + ' – ' + (type.priceCents ? euro(type.priceCents) : t('atk.free')), type.whoQualifies,
    type.underAge ? t('atk.underAge', { age: type.underAge }) : null,
    type.minGroup ? t('atk.minGroup', { n: type.minGroup }) : null].filter(Boolean).join(' · ');
}

/** The type's code (what a purchase names it by), made from its name: "Ridotto over 65" -> "ridotto-over-65". */
function codeOf(label, existing) {
  const base = (label.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '').replace(/-+$/, '') || 'biglietto').slice(0, 28);
  let code = base;
  for (let n = 2; existing.some(type => type.code === code); n++) code = base + '-' + n;
  return code;
}

words({
  it: {
    'atk.open': 'Biglietti', 'atk.loading': 'Carico i biglietti…',
    'atk.intro': 'Un evento o una visita si vende a biglietti: un biglietto per persona, con il suo prezzo. Dal primo tipo di biglietto il servizio non si prenota più a posti.',
    'atk.none': 'Nessun biglietto: il servizio si prenota a posti, alla sua tariffa.',
    'atk.free': 'gratuito', 'atk.underAge': 'sotto i {age} anni', 'atk.minGroup': 'almeno {n} persone',
    'atk.transfer': 'Chi compra può intestare i biglietti ad altre persone prima dell’evento',
    'atk.transfer.on': 'Ora i biglietti si possono intestare ad altri.', 'atk.transfer.off': 'Ora i biglietti non si possono intestare ad altri.',
    'atk.add': 'Nuovo tipo di biglietto', 'atk.label': 'Nome del biglietto', 'atk.label.hint': 'Per esempio Intero, Ridotto, Gratuito, Gruppo.',
    'atk.price': 'Prezzo per biglietto (€)', 'atk.price.hint': '0 per un biglietto gratuito.',
    'atk.who': 'Chi ne ha diritto', 'atk.who.hint': 'Si legge all’acquisto e si controlla all’ingresso, per esempio «Over 65 e studenti, con un documento».',
    'atk.age': 'Sotto l’età di', 'atk.group': 'Almeno persone (gruppo)',
    'atk.save': 'Aggiungi il biglietto', 'atk.added': 'Biglietto {label} aggiunto.',
    'atk.retire': 'Ritira', 'atk.retired': 'Biglietto {label} ritirato: non si vende più.',
    'atk.retire.confirm': 'Ritirare il biglietto {label}? Non si venderà più; i biglietti già venduti restano validi.',
  },
  en: {
    'atk.open': 'Tickets', 'atk.loading': 'Loading the tickets…',
    'atk.intro': 'An event or visit is sold by ticket: one ticket per person, at its price. From the first ticket type on, the service is no longer booked by places.',
    'atk.none': 'No tickets: the service is booked by places, at its tariff.',
    'atk.free': 'free', 'atk.underAge': 'under {age}', 'atk.minGroup': 'at least {n} people',
    'atk.transfer': 'Buyers may put tickets in someone else’s name before the event',
    'atk.transfer.on': 'Tickets can now be put in someone else’s name.', 'atk.transfer.off': 'Tickets can no longer be put in someone else’s name.',
    'atk.add': 'New ticket type', 'atk.label': 'Ticket name', 'atk.label.hint': 'For example Full, Reduced, Free, Group.',
    'atk.price': 'Price per ticket (€)', 'atk.price.hint': '0 for a free ticket.',
    'atk.who': 'Who qualifies', 'atk.who.hint': 'Shown when buying and checked at the door, for example “Over 65 and students, with an ID”.',
    'atk.age': 'Under the age of', 'atk.group': 'At least (group)',
    'atk.save': 'Add the ticket', 'atk.added': 'Ticket {label} added.',
    'atk.retire': 'Retire', 'atk.retired': 'Ticket {label} retired: no longer sold.',
    'atk.retire.confirm': 'Retire the {label} ticket? It will no longer be sold; tickets already sold stay valid.',
  },
});
