// The cooperative's services (/gestione.html): the list, and the form that creates or changes one
// (booking rules, the municipalities served, chosen by name, and the questions asked when someone
// books: who receives the service, the address, notes), its tariff with its unit, VAT treatment and
// reduced tariffs by ISEE band; an event's tickets (admin-tickets.js). Through the provider API, own
// cooperative only: the API enforces it.
import { t, api, busy, euro } from './sportello.js';
import { byId, el, focusOn } from './dom.js';
import { field, fieldRow, text, integer, cents, setValue, clearErrors, showProblem } from './admin-form.js';
import { startAdminPage, action, say, submitRow, options, slotsText, problemInList, setButton, loaded } from './admin-page.js';
import { loadAreas, areaCodes, areaLabel } from './areas.js';
import { startDemand, renderDemand } from './provider-demand.js';
import { loadMunicipalities, municipalityName, municipalityPicker } from './admin-municipalities.js';
import { ticketsPanel } from './admin-tickets.js';

const AUDIENCES = ['families', 'children', 'elderly', 'adults', 'everyone'];
const MODES = ['at_place', 'at_home', 'online'];
const UNITS = ['hour', 'session', 'day', 'place', 'week', 'month'];
const VAT = ['exempt', 'vat_5', 'vat_10', 'vat_22'];
/** Reduced tariffs by ISEE band the form offers (the API takes up to 10). */
const BANDS = 3;
const LETTERS = ['none', 'f', 'f_bis', 'f_ter', 'fringe_benefit'];
/** The intake question kinds (intake-form.js asks them), and how each may be asked. */
const QUESTIONS = ['beneficiary', 'address', 'notes'];
const ASKED = ['no', 'optional', 'required'];

const state = { services: [], editing: null, picker: null };

loadAreas();
loadMunicipalities();
startAdminPage({ onLanguage: renderAll }).then(start);

async function start() {
  document.title = t('svc.documentTitle');
  try {
    await Promise.all([loadAreas(), loadMunicipalities()]); // the form and the list name them
  } catch (e) {
    loaded(e);
    return;
  }
  buildForm();
  await reload();
  loaded();
  await startDemand();
}

async function reload() {
  try {
    state.services = (await api('GET', '/api/v1/provider/services')).items;
    byId('gestione-errore').hidden = true;
  } catch (e) {
    loaded(e);
  }
  renderAll();
}

function renderAll() {
  document.title = t('svc.documentTitle');
  if (!state.picker) return;
  fillAreaSelect();
  state.picker.redraw();
  renderList();
  renderFormMode();
  renderDemand();
}

// ------------------------------------------------------------------ the list

/** Each service as a card: on a phone its municipalities stay readable, unlike in a wide table. */
function renderList() {
  const list = byId('servizi-elenco');
  if (state.services.length === 0) {
    list.replaceChildren(el('p', {}, t('svc.none')));
    byId('servizio-box').open = true; // nothing to list yet: the first thing to do is to add one
    return;
  }
  list.replaceChildren(el('ul', { class: 'list-unstyled row g-3 mb-0' }, state.services.map(s => el('li', { class: 'col-12 col-lg-6', 'data-service': s.id },
    el('article', { class: 'card card-bg no-after admin-item h-100', 'aria-labelledby': 'servizio-' + s.id },
      el('div', { class: 'card-body' },
        el('h3', { class: 'h5 card-title', id: 'servizio-' + s.id }, s.title, ' ',
          el('span', { class: 'badge ' + (s.retiredAt ? 'bg-secondary' : 'bg-success') }, t(s.retiredAt ? 'admin.retired' : 'admin.active')),
          // Kept and editable, but off the citizens' screens while the network does not offer its area.
          s.retiredAt || s.areaOffered !== false ? null : [' ', el('span', { class: 'badge bg-secondary' }, t('svc.areaNotOffered'))]),
        el('dl', { class: 'admin-facts' },
          el('dt', {}, t('svc.col.what')), el('dd', {}, areaLabel(s.area) + ' · ' + t('mode.' + s.deliveryMode)),
          el('dt', {}, t('svc.col.tariff')), el('dd', {}, euro(s.tariff.cents) + ' ' + t('unit.' + s.tariff.unit)
            + ' · ' + t('vat.' + (s.vatTreatment || 'exempt'))),
          (s.iseeBands || []).length ? [el('dt', {}, t('svc.col.bands')), el('dd', {}, bandsText(s))] : null,
          el('dt', {}, t('svc.col.where')), el('dd', { 'data-municipalities': '' }, (s.municipalities || []).length
            ? s.municipalities.map(municipalityName).join(', ') : t('svc.online')),
          el('dt', {}, t('svc.col.policy')), el('dd', {}, t('svc.policyText', {
            notice: s.policy.minNoticeMinutes, horizon: s.policy.horizonDays, cancel: s.policy.cancelWindowHours,
          })),
          el('dt', {}, t('svc.col.questions')), el('dd', {}, questionsText(s.intake))),
        s.retiredAt ? null : el('div', { class: 'd-flex flex-wrap gap-2 admin-actions' },
          action('admin.edit', s.title, () => editService(s)),
          el('a', { class: 'btn btn-outline-primary btn-sm', href: '/gestione-orari.html?servizio=' + encodeURIComponent(s.id) },
            t('admin.schedule'), el('span', { class: 'visually-hidden' }, ' ' + s.title)),
          action('admin.retire', s.title, () => retireService(s))),
        s.retiredAt || ['week', 'month'].includes(s.tariff.unit) ? null : ticketsPanel(s)))))));
}

/** "fino a 8.000,00 €: 5,00 € all'ora; …": the service's reduced tariffs by ISEE band. */
function bandsText(s) {
  return s.iseeBands.map(b => t('svc.bandText', { upTo: euro(b.upToCents), tariff: euro(b.tariffCents) + ' '
    + t('unit.' + s.tariff.unit) })).join('; ');
}

/** "Chi riceve il servizio (obbligatoria), note": what the service asks when someone books. */
function questionsText(intake) {
  if (!intake || intake.length === 0) return t('svc.noQuestions');
  return intake.map(q => t('svc.q.' + q.kind) + (q.required ? ' ' + t('svc.q.requiredMark') : '')).join(', ');
}

// ------------------------------------------------------------------ the form

function buildForm() {
  const form = byId('servizio-form');
  state.picker = municipalityPicker({ id: 's-comuni', pointer: '/municipalities', label: 'svc.f.municipalities',
    hint: 'svc.f.municipalitiesHint' });
  form.append(
    fieldRow(
      field({ id: 's-titolo', pointer: '/title', label: 'svc.f.title', hint: 'svc.f.titleHint', width: 'col-lg-6' }),
      field({ id: 's-descrizione', pointer: '/description', label: 'svc.f.description', hint: 'svc.f.descriptionHint',
        type: 'textarea', width: 'col-lg-6' })),
    fieldRow(
      field({ id: 's-area', pointer: '/area', label: 'svc.f.area', type: 'select', width: 'col-md-6 col-lg-3' }),
      field({ id: 's-pubblico', pointer: '/audience', label: 'svc.f.audience', type: 'select',
        options: options(AUDIENCES, 'audience.'), width: 'col-md-6 col-lg-3' }),
      field({ id: 's-modo', pointer: '/deliveryMode', label: 'svc.f.mode', type: 'select', options: options(MODES, 'mode.'),
        width: 'col-md-6 col-lg-3' }),
      field({ id: 's-indirizzo', pointer: '/address', label: 'svc.f.address', hint: 'svc.f.addressHint', optional: true,
        width: 'col-md-6 col-lg-3' })),
    fieldRow(state.picker.element),
    fieldRow(
      field({ id: 's-tariffa', pointer: '/tariffCents', label: 'svc.f.tariff', hint: 'svc.f.tariffHint', inputmode: 'decimal',
        width: 'col-md-6 col-lg-3' }),
      field({ id: 's-unita', pointer: '/tariffUnit', label: 'svc.f.unit', hint: 'svc.f.unitHint', type: 'select',
        options: options(UNITS, 'unit.'), width: 'col-md-6 col-lg-3' }),
      field({ id: 's-iva', pointer: '/vatTreatment', label: 'svc.f.vat', hint: 'svc.f.vatHint', type: 'select',
        options: options(VAT, 'vat.'), width: 'col-md-6 col-lg-3' }),
      field({ id: 's-welfare', pointer: '/welfareLetter', label: 'svc.f.welfare', type: 'select',
        options: options(LETTERS, 'welfare.'), width: 'col-md-6 col-lg-3' })),
    el('fieldset', { class: 'mb-3' },
      el('legend', { class: 'h6', 'data-t': 'svc.f.bands' }, t('svc.f.bands')),
      el('p', { class: 'form-text mt-0', 'data-t': 'svc.f.bandsHint' }, t('svc.f.bandsHint')),
      ...Array.from({ length: BANDS }, (_, i) => fieldRow(
        field({ id: 's-isee-' + i, pointer: '/iseeBands/' + i + '/upToCents', label: 'svc.f.bandUpTo', optional: true,
          inputmode: 'decimal', width: 'col-md-6' }),
        field({ id: 's-isee-tariffa-' + i, pointer: '/iseeBands/' + i + '/tariffCents', label: 'svc.f.bandTariff', optional: true,
          inputmode: 'decimal', width: 'col-md-6' })))),
    el('fieldset', { class: 'mb-3' },
      el('legend', { class: 'h6', 'data-t': 'svc.f.policy' }, t('svc.f.policy')),
      fieldRow(
        field({ id: 's-preavviso', pointer: '/policy/minNoticeMinutes', label: 'svc.f.notice', hint: 'svc.f.noticeHint',
          optional: true, inputmode: 'numeric', width: 'col-md-4' }),
        field({ id: 's-orizzonte', pointer: '/policy/horizonDays', label: 'svc.f.horizon', hint: 'svc.f.horizonHint',
          optional: true, inputmode: 'numeric', width: 'col-md-4' }),
        field({ id: 's-disdetta', pointer: '/policy/cancelWindowHours', label: 'svc.f.cancel', hint: 'svc.f.cancelHint',
          optional: true, inputmode: 'numeric', width: 'col-md-4' }))),
    el('fieldset', { class: 'mb-3' },
      el('legend', { class: 'h6', 'data-t': 'svc.f.questions' }, t('svc.f.questions')),
      el('p', { class: 'form-text mt-0', 'data-t': 'svc.f.questionsHint' }, t('svc.f.questionsHint')),
      fieldRow(...QUESTIONS.map(kind => field({ id: 's-domanda-' + kind, pointer: '/intake/' + kind, label: 'svc.q.' + kind,
        type: 'select', options: options(ASKED, 'svc.asked.'), width: 'col-md-4' })))),
    el('div', { id: 's-errore', role: 'alert', class: 'alert alert-danger', hidden: true }),
    submitRow('s', 'svc.save'));
  fillAreaSelect();
  form.addEventListener('submit', saveService);
  byId('s-annulla').addEventListener('click', () => { editService(null); byId('s-titolo').focus(); });
}

/** The area choices, named in the current language (the server's list: areas.js); the choice stays. */
function fillAreaSelect() {
  const select = byId('s-area');
  if (!select) return;
  const chosen = select.value;
  select.replaceChildren(...areaCodes().map(code => el('option', { value: code }, areaLabel(code))));
  if (chosen) select.value = chosen;
}

function serviceBody(form) {
  const letter = text(form, 's-welfare');
  const body = {
    area: text(form, 's-area'), title: text(form, 's-titolo'), description: text(form, 's-descrizione'),
    tariffCents: cents(form, 's-tariffa'), tariffUnit: text(form, 's-unita'), deliveryMode: text(form, 's-modo'),
    audience: text(form, 's-pubblico'), welfareLetter: letter === 'none' ? null : letter,
    address: text(form, 's-indirizzo') || null, vatTreatment: text(form, 's-iva'),
    municipalities: state.picker.get(),
    // A row counts when either figure is written: half a row is an error the API points at.
    iseeBands: Array.from({ length: BANDS }, (_, i) => ({ upToCents: cents(form, 's-isee-' + i),
      tariffCents: cents(form, 's-isee-tariffa-' + i) }))
      .filter(b => b.upToCents !== undefined || b.tariffCents !== undefined),
    intake: QUESTIONS.filter(kind => text(form, 's-domanda-' + kind) !== 'no')
      .map(kind => ({ kind, required: text(form, 's-domanda-' + kind) === 'required' })),
  };
  const policy = {
    minNoticeMinutes: integer(form, 's-preavviso'), horizonDays: integer(form, 's-orizzonte'),
    cancelWindowHours: integer(form, 's-disdetta'),
  };
  Object.keys(policy).forEach(k => policy[k] === undefined && delete policy[k]);
  if (Object.keys(policy).length) body.policy = policy;
  return body;
}

async function saveService(event) {
  event.preventDefault();
  const form = byId('servizio-form');
  const alert = byId('s-errore');
  clearErrors(form, alert);
  byId('servizi-esito').textContent = '';
  const editing = state.editing;
  const body = serviceBody(form);
  try {
    const saved = await busy(byId('s-salva'), () => editing
      ? api('PUT', `/api/v1/provider/services/${editing.id}`, body)
      : api('POST', '/api/v1/provider/services', body));
    editService(null);
    await reload();
    // Saved: the form folds away and the list, with the service in it, says so.
    byId('servizio-box').open = false;
    focusOn(byId('servizi-titolo'));
    say('servizi-esito', t(editing ? 'svc.updated' : 'svc.created', { name: saved.title }));
  } catch (e) {
    showProblem(form, alert, e);
  }
}

function editService(service) {
  const form = byId('servizio-form');
  clearErrors(form, byId('s-errore'));
  state.editing = service;
  if (!service) {
    form.reset();
    state.picker.set([]);
  } else {
    setValue(form, 's-titolo', service.title);
    setValue(form, 's-descrizione', service.description);
    setValue(form, 's-area', service.area);
    setValue(form, 's-pubblico', service.audience);
    setValue(form, 's-modo', service.deliveryMode);
    setValue(form, 's-indirizzo', service.address);
    state.picker.set(service.municipalities);
    setValue(form, 's-tariffa', (service.tariff.cents / 100).toFixed(2).replace('.', ','));
    setValue(form, 's-unita', service.tariff.unit);
    setValue(form, 's-iva', service.vatTreatment || 'exempt');
    for (let i = 0; i < BANDS; i++) {
      const band = (service.iseeBands || [])[i];
      setValue(form, 's-isee-' + i, band ? (band.upToCents / 100).toFixed(2).replace('.', ',') : '');
      setValue(form, 's-isee-tariffa-' + i, band ? (band.tariffCents / 100).toFixed(2).replace('.', ',') : '');
    }
    setValue(form, 's-welfare', service.welfareLetter || 'none');
    setValue(form, 's-preavviso', service.policy.minNoticeMinutes);
    setValue(form, 's-orizzonte', service.policy.horizonDays);
    setValue(form, 's-disdetta', service.policy.cancelWindowHours);
    for (const kind of QUESTIONS) {
      const asked = (service.intake || []).find(q => q.kind === kind);
      setValue(form, 's-domanda-' + kind, !asked ? 'no' : asked.required ? 'required' : 'optional');
    }
    byId('servizio-box').open = true;
    byId('servizio-form-titolo').scrollIntoView({ block: 'start' });
    byId('s-titolo').focus();
  }
  renderFormMode();
}

/** The form's title and button say whether it creates a service or changes the one being edited. */
function renderFormMode() {
  const s = state.editing;
  byId('servizio-form-titolo').textContent = s ? t('svc.editing', { name: s.title }) : t('svc.new');
  setButton('s-salva', s ? 'svc.saveChanges' : 'svc.save');
  byId('s-annulla').hidden = !s;
}

async function retireService(service) {
  if (!window.confirm(t('admin.confirmRetire', { name: service.title }))) return;
  byId('servizi-errore').hidden = true;
  try {
    const answer = await api('POST', `/api/v1/provider/services/${service.id}/retire`, {});
    if (state.editing && state.editing.id === service.id) editService(null);
    await reload();
    say('servizi-esito', t('svc.retiredDone') + slotsText(answer));
    focusOn(byId('servizi-titolo'));
  } catch (e) {
    problemInList('servizi-errore', e);
  }
}
