// verifica-email.html#token=...: the link of a verification e-mail. The secret stays in the
// fragment (browsers never send it, so it is in no server's log); the person presses the button
// and it is POSTed (a mail scanner that opens links does not confirm anything).
import { t, busy } from './sportello.js';
import { byId, el } from './dom.js';
import { startPage } from './portal-common.js';
import { postPublic, tokenFromFragment, showRefusal, showDone, offerNewLink } from './account-forms.js';

startPage();
const token = tokenFromFragment();
const form = byId('form-verifica');

if (!token) {
  form.remove();
  const esito = byId('esito');
  esito.append(el('p', { class: 'alert alert-warning', role: 'alert' }, t('acc.verify.noToken')));
  esito.hidden = false;
  offerNewLink();
} else {
  form.hidden = false;
  form.addEventListener('submit', async event => {
    event.preventDefault();
    let answer;
    try {
      answer = await busy(byId('conferma'), () => postPublic('/api/v1/accounts/verify-email', { token }));
    } catch (e) {
      showRefusal(form, e);
      byId('conferma').disabled = true;
      offerNewLink();
      return;
    }
    form.remove();
    showDone(byId('esito'), t('acc.verify.title'), t('acc.verify.done', { email: answer.email }),
      el('a', { href: '/prenotazioni.html', class: 'btn btn-primary' }, t('acc.goSignIn')));
  });
}
