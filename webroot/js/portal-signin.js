// The sign-in form: username and password, errors said in a role="alert", progress on the button.
import { t, el, signIn, busy, Problem } from './sportello.js';
import { showAccount, focusOn } from './portal-common.js';

/**
 * Draws the form into {@code container} and resolves with the identity once signed in.
 * {@code options.title} and {@code options.note} say why the visitor is asked to sign in;
 * {@code options.labelledBy} names the heading of a surrounding section instead of a heading of its own.
 */
export function signInForm(container, options = {}) {
  return new Promise(resolve => {
    const error = el('p', { id: 'errore-accesso', role: 'alert' });
    const username = el('input', { id: 'utente', name: 'username', autocomplete: 'username', required: true,
      'aria-describedby': 'errore-accesso', autocapitalize: 'none', spellcheck: 'false' });
    const password = el('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password',
      required: true, 'aria-describedby': 'errore-accesso' });
    const button = el('button', { type: 'submit', id: 'entra' }, t('auth.signin'));
    // Inside a section that already says why (options.labelledBy), the form has no heading of its own.
    const heading = options.labelledBy ? null : el('h2', { id: 'accedi-titolo' }, options.title || t('signin.title'));
    const form = el('form', { id: 'form-accedi', class: 'panel portal-signin', novalidate: true,
      'aria-labelledby': options.labelledBy || 'accedi-titolo' },
      heading,
      el('p', {}, t('signin.intro')),
      options.note ? el('p', { class: 'hint' }, options.note) : null,
      el('label', { for: 'utente' }, t('auth.username')), username,
      el('label', { for: 'password' }, t('auth.password')), password,
      error,
      el('p', {}, button));
    form.addEventListener('submit', async event => {
      event.preventDefault();
      error.textContent = '';
      username.removeAttribute('aria-invalid');
      password.removeAttribute('aria-invalid');
      const missing = [username, password].filter(input => !input.value.trim());
      if (missing.length) {
        missing.forEach(input => input.setAttribute('aria-invalid', 'true'));
        error.textContent = t('signin.missing');
        missing[0].focus();
        return;
      }
      try {
        const who = await busy(button, () => signIn(username.value.trim(), password.value));
        showAccount();
        resolve(who);
      } catch (e) {
        password.value = '';
        password.setAttribute('aria-invalid', 'true');
        error.textContent = e instanceof Problem && e.status === 401 ? t('auth.failed')
          : e instanceof Problem && (e.status === 423 || e.status === 429) ? t('signin.locked')
            : e instanceof Problem ? e.message : t('error.network');
        password.focus();
      }
    });
    container.replaceChildren(form);
    if (options.focus !== false) focusOn(heading || username);
  });
}
