// On-screen keyboards for a touch kiosk: a numeric keypad (PIN, phone) and letters with digits
// (badge, codice fiscale). Each is a labelled <input> that the keys write into, so a badge
// reader or a physical keyboard works too, and screen readers find an ordinary text field.
// Keys are Bootstrap Italia buttons at least 80 px tall (kiosk.css); inputmode="none" keeps the
// system keyboard away.

import { t } from './sportello.js';
import { el } from './dom.js';

const ALNUM_ROWS = ['1234567890', 'QWERTYUIOP', 'ASDFGHJKL-', 'ZXCVBNM'];

/**
 * @param {object} o
 * @param {string} o.id            the input's id
 * @param {'digits'|'alnum'} o.layout
 * @param {string} o.label         visible label
 * @param {string} [o.hint]        visible help under the label
 * @param {boolean} [o.masked]     a PIN: shown as dots, the count said to screen readers
 * @param {number} o.maxLength
 * @param {string} [o.value]       what was typed before a re-render (e.g. a language switch)
 * @param {(v: string) => string} [o.sanitize]  what may be typed (upper case, allowed characters)
 * @param {(v: string) => void} o.onChange
 * @param {() => void} [o.onSubmit]  Enter, or the keypad's own OK key
 * @param {string} [o.submitLabel]   shows an OK key in the digits layout
 * @param {string} [o.extraKey]      a character key in the digits layout's bottom-right (e.g. '+')
 * @returns {{field: Element, keys: Element, input: HTMLInputElement, clear: () => void}}
 */
export function keypad(o) {
  const sanitize = o.sanitize || (v => v);
  const hintId = o.id + '-aiuto';
  const countId = o.id + '-conteggio';
  const input = el('input', {
    id: o.id, type: o.masked ? 'password' : 'text', inputmode: 'none', autocomplete: 'off', autocapitalize: 'characters',
    spellcheck: 'false', maxlength: String(o.maxLength), class: 'form-control keypad-display' + (o.masked ? ' masked' : ''),
    'aria-describedby': o.hint ? hintId : undefined,
  });
  input.value = o.value || '';
  const count = el('p', { id: countId, class: 'visually-hidden', 'aria-live': 'polite' });

  const set = value => {
    input.value = sanitize(value).slice(0, o.maxLength);
    if (o.masked) count.textContent = t('pin.count', { n: input.value.length });
    o.onChange(input.value);
  };
  input.addEventListener('input', () => set(input.value));
  input.addEventListener('keydown', event => {
    if (event.key === 'Enter' && o.onSubmit) {
      event.preventDefault();
      o.onSubmit();
    }
  });

  const key = (text, action, attributes = {}) => el('button', {
    type: 'button', class: 'btn key ' + (attributes.class || 'btn-outline-primary'), 'aria-label': attributes.label, onclick: action,
    dataset: { key: o.id + '-' + (attributes.key || text) },
  }, text);
  const type = ch => () => set(input.value + ch);
  const erase = key(t('key.delete.short'), () => set(input.value.slice(0, -1)),
    { class: 'btn-outline-primary key-action', label: t('key.delete'), key: 'delete' });

  let keys;
  if (o.layout === 'digits') {
    const grid = [];
    for (const d of '123456789') grid.push(key(d, type(d)));
    grid.push(erase);
    grid.push(key('0', type('0')));
    if (o.submitLabel) grid.push(key(o.submitLabel, () => o.onSubmit && o.onSubmit(), { class: 'btn-primary key-submit', key: 'submit' }));
    else if (o.extraKey) grid.push(key(o.extraKey, type(o.extraKey), { label: t('callback.plus') }));
    else grid.push(key(t('key.clear.short'), () => set(''), { class: 'btn-outline-primary key-action', label: t('key.clear'), key: 'clear' }));
    keys = el('div', { class: 'keys keys-digits', role: 'group', 'aria-label': o.label }, grid);
  } else {
    const rows = ALNUM_ROWS.map(row => el('div', { class: 'keys-row' },
      [...row].map(ch => key(ch, type(ch), { label: ch === '-' ? t('key.space') : undefined }))));
    rows[rows.length - 1].append(erase,
      key(t('key.clear.short'), () => set(''), { class: 'btn-outline-primary key-action', label: t('key.clear'), key: 'clear' }));
    keys = el('div', { class: 'keys keys-alnum', role: 'group', 'aria-label': o.label }, rows);
  }

  // Two parts a screen places apart: the field to read (with the content) and the keys (within
  // reach, at the bottom of a portrait screen or in the right column in landscape).
  const field = el('div', { class: 'keypad keypad-' + o.layout },
    el('label', { for: o.id }, o.label),
    o.hint ? el('p', { id: hintId, class: 'kiosk-hint' }, o.hint) : null,
    input, count);
  return {
    field,
    keys,
    input,
    clear: () => { input.value = ''; count.textContent = ''; },
  };
}

const TEXT_ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl\'', 'zxcvbnm,.-'];

/**
 * An on-screen keyboard for the text fields of {@code form} (the service's questions, which a
 * touch kiosk has no other way to answer): each key writes at the end of the field last touched
 * (the first one until then) and tells it so (an input event, as typing does). The shift key
 * gives one capital letter and is on by itself at the start of an empty field. A physical
 * keyboard works as well: the fields are ordinary fields.
 *
 * @param {object} o
 * @param {Element} o.form     where the fields are
 * @param {string} o.label     the keyboard's name for screen readers
 * @returns {Element} the keys
 */
export function textKeyboard(o) {
  let target = null;
  let shift = false;
  o.form.addEventListener('focusin', event => {
    if (event.target.matches('input, textarea')) {
      target = event.target;
      setShift(target.value === '');
    }
  });
  const field = () => (target && o.form.contains(target) ? target : o.form.querySelector('input, textarea'));
  const letters = [];

  function setShift(on) {
    shift = on;
    shiftKey.setAttribute('aria-pressed', String(on));
    for (const button of letters) button.textContent = on ? button.dataset.char.toUpperCase() : button.dataset.char;
  }

  function write(change) {
    const input = field();
    if (!input) return;
    const max = input.maxLength > 0 ? input.maxLength : Infinity;
    input.value = change(input.value).slice(0, max);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    setShift(input.value === '');
  }

  const key = (text, action, attributes = {}) => el('button', {
    type: 'button', class: 'btn key ' + (attributes.class || 'btn-outline-primary'), 'aria-label': attributes.label,
    onclick: action, dataset: { key: 'testo-' + (attributes.key || text) },
  }, text);
  const shiftKey = key(t('key.shift.short'), () => setShift(!shift),
    { class: 'btn-outline-primary key-action', label: t('key.shift'), key: 'shift' });
  const rows = TEXT_ROWS.map(row => el('div', { class: 'keys-row' }, [...row].map(ch => {
    const button = key(ch, () => {
      const typed = shift ? ch.toUpperCase() : ch;
      write(value => value + typed);
    }, { key: ch });
    if (ch.toUpperCase() !== ch) {
      button.dataset.char = ch;
      letters.push(button);
    }
    return button;
  })));
  rows.push(el('div', { class: 'keys-row' },
    shiftKey,
    key(t('key.spacebar'), () => write(value => value + ' '), { class: 'btn-outline-primary key-space', key: 'space' }),
    key(t('key.delete.short'), () => write(value => value.slice(0, -1)),
      { class: 'btn-outline-primary key-action', label: t('key.delete'), key: 'delete' })));
  setShift(true);
  return el('div', { class: 'keys keys-alnum keys-text', role: 'group', 'aria-label': o.label }, rows);
}
