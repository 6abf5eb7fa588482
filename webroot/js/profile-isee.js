// profilo.html's "Il tuo ISEE": the person's ISEE as they declared it, with its expiry (GET
// /api/v1/me/isee: {declared: false} or {declared, valueCents, expiresOn, valid, declaredAt}), and
// the form that declares or replaces it (PUT /api/v1/me/isee {valueCents, expiresOn}). Sportello
// does not check it with INPS: it is shown and used as declared. There is no way to withdraw a
// declaration (the API has none): a new one replaces it, an expired one no longer counts.
import { words, t, api, busy, euro, centsOf, Problem } from './sportello.js';
import { byId, fill, focusOn } from './dom.js';
import { fullDate, romeDay } from './time.js';
import { explain, problemType } from './portal-common.js';
import { clearErrors, fieldError } from './account-forms.js';

/** The highest value the API takes (Isee.MAX_CENTS): ten million euros. */
const MAX_CENTS = 1_000_000_000;

words({
  it: {
    'isee.title': 'Il tuo ISEE',
    'isee.intro': 'Alcuni servizi hanno una tariffa ridotta secondo l’ISEE. Se dichiari qui il tuo ISEE, paghi la tariffa ridotta della tua fascia finché la dichiarazione è valida, cioè fino alla data di scadenza. Dopo la scadenza paghi la tariffa piena, finché non dichiari un ISEE nuovo.',
    'isee.check': 'Sportello usa il valore come l’hai dichiarato, senza controllarlo: la cooperativa o il Comune possono chiederti l’attestazione ISEE.',
    'isee.none': 'Non hai dichiarato un ISEE.',
    'isee.declared': 'ISEE dichiarato da te: {value}, valido fino a {expires} compreso.',
    'isee.expired': 'L’ISEE dichiarato da te ({value}) è scaduto il {expires}: non vale più per la tariffa ridotta. Dichiara quello nuovo.',
    'isee.value': 'Valore ISEE in euro',
    'isee.value.hint': 'Come è scritto nell’attestazione, per esempio 12.500,00.',
    'isee.expires': 'Data di scadenza dell’attestazione',
    'isee.expires.hint': 'Un ISEE ordinario scade il 31 dicembre dell’anno in cui è stato rilasciato.',
    'isee.value.unreadable': 'Scrivi l’importo in euro, con la virgola per i centesimi: per esempio 12.500,00.',
    'isee.value.tooHigh': 'L’importo è troppo alto: controlla di averlo scritto giusto.',
    'isee.expires.invalid': 'Scegli una data di scadenza valida.',
    'isee.expires.past': 'Questa data è già passata: serve un’attestazione ISEE ancora valida.',
    'isee.submit': 'Dichiara l’ISEE',
    'isee.update': 'Aggiorna l’ISEE',
    'isee.saved': 'ISEE salvato.',
  },
  en: {
    'isee.title': 'Your ISEE',
    'isee.intro': 'Some services have a reduced rate depending on ISEE. If you declare your ISEE here, you pay the reduced rate of your band while the declaration is valid, that is until its expiry date. After it expires you pay the full rate until you declare a new ISEE.',
    'isee.check': 'Sportello uses the value as you declared it, without checking it: the cooperative or the municipality may ask you for the ISEE certificate.',
    'isee.none': 'You have not declared an ISEE.',
    'isee.declared': 'ISEE declared by you: {value}, valid until {expires} included.',
    'isee.expired': 'The ISEE you declared ({value}) expired on {expires}: it no longer counts for the reduced rate. Declare the new one.',
    'isee.value': 'ISEE value in euro',
    'isee.value.hint': 'As written on the certificate, for example 12.500,00.',
    'isee.expires': 'Expiry date of the certificate',
    'isee.expires.hint': 'An ordinary ISEE expires on 31 December of the year it was issued.',
    'isee.value.unreadable': 'Write the amount in euro, with a comma before the cents: for example 12.500,00.',
    'isee.value.tooHigh': 'The amount is too high: check you typed it correctly.',
    'isee.expires.invalid': 'Choose a valid expiry date.',
    'isee.expires.past': 'This date has already passed: you need an ISEE certificate that is still valid.',
    'isee.submit': 'Declare the ISEE',
    'isee.update': 'Update the ISEE',
    'isee.saved': 'ISEE saved.',
  },
});

const form = byId('form-isee');
let declared = null;

/** The declaration (or its absence) in words, and the form ready to declare or update. */
function show(isee) {
  declared = isee;
  const state = byId('isee-stato');
  if (!isee.declared) {
    fill(state, t('isee.none'));
  } else {
    const values = { value: euro(isee.valueCents), expires: fullDate(isee.expiresOn) };
    fill(state, t(isee.valid ? 'isee.declared' : 'isee.expired', values));
  }
  state.classList.toggle('text-danger', !!isee.declared && !isee.valid);
  state.classList.toggle('fw-semibold', !!isee.declared && !isee.valid);
  byId('salva-isee').textContent = t(isee.declared ? 'isee.update' : 'isee.submit');
  byId('isee-scadenza').min = romeDay();
}

/** The value's field as typed: cents, or an error said under the field. */
function valueCents() {
  const cents = centsOf(byId('isee-valore').value);
  if (cents === null) return { error: t('acc.required') };
  if (typeof cents !== 'number') return { error: t('isee.value.unreadable') };
  if (cents > MAX_CENTS) return { error: t('isee.value.tooHigh') };
  return { cents };
}

function expiry() {
  const day = byId('isee-scadenza').value;
  if (!day) return { error: t('acc.required') };
  if (day < romeDay()) return { error: t('isee.expires.past') };
  return { day };
}

/** Errors next to their fields, the form's alert saying so, the focus on the first. */
function showFieldErrors(errors) {
  const ids = Object.keys(errors);
  ids.forEach(id => fieldError(id, errors[id]));
  form.querySelector('.form-alert').textContent = t('acc.fix');
  focusOn(byId(ids[0]));
}

/** A refusal of the API next to the field it is about (422 isee-expired, a validation pointer), else in the alert. */
function showRefusal(error) {
  if (problemType(error) === 'isee-expired') {
    showFieldErrors({ 'isee-scadenza': t('isee.expires.past') });
    return;
  }
  const pointers = error instanceof Problem && Array.isArray(error.body.errors)
    ? error.body.errors.map(e => String(e.pointer || '').replace(/^#/, '')) : [];
  const errors = {};
  if (pointers.some(p => p.startsWith('/valueCents'))) errors['isee-valore'] = t('isee.value.unreadable');
  if (pointers.some(p => p.startsWith('/expiresOn'))) errors['isee-scadenza'] = t('isee.expires.invalid');
  if (Object.keys(errors).length) {
    showFieldErrors(errors);
    return;
  }
  form.querySelector('.form-alert').textContent = explain(error);
}

form.addEventListener('submit', async event => {
  event.preventDefault();
  clearErrors(form);
  byId('isee-esito').textContent = '';
  const value = valueCents();
  const expires = expiry();
  const errors = {};
  if (value.error) errors['isee-valore'] = value.error;
  if (expires.error) errors['isee-scadenza'] = expires.error;
  if (Object.keys(errors).length) {
    showFieldErrors(errors);
    return;
  }
  try {
    show(await busy(byId('salva-isee'), () => api('PUT', '/api/v1/me/isee',
      { valueCents: value.cents, expiresOn: expires.day })));
    byId('isee-esito').textContent = t('isee.saved');
  } catch (e) {
    showRefusal(e);
  }
});

/** Shows the section with the person's declaration; for people only (GET /me/isee refuses others). */
export async function showIsee() {
  show(await api('GET', '/api/v1/me/isee'));
  byId('isee').hidden = false;
}

/** Says the declaration again in the page's language. */
export function showIseeAgain() {
  if (declared) show(declared);
}
