// Signing in with username and password, the same on every page that asks for it (the portal's
// bookings and booking step, the chat, the console, the supervisor wall, the cooperative's admin):
// the form, drawn here and nowhere else; what it says when something goes wrong (missing fields,
// wrong credentials, an account locked for as long as the server's Retry-After says, no
// connection); and the header that says who is signed in. Tokens are kept and refreshed by
// sportello.js. A kiosk signs in with its device credential instead (kiosk-app.js).
import {
  t, words, translate, languageSwitch, signIn, signOut, identity, hasRole, busy, Problem,
} from './sportello.js';
import { el, byId, focusOn } from './dom.js';

words({
  it: {
    'signin.title': 'Accedi', 'signin.toContinue': 'Accedi per continuare',
    'signin.missing': 'Scrivi il nome utente e la password.',
    'signin.locked': 'Troppi tentativi sbagliati: l’account è bloccato. Riprova tra {minutes} minuti.',
    'signin.locked.one': 'Troppi tentativi sbagliati: l’account è bloccato. Riprova tra un minuto.',
    'signin.locked.some': 'Troppi tentativi sbagliati: l’account è bloccato per qualche minuto. Riprova più tardi.',
    'signin.wrongRole': 'Il tuo account non può usare questa pagina: serve il ruolo «{role}». Esci e accedi con un altro account.',
    'role.supervisor': 'supervisore', 'role.provider_admin': 'amministratore della cooperativa',
  },
  en: {
    'signin.title': 'Sign in', 'signin.toContinue': 'Sign in to continue',
    'signin.missing': 'Write your username and password.',
    'signin.locked': 'Too many wrong attempts: the account is locked. Try again in {minutes} minutes.',
    'signin.locked.one': 'Too many wrong attempts: the account is locked. Try again in a minute.',
    'signin.locked.some': 'Too many wrong attempts: the account is locked for a few minutes. Please try later.',
    'signin.wrongRole': 'Your account cannot use this page: it needs the “{role}” role. Sign out and sign in with another account.',
    'role.supervisor': 'supervisor', 'role.provider_admin': 'cooperative administrator',
  },
});

/** What to tell the person when the server refused to sign them in. */
function refusal(error) {
  if (!(error instanceof Problem)) return t('error.generic');
  if (error.status === 401) return t('auth.failed');
  if (error.status === 429) {
    if (!error.retryAfter) return t('signin.locked.some');
    const minutes = Math.ceil(error.retryAfter / 60);
    return minutes === 1 ? t('signin.locked.one') : t('signin.locked', { minutes });
  }
  return error.message; // no connection, or the server's own explanation (in Italian)
}

/**
 * Draws the sign-in form into {@code container} and resolves with the identity once signed in.
 * Its words carry data-t, so a language switch (translate()) relabels it. Options:
 * {@code title} and {@code intro}: keys of the heading and of a line under it;
 * {@code labelledBy}: the id of a surrounding heading that already says why (no heading of its own);
 * {@code focus}: move the focus to the form once drawn;
 * {@code accept(identity)}: null if this person may go on, else what to say (the form stays);
 * {@code error}: something to say at once.
 */
export function signInForm(container, options = {}) {
  return new Promise(resolve => {
    const alert = el('p', { id: 'errore-accesso', role: 'alert' }, options.error);
    const username = el('input', { id: 'utente', name: 'username', autocomplete: 'username', required: true,
      'aria-describedby': 'errore-accesso', autocapitalize: 'none', spellcheck: 'false' });
    const password = el('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password',
      required: true, 'aria-describedby': 'errore-accesso' });
    const button = el('button', { type: 'submit', 'data-t': 'auth.signin' }, t('auth.signin'));
    const title = options.title || 'signin.title';
    const heading = options.labelledBy ? null : el('h2', { id: 'accedi-titolo', 'data-t': title }, t(title));
    const form = el('form', { id: 'form-accedi', class: 'panel signin', novalidate: true,
      'aria-labelledby': options.labelledBy || 'accedi-titolo' },
      heading,
      options.intro ? el('p', { 'data-t': options.intro }, t(options.intro)) : null,
      el('label', { for: 'utente', 'data-t': 'auth.username' }, t('auth.username')), username,
      el('label', { for: 'password', 'data-t': 'auth.password' }, t('auth.password')), password,
      alert,
      el('p', {}, button));

    form.addEventListener('submit', async event => {
      event.preventDefault();
      alert.textContent = '';
      username.removeAttribute('aria-invalid');
      password.removeAttribute('aria-invalid');
      const missing = [username, password].filter(input => !input.value.trim());
      if (missing.length) {
        missing.forEach(input => input.setAttribute('aria-invalid', 'true'));
        alert.textContent = t('signin.missing');
        missing[0].focus();
        return;
      }
      let who;
      try {
        who = await busy(button, () => signIn(username.value.trim(), password.value));
      } catch (e) {
        password.value = '';
        if (e instanceof Problem && e.status === 401) password.setAttribute('aria-invalid', 'true');
        alert.textContent = refusal(e);
        password.focus();
        return;
      }
      password.value = '';
      showWho();
      const refused = options.accept ? options.accept(who) : null;
      if (refused) {
        alert.textContent = refused;
        username.focus();
        return;
      }
      resolve(who);
    });

    container.replaceChildren(form);
    if (options.focus) focusOn(heading || username);
  });
}

/**
 * For pages that need someone signed in before anything else (chat, console, wall, admin): shows
 * the form in #accesso until someone is (with {@code options.role}: someone with that role), then
 * hides it and puts the focus on the page's content. Resolves with the identity. Other options
 * as {@link signInForm}.
 */
export async function signedIn(options = {}) {
  const box = byId('accesso');
  const accept = options.role
    ? () => (hasRole(options.role) ? null : t('signin.wrongRole', { role: t('role.' + options.role) }))
    : () => null;
  showWho();
  if (identity() && !accept()) {
    box.hidden = true;
    return identity();
  }
  box.hidden = false;
  const who = await signInForm(box, { title: 'signin.toContinue', ...options, accept,
    error: identity() ? accept() : null });
  box.hidden = true;
  box.replaceChildren();
  focusOn(byId('contenuto'));
  return who;
}

/** Says in the header who is signed in (#chi) and offers to sign out (#esci) or, on the portal, to sign in (#accedi). */
function showWho() {
  const me = identity();
  const who = byId('chi');
  who.textContent = me ? t('auth.as') + ' ' + (me.name || me.sub) : '';
  who.hidden = !me;
  byId('esci').hidden = !me;
  const link = byId('accedi');
  if (link) link.hidden = !!me;
}

/**
 * Fills the page's words and wires its header: the language switch (then {@code onLanguage()}),
 * who is signed in, and signing out: {@code beforeSignOut()} lets the page let go of what it holds
 * (a failure there does not stop the sign-out), then {@code afterSignOut()} (by default a reload).
 */
export function startHeader({ onLanguage, beforeSignOut, afterSignOut } = {}) {
  translate();
  languageSwitch(byId('lingua'), () => {
    showWho();
    if (onLanguage) onLanguage();
  });
  byId('esci').addEventListener('click', async event => {
    await busy(event.currentTarget, async () => {
      if (beforeSignOut) {
        try { await beforeSignOut(); } catch (e) { /* signing out anyway */ }
      }
      await signOut();
    });
    if (afterSignOut) afterSignOut();
    else location.reload();
  });
  showWho();
}
