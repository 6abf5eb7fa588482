// What the account pages share: their words, requests that need no sign-in, the secret a link
// carries in its fragment (#token=..., never sent to the server in a URL, so never in its logs),
// and errors shown next to the field they are about, in the visitor's language.
import './account-words.js';
import { t, currentLanguage, Problem, busy } from './sportello.js';
import { byId, el, fill, focusOn } from './dom.js';
import { explain, problemType } from './portal-common.js';

/** POSTs {@code body} without a token; resolves with the answer, rejects with a {@link Problem}. */
export async function postPublic(path, body) {
  let response;
  try {
    response = await fetch(path, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (e) {
    throw new Problem(0, { detail: t('error.network') });
  }
  const type = response.headers.get('Content-Type') || '';
  const payload = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) throw Problem.of(response, payload);
  return payload;
}

/**
 * The secret in the page's fragment, read once; the fragment is then taken out of the address bar
 * and the history, so it is not left behind on a shared computer.
 */
export function tokenFromFragment() {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]{20,200})/.exec(location.hash);
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  return match ? match[1] : null;
}

/** Problems whose server words (in Italian) are more precise than ours: kept in Italian. */
const SERVER_WORDS = ['weak-password', 'invalid-codice-fiscale'];

/** What went wrong, in the visitor's language. */
export function explainAccount(error) {
  const type = problemType(error);
  if (error instanceof Problem && error.status === 429) {
    return t('acc.paused', { minutes: Math.max(1, Math.ceil((error.retryAfter || 60) / 60)) });
  }
  if (SERVER_WORDS.includes(type) && currentLanguage() === 'it') return error.message;
  return explain(error);
}

/** Which field a problem type is about (the element's id), on every account page. */
const FIELD_OF = {
  'invalid-email': 'email', 'weak-password': 'password', 'invalid-codice-fiscale': 'cf',
  'unknown-municipality': 'comune', 'municipality-from-identity-provider': 'comune',
  'invalid-phone': 'telefono', 'wrong-password': 'attuale', 'weak-pin': 'pin-nuovo',
};

/** A field's error, said under it (#id-errore) and tied to it (aria-invalid); empty text clears it. */
export function fieldError(id, text) {
  const input = byId(id);
  const slot = byId(id + '-errore');
  if (!input || !slot) return false;
  slot.textContent = text || '';
  if (text) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
  return true;
}

/** Clears every field error and the form's alert. */
export function clearErrors(form) {
  form.querySelectorAll('[aria-invalid]').forEach(input => fieldError(input.id, ''));
  const alert = form.querySelector('.form-alert');
  if (alert) alert.textContent = '';
}

/**
 * Shows a refusal: next to its field when it is about one (and the focus goes there), else in the
 * form's alert (.form-alert).
 */
export function showRefusal(form, error) {
  const type = problemType(error);
  const text = explainAccount(error);
  const fieldId = FIELD_OF[type];
  if (fieldId && form.querySelector('#' + fieldId) && fieldError(fieldId, text)) {
    form.querySelector('.form-alert').textContent = t('acc.fix');
    focusOn(byId(fieldId));
    return;
  }
  form.querySelector('.form-alert').textContent = text;
}

/**
 * Fields left empty that must not be: each says so; the focus goes to the first. True when none.
 */
export function requireFilled(form, ids) {
  const empty = ids.filter(id => !byId(id).value.trim());
  empty.forEach(id => fieldError(id, t('acc.required')));
  if (empty.length) {
    form.querySelector('.form-alert').textContent = t('acc.fix');
    focusOn(byId(empty[0]));
  }
  return empty.length === 0;
}

/** A success said in place of the form: a callout with a heading, text and links, focused. */
export function showDone(container, title, text, ...links) {
  const heading = el('h2', { class: 'callout-title h5', tabindex: '-1' }, title);
  // The links go under the callout: inside it, its own link colour would win over a button's.
  fill(container, el('div', { class: 'callout success', role: 'status' }, heading, el('p', {}, text)),
    links.length ? el('p', { class: 'd-flex flex-wrap gap-3' }, ...links) : null);
  container.hidden = false;
  focusOn(heading);
}

/** The "show the password" box of a form: it turns every password field of the form to plain text and back. */
export function wireShowPasswords(form) {
  const box = form.querySelector('[data-show-passwords]');
  if (!box) return;
  box.addEventListener('change', () => {
    form.querySelectorAll('input[data-password]').forEach(input => { input.type = box.checked ? 'text' : 'password'; });
  });
  form.querySelectorAll('input[type="password"]').forEach(input => input.setAttribute('data-password', ''));
}

/**
 * The new password typed twice: long enough and the same (the server checks the rest). Marks what
 * is wrong and answers false.
 */
export function newPasswordReady(form) {
  if (!requireFilled(form, ['password', 'ripeti'])) return false;
  const password = byId('password').value;
  if ([...password].length < 10) {
    fieldError('password', t('acc.password.short'));
  } else if (password !== byId('ripeti').value) {
    fieldError('ripeti', t('acc.password.mismatch'));
  } else {
    return true;
  }
  form.querySelector('.form-alert').textContent = t('acc.fix');
  focusOn(form.querySelector('[aria-invalid="true"]'));
  return false;
}

/** The form that asks for another verification link (#di-nuovo), shown under {@code after}. */
export function offerNewLink(email) {
  const section = byId('di-nuovo');
  const form = byId('form-di-nuovo');
  const input = byId('nuovo-email');
  if (email) input.value = email;
  section.hidden = false;
  form.addEventListener('submit', async event => {
    event.preventDefault();
    clearErrors(form);
    if (!requireFilled(form, ['nuovo-email'])) return;
    try {
      await busy(form.querySelector('button[type="submit"]'),
        () => postPublic('/api/v1/accounts/verify-email/resend', { email: input.value.trim() }));
      form.hidden = true;
      showDone(byId('di-nuovo-esito'), t('acc.sent.title'), t('acc.sent.text'));
    } catch (e) {
      showRefusal(form, e);
    }
  });
}
