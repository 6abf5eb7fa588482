// nuova-password.html#token=...: the link of a reset (or first-password) e-mail. The secret stays
// in the fragment, read once and taken out of the address bar; the new password is POSTed with it.
import { t, busy } from './sportello.js';
import { byId, el } from './dom.js';
import { startPage, problemType } from './portal-common.js';
import {
  postPublic, tokenFromFragment, clearErrors, showRefusal, showDone, wireShowPasswords, newPasswordReady,
} from './account-forms.js';


startPage();
const token = tokenFromFragment();
const form = byId('form-nuova');

if (!token) {
  form.remove();
  const esito = byId('esito');
  esito.append(el('p', { class: 'alert alert-warning', role: 'alert' }, t('acc.verify.noToken')));
  esito.hidden = false;
  byId('link-nuovo').hidden = false;
} else {
  form.hidden = false;
  wireShowPasswords(form);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    clearErrors(form);
    if (!newPasswordReady(form)) return;
    try {
      await busy(byId('salva'), () => postPublic('/api/v1/accounts/password-reset/complete',
        { token, password: byId('password').value }));
    } catch (e) {
      showRefusal(form, e);
      if (problemType(e) === 'invalid-link') byId('link-nuovo').hidden = false;
      return;
    }
    form.remove();
    showDone(byId('esito'), t('acc.reset.title'), t('acc.reset.done'),
      el('a', { href: '/prenotazioni.html', class: 'btn btn-primary' }, t('acc.goSignIn')));
  });
}
