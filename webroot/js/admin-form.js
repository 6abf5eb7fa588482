// Form pieces for the provider admin pages: labelled fields with hints, reading values in the
// shapes the API takes, the API's validation errors shown next to the fields they name (JSON
// pointers of problem+json errors[]), and the schedule-conflict refusal in plain words.
import { t, showError, Problem, centsOf } from './sportello.js';
import { byId, el } from './dom.js';
import { clock, fullDate } from './time.js';

/**
 * A labelled control in Bootstrap Italia's markup. spec: {id, pointer, label, hint,
 * type: text|textarea|select|checkbox|date, options: [[value, wordKey]], optional, inputmode,
 * width: grid classes of its column (e.g. 'col-md-6')}. The error paragraph is always referenced
 * by aria-describedby and is empty until the API names the field. Dates are the browser's own
 * date picker (type=date), whose value is already the API's AAAA-MM-GG.
 */
export function field(spec) {
  const { id, pointer, type = 'text' } = spec;
  const hintId = spec.hint ? id + '-aiuto' : null;
  const errorId = id + '-errore';
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  const common = { id, name: pointer, 'data-pointer': pointer, 'aria-describedby': describedBy };
  let control;
  if (type === 'textarea') {
    control = el('textarea', { ...common, class: 'form-control', rows: 3 });
  } else if (type === 'select') {
    control = el('select', { ...common, class: 'form-select' }, (spec.options || []).map(([value, key]) =>
      el('option', { value, 'data-t': key }, t(key))));
  } else if (type === 'checkbox') {
    control = el('input', { ...common, type: 'checkbox', class: 'form-check-input' });
  } else if (type === 'date') {
    control = el('input', { ...common, type: 'date', class: 'form-control' });
  } else {
    control = el('input', { ...common, type: 'text', class: 'form-control', autocomplete: 'off', inputmode: spec.inputmode });
  }
  const label = el('label', { for: id, class: type === 'checkbox' ? 'form-check-label' : 'form-label' },
    el('span', { 'data-t': spec.label }, t(spec.label)),
    spec.optional ? [' ', el('span', { class: 'optional', 'data-t': 'form.optional' }, t('form.optional'))] : null);
  const hint = spec.hint ? el('p', { class: 'form-text mt-0 mb-1', id: hintId, 'data-t': spec.hint }, t(spec.hint)) : null;
  const error = el('p', { class: 'field-error mb-0', id: errorId, hidden: true });
  const column = spec.width || 'col-12';
  if (type === 'checkbox') {
    return el('div', { class: column }, el('div', { class: 'form-check admin-check' }, control, label), hint, error);
  }
  return el('div', { class: column + ' admin-field' }, label, hint, control, error);
}

/** Fields side by side on wide screens, one under the other on a phone (Bootstrap Italia's grid). */
export function fieldRow(...fields) {
  return el('div', { class: 'row g-3 mb-3' }, ...fields);
}

/** A control's text, trimmed. */
export function text(form, id) {
  return form.querySelector('#' + id).value.trim();
}

/** Whole numbers as numbers; anything else is sent as typed, so the API names the field. */
export function integer(form, id) {
  const raw = text(form, id);
  if (raw === '') return undefined;
  return /^-?\d+$/.test(raw) ? Number(raw) : raw;
}

/** "18,50", "18.50", "1.234,50 €" -> cents; anything unreadable is sent as typed. */
export function cents(form, id) {
  const value = centsOf(text(form, id));
  return value === null ? undefined : value;
}

export function setValue(form, id, value) {
  const control = form.querySelector('#' + id);
  if (control.type === 'checkbox') control.checked = !!value;
  else control.value = value === null || value === undefined ? '' : String(value);
}

/** Removes every field error and empties the form's alert. */
export function clearErrors(form, alert) {
  form.querySelectorAll('[aria-invalid]').forEach(c => { c.removeAttribute('aria-invalid'); c.classList.remove('is-invalid'); });
  form.querySelectorAll('.field-error').forEach(p => { p.textContent = ''; p.hidden = true; });
  alert.replaceChildren();
  alert.hidden = true;
}

function pointerOf(error) {
  let pointer = String(error.pointer ?? '').replace(/^#/, '');
  if (pointer === '' || pointer === '/') {
    // "Instance does not have required property \"title\"" is reported at the root.
    const named = /property "([^"]+)"/i.exec(error.detail || '');
    pointer = named ? '/' + named[1] : '';
  }
  return pointer;
}

function controlFor(form, pointer) {
  let p = pointer;
  while (p) {
    const control = form.querySelector(`[data-pointer="${CSS.escape(p)}"]`);
    if (control) return control;
    p = p.slice(0, p.lastIndexOf('/'));
  }
  return null;
}

/**
 * Shows what the API refused: validation errors next to their fields (and a summary naming the
 * fields in the alert, focus on the first), a schedule conflict as a list of the booked slots, any
 * other problem as its text.
 */
export function showProblem(form, alert, error, options = {}) {
  clearErrors(form, alert);
  const body = error instanceof Problem ? error.body : {};
  if (error instanceof Problem && error.status === 409 && body.type === '/problems/schedule-conflict') {
    showConflict(alert, body, options.resourceName || (id => id));
    return;
  }
  const errors = error instanceof Problem && Array.isArray(body.errors) ? body.errors : [];
  const pointers = errors.map(pointerOf);
  const placed = new Map(); // control -> detail given by the API
  const unplaced = [];
  errors.forEach((e, i) => {
    const pointer = pointers[i];
    // A parent is reported along with its child ("/policy" and "/policy/horizonDays"): keep the child.
    if (pointer && pointers.some(other => other.startsWith(pointer + '/'))) return;
    const control = pointer ? controlFor(form, pointer) : null;
    if (!control) {
      if (e.detail && !unplaced.includes(e.detail)) unplaced.push(e.detail);
      return;
    }
    const generic = /does not match (additional properties )?schema/.test(e.detail || '');
    if (!placed.has(control) || (!generic && /does not match/.test(placed.get(control)))) placed.set(control, e.detail || '');
  });
  if (placed.size === 0) {
    showError(alert, unplaced.length && error.status === 422
      ? new Problem(422, { detail: [body.detail, ...unplaced].filter(Boolean).join(' ') }) : error);
    return;
  }
  const names = [];
  for (const [control, detail] of placed) {
    const key = 'err.' + control.dataset.pointer;
    const plain = t(key);
    const message = byId(control.id + '-errore');
    message.textContent = plain === key ? detail : plain;
    message.hidden = false;
    control.setAttribute('aria-invalid', 'true');
    control.classList.add('is-invalid');
    names.push(control.labels && control.labels[0] ? control.labels[0].querySelector('span').textContent : control.name);
  }
  alert.append(el('p', {}, [body.detail, ...unplaced].filter(Boolean).join(' ')),
    el('p', {}, t('form.fixFields', { fields: names.join(', ') })));
  alert.hidden = false;
  placed.keys().next().value.focus();
}

/** The 409 schedule-conflict refusal: nothing changed, and which booked slots stand in the way. */
export function showConflict(alert, body, resourceName) {
  const affected = body.affected || [];
  alert.replaceChildren(
    el('p', {}, el('strong', {}, t('conflict.lead')), ' ',
      affected.length === 1 ? t('conflict.why1') : t('conflict.why', { count: affected.length })),
    el('ul', { class: 'conflicts', 'data-conflicts': String(affected.length) }, affected.map(slot => el('li', {},
      t('conflict.slot', {
        when: fullDate(slot.start), start: clock(slot.start), end: clock(slot.end),
        resource: resourceName(slot.resourceId),
        taken: slot.taken === 1 ? t('conflict.taken1') : t('conflict.taken', { n: slot.taken }),
      })))),
    el('p', {}, t('conflict.what')));
  alert.hidden = false;
}
