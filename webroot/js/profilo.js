// profilo.html: the signed-in person's own account. Name, declared town (a town from SPID or CIE
// is shown as such and cannot be changed here), mobile (E.164 on the server), language (GET/PUT
// /api/v1/profile); a new e-mail address, which counts once proved by the link sent to it; a new
// password (the current one asked when there is one); the kiosk PIN (GET/PUT /api/v1/kiosk/pin);
// their ISEE as they declared it (profile-isee.js); and how they are told
// (notification-preferences.js, the same section as in prenotazioni.html).
import { t, api, busy, getPublic, hasRole } from './sportello.js';
import { byId, el, fill, focusOn } from './dom.js';
import { signedIn } from './signin.js';
import { startPage, onLanguage } from './portal-common.js';
import {
  clearErrors, showRefusal, requireFilled, showDone, wireShowPasswords, newPasswordReady,
} from './account-forms.js';
import { showPreferences } from './notification-preferences.js';
import { showIsee, showIseeAgain } from './profile-isee.js';

startPage();
let profile = null;
const towns = new Map();

const dataForm = byId('form-dati');
const emailForm = byId('form-email');
const passwordForm = byId('form-password');
const pinForm = byId('form-pin');
wireShowPasswords(passwordForm);

onLanguage(() => {
  if (profile) show(profile);
  showIseeAgain();
});

/** Fills every section from the profile the server answered. */
function show(p) {
  profile = p;
  fill(byId('profilo-email'), p.email || '', ' ', p.email
    ? el('span', { class: 'badge ' + (p.emailVerified ? 'bg-success' : 'bg-warning text-dark') },
      t(p.emailVerified ? 'acc.profile.verified' : 'acc.profile.unverified'))
    : null);
  fill(byId('profilo-cf'), p.codiceFiscale || el('span', { class: 'text-secondary' }, t('acc.profile.cf.none')));
  byId('nome').value = p.name;
  byId('telefono').value = p.phone || '';
  const fromSpid = p.municipalitySource === 'identity_provider';
  byId('comune-dichiarato').hidden = fromSpid;
  byId('comune-spid').hidden = !fromSpid;
  byId('comune-spid-nome').textContent = towns.get(p.municipality) || p.municipality || '';
  byId('comune').value = p.municipality || '';
  byId('lingua-profilo-' + (p.language === 'en' ? 'en' : 'it')).checked = true;
  document.querySelectorAll('[data-needs-password]').forEach(box => { box.hidden = !p.hasPassword; });
  byId('prima-password').hidden = p.hasPassword;
}

async function loadTowns() {
  try {
    const answer = await getPublic('/api/v1/municipalities');
    const select = byId('comune');
    for (const m of answer.items) {
      towns.set(m.code, m.name + ' (' + m.province + ')');
      select.append(el('option', { value: m.code }, towns.get(m.code)));
    }
  } catch (e) { /* the town stays as it is: the list is only to choose another */ }
}

async function showPin() {
  if (!hasRole('citizen') && !hasRole('employee')) return;
  byId('pin').hidden = false;
  if (!profile.codiceFiscale) {
    byId('pin-stato').textContent = t('acc.pin.needsCf');
    return;
  }
  const status = await api('GET', '/api/v1/kiosk/pin');
  byId('pin-stato').textContent = t(status.set ? 'acc.pin.set' : 'acc.pin.unset');
  pinForm.hidden = false;
}

dataForm.addEventListener('submit', async event => {
  event.preventDefault();
  clearErrors(dataForm);
  byId('dati-esito').textContent = '';
  if (!requireFilled(dataForm, ['nome'])) return;
  const body = {
    name: byId('nome').value.trim(),
    phone: byId('telefono').value.trim() || null,
    language: dataForm.querySelector('input[name="lingua-profilo"]:checked').value,
  };
  // A town from SPID or CIE is sent back as it is; a declared one as chosen.
  body.municipality = profile.municipalitySource === 'identity_provider' ? profile.municipality : (byId('comune').value || null);
  try {
    show(await busy(byId('salva-dati'), () => api('PUT', '/api/v1/profile', body)));
    byId('dati-esito').textContent = t('acc.profile.saved');
    showPreferences();
  } catch (e) {
    showRefusal(dataForm, e);
  }
});

emailForm.addEventListener('submit', async event => {
  event.preventDefault();
  clearErrors(emailForm);
  if (!requireFilled(emailForm, ['email'])) return;
  const body = { email: byId('email').value.trim() };
  if (profile.hasPassword) body.currentPassword = byId('attuale-email').value;
  try {
    const answer = await busy(byId('salva-email'), () => api('POST', '/api/v1/profile/email', body));
    emailForm.hidden = true;
    showDone(byId('cambia-email-esito'), t('acc.sent.title'), t('acc.sent.text') + ' (' + answer.pendingEmail + ')');
  } catch (e) {
    if (e.body && String(e.body.type).endsWith('wrong-password')) {
      byId('attuale-email-errore').textContent = t('problem.wrong-password');
      byId('attuale-email').setAttribute('aria-invalid', 'true');
      focusOn(byId('attuale-email'));
      return;
    }
    showRefusal(emailForm, e);
  }
});

passwordForm.addEventListener('submit', async event => {
  event.preventDefault();
  clearErrors(passwordForm);
  byId('password-esito').textContent = '';
  if (profile.hasPassword && !requireFilled(passwordForm, ['attuale'])) return;
  if (!newPasswordReady(passwordForm)) return;
  const body = { password: byId('password').value };
  if (profile.hasPassword) body.currentPassword = byId('attuale').value;
  try {
    await busy(byId('salva-password'), () => api('POST', '/api/v1/profile/password', body));
    passwordForm.reset();
    profile.hasPassword = true;
    show(profile);
    byId('password-esito').textContent = t('acc.changePassword.done');
  } catch (e) {
    showRefusal(passwordForm, e);
  }
});

pinForm.addEventListener('submit', async event => {
  event.preventDefault();
  clearErrors(pinForm);
  byId('pin-esito').textContent = '';
  if (!requireFilled(pinForm, ['pin-nuovo'])) return;
  try {
    await busy(byId('salva-pin'), () => api('PUT', '/api/v1/kiosk/pin', { pin: byId('pin-nuovo').value }));
    pinForm.reset();
    byId('pin-stato').textContent = t('acc.pin.set');
    byId('pin-esito').textContent = t('acc.pin.saved');
  } catch (e) {
    showRefusal(pinForm, e);
  }
});

async function start() {
  await signedIn({ labelledBy: 'titolo' });
  try {
    await loadTowns();
    show(await api('GET', '/api/v1/profile'));
    ['dati', 'cambia-email', 'cambia-password'].forEach(id => { byId(id).hidden = false; });
    await showPin();
    if (hasRole('citizen') || hasRole('employee')) await showIsee();
  } catch (e) {
    byId('errore-profilo').textContent = e.message;
    return;
  }
  showPreferences();
}

start();
