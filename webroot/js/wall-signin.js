// Sign-in gate used by the supervisor wall and the provider admin pages: shows the sign-in form
// until someone with the page's role is signed in, then starts the page. The header shows who is
// signed in, a sign-out button and the language switch.
import { t, currentLanguage, words, translate, languageSwitch, signIn, signOut, identity, hasRole, busy, showError, Problem }
  from './sportello.js';

words({
  it: {
    'gate.title': 'Accedi per continuare',
    'gate.wrongRole': 'Il tuo account non può usare questa pagina: serve il ruolo «{role}». Esci e accedi con un altro account.',
    'gate.locked': 'Troppi tentativi: l’account è bloccato per qualche minuto.',
    'gate.missing': 'Scrivi nome utente e password.',
    'role.supervisor': 'supervisore', 'role.provider_admin': 'amministratore della cooperativa',
  },
  en: {
    'gate.title': 'Sign in to continue',
    'gate.wrongRole': 'Your account cannot use this page: it needs the “{role}” role. Sign out and sign in with another account.',
    'gate.locked': 'Too many attempts: the account is locked for a few minutes. Ask a supervisor to unlock it.',
    'gate.missing': 'Enter your username and password.',
    'role.supervisor': 'supervisor', 'role.provider_admin': 'cooperative administrator',
  },
});

/**
 * Expects in the page: #accesso (section with form #accesso-form, inputs #utente and #password,
 * alert #accesso-errore), #chi (who is signed in), #esci (sign-out button), #lingua (language).
 * Calls {@code start()} once someone with {@code role} is signed in; {@code onLanguage()} after a switch.
 */
export function gate(role, start, onLanguage) {
  const section = document.getElementById('accesso');
  const form = document.getElementById('accesso-form');
  const alert = document.getElementById('accesso-errore');
  const who = document.getElementById('chi');
  const out = document.getElementById('esci');
  translate();
  languageSwitch(document.getElementById('lingua'), () => { showWho(); onLanguage && onLanguage(); });

  function showWho() {
    const me = identity();
    who.textContent = me ? t('auth.as') + ' ' + (me.name || me.sub) : '';
    out.hidden = !me;
    if (me && !hasRole(role)) {
      showError(alert, new Problem(403, { detail: t('gate.wrongRole', { role: t('role.' + role) }) }));
    }
  }

  out.addEventListener('click', async () => {
    await busy(out, signOut);
    location.reload();
  });

  let started = false;
  function maybeStart() {
    showWho();
    if (identity() && hasRole(role)) {
      section.hidden = true;
      if (!started) {
        started = true;
        start();
      }
      return true;
    }
    section.hidden = false;
    return false;
  }

  form.addEventListener('submit', async event => {
    event.preventDefault();
    alert.hidden = true;
    const username = form.querySelector('#utente').value.trim();
    const password = form.querySelector('#password').value;
    if (!username || !password) {
      showError(alert, new Problem(400, { detail: t('gate.missing') }));
      return;
    }
    try {
      await busy(form.querySelector('button[type=submit]'), () => signIn(username, password));
      if (maybeStart()) document.getElementById('contenuto').focus();
    } catch (e) {
      // 401: wrong credentials; 429: locked out (the server's text says for how long, in Italian).
      const locked = e instanceof Problem && e.status === 429;
      showError(alert, e instanceof Problem && e.status === 401 ? new Problem(401, { detail: t('auth.failed') })
        : locked && currentLanguage() === 'en' ? new Problem(429, { detail: t('gate.locked') }) : e);
      form.querySelector('#password').focus();
    }
  });

  maybeStart();
}
