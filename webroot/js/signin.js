// Signing in, the same on every page that asks for it (the portal's bookings and booking step, the
// chat, the console, the supervisor wall, the cooperative's admin): the form with username and
// password, drawn here and nowhere else, and beside it "Entra con SPID" / "Entra con CIE" when the
// server offers them (GET /api/v1/auth/providers); what it says when something goes wrong (missing
// fields, wrong credentials, an account locked for as long as the server's Retry-After says, no
// connection, a SPID/CIE sign-in that came back refused); and the header that says who is signed
// in. Tokens are kept and refreshed by sportello.js. A kiosk signs in with its device credential
// instead (kiosk-app.js).
//
// Back from SPID or CIE, the page's address ends with #handoff=<code> (or #signin-error=<why>):
// before any page script runs (top-level await below), the code is traded once for the tokens and
// the fragment is wiped from the address bar and the history.
import {
  t, words, translate, languageSwitch, signIn, signInWithHandoff, signOut, identity, hasRole, busy, Problem, getPublic,
} from './sportello.js';
import { el, byId, focusOn } from './dom.js';
// Draws the shared header and footer first: startHeader() below wires the buttons they hold.
import { site, helpContacts, icon, showMenuFor } from './site-chrome.js';

words({
  it: {
    'signin.title': 'Accedi', 'signin.toContinue': 'Accedi per continuare',
    'signin.missing': 'Scrivi il nome utente (o l’e-mail) e la password.',
    'signin.locked': 'Troppi tentativi sbagliati con questo nome utente: per sicurezza l’accesso è sospeso. Riprova tra {minutes} minuti.',
    'signin.locked.one': 'Troppi tentativi sbagliati con questo nome utente: per sicurezza l’accesso è sospeso. Riprova tra un minuto.',
    'signin.paused': 'Troppi tentativi sbagliati da questa rete: per sicurezza gli accessi sono sospesi. Riprova tra {minutes} minuti.',
    'signin.paused.one': 'Troppi tentativi sbagliati da questa rete: per sicurezza gli accessi sono sospesi. Riprova tra un minuto.',
    'signin.locked.some': 'Troppi tentativi sbagliati: per sicurezza l’accesso è sospeso per qualche minuto. Riprova più tardi.',
    'signin.digital': 'Entra con la tua identità digitale',
    'signin.digital.text': 'Con SPID o con la Carta d’identità elettronica (CIE) non ti serve una password. La prima volta creiamo noi il tuo account.',
    'signin.with': 'Entra con {provider}',
    'signin.newcomer': 'Non hai ancora un account?',
    'signin.register': 'Registrati con la tua e-mail',
    'signin.forgot': 'Password dimenticata?',
    'signin.newcomer.employee': 'Se sei dipendente di un’azienda aderente, l’azienda ti ha già creato l’account: scegli la password da «Password dimenticata?» con l’e-mail di lavoro.',
    'signin.newcomer.employee.digital': 'Se sei dipendente di un’azienda aderente, l’azienda ti ha già creato l’account: entra con SPID o CIE, oppure scegli la password da «Password dimenticata?» con l’e-mail di lavoro.',
    'signin.help': 'Serve aiuto? Il nostro servizio di assistenza risponde:',
    'signin.back.state': 'L’accesso con SPID o CIE è scaduto o era già stato usato. Riprova.',
    'signin.back.cancelled': 'Hai annullato l’accesso con SPID o CIE. Puoi riprovare quando vuoi.',
    'signin.back.provider': 'Il servizio SPID o CIE non ha confermato la tua identità. Riprova tra qualche minuto.',
    'signin.back.codice-fiscale': 'Dal tuo gestore di identità non è arrivato un codice fiscale valido, quindi non possiamo farti entrare. Scrivi al servizio di assistenza.',
    'signin.back.disabled': 'Il tuo account è disattivato. Scrivi al servizio di assistenza.',
    'signin.back.handoff': 'L’accesso con SPID o CIE non si è completato in tempo. Entra di nuovo.',
    'signin.wrongRole': 'Il tuo account non può usare questa pagina: serve il ruolo «{role}». Esci e accedi con un altro account.',
    'role.supervisor': 'supervisore', 'role.provider_admin': 'amministratore della cooperativa', 'role.provider_staff': 'operatore della cooperativa',
  },
  en: {
    'signin.title': 'Sign in', 'signin.toContinue': 'Sign in to continue',
    'signin.missing': 'Write your username and password.',
    'signin.locked': 'Too many wrong attempts with this username: for safety, signing in is paused. Try again in {minutes} minutes.',
    'signin.locked.one': 'Too many wrong attempts with this username: for safety, signing in is paused. Try again in a minute.',
    'signin.paused': 'Too many wrong attempts from this network: for safety, signing in is paused. Try again in {minutes} minutes.',
    'signin.paused.one': 'Too many wrong attempts from this network: for safety, signing in is paused. Try again in a minute.',
    'signin.locked.some': 'Too many wrong attempts: for safety, signing in is paused for a few minutes. Please try later.',
    'signin.digital': 'Sign in with your digital identity',
    'signin.digital.text': 'With SPID or your electronic identity card (CIE) you need no password. The first time, we create your account.',
    'signin.with': 'Sign in with {provider}',
    'signin.newcomer': 'No account yet?',
    'signin.register': 'Register with your e-mail',
    'signin.forgot': 'Forgot your password?',
    'signin.newcomer.employee': 'If you work for a member company, it has already created your account: choose a password from “Forgot your password?” with your work e-mail.',
    'signin.newcomer.employee.digital': 'If you work for a member company, it has already created your account: sign in with SPID or CIE, or choose a password from “Forgot your password?” with your work e-mail.',
    'signin.help': 'Need help? Our help desk answers:',
    'signin.back.state': 'The SPID or CIE sign-in expired or was already used. Please try again.',
    'signin.back.cancelled': 'You cancelled the SPID or CIE sign-in. You can try again whenever you like.',
    'signin.back.provider': 'The SPID or CIE service did not confirm your identity. Please try again in a few minutes.',
    'signin.back.codice-fiscale': 'Your identity provider did not give us a valid codice fiscale, so we cannot sign you in. Please write to the help desk.',
    'signin.back.disabled': 'Your account is disabled. Please write to the help desk.',
    'signin.back.handoff': 'The SPID or CIE sign-in did not complete in time. Please sign in again.',
    'signin.wrongRole': 'Your account cannot use this page: it needs the “{role}” role. Sign out and sign in with another account.',
    'role.supervisor': 'supervisor', 'role.provider_admin': 'cooperative administrator', 'role.provider_staff': 'cooperative staff',
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

/** The ways in the server offers besides the password (SPID, CIE): [{id, label}], asked once per page. */
let offered = null;
function providers() {
  offered = offered || getPublic('/api/v1/auth/providers').then(body => body.providers || []).catch(() => []);
  return offered;
}

/** This page, if the server may send the browser back to it after SPID/CIE (a page of this site), else the home page. */
function returnPath() {
  return /^\/([A-Za-z0-9_-]{1,60}\.html)?$/.test(location.pathname) ? location.pathname : '/';
}

/**
 * "Entra con SPID" and "Entra con CIE", when offered: plain links to the server, which sends the
 * browser on to the identity provider. Text buttons in the colours of the SPID and CIE guidelines
 * (the blue of Bootstrap Italia's primary), without the SPID logo (its use is reserved to the
 * official button kit, not redistributed here).
 */
function digitalIdentity() {
  const buttons = el('div', { class: 'd-flex flex-wrap gap-2 mb-2' });
  const section = el('section', { id: 'identita-digitale', class: 'mb-4', 'aria-labelledby': 'digitale-titolo', hidden: true },
    el('h2', { id: 'digitale-titolo', class: 'h4', 'data-t': 'signin.digital' }, t('signin.digital')),
    el('p', { 'data-t': 'signin.digital.text' }, t('signin.digital.text')),
    buttons);
  providers().then(list => {
    if (!list.length) return;
    buttons.replaceChildren(...list.map(p => {
      const label = el('span', {}, t('signin.with', { provider: p.label }));
      const link = el('a', { class: 'btn btn-primary btn-icon', id: 'entra-' + p.id,
        href: '/api/v1/auth/oidc/' + encodeURIComponent(p.id) + '/start?returnTo=' + encodeURIComponent(returnPath()) },
      icon('it-user', 'icon-white me-2'), label);
      // Relabelled on a language switch like the words that carry data-t.
      label.dataset.provider = p.label;
      return link;
    }));
    section.hidden = false;
  });
  return section;
}

/**
 * What a person without an account (or without their password) can do: SPID or CIE when offered,
 * sign up with an e-mail address, recover the password, whom to ask (GET /api/v1/site).
 */
function newcomerHelp() {
  const contacts = el('ul', { class: 'list-unstyled mb-2' });
  site().then(info => contacts.replaceChildren(...helpContacts(info.help)))
    .catch(() => { /* the footer carries the same contacts */ });
  const employee = el('p', { 'data-t': 'signin.newcomer.employee' }, t('signin.newcomer.employee'));
  providers().then(list => {
    if (!list.length) return;
    employee.dataset.t = 'signin.newcomer.employee.digital';
    employee.textContent = t(employee.dataset.t);
  });
  return el('div', {},
    digitalIdentity(),
    el('section', { 'aria-labelledby': 'nuovo-titolo' },
      el('h2', { id: 'nuovo-titolo', class: 'h4', 'data-t': 'signin.newcomer' }, t('signin.newcomer')),
      el('ul', { class: 'list-unstyled' },
        el('li', { class: 'mb-2' }, el('a', { id: 'registrati', href: '/registrati.html', 'data-t': 'signin.register' }, t('signin.register'))),
        el('li', { class: 'mb-2' }, el('a', { id: 'password-dimenticata', href: '/password-dimenticata.html', 'data-t': 'signin.forgot' },
          t('signin.forgot')))),
      employee,
      el('p', { class: 'mb-1', 'data-t': 'signin.help' }, t('signin.help')),
      contacts));
}

/**
 * Back from SPID or CIE: #handoff=<code> is traded for the tokens, #signin-error=<why> explained at
 * the top of the page. The fragment leaves the address bar first, so a reload or a shared link
 * never carries it. A code that no longer works (used, expired) is explained the same way.
 */
async function backFromIdentityProvider() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const handoff = fragment.get('handoff');
  const refused = fragment.get('signin-error');
  if (!handoff && !refused) return;
  history.replaceState(history.state, '', location.pathname + location.search);
  let why = refused;
  if (handoff) {
    try {
      await signInWithHandoff(handoff);
      return;
    } catch (e) {
      why = 'handoff';
    }
  }
  const key = 'signin.back.' + (['state', 'cancelled', 'provider', 'codice-fiscale', 'disabled', 'handoff'].includes(why) ? why : 'provider');
  const alert = el('div', { id: 'esito-accesso', class: 'alert alert-danger', role: 'alert', 'data-t': key }, t(key));
  const main = byId('contenuto') || document.body;
  main.prepend(alert);
}

/**
 * For pages that need someone signed in before anything else (chat, console, wall, admin): shows
 * the form in #accesso until someone is (with {@code options.role}: someone with that role), then
 * hides it and puts the focus on the page's content. Resolves with the identity. Other options
 * as {@link signInForm}.
 */
export async function signedIn(options = {}) {
  const box = byId('accesso');
  // options.role, or options.roles when any of several will do (the first one is named when none is held).
  const wanted = options.roles || (options.role ? [options.role] : null);
  const accept = wanted
    ? () => (wanted.some(hasRole) ? null : t('signin.wrongRole', { role: t('role.' + wanted[0]) }))
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
  showMenuFor(me);
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
    document.querySelectorAll('[data-provider]').forEach(label => {
      label.textContent = t('signin.with', { provider: label.dataset.provider });
    });
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

// Before the page's own script reads identity(): it imports this module, so it waits for this.
await backFromIdentityProvider();
