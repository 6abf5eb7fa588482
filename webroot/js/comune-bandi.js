// "I bandi del Comune", a section of /comune.html: the Comune's bandi (GET /api/v1/comune/bandi,
// with each one's budget from GET /api/v1/comune/report), a draft written and edited in a form
// with every field the API takes (POST, PUT /api/v1/comune/bandi[/:id]), published after a
// confirmation saying what freezes (POST .../publish) and withdrawn (POST .../withdraw). The API's
// refusals land next to the field they name, focus on the first.
import { t, api, busy, euro, showError, Problem } from './sportello.js';
import { el, fill, announce, focusOn } from './dom.js';
import { field, fieldRow, text, integer, cents, setValue, clearErrors, showProblem } from './admin-form.js';
import { plainDate, clock } from './time.js';

export const id = 'bandi';

const RULES = ['residency', 'isee_max', 'household_size', 'child_under', 'applicant_age'];
/** The domain's refusal types and the field each one is about. */
const REFUSED_FIELD = {
  'bando-title': '/title', 'bando-summary': '/summary', 'bando-body': '/body', 'bando-window': '/closesAt',
  'bando-closed': '/closesAt', 'bando-budget': '/budgetCents', 'bando-budget-below-amount': '/budgetCents',
  'bando-voucher-expiry': '/voucherValidUntil', 'bando-rules': '/rules', 'bando-documents': '/documents',
  'amount-negative': '/amount/baseCents', 'amount-too-large': '/amount/baseCents', 'amount-zero': '/amount/baseCents',
  'amount-max-below-base': '/amount/maxCents',
};

const state = { comune: null, section: null, host: null, items: null, budgets: {}, editing: null, rows: 0 };

export async function start(comune, section, host) {
  state.comune = comune;
  state.section = section;
  state.host = host;
  await load();
}

export function changed() {
  if (!state.editing) load();
}

async function load() {
  try {
    const [list, report] = await Promise.all([api('GET', '/api/v1/comune/bandi'), api('GET', '/api/v1/comune/report')]);
    state.items = list.items;
    state.budgets = Object.fromEntries(report.items.map(b => [b.bandoId, b]));
  } catch (e) {
    state.items = null;
    render();
    showError(state.section.querySelector('#bandi-errore'), e);
    return;
  }
  render();
}

export function render() {
  if (!state.section) return;
  if (state.editing) return;
  const items = state.items || [];
  fill(state.section,
    el('h2', { class: 'h3', id: 'bandi-titolo' }, t('bandi.title')),
    el('p', {}, t('bandi.intro')),
    el('p', { role: 'alert', class: 'alert alert-danger', id: 'bandi-errore', hidden: true }),
    el('p', {}, el('button', { type: 'button', class: 'btn btn-primary', id: 'bando-nuovo', onclick: () => edit(null) },
      t('bandi.new'))),
    state.items && items.length === 0 ? el('p', {}, t('bandi.none')) : null,
    items.length ? list(items) : null);
}

function list(items) {
  return el('div', { class: 'table-responsive' }, el('table', { class: 'table', id: 'bandi-elenco' },
    el('caption', { class: 'visually-hidden' }, t('bandi.title')),
    el('thead', {}, el('tr', {}, ...['title', 'status', 'window', 'budget', 'action']
      .map(c => el('th', { scope: 'col' }, t('bandi.col.' + c))))),
    el('tbody', {}, ...items.map(row))));
}

function row(b) {
  const budget = state.budgets[b.id];
  const actions = el('td', { class: 'bando-azioni' });
  const named = key => t(key, { title: b.title });
  if (b.status === 'draft') {
    actions.append(
      el('button', { type: 'button', class: 'btn btn-outline-primary btn-sm me-2 mb-1', 'aria-label': named('bandi.edit'),
        onclick: event => busy(event.currentTarget, () => openDraft(b.id)) }, t('bandi.edit.short')),
      el('button', { type: 'button', class: 'btn btn-primary btn-sm me-2 mb-1 bando-pubblica', 'aria-label': named('bandi.publish'),
        onclick: () => confirm(actions, b, 'publish') }, t('bandi.publish.short')),
      el('button', { type: 'button', class: 'btn btn-outline-danger btn-sm mb-1 bando-elimina', 'aria-label': named('bandi.delete'),
        onclick: () => confirm(actions, b, 'delete') }, t('bandi.delete.short')));
  } else {
    actions.append(el('button', { type: 'button', class: 'btn btn-primary btn-sm me-2 mb-1 bando-domande',
      'aria-label': named('bandi.applications'), onclick: () => state.host.show('domande', b.id) }, t('bandi.applications.short')));
    if (b.status === 'published') {
      actions.append(el('button', { type: 'button', class: 'btn btn-outline-danger btn-sm mb-1 bando-ritira',
        'aria-label': named('bandi.withdraw'), onclick: () => confirm(actions, b, 'withdraw') }, t('bandi.withdraw.short')));
    }
  }
  return el('tr', { dataset: { bando: b.id, status: b.status } },
    el('th', { scope: 'row' }, b.title, el('br'), el('small', {}, t('bandi.kind.' + b.kind))),
    el('td', {}, t('bandi.status.' + b.status), b.status === 'published' ? [el('br'), el('small', {}, t('bandi.phase.' + b.phase))] : null),
    el('td', {}, t('bandi.window', { from: when(b.opensAt), to: when(b.closesAt) })),
    el('td', {}, budget ? t('bandi.budget', { total: euro(budget.budgetCents), granted: euro(budget.grantedCents),
      left: euro(budget.residualCents) }) : '—'),
    actions);
}

function when(instant) {
  return plainDate(instant) + ' ' + clock(instant);
}

/** The confirmation under the buttons: publishing freezes the rules, withdrawing closes the bando to citizens. */
function confirm(cell, b, action) {
  const question = t('bandi.confirm.' + action, { title: b.title });
  const box = el('div', { class: 'alert alert-warning mt-2 bando-conferma', role: 'group', 'aria-label': t('bandi.confirm.label') });
  const yes = el('button', { type: 'button', class: action === 'publish' ? 'btn btn-primary btn-sm' : 'btn btn-danger btn-sm',
    onclick: () => busy(yes, () => change(action, b)) }, t('bandi.' + action + '.short'));
  const no = el('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', onclick: () => box.remove() }, t('shops.confirm.no'));
  box.append(el('p', { class: 'mb-2' }, question), el('div', { class: 'd-flex gap-2' }, yes, no));
  cell.querySelectorAll('.bando-conferma').forEach(old => old.remove());
  cell.append(box);
  yes.focus();
}

async function change(action, b) {
  try {
    if (action === 'delete') await api('DELETE', '/api/v1/comune/bandi/' + encodeURIComponent(b.id));
    else await api('POST', '/api/v1/comune/bandi/' + encodeURIComponent(b.id) + '/' + action);
  } catch (e) {
    const alert = state.section.querySelector('#bandi-errore');
    showError(alert, e);
    focusOn(alert);
    return;
  }
  await load();
  state.host.changed(id);
  announce(t('bandi.done.' + action, { title: b.title }));
  focusOn(state.section.querySelector('#bandi-titolo'));
}

// ---- the draft's form -----------------------------------------------------------------------------

async function openDraft(bandoId) {
  let bando;
  try {
    bando = await api('GET', '/api/v1/comune/bandi/' + encodeURIComponent(bandoId));
  } catch (e) {
    showError(state.section.querySelector('#bandi-errore'), e);
    return;
  }
  edit(bando);
}

function edit(bando) {
  state.editing = bando || {};
  state.rows = 0;
  const alert = el('div', { role: 'alert', class: 'alert alert-danger', id: 'bando-errore', hidden: true });
  const form = el('form', { id: 'bando-form', novalidate: true, onsubmit: event => { event.preventDefault(); save(form, alert); } },
    alert,
    fieldRow(field({ id: 'bando-titolo', pointer: '/title', label: 'bandi.f.title', width: 'col-12' })),
    fieldRow(field({ id: 'bando-sintesi', pointer: '/summary', label: 'bandi.f.summary', hint: 'bandi.f.summary.hint', type: 'textarea' })),
    fieldRow(field({ id: 'bando-testo', pointer: '/body', label: 'bandi.f.body', hint: 'bandi.f.body.hint', type: 'textarea' })),
    fieldRow(
      field({ id: 'bando-tipo', pointer: '/kind', label: 'bandi.f.kind', type: 'select', width: 'col-md-6',
        options: [['buoni_spesa', 'bandi.kind.buoni_spesa'], ['contributo', 'bandi.kind.contributo']] }),
      field({ id: 'bando-graduatoria', pointer: '/ranking', label: 'bandi.f.ranking', type: 'select', width: 'col-md-6',
        hint: 'bandi.f.ranking.hint', options: [['first_come', 'bandi.ranking.first_come'], ['score', 'bandi.ranking.score']] })),
    fieldset('bandi.f.rules', 'bandi.f.rules.hint', 'bando-requisiti',
      el('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', id: 'bando-regole', 'data-pointer': '/rules',
        name: t('bandi.f.rules'), 'aria-describedby': 'bando-regole-errore', onclick: () => addRule(form, { type: 'residency' }) },
        t('bandi.rule.add')),
      el('p', { class: 'field-error mb-0', id: 'bando-regole-errore', hidden: true })),
    fieldset('bandi.f.amount', 'bandi.f.amount.hint', null, fieldRow(
      money('bando-base', '/amount/baseCents', 'bandi.f.base'),
      money('bando-membro', '/amount/perMemberCents', 'bandi.f.perMember', true),
      money('bando-figlio', '/amount/perChildCents', 'bandi.f.perChild', true),
      money('bando-massimo', '/amount/maxCents', 'bandi.f.max', true))),
    fieldRow(money('bando-budget', '/budgetCents', 'bandi.f.budget', false, 'col-md-6')),
    fieldset('bandi.f.window', 'bandi.f.window.hint', null, fieldRow(
      field({ id: 'bando-apre', pointer: '/opensAt', label: 'bandi.f.opensDay', type: 'date', width: 'col-md-3' }),
      timeField('bando-apre-ora', 'bandi.f.opensTime'),
      field({ id: 'bando-chiude', pointer: '/closesAt', label: 'bandi.f.closesDay', type: 'date', width: 'col-md-3' }),
      timeField('bando-chiude-ora', 'bandi.f.closesTime'))),
    fieldset('bandi.f.documents', 'bandi.f.documents.hint', 'bando-documenti',
      el('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', id: 'bando-documenti-aggiungi', 'data-pointer': '/documents',
        name: t('bandi.f.documents'), 'aria-describedby': 'bando-documenti-aggiungi-errore', onclick: () => addDocument(form, {}) },
        t('bandi.document.add')),
      el('p', { class: 'field-error mb-0', id: 'bando-documenti-aggiungi-errore', hidden: true })),
    fieldRow(field({ id: 'bando-scadenza', pointer: '/voucherValidUntil', label: 'bandi.f.voucherValidUntil', type: 'date',
      hint: 'bandi.f.voucherValidUntil.hint', width: 'col-md-6', optional: true })),
    el('div', { class: 'd-flex gap-2 flex-wrap' },
      el('button', { type: 'submit', class: 'btn btn-primary', id: 'bando-salva' }, t('bandi.save')),
      el('button', { type: 'button', class: 'btn btn-outline-primary', onclick: close }, t('bandi.cancel'))));
  fill(state.section,
    el('h2', { class: 'h3', id: 'bandi-titolo' }, t(bando ? 'bandi.editTitle' : 'bandi.newTitle')),
    el('p', {}, t('bandi.form.intro')),
    form);
  const kind = form.querySelector('#bando-tipo');
  kind.addEventListener('change', () => showExpiry(form));
  if (bando) fillForm(form, bando);
  else setValue(form, 'bando-apre-ora', '09:00'), setValue(form, 'bando-chiude-ora', '12:00');
  showExpiry(form);
  focusOn(state.section.querySelector('#bandi-titolo'));
}

function fieldset(legend, hint, listId, ...children) {
  return el('fieldset', { class: 'mb-3 border rounded p-3' },
    el('legend', { class: 'h6 float-none w-auto px-1 mb-1' }, t(legend)),
    hint ? el('p', { class: 'form-text mt-0' }, t(hint)) : null,
    listId ? el('ul', { class: 'list-unstyled', id: listId }) : null,
    ...children);
}

function money(fieldId, pointer, label, optional = false, width = 'col-md-3') {
  return field({ id: fieldId, pointer, label, optional, width, inputmode: 'decimal', hint: 'bandi.f.euro' });
}

function timeField(fieldId, label) {
  const f = field({ id: fieldId, pointer: '/' + fieldId, label, width: 'col-md-3' });
  f.querySelector('input').type = 'time';
  return f;
}

/** The voucher expiry only means something for buoni spesa. */
function showExpiry(form) {
  form.querySelector('#bando-scadenza').closest('.row').hidden = form.querySelector('#bando-tipo').value !== 'buoni_spesa';
}

/** One eligibility rule as a row: its type, then the numbers that type takes. */
function addRule(form, rule) {
  const i = state.rows++;
  const prefix = 'regola-' + i;
  const type = el('select', { class: 'form-select', id: prefix + '-tipo', 'data-pointer': '/rules/' + i + '/type',
    'aria-describedby': prefix + '-tipo-errore' },
    ...RULES.map(r => el('option', { value: r, selected: r === rule.type }, t('bandi.rule.' + r))));
  const numbers = el('div', { class: 'row g-2 mt-1' });
  const item = el('li', { class: 'bando-regola mb-3 pb-2 border-bottom', dataset: { index: String(i) } },
    el('div', { class: 'row g-2 align-items-end' },
      el('div', { class: 'col-md-8' }, el('label', { for: type.id, class: 'form-label' }, el('span', {}, t('bandi.rule.type', { n: i + 1 }))),
        type, el('p', { class: 'field-error mb-0', id: prefix + '-tipo-errore', hidden: true })),
      el('div', { class: 'col-md-4' }, el('button', { type: 'button', class: 'btn btn-outline-danger btn-sm',
        'aria-label': t('bandi.rule.remove', { n: i + 1 }), onclick: () => { item.remove(); focusOn(form.querySelector('#bando-regole')); } },
      t('bandi.remove')))),
    numbers);
  const draw = () => {
    const inputs = {
      isee_max: [['maxCents', 'bandi.rule.iseeMax', true]],
      household_size: [['min', 'bandi.rule.min'], ['max', 'bandi.rule.max']],
      child_under: [['age', 'bandi.rule.childAge']],
      applicant_age: [['min', 'bandi.rule.minAge'], ['max', 'bandi.rule.maxAge']],
    }[type.value] || [];
    fill(numbers, ...inputs.map(([name, label, isMoney]) => {
      const f = field({ id: prefix + '-' + name, pointer: '/rules/' + i + '/' + name, label, width: 'col-md-4',
        inputmode: isMoney ? 'decimal' : 'numeric', hint: isMoney ? 'bandi.f.euro' : null, optional: !isMoney && type.value !== 'child_under' });
      const value = rule.type === type.value ? rule[name] : undefined;
      if (value !== undefined) f.querySelector('input').value = isMoney ? euroText(value) : String(value);
      return f;
    }));
  };
  type.addEventListener('change', draw);
  draw();
  form.querySelector('#bando-requisiti').append(item);
  return item;
}

function addDocument(form, doc) {
  const i = state.rows++;
  const prefix = 'documento-' + i;
  const item = el('li', { class: 'bando-documento mb-3 pb-2 border-bottom' }, fieldRow(
    field({ id: prefix + '-nome', pointer: '/documents/' + i + '/label', label: 'bandi.document.label', width: 'col-md-5' }),
    field({ id: prefix + '-codice', pointer: '/documents/' + i + '/kind', label: 'bandi.document.kind',
      hint: 'bandi.document.kind.hint', width: 'col-md-3' }),
    field({ id: prefix + '-obbligatorio', pointer: '/documents/' + i + '/required', label: 'bandi.document.required',
      type: 'checkbox', width: 'col-md-2' }),
    el('div', { class: 'col-md-2' }, el('button', { type: 'button', class: 'btn btn-outline-danger btn-sm',
      'aria-label': t('bandi.document.remove', { n: form.querySelectorAll('.bando-documento').length + 1 }),
      onclick: () => { item.remove(); focusOn(form.querySelector('#bando-documenti-aggiungi')); } }, t('bandi.remove')))));
  form.querySelector('#bando-documenti').append(item);
  setValue(item, prefix + '-nome', doc.label);
  setValue(item, prefix + '-codice', doc.kind);
  setValue(item, prefix + '-obbligatorio', doc.required !== false);
  item.querySelector('#' + prefix + '-nome').focus();
  return item;
}

function euroText(centsValue) {
  return centsValue === null || centsValue === undefined ? '' : (centsValue / 100).toFixed(2).replace('.', ',').replace(',00', '');
}

/** A time with its offset (2026-12-10T09:00:00+01:00) as the form's day and hh:mm, Italian time as written. */
function splitLocal(text) {
  return text ? [text.slice(0, 10), text.slice(11, 16)] : ['', ''];
}

function fillForm(form, b) {
  setValue(form, 'bando-titolo', b.title);
  setValue(form, 'bando-sintesi', b.summary);
  setValue(form, 'bando-testo', b.body);
  setValue(form, 'bando-tipo', b.kind);
  setValue(form, 'bando-graduatoria', b.ranking);
  (b.rules || []).filter(r => RULES.includes(r.type)).forEach(r => addRule(form, r));
  setValue(form, 'bando-base', euroText(b.amount.baseCents));
  setValue(form, 'bando-membro', b.amount.perMemberCents ? euroText(b.amount.perMemberCents) : '');
  setValue(form, 'bando-figlio', b.amount.perChildCents ? euroText(b.amount.perChildCents) : '');
  setValue(form, 'bando-massimo', euroText(b.amount.maxCents));
  setValue(form, 'bando-budget', euroText(b.budget.totalCents));
  const [openDay, openTime] = splitLocal(b.window.opensAt);
  const [closeDay, closeTime] = splitLocal(b.window.closesAt);
  setValue(form, 'bando-apre', openDay);
  setValue(form, 'bando-apre-ora', openTime);
  setValue(form, 'bando-chiude', closeDay);
  setValue(form, 'bando-chiude-ora', closeTime);
  (b.documents || []).forEach(d => addDocument(form, d));
  setValue(form, 'bando-scadenza', b.voucherValidUntil);
}

/** The form as the API's definition: amounts in cents, local times without offset, only what was written. */
function definition(form) {
  const kind = text(form, 'bando-tipo');
  const amount = { baseCents: cents(form, 'bando-base') };
  [['perMemberCents', 'bando-membro'], ['perChildCents', 'bando-figlio'], ['maxCents', 'bando-massimo']].forEach(([name, fieldId]) => {
    const value = cents(form, fieldId);
    if (value !== undefined) amount[name] = value;
  });
  const rules = [...form.querySelectorAll('.bando-regola')].map(item => {
    const prefix = 'regola-' + item.dataset.index;
    const rule = { type: item.querySelector('select').value };
    item.querySelectorAll('input').forEach(input => {
      const name = input.id.slice(prefix.length + 1);
      const value = name === 'maxCents' ? cents(item, input.id) : integer(item, input.id);
      if (value !== undefined) rule[name] = value;
    });
    return rule;
  });
  const documents = [...form.querySelectorAll('.bando-documento')].map(item => {
    const [label, code, required] = item.querySelectorAll('input');
    return { kind: code.value.trim(), label: label.value.trim(), required: required.checked };
  });
  const at = (day, time) => text(form, day) && text(form, time) ? text(form, day) + 'T' + text(form, time) : text(form, day);
  const body = {
    title: text(form, 'bando-titolo'), summary: text(form, 'bando-sintesi'), body: text(form, 'bando-testo'), kind,
    rules, amount, budgetCents: cents(form, 'bando-budget'),
    opensAt: at('bando-apre', 'bando-apre-ora'), closesAt: at('bando-chiude', 'bando-chiude-ora'),
    ranking: text(form, 'bando-graduatoria'), documents,
  };
  if (kind === 'buoni_spesa' && text(form, 'bando-scadenza')) body.voucherValidUntil = text(form, 'bando-scadenza');
  return body;
}

async function save(form, alert) {
  clearErrors(form, alert);
  const button = form.querySelector('#bando-salva');
  const editing = state.editing && state.editing.id;
  await busy(button, async () => {
    try {
      if (editing) await api('PUT', '/api/v1/comune/bandi/' + encodeURIComponent(editing), definition(form));
      else await api('POST', '/api/v1/comune/bandi', definition(form));
    } catch (e) {
      showProblem(form, alert, located(e));
      if (alert.hidden === false && !form.querySelector('[aria-invalid]')) focusOn(alert);
      return;
    }
    const title = text(form, 'bando-titolo');
    state.editing = null;
    await load();
    state.host.changed(id);
    announce(t('bandi.done.saved', { title }));
    focusOn(state.section.querySelector('#bandi-titolo'));
  });
}

/** A domain refusal (one type, no pointer) given the pointer of the field it is about, so it lands there. */
function located(error) {
  if (!(error instanceof Problem) || Array.isArray(error.body.errors)) return error;
  const type = String(error.body.type || '').replace('/problems/', '');
  const pointer = REFUSED_FIELD[type];
  if (!pointer) return error;
  return new Problem(error.status, { ...error.body, errors: [{ pointer, detail: error.body.detail }] });
}

function close() {
  state.editing = null;
  render();
  focusOn(state.section.querySelector('#bando-nuovo'));
}
