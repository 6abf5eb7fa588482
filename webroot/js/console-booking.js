// The console's one booking panel, for someone else: the caller on the phone or the citizen of a
// chat (one console for phone, chat and booking). Search a service (where it is offered, whether
// the person lives there), pick a time one day at a time (slot-picker.js, the portal's picker),
// hold it for the person (POST /api/v1/bookings/holds with forPerson) right under the chosen time,
// answer the service's intake questions (intake-form.js), confirm. Held and confirmed messages say
// the day, start and end, and the price: the person's own quote (price-detail.js: unit, quantity,
// ISEE band, discount), which is what is charged. The booking records the person as its person and
// the staff member as acted_by. How it is paid: at the provider ("da pagare", the default), or with
// the person's welfare credit, which is only asked for: they approve in their personal area or at a
// kiosk, or tell their kiosk PIN (POST /welfare/consents/{id}/approve-with-pin). Card payments are
// made by the person alone, online: the console sends no payment link.

import { words, t, api, busy, showError, euro, Problem } from './sportello.js';
import { byId, el, fill, announce, focusOn } from './dom.js';
import { clock, dayName, romeDay } from './time.js';
import { areaLabel } from './areas.js';
import { createSlotPicker, durationText } from './slot-picker.js';
import { renderIntake, readIntake, showIntakeErrors, isIntakeProblem } from './intake-form.js';
import { priceDetail, isQuote, shortPrice, tariffWords } from './price-detail.js';

words({
  it: {
    'book.title': 'Prenota per {name}',
    'book.forCall': 'Chi chiama: {name}.', 'book.forChat': 'Dalla chat con {name}.', 'book.livesIn': 'Risiede a {place}.',
    'book.search': 'Cerca un servizio', 'book.search.hint': 'Per esempio: assistenza domiciliare, centro estivo, doposcuola.',
    'book.from': 'Dal giorno', 'book.searchButton': 'Cerca',
    'book.results': 'Servizi trovati', 'book.found': '{n} servizi trovati.', 'book.foundOne': '1 servizio trovato.',
    'book.none': 'Nessun servizio trovato. Prova con altre parole.',
    'book.unit.hour': 'all’ora', 'book.unit.session': 'a incontro', 'book.unit.week': 'a settimana', 'book.unit.month': 'al mese',
    'book.next': 'Primo posto libero: {when}', 'book.noNext': 'Nessun posto libero in calendario.',
    'book.where': 'Per chi risiede a: {places}.', 'book.everywhere': 'Per chi risiede in qualsiasi comune.',
    'book.notResident': '{name} non risiede in questi comuni: per prenotare serve il motivo dell’eccezione.',
    'book.choose': 'Vedi gli orari', 'book.slots': 'Orari liberi di {service}',
    'book.price': '{duration} · {price}', 'book.priceUnit': '{duration} · {tariff}',
    'book.held': 'Posto tenuto per {name}: {service}, {when}, {price}.',
    'book.heldUntil': 'Il posto resta tenuto fino alle {time}: conferma quando {who} è d’accordo.',
    'book.who.call': 'chi chiama', 'book.who.chat': 'il cittadino',
    'book.confirm': 'Conferma la prenotazione', 'book.release': 'Lascia libero il posto',
    'book.confirmed': 'Prenotazione confermata per {name}: {service}, {when}, {price}. Codice da dire: {code}.',
    'book.released': 'Il posto è di nuovo libero.',
    'book.pay': 'Come paga', 'book.pay.provider': 'Presso la cooperativa: da pagare {amount}',
    'book.pay.provider.hint': 'La prenotazione è confermata subito; la persona paga alla cooperativa in contanti, con POS o con bonifico.',
    'book.pay.noCard': 'Con carta paga solo la persona, quando prenota da sé online: dalla console non si manda un link di pagamento.',
    'book.due': 'Da pagare presso la cooperativa: {amount}.',
    'book.welfare': 'Chiedi di pagare con il credito welfare della persona',
    'book.welfare.hint': 'Il credito non si tocca finché la persona non approva: nella sua area personale, al totem, o dicendoti il suo PIN del totem.',
    'book.consent': 'Richiesta inviata: {amount} dal credito welfare di {name}, in attesa della sua approvazione.',
    'book.consent.pin': 'PIN del totem detto dalla persona', 'book.consent.approve': 'Approva con il PIN',
    'book.consent.done': 'Pagamento approvato con il PIN: {amount} tolti dal credito welfare di {name}.',
    'book.exception.label': 'Motivo dell’eccezione alla residenza',
    'book.exception.hint': '{name} non risiede nei comuni del servizio. Se va prenotato comunque, scrivi perché: il motivo resta nella storia della prenotazione.',
    'book.exception.go': 'Prenota comunque', 'book.exception.needReason': 'Scrivi il motivo dell’eccezione (almeno 3 caratteri).',
  },
  en: {
    'book.title': 'Book for {name}',
    'book.forCall': 'Caller: {name}.', 'book.forChat': 'From the chat with {name}.', 'book.livesIn': 'Lives in {place}.',
    'book.search': 'Search for a service', 'book.search.hint': 'For example: home care, summer camp, after-school club.',
    'book.from': 'From', 'book.searchButton': 'Search',
    'book.results': 'Services found', 'book.found': '{n} services found.', 'book.foundOne': '1 service found.',
    'book.none': 'No service found. Try other words.',
    'book.unit.hour': 'an hour', 'book.unit.session': 'a session', 'book.unit.week': 'a week', 'book.unit.month': 'a month',
    'book.next': 'First free place: {when}', 'book.noNext': 'No free place in the calendar.',
    'book.where': 'For residents of: {places}.', 'book.everywhere': 'For residents of any municipality.',
    'book.notResident': '{name} does not live in these municipalities: booking needs a reason for the exception.',
    'book.choose': 'See the times', 'book.slots': 'Free times of {service}',
    'book.price': '{duration} · {price}', 'book.priceUnit': '{duration} · {tariff}',
    'book.held': 'Place held for {name}: {service}, {when}, {price}.',
    'book.heldUntil': 'The place stays held until {time}: confirm when {who} agrees.',
    'book.who.call': 'the caller', 'book.who.chat': 'the citizen',
    'book.confirm': 'Confirm the booking', 'book.release': 'Release the place',
    'book.confirmed': 'Booking confirmed for {name}: {service}, {when}, {price}. Code to tell them: {code}.',
    'book.released': 'The place is free again.',
    'book.pay': 'How they pay', 'book.pay.provider': 'At the cooperative: {amount} to pay',
    'book.pay.provider.hint': 'The booking is confirmed at once; the person pays the cooperative in cash, by card terminal or by bank transfer.',
    'book.pay.noCard': 'Only the person pays by card, when booking online themselves: the console sends no payment link.',
    'book.due': 'To pay at the cooperative: {amount}.',
    'book.welfare': 'Ask to pay with the person’s welfare credit',
    'book.welfare.hint': 'The credit is not touched until the person approves: in their personal area, at a kiosk, or by telling you their kiosk PIN.',
    'book.consent': 'Request sent: {amount} from {name}’s welfare credit, waiting for their approval.',
    'book.consent.pin': 'Kiosk PIN told by the person', 'book.consent.approve': 'Approve with the PIN',
    'book.consent.done': 'Payment approved with the PIN: {amount} taken from {name}’s welfare credit.',
    'book.exception.label': 'Reason for the residency exception',
    'book.exception.hint': '{name} does not live in the municipalities of this service. If it must be booked anyway, say why: the reason stays in the booking’s history.',
    'book.exception.go': 'Book anyway', 'book.exception.needReason': 'Write the reason for the exception (at least 3 characters).',
  },
});

// Staff say why they cancel (the booking API requires it of them, for the audit log); these are
// the console's reasons for a place it held and let go, in Italian whatever the screen's language.
const LET_GO = 'Posto tenuto dalla console e lasciato libero prima della conferma.';
const OTHER_TIME = 'Posto tenuto dalla console e lasciato per un altro orario.';

/** "venerdì 11 dicembre, 10:00–11:00" */
function when(start, end) {
  return dayName(start) + ', ' + clock(start) + '–' + clock(end);
}

/** The municipalities by ISTAT code (GET /api/v1/municipalities), read once, to name where a service is offered. */
let places = null;
function loadPlaces() {
  places = places || api('GET', '/api/v1/municipalities').then(answer => new Map((answer.items || []).map(p => [p.code, p.name])))
    .catch(() => new Map());
  return places;
}

/**
 * What a time costs for one place, as the catalog lists it ("2 ore · 42,00 €": part A's price rule,
 * hours pro rata of the real minutes); a week or month service's time has no price of its own.
 */
export function priceText(service, slot) {
  const minutes = Math.round((new Date(slot.end) - new Date(slot.start)) / 60000);
  if (slot.price && typeof slot.price.cents === 'number') return shortPrice(minutes, slot.price.cents);
  const tariff = (slot.price && slot.price.unit) ? { unit: slot.price.unit, cents: slot.price.unitCents } : service && service.tariff;
  return tariff ? t('book.priceUnit', { duration: durationText(slot.start, slot.end), tariff: tariffWords(tariff.unit, tariff.cents) })
    : durationText(slot.start, slot.end);
}

/**
 * The panel. {@code forPerson({source: 'call'|'chat', person: {id, name, municipality?,
 * municipalityName?}, onBooked(booking)})} opens it for someone; {@code release(source)} closes it
 * when that source's person goes away.
 */
export function startBooking() {
  const state = { target: null, services: null, service: null, picker: null, host: null, slot: null,
    booking: null, confirmed: null, consent: null, payWithWelfare: false, names: new Map() };
  byId('dal-giorno').value = romeDay();
  loadPlaces().then(names => {
    state.names = names;
    renderServices();
  });

  function person() {
    return state.target ? state.target.person : null;
  }

  function fail(e) {
    showError(byId('prenota-errore'), e);
  }

  function clearFail() {
    byId('prenota-errore').hidden = true;
  }

  function title() {
    const target = state.target;
    if (!target) return;
    const p = target.person;
    byId('prenota-titolo').textContent = t('book.title', { name: p.name });
    const place = p.municipalityName || p.municipality;
    byId('prenota-per').textContent = t(target.source === 'chat' ? 'book.forChat' : 'book.forCall', { name: p.name })
      + (place ? ' ' + t('book.livesIn', { place }) : '');
  }

  function placeNames(codes) {
    return codes.map(code => state.names.get(code) || code).join(', ');
  }

  function tariffLine(s) {
    return s.tariff ? euro(s.tariff.cents) + ' ' + t('book.unit.' + s.tariff.unit) : '';
  }

  function renderServices() {
    const box = byId('servizi');
    if (!state.services) {
      box.replaceChildren();
      return;
    }
    const p = person();
    fill(box,
      el('h3', { id: 'servizi-titolo', class: 'h5 mt-4', tabindex: '-1' }, t('book.results')),
      state.services.length === 0 ? el('p', {}, t('book.none')) : el('ul', { class: 'service-list' }, state.services.map(s => {
        const titleId = 'servizio-' + s.id;
        const served = s.municipalities || [];
        const away = p && p.municipality && served.length > 0 && !served.includes(p.municipality);
        return el('li', { class: 'card card-bg no-after', dataset: { service: s.id } }, el('div', { class: 'card-body' },
          el('h4', { id: titleId, class: 'card-title' }, s.title),
          el('p', { class: 'mb-1' }, s.provider ? s.provider.name : '', ' · ', areaLabel(s.area)),
          el('p', { class: 'mb-1 fw-semibold' }, tariffLine(s)),
          el('p', { class: 'mb-1 service-where' }, served.length ? t('book.where', { places: placeNames(served) }) : t('book.everywhere')),
          away ? el('p', { class: 'mb-1 text-danger fw-semibold service-away' }, t('book.notResident', { name: p.name })) : null,
          el('p', { class: 'mb-2' }, s.nextFree ? t('book.next', { when: when(s.nextFree.start, s.nextFree.end) }) : t('book.noNext')),
          el('button', { type: 'button', class: 'btn btn-outline-primary scegli', 'aria-describedby': titleId,
            onclick: () => chooseService(s) }, t('book.choose'))));
      })));
  }

  async function search(event) {
    event.preventDefault();
    clearFail();
    const q = byId('cerca-servizio').value.trim();
    const params = new URLSearchParams({ size: '10' });
    if (q) params.set('q', q);
    try {
      const result = await busy(byId('cerca'), () => api('GET', '/api/v1/services?' + params));
      state.services = result.items || [];
      closeService();
      renderServices();
      announce(state.services.length === 1 ? t('book.foundOne') : t('book.found', { n: state.services.length }));
      const first = document.querySelector('#servizi .scegli');
      (first || byId('servizi-titolo')).focus();
    } catch (e) {
      fail(e);
    }
  }

  function closeService() {
    state.service = null;
    state.picker = null;
    state.host = null;
    state.slot = null;
    state.booking = null;
    state.confirmed = null;
    state.consent = null;
    state.payWithWelfare = false;
    byId('orari').replaceChildren();
  }

  /** The service's times, one day at a time; the first free time gets the focus. */
  function chooseService(service) {
    clearFail();
    closeService();
    state.service = service;
    const box = el('div', {});
    fill(byId('orari'), el('h3', { id: 'orari-titolo', class: 'h5 mt-4', tabindex: '-1' }, t('book.slots', { service: service.title })), box);
    const from = byId('dal-giorno').value || romeDay();
    let first = true;
    state.picker = createSlotPicker(box, {
      idPrefix: 'orari',
      firstDay: from < romeDay() ? romeDay() : from,
      load: async (start, end) => (await api('GET', '/api/v1/services/' + service.id + '/availability?from=' + start + '&to=' + end)).slots || [],
      priceText: slot => priceText(service, slot),
      onWindow: () => {
        // Once the first day is drawn, the keyboard goes on from its first free time.
        if (!first) return;
        first = false;
        setTimeout(() => {
          const button = byId('orari').querySelector('button[data-choose]');
          focusOn(button || byId('orari-titolo'));
        }, 0);
      },
      onChoose: (slot, host) => {
        hold(slot, host);
      },
      onError: fail,
    });
  }

  /** Holds {@code slot} for the person; {@code residencyOverride} is the staff member's reason to book a non-resident. */
  async function hold(slot, host, residencyOverride, button) {
    clearFail();
    const p = person();
    if (!p) return;
    state.host = host;
    state.slot = slot;
    const body = { slotId: slot.id, forPerson: p.id };
    if (residencyOverride) body.residencyOverride = residencyOverride;
    try {
      if (state.booking) await api('POST', '/api/v1/bookings/' + state.booking.id + '/cancel', { reason: OTHER_TIME }).catch(() => null);
      state.booking = null;
      const request = () => api('POST', '/api/v1/bookings/holds', body);
      state.booking = await (button ? busy(button, request) : request());
      state.confirmed = null;
      state.consent = null;
      renderHeld();
      byId('conferma').focus();
    } catch (e) {
      if (!residencyOverride && e instanceof Problem && String(e.body.type || '').endsWith('/not-resident')) {
        offerException(slot, host);
      } else {
        host.replaceChildren();
      }
      fail(e);
    }
  }

  /**
   * In-person services are for residents of the municipalities they serve; staff may book one for
   * someone else with a reason, which the server keeps with the booking.
   */
  function offerException(slot, host) {
    const p = person();
    const reason = el('input', { id: 'motivo-residenza', type: 'text', class: 'form-control', maxlength: '500',
      'aria-describedby': 'motivo-aiuto' });
    fill(host, el('div', { class: 'callout mt-2' }, el('div', { class: 'mb-2' },
      el('label', { for: 'motivo-residenza', class: 'form-label' }, t('book.exception.label')),
      reason,
      el('small', { id: 'motivo-aiuto', class: 'form-text' }, t('book.exception.hint', { name: p ? p.name : '' }))),
    el('button', { type: 'button', id: 'prenota-comunque', class: 'btn btn-primary', onclick: event => {
      const why = reason.value.trim();
      if (why.length < 3) {
        fail(new Problem(422, { detail: t('book.exception.needReason') }));
        reason.focus();
        return;
      }
      hold(slot, host, why, event.currentTarget);
    } }, t('book.exception.go'))));
  }

  /** The booking's price as charged (the person's quote), else the time's listed price. */
  function priceOf(b) {
    if (typeof b.priceCents !== 'number') return priceText(state.service, b);
    return shortPrice(Math.round((new Date(b.end) - new Date(b.start)) / 60000), b.priceCents);
  }

  /** At the provider (the default) or the person's credit, asked of them; never a card from here. */
  function paymentChoice(b) {
    if (b.priceCents === 0) return null;
    const amount = euro(typeof b.priceCents === 'number' ? b.priceCents : 0);
    const option = (id, checked, label, hint, welfare) => el('div', { class: 'form-check' },
      el('input', { type: 'radio', name: 'paga-console', id, checked, 'aria-describedby': id + '-aiuto',
        onchange: () => { state.payWithWelfare = welfare; } }),
      el('label', { for: id }, label),
      el('small', { id: id + '-aiuto', class: 'form-text d-block' }, hint));
    return el('fieldset', { class: 'mt-2', id: 'paga' },
      el('legend', { class: 'h6' }, t('book.pay')),
      option('paga-ente', !state.payWithWelfare, t('book.pay.provider', { amount }), t('book.pay.provider.hint'), false),
      state.service.welfareLetter ? option('paga-welfare', state.payWithWelfare, t('book.welfare'), t('book.welfare.hint'), true) : null,
      el('p', { class: 'form-text', id: 'paga-carta' }, t('book.pay.noCard')));
  }

  function renderHeld() {
    const host = state.host;
    if (!host) return;
    const p = person();
    const name = p ? p.name : '';
    if (state.confirmed) {
      const c = state.confirmed;
      const due = !state.consent && c.priceCents > 0 && !c.paidWithWelfareCents;
      fill(host, el('div', { class: 'alert alert-success mt-2', id: 'prenotazione-fatta', tabindex: '-1', dataset: { booking: c.id } },
        t('book.confirmed', { name, service: c.serviceTitle || state.service.title, when: when(c.start, c.end), price: priceOf(c), code: c.code }),
        due ? ' ' + t('book.due', { amount: euro(c.priceCents) }) : null),
      consentBox(name));
      return;
    }
    const b = state.booking;
    if (!b) {
      host.replaceChildren();
      return;
    }
    const intake = el('div', { class: 'intake-box' });
    renderIntake(intake, state.service.intake || [], { idPrefix: 'prenota-intake' });
    fill(host, el('div', { class: 'callout mt-2 held', dataset: { booking: b.id } },
      el('p', { class: 'fw-semibold' }, t('book.held', { name, service: b.serviceTitle || state.service.title, when: when(b.start, b.end),
        price: priceOf(b) })),
      isQuote(b.price) ? priceDetail(b.price, 'console-prezzo') : null,
      b.holdExpiresAt ? el('p', {}, t('book.heldUntil', { time: clock(b.holdExpiresAt),
        who: t(state.target && state.target.source === 'chat' ? 'book.who.chat' : 'book.who.call') })) : null,
      intake,
      paymentChoice(b),
      el('div', { class: 'd-flex flex-wrap gap-2 align-items-end mt-2' },
        el('button', { type: 'button', id: 'conferma', class: 'btn btn-primary', onclick: event => confirm(event.currentTarget) },
          t('book.confirm')),
        el('button', { type: 'button', id: 'rilascia', class: 'btn btn-outline-primary', onclick: event => release(event.currentTarget) },
          t('book.release')))));
  }

  /** The consent request a welfare payment made, and the PIN the person may tell to approve it there and then. */
  function consentBox(name) {
    const consent = state.consent;
    if (!consent) return null;
    const say = { amount: euro(consent.amountCents), name };
    if (consent.status !== 'pending') {
      return el('p', { class: 'alert alert-success', id: 'consenso-fatto', tabindex: '-1', dataset: { consent: consent.id } },
        t('book.consent.done', say));
    }
    const pin = el('input', { id: 'pin-consenso', type: 'password', class: 'form-control', inputmode: 'numeric', autocomplete: 'off',
      pattern: '[0-9]{4,8}', maxlength: '8', required: true });
    return el('form', { class: 'callout', id: 'consenso', dataset: { consent: consent.id },
      onsubmit: event => approveWithPin(event, pin) },
      el('p', {}, t('book.consent', say)),
      el('div', { class: 'mb-2' }, el('label', { for: 'pin-consenso', class: 'form-label' }, t('book.consent.pin')), pin),
      el('button', { type: 'submit', id: 'approva-pin', class: 'btn btn-primary' }, t('book.consent.approve')));
  }

  async function approveWithPin(event, pin) {
    event.preventDefault();
    clearFail();
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

  async function confirm(button) {
    clearFail();
    const intakeBox = state.host.querySelector('.intake-box');
    const { answers, missing } = readIntake(intakeBox);
    if (missing.length) {
      const first = showIntakeErrors(intakeBox, { missing });
      if (first) first.focus();
      return;
    }
    try {
      const body = state.service.welfareLetter && state.payWithWelfare ? { payWithWelfare: true } : {};
      if (Object.keys(answers).length) body.intake = answers;
      const answer = await busy(button, () => api('POST', '/api/v1/bookings/' + state.booking.id + '/confirm', body));
      // 202: confirmed unpaid, with a request for the person's consent to pay with their credit.
      const confirmed = answer.welfareConsent ? answer.booking : answer;
      state.consent = answer.welfareConsent || null;
      state.confirmed = { ...state.booking, ...confirmed };
      state.booking = null;
      renderHeld();
      byId('prenotazione-fatta').focus();
      if (state.target && state.target.onBooked) state.target.onBooked(state.confirmed);
      // The times show one place fewer.
      if (state.picker) state.picker.reload();
    } catch (e) {
      if (isIntakeProblem(e)) {
        const first = showIntakeErrors(intakeBox, e.body);
        if (first) first.focus();
      }
      fail(e);
    }
  }

  async function release(button) {
    clearFail();
    try {
      await busy(button, () => api('POST', '/api/v1/bookings/' + state.booking.id + '/cancel', { reason: LET_GO }));
      state.booking = null;
      if (state.picker) state.picker.closePanel();
      state.host = null;
      announce(t('book.released'));
      const first = byId('orari').querySelector('button[data-choose]');
      if (first) first.focus();
    } catch (e) {
      fail(e);
    }
  }

  byId('modulo-cerca').addEventListener('submit', search);

  function reset() {
    state.services = null;
    closeService();
    byId('cerca-servizio').value = '';
    clearFail();
    renderServices();
  }

  return {
    /** Opens the panel for someone (a new person starts afresh; the same one keeps what is on screen). */
    forPerson(target) {
      const same = state.target && state.target.person.id === target.person.id;
      state.target = target;
      if (!same) reset();
      byId('prenota').hidden = false;
      title();
    },
    /** The person of {@code source} went away (the call ended unrecognised, the chat was closed or moved). */
    release(source) {
      if (!state.target || state.target.source !== source) return;
      state.target = null;
      reset();
      byId('prenota').hidden = true;
    },
    /** The person the panel books for now, or null. */
    person,
    focus() {
      if (!byId('prenota').hidden) byId('cerca-servizio').focus();
    },
    relabel() {
      title();
      renderServices();
      if (state.picker) state.picker.redraw();
      renderHeld();
    },
  };
}
