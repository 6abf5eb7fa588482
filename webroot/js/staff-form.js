// Form pieces the staff page's forms share: a labelled field with its hint and its error, a group
// of checkboxes in a fieldset, and marking or clearing a field's error.
import { t } from './sportello.js';
import { byId, el } from './dom.js';

/** A labelled control with an optional hint (tied by aria-describedby) and a place for its error. */
export function field(id, labelKey, control, { hintKey, optional } = {}) {
  const described = [hintKey ? id + '-hint' : null, id + '-errore'].filter(Boolean).join(' ');
  control.id = id;
  control.setAttribute('aria-describedby', described);
  return el('div', { class: 'staff-field', id: id + '-campo' },
    el('label', { class: 'form-label', for: id }, t(labelKey), optional ? el('span', { class: 'optional' }, ' ' + t('staff.f.optional')) : null),
    control,
    hintKey ? el('p', { class: 'form-text', id: id + '-hint' }, t(hintKey)) : null,
    el('p', { class: 'field-error text-danger', id: id + '-errore', hidden: true }));
}

/** Checkboxes in a fieldset with a legend: items are [value, label]; name groups them. */
export function checks(id, legendKey, name, items, onchange) {
  return el('fieldset', { class: 'staff-fieldset', id, 'aria-describedby': id + '-errore' },
    el('legend', {}, t(legendKey)),
    items.map(([value, label]) => el('div', { class: 'staff-check' },
      el('input', { type: 'checkbox', class: 'form-check-input', id: id + '-' + value, name, value, onchange }),
      el('label', { for: id + '-' + value, class: 'mb-0' }, label))),
    el('p', { class: 'field-error text-danger', id: id + '-errore', hidden: true }));
}

/** The values ticked in the group {@code name} of {@code form}. */
export function ticked(form, name) {
  return [...form.querySelectorAll(`input[name="${name}"]:checked`)].map(input => input.value);
}

/** Shows {@code key}'s words as the error of field {@code id} (or clears it with null); true when an error is shown. */
export function fieldError(id, key) {
  const error = byId(id + '-errore');
  const control = byId(id);
  error.textContent = key ? t(key) : '';
  error.hidden = !key;
  if (control && control.tagName !== 'FIELDSET') {
    if (key) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
  }
  return !!key;
}

/** Says {@code message} in a role=status element; a fresh text each time, so the same message twice is announced twice. */
export function say(statusId, message) {
  const status = byId(statusId);
  status.textContent = '';
  setTimeout(() => { status.textContent = message; }, 50);
}

/** A small inline confirmation under a row's button: the question, yes (focused) and no. */
export function confirmInline(cell, question, yesKey, onYes) {
  const box = el('div', { class: 'alert alert-warning staff-confirm', role: 'group', 'aria-label': question });
  const no = el('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', onclick: () => { box.remove(); } }, t('staff.confirm.no'));
  const yes = el('button', { type: 'button', class: 'btn btn-danger btn-sm', onclick: () => onYes(yes) }, t(yesKey));
  box.append(el('p', { class: 'mb-2' }, question), el('div', { class: 'd-flex flex-wrap gap-2' }, yes, no));
  cell.querySelectorAll('.staff-confirm').forEach(old => old.remove());
  cell.append(box);
  yes.focus();
}
