// Booking on the caller's behalf, from the screen pop: search a service, pick a free slot, hold it
// for the caller (POST /api/v1/bookings/holds with forPerson = the pop's person), then confirm.
// The booking records the caller as person and the operator as acted_by. Paying with the caller's
// welfare credit only asks for it: the caller approves in their personal area or at a kiosk, or
// tells the operator their kiosk PIN (POST /welfare/consents/{id}/approve-with-pin).

import { words, t, api, busy, showError, euro, Problem } from './sportello.js';
import { byId, el, fill, announce } from './dom.js';
import { addDays, clock, dayName, romeDay } from './time.js';
import { areaLabel } from './areas.js';

words({
  it: {
    'book.title': 'Prenota per {name}', 'book.titleNobody': 'Prenota per chi chiama',
    'book.search': 'Cerca un servizio', 'book.search.hint': 'Per esempio: assistenza domiciliare, centro estivo, doposcuola.',
    'book.from': 'Dal giorno', 'book.searchButton': 'Cerca',
    'book.results': 'Servizi trovati', 'book.found': '{n} servizi trovati.', 'book.foundOne': '1 servizio trovato.',
    'book.none': 'Nessun servizio trovato. Prova con altre parole.',
    'book.tariff': '{price} all’ora', 'book.tariff.unit': '{price} ({unit})', 'book.next': 'Primo posto libero: {when}',
    'book.noNext': 'Nessun posto libero in calendario.',
    'book.choose': 'Vedi gli orari', 'book.slots': 'Orari liberi di {service}', 'book.slotsFrom': 'dal {from} al {to}',
    'book.noSlots': 'Nessun posto libero in questi giorni. Prova da un altro giorno.',
    'book.slot': '{from}–{to}, {free} posti liberi', 'book.slotOne': '{from}–{to}, 1 posto libero',
    'book.held': 'Posto tenuto per {name}: {service}, {when}.',
    'book.heldUntil': 'Il posto resta tenuto fino alle {time}: conferma quando chi chiama è d’accordo.',
    'book.confirm': 'Conferma la prenotazione', 'book.release': 'Lascia libero il posto',
    'book.confirmed': 'Prenotazione confermata per {name}: {service}, {when}. Codice da dire a chi chiama: {code}.',
    'book.released': 'Il posto è di nuovo libero.',
    'book.needPerson': 'Per prenotare serve una persona registrata con questo numero.',
    'book.welfare': 'Chiedi di pagare con il credito welfare di chi chiama',
    'book.welfare.hint': 'Il credito non si tocca finché la persona non approva: nella sua area personale, al totem, o dicendoti il suo PIN del totem.',
    'book.consent': 'Richiesta inviata: {amount} dal credito welfare di {name}, in attesa della sua approvazione.',
    'book.consent.pin': 'PIN del totem detto da chi chiama', 'book.consent.approve': 'Approva con il PIN',
    'book.consent.done': 'Pagamento approvato con il PIN: {amount} tolti dal credito welfare di {name}.',
    'book.exception.label': 'Motivo dell’eccezione alla residenza',
    'book.exception.hint': 'Chi chiama non risiede nei comuni del servizio. Se va prenotato comunque, scrivi perché: il motivo resta nella storia della prenotazione.',
    'book.exception.go': 'Prenota comunque', 'book.exception.needReason': 'Scrivi il motivo dell’eccezione (almeno 3 caratteri).',
  },
  en: {
    'book.title': 'Book for {name}', 'book.titleNobody': 'Book for the caller',
    'book.search': 'Search for a service', 'book.search.hint': 'For example: home care, summer camp, after-school club.',
    'book.from': 'From', 'book.searchButton': 'Search',
    'book.results': 'Services found', 'book.found': '{n} services found.', 'book.foundOne': '1 service found.',
    'book.none': 'No service found. Try other words.',
    'book.tariff': '{price} an hour', 'book.tariff.unit': '{price} ({unit})', 'book.next': 'First free place: {when}',
    'book.noNext': 'No free place in the calendar.',
    'book.choose': 'See the times', 'book.slots': 'Free times of {service}', 'book.slotsFrom': 'from {from} to {to}',
    'book.noSlots': 'No free place in these days. Try from another day.',
    'book.slot': '{from}–{to}, {free} places free', 'book.slotOne': '{from}–{to}, 1 place free',
    'book.held': 'Place held for {name}: {service}, {when}.',
    'book.heldUntil': 'The place stays held until {time}: confirm when the caller agrees.',
    'book.confirm': 'Confirm the booking', 'book.release': 'Release the place',
    'book.confirmed': 'Booking confirmed for {name}: {service}, {when}. Code to tell the caller: {code}.',
    'book.released': 'The place is free again.',
    'book.needPerson': 'Booking needs a registered person with this number.',
    'book.welfare': 'Ask to pay with the caller’s welfare credit',
    'book.welfare.hint': 'The credit is not touched until the person approves: in their personal area, at a kiosk, or by telling you their kiosk PIN.',
    'book.consent': 'Request sent: {amount} from {name}’s welfare credit, waiting for their approval.',
    'book.consent.pin': 'Kiosk PIN told by the caller', 'book.consent.approve': 'Approve with the PIN',
    'book.consent.done': 'Payment approved with the PIN: {amount} taken from {name}’s welfare credit.',
    'book.exception.label': 'Reason for the residency exception',
    'book.exception.hint': 'The caller does not live in the municipalities of this service. If it must be booked anyway, say why: the reason stays in the booking’s history.',
    'book.exception.go': 'Book anyway', 'book.exception.needReason': 'Write the reason for the exception (at least 3 characters).',
  },
});

const DAYS = 14;

/** "sabato 28 novembre, 10:00" */
function when(startIso) {
  return dayName(startIso) + ', ' + clock(startIso);
}

/** {@code person()} gives the caller's person ({id, name}) from the screen pop, or null. */
export function startBooking(person) {
  const state = { services: null, service: null, availability: null, booking: null, confirmed: null, consent: null,
    payWithWelfare: false };
  byId('dal-giorno').value = romeDay();

  function fail(e) {
    showError(byId('prenota-errore'), e);
  }

  function title() {
    const p = person();
    byId('prenota-titolo').textContent = p ? t('book.title', { name: p.name }) : t('book.titleNobody');
  }

  function renderServices() {
    const box = byId('servizi');
    if (!state.services) {
      box.replaceChildren();
      return;
    }
    const items = state.services;
    fill(box,
      el('h4', { id: 'servizi-titolo', tabindex: '-1' }, t('book.results')),
      items.length === 0 ? el('p', {}, t('book.none')) : el('ul', { class: 'cards services' }, items.map(s => {
        const titleId = 'servizio-' + s.id;
        return el('li', { class: 'card', dataset: { service: s.id } },
          el('h5', { id: titleId }, s.title),
          el('p', { class: 'hint' }, s.provider ? s.provider.name : '', ' · ', areaLabel(s.area)),
          el('p', {}, s.tariff ? (s.tariff.unit === 'hour' ? t('book.tariff', { price: euro(s.tariff.cents) })
            : t('book.tariff.unit', { price: euro(s.tariff.cents), unit: s.tariff.unit })) : ''),
          el('p', { class: 'hint' }, s.nextFree ? t('book.next', { when: when(s.nextFree.start) }) : t('book.noNext')),
          el('button', { type: 'button', class: 'secondary scegli', 'aria-describedby': titleId,
            onclick: () => chooseService(s) }, t('book.choose')));
      })));
  }

  function renderSlots() {
    const box = byId('orari');
    const a = state.availability;
    if (!a || !state.service) {
      box.replaceChildren();
      return;
    }
    const free = (a.slots || []).filter(s => s.free > 0);
    const byDay = new Map();
    for (const slot of free) {
      const key = romeDay(slot.start);
      if (!byDay.has(key)) byDay.set(key, []);
      byDay.get(key).push(slot);
    }
    const p = person();
    fill(box,
      el('h4', { id: 'orari-titolo', tabindex: '-1' }, t('book.slots', { service: state.service.title })),
      el('p', { class: 'hint' }, t('book.slotsFrom', { from: dayName(a.from), to: dayName(a.to) })),
      free.length === 0 ? el('p', {}, t('book.noSlots')) : el('div', { class: 'slot-days' }, [...byDay.entries()].map(([date, slots]) => {
        const dayId = 'giorno-' + date;
        return el('section', { class: 'slot-day', 'aria-labelledby': dayId },
          el('h5', { id: dayId }, dayName(date)),
          el('ul', { class: 'slots' }, slots.map(slot => el('li', {},
            el('button', {
              type: 'button', class: 'secondary slot', dataset: { slot: slot.id }, disabled: !p,
              onclick: event => hold(slot, event.currentTarget),
            }, slot.free === 1 ? t('book.slotOne', { from: clock(slot.start), to: clock(slot.end) })
              : t('book.slot', { from: clock(slot.start), to: clock(slot.end), free: slot.free }))))));
      })),
      p ? null : el('p', { class: 'hint' }, t('book.needPerson')));
  }

  function renderHeld() {
    const box = byId('tenuta');
    const p = person();
    const b = state.booking;
    if (state.confirmed) {
      const c = state.confirmed;
      box.replaceChildren(el('p', { class: 'notice ok', id: 'prenotazione-fatta', tabindex: '-1', dataset: { booking: c.id } },
        t('book.confirmed', { name: p ? p.name : '', service: c.serviceTitle || state.service.title, when: when(c.start), code: c.code })),
        consentBox(p));
      return;
    }
    if (!b) {
      box.replaceChildren();
      return;
    }
    box.replaceChildren(el('div', { class: 'notice', dataset: { booking: b.id } },
      el('p', {}, t('book.held', { name: p ? p.name : '', service: b.serviceTitle || state.service.title, when: when(b.start) })),
      b.holdExpiresAt ? el('p', { class: 'hint' }, t('book.heldUntil', { time: clock(b.holdExpiresAt) })) : null,
      state.service && state.service.welfareLetter ? el('p', { class: 'check' },
        el('input', { type: 'checkbox', id: 'paga-welfare', checked: state.payWithWelfare, 'aria-describedby': 'paga-welfare-aiuto',
          onchange: event => { state.payWithWelfare = event.currentTarget.checked; } }),
        el('label', { for: 'paga-welfare' }, t('book.welfare')),
        el('span', { id: 'paga-welfare-aiuto', class: 'hint' }, ' ' + t('book.welfare.hint'))) : null,
      el('div', { class: 'row' },
        el('button', { type: 'button', id: 'conferma', onclick: event => confirm(event.currentTarget) }, t('book.confirm')),
        el('button', { type: 'button', id: 'rilascia', class: 'secondary', onclick: event => release(event.currentTarget) },
          t('book.release')))));
  }

  /** The consent request a welfare payment made, and the PIN the caller may tell to approve it there and then. */
  function consentBox(p) {
    const consent = state.consent;
    if (!consent) return null;
    const say = { amount: euro(consent.amountCents), name: p ? p.name : '' };
    if (consent.status !== 'pending') {
      return el('p', { class: 'notice ok', id: 'consenso-fatto', tabindex: '-1', dataset: { consent: consent.id } },
        t('book.consent.done', say));
    }
    const pin = el('input', { id: 'pin-consenso', type: 'password', inputmode: 'numeric', autocomplete: 'off',
      pattern: '[0-9]{4,8}', maxlength: '8', required: true });
    return el('form', { class: 'notice', id: 'consenso', dataset: { consent: consent.id },
      onsubmit: event => approveWithPin(event, pin) },
      el('p', {}, t('book.consent', say)),
      el('label', { for: 'pin-consenso' }, t('book.consent.pin')), pin,
      el('button', { type: 'submit', id: 'approva-pin' }, t('book.consent.approve')));
  }

  async function approveWithPin(event, pin) {
    event.preventDefault();
    byId('prenota-errore').hidden = true;
    try {
      state.consent = await busy(byId('approva-pin'), () => api('POST', '/api/v1/welfare/consents/' + state.consent.id
        + '/approve-with-pin', { pin: pin.value }));
      renderHeld();
      byId('consenso-fatto').focus();
    } catch (e) {
      pin.value = '';
      fail(e);
    }
  }

  async function search(event) {
    event.preventDefault();
    byId('prenota-errore').hidden = true;
    const q = byId('cerca-servizio').value.trim();
    const params = new URLSearchParams({ size: '10' });
    if (q) params.set('q', q);
    try {
      const result = await busy(byId('cerca'), () => api('GET', '/api/v1/services?' + params));
      state.services = result.items || [];
      state.service = null;
      state.availability = null;
      renderServices();
      renderSlots();
      announce(state.services.length === 1 ? t('book.foundOne') : t('book.found', { n: state.services.length }));
      const first = document.querySelector('#servizi .scegli');
      (first || byId('servizi-titolo')).focus();
    } catch (e) {
      fail(e);
    }
  }

  async function chooseService(service) {
    byId('prenota-errore').hidden = true;
    const from = byId('dal-giorno').value || romeDay();
    const to = addDays(from, DAYS - 1);
    try {
      state.availability = await api('GET', '/api/v1/services/' + service.id + '/availability?from=' + from + '&to=' + to);
      state.service = service;
      state.booking = null;
      state.confirmed = null;
      state.consent = null;
      renderSlots();
      renderHeld();
      const first = document.querySelector('#orari button.slot:not([disabled])');
      (first || byId('orari-titolo')).focus();
    } catch (e) {
      fail(e);
    }
  }

  /** Holds {@code slot} for the caller; {@code residencyOverride} is the operator's reason to book a non-resident. */
  async function hold(slot, button, residencyOverride) {
    byId('prenota-errore').hidden = true;
    const p = person();
    if (!p) {
      fail(new Problem(422, { detail: t('book.needPerson') }));
      return;
    }
    const body = { slotId: slot.id, forPerson: p.id };
    if (residencyOverride) body.residencyOverride = residencyOverride;
    try {
      if (state.booking) await api('POST', '/api/v1/bookings/' + state.booking.id + '/cancel', {}).catch(() => null);
      state.booking = await busy(button, () => api('POST', '/api/v1/bookings/holds', body));
      state.confirmed = null;
      state.consent = null;
      renderHeld();
      byId('conferma').focus();
    } catch (e) {
      if (!residencyOverride && e instanceof Problem && String(e.body.type || '').endsWith('/not-resident')) {
        offerException(slot);
      }
      fail(e);
    }
  }

  /**
   * In-person services are for residents of the municipalities they serve; an operator may book
   * one for someone else with a reason, which the server keeps with the booking.
   */
  function offerException(slot) {
    const reason = el('input', { id: 'motivo-residenza', type: 'text', maxlength: '500', 'aria-describedby': 'motivo-aiuto' });
    fill(byId('tenuta'),
      el('label', { for: 'motivo-residenza' }, t('book.exception.label')),
      reason,
      el('p', { id: 'motivo-aiuto', class: 'hint' }, t('book.exception.hint')),
      el('button', { type: 'button', id: 'prenota-comunque', onclick: event => {
        const why = reason.value.trim();
        if (why.length < 3) {
          fail(new Problem(422, { detail: t('book.exception.needReason') }));
          reason.focus();
          return;
        }
        hold(slot, event.currentTarget, why);
      } }, t('book.exception.go')));
  }

  async function confirm(button) {
    byId('prenota-errore').hidden = true;
    try {
      const body = state.service && state.service.welfareLetter && state.payWithWelfare ? { payWithWelfare: true } : {};
      const answer = await busy(button, () => api('POST', '/api/v1/bookings/' + state.booking.id + '/confirm', body));
      // 202: confirmed unpaid, with a request for the caller's consent to pay with their credit.
      const confirmed = answer.welfareConsent ? answer.booking : answer;
      state.consent = answer.welfareConsent || null;
      state.confirmed = { ...state.booking, ...confirmed };
      state.booking = null;
      renderHeld();
      // The slot list shows one place fewer.
      if (state.service) await chooseServiceQuietly(state.service);
      byId('prenotazione-fatta').focus();
    } catch (e) {
      fail(e);
    }
  }

  async function chooseServiceQuietly(service) {
    try {
      const from = byId('dal-giorno').value || romeDay();
      state.availability = await api('GET', '/api/v1/services/' + service.id + '/availability?from=' + from
        + '&to=' + addDays(from, DAYS - 1));
      renderSlots();
    } catch (e) { /* the list is only a little out of date */ }
  }

  async function release(button) {
    byId('prenota-errore').hidden = true;
    try {
      await busy(button, () => api('POST', '/api/v1/bookings/' + state.booking.id + '/cancel', {}));
      state.booking = null;
      renderHeld();
      announce(t('book.released'));
      const first = document.querySelector('#orari button.slot:not([disabled])');
      if (first) first.focus();
    } catch (e) {
      fail(e);
    }
  }

  byId('modulo-cerca').addEventListener('submit', search);

  return {
    /** A new caller on screen (or none): start afresh. */
    forCaller(caller) {
      const p = caller && caller.person;
      byId('prenota').hidden = !p;
      state.services = null;
      state.service = null;
      state.availability = null;
      state.booking = null;
      state.confirmed = null;
      state.consent = null;
      state.payWithWelfare = false;
      title();
      renderServices();
      renderSlots();
      renderHeld();
    },
    focus() {
      if (!byId('prenota').hidden) byId('cerca-servizio').focus();
    },
    relabel() {
      title();
      renderServices();
      renderSlots();
      renderHeld();
    },
  };
}
