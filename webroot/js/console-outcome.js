// The outcome of a contact (issue 23, part 6): after a call (wrap-up) or once a chat is closed, a
// small form says what it was about (an area) and how it ended (a booking made, a call-back,
// information given, something else). It never blocks: the operator may skip it and take the
// next call; contacts left without an outcome count as "non registrato" in the reports.
// GET {path} gives what was recorded, the bookings made during the contact and the suggestion
// (the booking the operator or manager made for the person then); PUT {path} records, a later
// recording replacing the earlier. Used by console-phone.js and console-chat.js.

import { words, t, api, busy, showError } from './sportello.js';
import { el, fill } from './dom.js';
import { clock, dateTime } from './time.js';
import { areaCodes, areaLabel } from './areas.js';

words({
  it: {
    'outcome.title': 'Esito del contatto', 'outcome.how': 'Com’è finito?',
    'outcome.booking': 'Prenotazione fatta', 'outcome.callback': 'Da richiamare',
    'outcome.information': 'Informazioni date', 'outcome.other': 'Altro',
    'outcome.topic': 'Argomento', 'outcome.chooseTopic': '— scegli —', 'outcome.whichBooking': 'Prenotazione',
    'outcome.noBooking': 'nessuna in particolare',
    'outcome.bookingOption': '{service}, {when} – codice {code}',
    'outcome.save': 'Registra l’esito',
    'outcome.hint': 'Facoltativo: puoi passare al contatto successivo. Senza esito il contatto conta come «non registrato».',
    'outcome.saved': 'Esito registrato alle {time}.',
    'outcome.suggested': 'Hai prenotato durante il contatto: l’esito è già proposto.',
    'outcome.topicMissing': 'Scegli l’argomento.', 'outcome.outcomeMissing': 'Scegli com’è finito.',
  },
  en: {
    'outcome.title': 'Outcome of the contact', 'outcome.how': 'How did it end?',
    'outcome.booking': 'Booking made', 'outcome.callback': 'To call back',
    'outcome.information': 'Information given', 'outcome.other': 'Other',
    'outcome.topic': 'Topic', 'outcome.chooseTopic': '— choose —', 'outcome.whichBooking': 'Booking',
    'outcome.noBooking': 'none in particular',
    'outcome.bookingOption': '{service}, {when} – code {code}',
    'outcome.save': 'Record the outcome',
    'outcome.hint': 'Optional: you may go on to the next contact. Without an outcome the contact counts as “not recorded”.',
    'outcome.saved': 'Outcome recorded at {time}.',
    'outcome.suggested': 'You booked during the contact: the outcome is filled in for you.',
    'outcome.topicMissing': 'Choose the topic.', 'outcome.outcomeMissing': 'Choose how it ended.',
  },
});

/** The outcomes, in the order forms and tables show them (V55's contact_outcomes.outcome). */
export const OUTCOMES = ['booking', 'callback', 'information', 'other'];

/** An outcome's name in the current language. */
export function outcomeLabel(outcome) {
  return t('outcome.' + outcome);
}

/**
 * A form for the contact at {@code path} (/api/v1/calls/{id}/outcome or
 * /api/v1/chat/conversations/{id}/outcome); {@code prefix} keeps its ids unique on the page.
 * Returns {element, load(), relabel()}: load() reads what to start from (call it once the contact
 * has ended, and again to refresh the bookings made during it).
 */
export function outcomeForm(prefix, path) {
  const id = suffix => prefix + '-esito-' + suffix;
  // touched: the person changed something here; until then each load follows the latest suggestion.
  const state = { form: null, chosenTopic: '', chosenBooking: '', touched: false, loads: 0 };
  const legend = el('legend', { class: 'h6 outcome-how' });
  const radios = OUTCOMES.map(o => el('div', { class: 'form-check form-check-inline' },
    el('input', { type: 'radio', name: 'outcome', value: o, id: id(o) }),
    el('label', { for: id(o), class: 'outcome-label', dataset: { outcome: o } })));
  const topic = el('select', { id: id('argomento'), name: 'topic', class: 'form-select' });
  const booking = el('select', { id: id('prenotazione'), name: 'bookingId', class: 'form-select' });
  const bookingField = el('div', { class: 'booking-field', hidden: true },
    el('label', { for: id('prenotazione'), class: 'form-label booking-label' }), booking);
  const error = el('p', { class: 'field-error', role: 'alert', hidden: true });
  const status = el('p', { class: 'small outcome-status', role: 'status', id: id('stato') });
  const save = el('button', { type: 'submit', id: id('salva'), class: 'btn btn-outline-primary outcome-save' });
  const title = el('h4', { class: 'h6 outcome-title', id: id('titolo') });
  const hint = el('small', { class: 'form-text outcome-hint', id: id('aiuto') });
  const form = el('form', { class: 'outcome-form mt-3', novalidate: true, 'aria-labelledby': id('titolo'),
    'aria-describedby': id('aiuto'), dataset: { path } },
    title, hint,
    el('fieldset', { class: 'mt-2' }, legend, ...radios),
    el('div', { class: 'd-flex flex-wrap gap-3 align-items-end mt-2' },
      el('div', {}, el('label', { for: id('argomento'), class: 'form-label topic-label' }), topic),
      bookingField, save),
    error, status);

  function fillTopics() {
    const chosen = topic.value || state.chosenTopic;
    fill(topic, el('option', { value: '' }, t('outcome.chooseTopic')),
      areaCodes().map(code => el('option', { value: code }, areaLabel(code))));
    topic.value = chosen || '';
  }

  function fillBookings() {
    const items = (state.form && state.form.bookings) || [];
    const chosen = booking.value || state.chosenBooking;
    fill(booking, el('option', { value: '' }, t('outcome.noBooking')),
      items.map(b => el('option', { value: b.id }, t('outcome.bookingOption', {
        service: b.serviceTitle, when: dateTime(b.start), code: b.code }))));
    booking.value = items.some(b => b.id === chosen) ? chosen : '';
    showBooking();
  }

  function showBooking() {
    const items = (state.form && state.form.bookings) || [];
    bookingField.hidden = !(form.outcome.value === 'booking' && items.length > 0);
  }

  function relabel() {
    title.textContent = t('outcome.title');
    hint.textContent = t('outcome.hint');
    legend.textContent = t('outcome.how');
    form.querySelectorAll('.outcome-label').forEach(label => { label.textContent = outcomeLabel(label.dataset.outcome); });
    form.querySelector('.topic-label').textContent = t('outcome.topic');
    form.querySelector('.booking-label').textContent = t('outcome.whichBooking');
    save.textContent = t('outcome.save');
    fillTopics();
    fillBookings();
  }

  function choose(outcome) {
    const radio = form.querySelector('input[value="' + outcome + '"]');
    if (radio) radio.checked = true;
  }

  async function load() {
    const n = ++state.loads;
    try {
      const answer = await api('GET', path);
      if (n !== state.loads) return; // a later read is on its way
      state.form = answer;
      const recorded = answer.recorded;
      const suggestion = answer.suggestion;
      if (recorded) {
        choose(recorded.outcome);
        state.chosenTopic = recorded.topic;
        state.chosenBooking = recorded.bookingId || '';
        status.textContent = t('outcome.saved', { time: clock(recorded.recordedAt) });
      } else {
        if (suggestion && !state.touched) {
          choose(suggestion.outcome);
          state.chosenBooking = suggestion.bookingId;
          status.textContent = t('outcome.suggested');
        }
        state.chosenTopic = topic.value || answer.topic || '';
      }
      if (!state.touched) booking.value = '';
      topic.value = '';
      fillTopics();
      fillBookings();
    } catch (e) {
      showError(error, e);
    }
  }

  form.addEventListener('change', event => {
    state.touched = true;
    if (event.target.name === 'outcome') showBooking();
  });
  form.addEventListener('submit', async event => {
    event.preventDefault();
    error.hidden = true;
    if (!form.outcome.value) {
      error.textContent = t('outcome.outcomeMissing');
      error.hidden = false;
      form.querySelector('input[name="outcome"]').focus();
      return;
    }
    if (!topic.value) {
      error.textContent = t('outcome.topicMissing');
      error.hidden = false;
      topic.focus();
      return;
    }
    const body = { topic: topic.value, outcome: form.outcome.value };
    if (body.outcome === 'booking' && booking.value) body.bookingId = booking.value;
    try {
      const recorded = await busy(save, () => api('PUT', path, body));
      state.chosenTopic = recorded.topic;
      state.chosenBooking = recorded.bookingId || '';
      status.textContent = t('outcome.saved', { time: clock(recorded.recordedAt) });
    } catch (e) {
      showError(error, e);
    }
  });
  relabel();
  return { element: form, load, relabel };
}
