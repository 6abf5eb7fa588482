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
// Draws the shared header and footer first: startHeader() below wires the buttons they hold.
import { site, helpContacts } from './site-chrome.js';

words({
  it: {
    'signin.title': 'Accedi', 'signin.toContinue': 'Accedi per continuare',
    'signin.missing': 'Scrivi il nome utente e la password.',
    'signin.locked': 'Troppi tentativi sbagliati con questo nome utente: per sicurezza l’accesso è sospeso. Riprova tra {minutes} minuti.',
    'signin.locked.one': 'Troppi tentativi sbagliati con questo nome utente: per sicurezza l’accesso è sospeso. Riprova tra un minuto.',
    'signin.paused': 'Troppi tentativi sbagliati da questa rete: per sicurezza gli accessi sono sospesi. Riprova tra {minutes} minuti.',
    'signin.paused.one': 'Troppi tentativi sbagliati da questa rete: per sicurezza gli accessi sono sospesi. Riprova tra un minuto.',
    'signin.locked.some': 'Troppi tentativi sbagliati: per sicurezza l’accesso è sospeso per qualche minuto. Riprova più tardi.',
    'signin.newcomer': 'Non hai ancora un account?',
    'signin.newcomer.text': 'Presto potrai entrare con SPID o CIE, registrarti con la tua e-mail e recuperare la password da qui. Per ora l’account te lo crea il nostro servizio di assistenza:',
    'signin.newcomer.employee': 'Se sei dipendente di un’azienda aderente, l’account te lo dà l’ufficio del personale.',
    'signin.forgot': 'Hai dimenticato la password? Chiedi al servizio di assistenza: te ne dà una nuova.',
    'signin.wrongRole': 'Il tuo account non può usare questa pagina: serve il ruolo «{role}». Esci e accedi con un altro account.',
    'role.supervisor': 'supervisore', 'role.provider_admin': 'amministratore della cooperativa',
  },
  en: {
    'signin.title': 'Sign in', 'signin.toContinue': 'Sign in to continue',
    'signin.missing': 'Write your username and password.',
    'signin.locked': 'Too many wrong attempts with this username: for safety, signing in is paused. Try again in {minutes} minutes.',
    'signin.locked.one': 'Too many wrong attempts with this username: for safety, signing in is paused. Try again in a minute.',
    'signin.paused': 'Too many wrong attempts from this network: for safety, signing in is paused. Try again in {minutes} minutes.',
    'signin.paused.one': 'Too many wrong attempts from this network: for safety, signing in is paused. Try again in a minute.',
    'signin.locked.some': 'Too many wrong attempts: for safety, signing in is paused for a few minutes. Please try later.',
    'signin.newcomer': 'No account yet?',
    'signin.newcomer.text': 'Soon you will sign in with SPID or CIE, register with your e-mail and recover your password from here. For now our help desk creates your account:',
    'signin.newcomer.employee': 'If you work for a member company, your HR office gives you the account.',
    'signin.forgot': 'Forgot your password? Ask the help desk: they give you a new one.',
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
    // login-locked: this username had too many wrong passwords; login-paused: this network did.
    const kind = String(error.body.type || '').endsWith('login-paused') ? 'signin.paused' : 'signin.locked';
    const minutes = Math.ceil(error.retryAfter / 60);
    return minutes === 1 ? t(kind + '.one') : t(kind, { minutes });
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
    const alert = el('p', { id: 'errore-accesso', role: 'alert', class: 'field-error mb-3' }, options.error);
    const username = el('input', { id: 'utente', name: 'username', type: 'text', class: 'form-control', autocomplete: 'username', required: true,
      'aria-describedby': 'errore-accesso', autocapitalize: 'none', spellcheck: 'false' });
    const password = el('input', { id: 'password', name: 'password', type: 'password', class: 'form-control',
      autocomplete: 'current-password', required: true, 'aria-describedby': 'errore-accesso' });
    const button = el('button', { type: 'submit', class: 'btn btn-primary', 'data-t': 'auth.signin' }, t('auth.signin'));
    const title = options.title || 'signin.title';
    const heading = options.labelledBy ? null : el('h2', { id: 'accedi-titolo', class: 'h4', 'data-t': title }, t(title));
    const form = el('form', { id: 'form-accedi', class: 'signin', novalidate: true,
      'aria-labelledby': options.labelledBy || 'accedi-titolo' },
      heading,
      options.intro ? el('p', { 'data-t': options.intro }, t(options.intro)) : null,
      el('div', { class: 'mb-3' }, el('label', { for: 'utente', class: 'form-label', 'data-t': 'auth.username' }, t('auth.username')), username),
      el('div', { class: 'mb-3' }, el('label', { for: 'password', class: 'form-label', 'data-t': 'auth.password' }, t('auth.password')), password),
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

    container.replaceChildren(el('div', { class: 'card-wrapper card-space' }, el('div', { class: 'card card-bg no-after' },
      el('div', { class: 'card-body row g-4' },
        el('div', { class: 'col-md-6' }, form),
        el('div', { class: 'col-md-6' }, newcomerHelp())))));
    if (options.focus) focusOn(heading || username);
  });
}

/**
 * What a person without an account (or without their password) can do: until self sign-up, SPID/CIE
 * and password recovery exist, whom to ask, with the help desk's contacts (GET /api/v1/site).
 */
function newcomerHelp() {
  const contacts = el('ul', { class: 'list-unstyled mb-2' });
  site().then(info => contacts.replaceChildren(...helpContacts(info.help)))
    .catch(() => { /* the footer carries the same contacts */ });
  return el('section', { 'aria-labelledby': 'nuovo-titolo' },
    el('h2', { id: 'nuovo-titolo', class: 'h4', 'data-t': 'signin.newcomer' }, t('signin.newcomer')),
    el('p', { 'data-t': 'signin.newcomer.text' }, t('signin.newcomer.text')),
    contacts,
    el('p', { 'data-t': 'signin.newcomer.employee' }, t('signin.newcomer.employee')),
    el('p', { class: 'mb-0', 'data-t': 'signin.forgot' }, t('signin.forgot')));
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
