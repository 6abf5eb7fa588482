// password-dimenticata.html: a link to choose a password is sent to the address typed (POST
// /api/v1/accounts/password-reset), the same answer whether or not it has an account. Also the
// "first sign-in" of people whose company or cooperative made their account.
import { t, busy } from './sportello.js';
import { byId } from './dom.js';
import { startPage } from './portal-common.js';
import { postPublic, clearErrors, showRefusal, requireFilled, showDone } from './account-forms.js';

startPage();
const form = byId('form-dimenticata');

form.addEventListener('submit', async event => {
  event.preventDefault();
  clearErrors(form);
  if (!requireFilled(form, ['email'])) return;
  try {
    await busy(byId('manda'), () => postPublic('/api/v1/accounts/password-reset', { email: byId('email').value.trim() }));
  } catch (e) {
    showRefusal(form, e);
    return;
  }
  form.remove();
  showDone(byId('esito'), t('acc.sent.title'), t('acc.sent.text'));
});
