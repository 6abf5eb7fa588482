// registrati.html: a new citizen creates an account with their e-mail address (POST
// /api/v1/accounts/sign-up). The answer is the same whether or not the address already has an
// account: "check your e-mail"; the e-mail says what comes next.
import { t, busy, getPublic, currentLanguage } from './sportello.js';
import { byId, el } from './dom.js';
import { startPage, onLanguage } from './portal-common.js';
import {
  postPublic, clearErrors, fieldError, showRefusal, requireFilled, showDone, wireShowPasswords, newPasswordReady, offerNewLink,
} from './account-forms.js';

startPage();
const form = byId('form-registrati');
wireShowPasswords(form);
byId(currentLanguage() === 'en' ? 'lingua-en' : 'lingua-it').checked = true;

/** The municipalities Sportello knows, by name (GET /api/v1/municipalities). */
getPublic('/api/v1/municipalities').then(answer => {
  const select = byId('comune');
  for (const m of answer.items) {
    select.append(el('option', { value: m.code }, m.name + ' (' + m.province + ')'));
  }
}).catch(() => { /* the town is optional: the form works without the list */ });

onLanguage(() => clearErrors(form));

form.addEventListener('submit', async event => {
  event.preventDefault();
  clearErrors(form);
  if (!requireFilled(form, ['nome', 'email', 'password', 'ripeti']) || !newPasswordReady(form)) return;
  const privacy = byId('privacy');
  if (!privacy.checked) {
    fieldError('privacy', t('acc.privacy.missing'));
    form.querySelector('.form-alert').textContent = t('acc.fix');
    privacy.focus();
    return;
  }
  const email = byId('email').value.trim();
  const body = {
    name: byId('nome').value.trim(),
    email,
    password: byId('password').value,
    language: form.querySelector('input[name="lingua"]:checked').value,
    acceptPrivacyNotice: true,
  };
  if (byId('cf').value.trim()) body.codiceFiscale = byId('cf').value.trim();
  if (byId('comune').value) body.municipality = byId('comune').value;
  try {
    await busy(byId('crea'), () => postPublic('/api/v1/accounts/sign-up', body));
  } catch (e) {
    showRefusal(form, e);
    return;
  }
  form.remove();
  showDone(byId('esito'), t('acc.sent.title'), t('acc.sent.text'));
  offerNewLink(email);
});
