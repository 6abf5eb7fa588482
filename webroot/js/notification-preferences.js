// "Avvisi" in my bookings (prenotazioni.html, section #avvisi): where Sportello writes to this
// person (the profile's e-mail and mobile number), how (e-mail, SMS, both, none), the hours not to
// be disturbed, whether reminders and other optional notices come too, and the messages' language.
// GET and PUT /api/v1/me/notification-preferences; a channel without an address is refused (422
// no-phone / no-email) and the person is told whom to call: profiles cannot be edited here yet.
import { t, api, busy, Problem } from './sportello.js';
import { byId, el, fill, focusOn } from './dom.js';
import { site } from './site-chrome.js';
import { loading, onLanguage, explain, problemType } from './portal-common.js';
import './notification-words.js';

const section = byId('avvisi');
const form = byId('avvisi-form');
/** What the server last said (the form is redrawn from it after a language switch). */
let saved = null;
let helpPhone = null;

onLanguage(() => { if (saved) showAddresses(saved); });

/** Shows the section and fills the form with the person's choices. */
export async function showPreferences() {
  section.hidden = false;
  const error = byId('errore-carico-avvisi');
  error.textContent = '';
  try {
    await loading(form, byId('carico-avvisi'), t('notify.loading'), async () => {
      const [preferences, info] = await Promise.all([
        api('GET', '/api/v1/me/notification-preferences'),
        site().catch(() => ({})),
      ]);
      helpPhone = (info.help || {}).phone || null;
      fillForm(preferences);
    });
    form.hidden = false;
  } catch (e) {
    error.textContent = explain(e);
  }
}

/** Hides the section (signed out). */
export function hidePreferences() {
  section.hidden = true;
  form.hidden = true;
  saved = null;
}

function fillForm(preferences) {
  saved = preferences;
  showAddresses(preferences);
  const channels = [...preferences.channels].sort().join(' ');
  form.querySelectorAll('input[name="canali"]').forEach(radio => { radio.checked = radio.value === channels; });
  byId('silenzio-dalle').value = preferences.quietFrom || '';
  byId('silenzio-alle').value = preferences.quietUntil || '';
  byId('facoltativi').checked = !preferences.optionalMuted;
  form.querySelectorAll('input[name="lingua-avvisi"]').forEach(radio => { radio.checked = radio.value === preferences.language; });
}

/** The addresses messages go to, and whom to call to change them. */
function showAddresses(preferences) {
  fill(byId('avvisi-email'), preferences.email || el('span', { class: 'text-secondary' }, t('notify.noEmail')));
  fill(byId('avvisi-cellulare'), preferences.phone || el('span', { class: 'text-secondary' }, t('notify.noPhone')));
  fill(byId('avvisi-assistenza'), helpPhone
    ? [t('notify.change'), ' ', el('a', { href: 'tel:' + helpPhone.replace(/\s/g, '') }, helpPhone), '.']
    : t('notify.change.noPhone'));
}

/** The choices in the form as the API takes them, or null after marking what is wrong. */
function read() {
  const from = byId('silenzio-dalle');
  const until = byId('silenzio-alle');
  const quietError = !from.value !== !until.value ? 'notify.quiet.half'
    : from.value && from.value === until.value ? 'notify.quiet.same' : null;
  byId('silenzio-errore').textContent = quietError ? t(quietError) : '';
  [from, until].forEach(input => {
    if (quietError && (!input.value || quietError === 'notify.quiet.same')) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  });
  if (quietError) {
    (from.value && quietError !== 'notify.quiet.same' ? until : from).focus();
    return null;
  }
  const channels = form.querySelector('input[name="canali"]:checked');
  const language = form.querySelector('input[name="lingua-avvisi"]:checked');
  return {
    channels: channels && channels.value ? channels.value.split(' ') : [],
    quietFrom: from.value || null,
    quietUntil: until.value || null,
    optionalMuted: !byId('facoltativi').checked,
    language: language ? language.value : 'it',
  };
}

/** What to say when the server refused the choices; a missing address names the help desk. */
function refusal(error) {
  const type = problemType(error);
  if (type === 'no-phone' || type === 'no-email') {
    const key = type === 'no-phone' ? 'notify.error.noPhone' : 'notify.error.noEmail';
    return helpPhone ? t(key, { phone: helpPhone }) : t(key + '.plain');
  }
  return explain(error);
}

function clearMessages() {
  ['canali-errore', 'avvisi-errore', 'avvisi-esito'].forEach(id => { byId(id).textContent = ''; });
  form.querySelectorAll('input[name="canali"]').forEach(radio => radio.removeAttribute('aria-invalid'));
}

form.addEventListener('submit', async event => {
  event.preventDefault();
  clearMessages();
  const choices = read();
  if (!choices) return;
  try {
    const answer = await busy(byId('avvisi-salva'), () => api('PUT', '/api/v1/me/notification-preferences', choices));
    fillForm(answer);
    byId('avvisi-esito').textContent = t('notify.saved');
  } catch (e) {
    if (e instanceof Problem && ['no-phone', 'no-email'].includes(problemType(e))) {
      const chosen = form.querySelector('input[name="canali"]:checked');
      chosen.setAttribute('aria-invalid', 'true');
      byId('canali-errore').textContent = refusal(e);
      focusOn(chosen);
      return;
    }
    byId('avvisi-errore').textContent = refusal(e);
  }
});
