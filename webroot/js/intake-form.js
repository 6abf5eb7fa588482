// The intake questions a service asks when a booking is confirmed (issue 18): who receives the
// service, where it is delivered, notes for the cooperative. One module for the portal, the
// operator's console and the kiosk, so the three ask the same questions with the same words.
// Markup is Bootstrap Italia's (form-group, form-control, label, form-text, invalid-feedback,
// is-invalid); required questions say so in words, not only by colour. The API checks everything
// again (400 intake-missing, 422 intake-invalid): showIntakeErrors puts its answer next to the fields.
import { words, t } from './sportello.js';
import { el, fill } from './dom.js';

words({
  it: {
    'intake.legend': 'Informazioni per la cooperativa',
    'intake.beneficiary': 'Chi riceve il servizio',
    'intake.beneficiary.hint': 'Nome e cognome della persona che riceve il servizio.',
    'intake.address': 'Indirizzo dove svolgere il servizio',
    'intake.address.hint': 'Via, numero civico e comune; se serve, scala e piano.',
    'intake.notes': 'Note per la cooperativa',
    'intake.notes.hint': 'Quello che è utile sapere prima: citofono, orari, esigenze particolari.',
    'intake.required': '(obbligatorio)', 'intake.optional': '(facoltativo)',
    'intake.missing.beneficiary': 'Scrivi chi riceve il servizio.',
    'intake.missing.address': 'Scrivi l’indirizzo dove svolgere il servizio.',
    'intake.missing.notes': 'Scrivi le note per la cooperativa.',
    'intake.invalid.too-long': 'Al massimo {max} caratteri.',
    'intake.invalid.control-characters': 'Togli i caratteri speciali.',
    'intake.invalid.other': 'Controlla questa risposta.',
    'intake.shown.beneficiary': 'Chi riceve il servizio', 'intake.shown.address': 'Indirizzo', 'intake.shown.notes': 'Note',
  },
  en: {
    'intake.legend': 'Information for the cooperative',
    'intake.beneficiary': 'Who receives the service',
    'intake.beneficiary.hint': 'Full name of the person who receives the service.',
    'intake.address': 'Address where the service takes place',
    'intake.address.hint': 'Street, number and town; staircase and floor if needed.',
    'intake.notes': 'Notes for the cooperative',
    'intake.notes.hint': 'Anything useful to know beforehand: doorbell, times, special needs.',
    'intake.required': '(required)', 'intake.optional': '(optional)',
    'intake.missing.beneficiary': 'Write who receives the service.',
    'intake.missing.address': 'Write the address where the service takes place.',
    'intake.missing.notes': 'Write the notes for the cooperative.',
    'intake.invalid.too-long': 'At most {max} characters.',
    'intake.invalid.control-characters': 'Remove the special characters.',
    'intake.invalid.other': 'Check this answer.',
    'intake.shown.beneficiary': 'Receives the service', 'intake.shown.address': 'Address', 'intake.shown.notes': 'Notes',
  },
});

/** The question kinds in the order they are asked, with their control, length and autocomplete hint. */
export const INTAKE_KINDS = Object.freeze({
  beneficiary: { control: 'input', maxLength: 120, autocomplete: 'name' },
  address: { control: 'input', maxLength: 300, autocomplete: 'street-address' },
  notes: { control: 'textarea', maxLength: 1000, autocomplete: 'off' },
});

/**
 * Renders the service's questions ({@code questions}: the service's {@code intake}, [{kind,
 * required}]) into {@code container}, replacing what it held: a fieldset with one labelled field
 * per question, in the kinds' order; nothing when the service asks nothing. {@code options}:
 * {idPrefix: ids are idPrefix-kind (default 'intake'; give another when a page shows two forms),
 * values: {kind: text} to fill in}. Returns the number of questions rendered.
 */
export function renderIntake(container, questions, options = {}) {
  const prefix = options.idPrefix || 'intake';
  const values = options.values || {};
  const asked = Object.keys(INTAKE_KINDS)
    .map(kind => (questions || []).find(q => q.kind === kind))
    .filter(Boolean);
  if (asked.length === 0) {
    fill(container);
    return 0;
  }
  fill(container, el('fieldset', { class: 'intake' },
    el('legend', { 'data-t': 'intake.legend' }, t('intake.legend')),
    asked.map(q => group(prefix, q, values[q.kind]))));
  return asked.length;
}

function group(prefix, question, value) {
  const { kind, required } = question;
  const spec = INTAKE_KINDS[kind];
  const id = prefix + '-' + kind;
  const attributes = {
    id, name: kind, class: 'form-control', maxlength: spec.maxLength, autocomplete: spec.autocomplete,
    required: !!required, 'aria-required': required ? 'true' : 'false',
    'aria-describedby': id + '-aiuto ' + id + '-errore',
  };
  const control = spec.control === 'textarea'
    ? el('textarea', { ...attributes, rows: 3 }, value || '')
    : el('input', { ...attributes, type: 'text', value: value || null });
  const marker = required ? 'intake.required' : 'intake.optional';
  // "active" keeps Bootstrap Italia's label above the field, filled or not, before its script runs.
  const label = el('label', { for: id, class: 'form-label active' },
    el('span', { 'data-t': 'intake.' + kind }, t('intake.' + kind)), ' ',
    el('span', { class: required ? 'intake-required' : 'intake-optional', 'data-t': marker }, t(marker)));
  return el('div', { class: 'form-group', 'data-intake-kind': kind, 'data-required': required ? 'true' : 'false' },
    label, control,
    el('small', { id: id + '-aiuto', class: 'form-text', 'data-t': 'intake.' + kind + '.hint' }, t('intake.' + kind + '.hint')),
    el('div', { id: id + '-errore', class: 'invalid-feedback' }));
}

/**
 * What the person wrote: {answers: {kind: text trimmed} for every field not left empty, missing:
 * [kind] of the required questions left empty, in the kinds' order}. Send {@code answers} as the
 * body's {@code intake} (confirm, recurring series); show {@code missing} with showIntakeErrors.
 */
export function readIntake(container) {
  const answers = {};
  const missing = [];
  container.querySelectorAll('[data-intake-kind]').forEach(groupNode => {
    const kind = groupNode.dataset.intakeKind;
    const text = groupNode.querySelector('.form-control').value.trim();
    if (text !== '') answers[kind] = text;
    else if (groupNode.dataset.required === 'true') missing.push(kind);
  });
  return { answers, missing };
}

/** Takes every error mark away. */
export function clearIntakeErrors(container) {
  container.querySelectorAll('[data-intake-kind]').forEach(groupNode => {
    const control = groupNode.querySelector('.form-control');
    control.classList.remove('is-invalid');
    control.removeAttribute('aria-invalid');
    groupNode.querySelector('.invalid-feedback').textContent = '';
  });
}

/**
 * Marks the fields that need the person: {@code errors} is readIntake's answer or the API's
 * problem body (intake-missing or intake-invalid: {missing: [kind], invalid: [{field, reason,
 * max?}]}). Clears earlier marks first. Returns the first marked control (to move focus to), or
 * null when nothing in this form was named.
 */
export function showIntakeErrors(container, errors) {
  clearIntakeErrors(container);
  const messages = new Map();
  for (const kind of (errors && errors.missing) || []) messages.set(kind, t('intake.missing.' + kind));
  for (const wrong of (errors && errors.invalid) || []) {
    const key = 'intake.invalid.' + (['too-long', 'control-characters'].includes(wrong.reason) ? wrong.reason : 'other');
    messages.set(wrong.field, t(key, { max: wrong.max }));
  }
  let first = null;
  container.querySelectorAll('[data-intake-kind]').forEach(groupNode => {
    const message = messages.get(groupNode.dataset.intakeKind);
    if (!message) return;
    const control = groupNode.querySelector('.form-control');
    control.classList.add('is-invalid');
    control.setAttribute('aria-invalid', 'true');
    groupNode.querySelector('.invalid-feedback').textContent = message;
    first = first || control;
  });
  return first;
}

/** Whether a refusal of the API (sportello.js Problem) is about the intake answers. */
export function isIntakeProblem(problem) {
  const type = problem && problem.body && problem.body.type;
  return type === '/problems/intake-missing' || type === '/problems/intake-invalid';
}

/**
 * A booking's answers ({@code intake}: {beneficiary?, address?, notes?}) as a description list,
 * for "my bookings" and the cooperative's list; null when there are none.
 */
export function intakeSummary(intake) {
  const given = Object.keys(INTAKE_KINDS).filter(kind => intake && intake[kind]);
  if (given.length === 0) return null;
  return el('dl', { class: 'intake-answers' }, given.map(kind => [
    el('dt', { 'data-t': 'intake.shown.' + kind }, t('intake.shown.' + kind)),
    el('dd', { style: kind === 'notes' ? 'white-space: pre-line' : null }, intake[kind]),
  ]));
}
