// The staff page (personale.html): a supervisor manages every staff account, a cooperative's admin
// the admins of their own cooperative. People (list with filters, create, disable and enable
// again), kiosks (supervisors) and the change log, as three tabs.
import { api, t, hasRole, identity, busy, showError, Problem } from './sportello.js';
import { byId, el, fill, focusOn } from './dom.js';
import './staff-words.js';
import { signedIn, startHeader } from './signin.js';
import { field, checks, ticked, fieldError, say, confirmInline } from './staff-form.js';
import { startKiosks } from './staff-kiosks.js';
import { showAudit } from './staff-audit.js';
import { startProviders } from './staff-providers.js';
import { showMenuFor } from './site-chrome.js';

/** The roles in the order people think of them: the front line first. */
const ROLE_ORDER = ['operator', 'welfare_manager', 'supervisor', 'provider_admin', 'provider_staff', 'municipal_officer', 'hr_admin', 'privacy_officer'];
let choices = { roles: [], queues: [], areas: [], cooperatives: [], companies: [] };
let people = [];

startHeader({ onLanguage: redraw });
document.title = t('staff.documentTitle');
start();

async function start() {
  showMenuFor(await signedIn());
  if (!hasRole('supervisor') && !hasRole('provider_admin')) {
    byId('ruolo-errore').hidden = false;
    return;
  }
  byId('gestione').hidden = false;
  byId('voce-totem').hidden = !hasRole('supervisor');
  byId('voce-enti').hidden = !hasRole('supervisor');
  wireTabs();
  byId('filtri').addEventListener('submit', event => { event.preventDefault(); loadPeople(); });
  try {
    choices = await api('GET', '/api/v1/staff/choices');
    choices.roles.sort((a, b) => ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b));
  } catch (error) {
    showError(byId('persone-errore'), error);
  }
  redraw();
  await loadPeople();
}

function redraw() {
  document.title = t('staff.documentTitle');
  const ownCooperative = !hasRole('supervisor') && choices.cooperatives[0];
  byId('intro').textContent = ownCooperative ? t('staff.intro.admin', { name: ownCooperative.name }) : t('staff.intro.supervisor');
  drawFilters();
  drawList();
  drawForm();
}

// ---- tabs ------------------------------------------------------------------------------------

const TABS = { 'scheda-persone': 'pannello-persone', 'scheda-totem': 'pannello-totem', 'scheda-enti': 'pannello-enti',
  'scheda-registro': 'pannello-registro' };

function wireTabs() {
  const tabs = Object.keys(TABS).map(byId).filter(tab => !tab.closest('[hidden]'));
  tabs.forEach((tab, index) => {
    tab.addEventListener('click', () => openTab(tab));
    tab.addEventListener('keydown', event => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      const next = tabs[(index + step + tabs.length) % tabs.length];
      openTab(next);
      next.focus();
    });
  });
}

function openTab(chosen) {
  for (const [tabId, panelId] of Object.entries(TABS)) {
    const tab = byId(tabId);
    const open = tab === chosen;
    tab.classList.toggle('active', open);
    tab.setAttribute('aria-selected', String(open));
    tab.tabIndex = open ? 0 : -1;
    byId(panelId).hidden = !open;
  }
  if (chosen.id === 'scheda-totem') startKiosks(choices);
  if (chosen.id === 'scheda-enti') startProviders();
  if (chosen.id === 'scheda-registro') showAudit();
}

// ---- the list --------------------------------------------------------------------------------

function drawFilters() {
  const role = byId('filtro-ruolo');
  const status = byId('filtro-stato');
  const keepRole = role.value;
  const keepStatus = status.value;
  fill(role, el('option', { value: '' }, t('staff.filter.anyRole')),
    choices.roles.map(r => el('option', { value: r }, t('role.' + r))));
  fill(status, el('option', { value: '' }, t('staff.filter.anyStatus')),
    el('option', { value: 'active' }, t('staff.filter.active')), el('option', { value: 'disabled' }, t('staff.filter.disabled')));
  role.value = keepRole;
  status.value = keepStatus;
}

async function loadPeople() {
  const query = new URLSearchParams();
  if (byId('filtro-ruolo').value) query.set('role', byId('filtro-ruolo').value);
  if (byId('filtro-stato').value) query.set('status', byId('filtro-stato').value);
  if (byId('filtro-testo').value.trim()) query.set('q', byId('filtro-testo').value.trim());
  byId('persone-errore').hidden = true;
  try {
    people = (await api('GET', '/api/v1/staff?' + query)).items;
    drawList();
  } catch (error) {
    showError(byId('persone-errore'), error);
  }
}

function drawList() {
  const box = byId('persone-elenco');
  if (people.length === 0) {
    fill(box, el('p', {}, t('staff.none')));
    return;
  }
  fill(box, el('p', { class: 'visually-hidden' }, people.length === 1 ? t('staff.found1') : t('staff.found', { n: people.length })),
    el('div', { class: 'table-responsive' }, el('table', { class: 'table staff-table' },
      el('caption', { class: 'visually-hidden' }, t('staff.caption')),
      el('thead', {}, el('tr', {}, ['staff.col.person', 'staff.col.roles', 'staff.col.work', 'staff.col.status', 'staff.col.actions']
        .map(key => el('th', { scope: 'col' }, t(key))))),
      el('tbody', {}, people.map(row)))));
}

function row(person) {
  const actions = el('td', { class: 'staff-actions' });
  const name = person.displayName;
  if (person.id !== identity().sub) {
    actions.append(person.disabled
      ? el('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', onclick: event => change(event.currentTarget, person, 'enable') },
        t('staff.enable'), el('span', { class: 'visually-hidden' }, ' ' + name))
      : el('button', { type: 'button', class: 'btn btn-outline-danger btn-sm', onclick: () => confirmInline(actions,
        t('staff.confirm.disable', { name }), 'staff.confirm.yes', yes => change(yes, person, 'disable')) },
        t('staff.disable'), el('span', { class: 'visually-hidden' }, ' ' + name)));
  }
  const work = [];
  if (person.queues.length) work.push(t('staff.queues', { list: person.queues.map(q => queueName(q.queue)).join(', ') }));
  if (person.chat) {
    work.push(t('staff.areas', { list: person.chat.areas.map(areaName).join(', ') }));
    work.push(t('staff.chatLanguages', { list: person.chat.languages.join(', ') }));
  }
  if (person.cooperative) work.push(person.cooperative.name);
  if (person.company) work.push(person.company.name);
  return el('tr', { 'data-staff': person.username },
    el('th', { scope: 'row' }, el('span', { class: 'd-block' }, name), el('span', { class: 'd-block fw-normal' }, person.username),
      person.email ? el('span', { class: 'd-block fw-normal' }, person.email) : null),
    el('td', {}, person.roles.map(r => t('role.' + r)).join(', ')),
    el('td', {}, work.map(line => el('span', { class: 'd-block' }, line))),
    el('td', {}, el('span', { class: 'badge ' + (person.disabled ? 'bg-secondary' : 'bg-success') },
      t(person.disabled ? 'staff.status.disabled' : 'staff.status.active')),
    person.invitationPending && !person.disabled ? el('span', { class: 'd-block small' }, t('staff.status.invited')) : null),
    actions);
}

async function change(button, person, what) {
  byId('persone-errore').hidden = true;
  try {
    const answer = await busy(button, () => api('POST', `/api/v1/staff/${person.id}/${what}`));
    const name = person.displayName;
    say('persone-esito', what === 'enable' ? t('staff.enabled', { name })
      : answer.stillOnCall ? t('staff.stillOnCall', { name }) : t('staff.disabled', { name }));
    await loadPeople();
    const again = byId('persone-elenco').querySelector(`tr[data-staff="${CSS.escape(person.username)}"] button`);
    focusOn(again || byId('persone-esito'));
  } catch (error) {
    showError(byId('persone-errore'), error);
  }
}

function queueName(id) {
  const queue = choices.queues.find(q => q.id === id);
  return queue ? queue.name : id;
}

function areaName(code) {
  const area = choices.areas.find(a => a.code === code);
  return area ? (document.documentElement.lang === 'en' ? area.en : area.it) : code;
}

// ---- the create form -------------------------------------------------------------------------

const ROLE_FIELDS = { operator: 'nuovo-code', welfare_manager: 'nuovo-chat', provider_admin: 'nuovo-coop-campo',
  municipal_officer: 'nuovo-comune-campo', hr_admin: 'nuovo-azienda-campo' };

function drawForm() {
  const form = byId('nuovo-form');
  const supervisor = hasRole('supervisor');
  fill(form,
    el('div', { id: 'nuovo-errore', class: 'alert alert-danger', role: 'alert', hidden: true }),
    field('nuovo-username', 'staff.f.username', el('input', { class: 'form-control', type: 'text', autocomplete: 'off', required: true }),
      { hintKey: 'staff.f.usernameHint' }),
    field('nuovo-nome', 'staff.f.name', el('input', { class: 'form-control', type: 'text', autocomplete: 'off', required: true })),
    field('nuovo-email', 'staff.f.email', el('input', { class: 'form-control', type: 'email', autocomplete: 'off', required: true }),
      { hintKey: 'staff.f.emailHint' }),
    field('nuovo-cf', 'staff.f.cf', el('input', { class: 'form-control', type: 'text', autocomplete: 'off', maxlength: 16 }),
      { hintKey: 'staff.f.cfHint', optional: true }),
    field('nuovo-lingua', 'staff.f.language', el('select', { class: 'form-select' },
      el('option', { value: 'it' }, t('lang.it')), el('option', { value: 'en' }, t('lang.en')))),
    checks('nuovo-ruoli', 'staff.f.roles', 'ruolo', choices.roles.map(r => [r, t('role.' + r)]), showRoleFields),
    checks('nuovo-code', 'staff.f.queues', 'coda', choices.queues.map(q => [q.id, q.name])),
    el('div', { id: 'nuovo-chat' },
      checks('nuovo-aree', 'staff.f.areas', 'area', choices.areas.map(a => [a.code, areaName(a.code)])),
      checks('nuovo-lingue', 'staff.f.chatLanguages', 'lingua', [['it', t('lang.it')], ['en', t('lang.en')]]),
      field('nuovo-max', 'staff.f.maxChats', el('input', { class: 'form-control', type: 'number', min: 1, max: 20, value: 4 }))),
    supervisor
      ? field('nuovo-coop', 'staff.f.cooperative', el('select', { class: 'form-select' }, el('option', { value: '' }, t('staff.f.choose')),
        choices.cooperatives.map(c => el('option', { value: c.id }, c.name))))
      : el('p', { id: 'nuovo-coop-campo' }, t('staff.f.ownCooperative', { name: (choices.cooperatives[0] || {}).name || '' })),
    // A municipal officer belongs to a Comune: only the providers of kind municipality are offered.
    supervisor ? field('nuovo-comune', 'staff.f.comune', el('select', { class: 'form-select' }, el('option', { value: '' }, t('staff.f.choose')),
      choices.cooperatives.filter(c => c.kind === 'municipality').map(c => el('option', { value: c.id }, c.name)))) : null,
    supervisor ? field('nuovo-azienda', 'staff.f.company', el('select', { class: 'form-select' }, el('option', { value: '' }, t('staff.f.choose')),
      choices.companies.map(c => el('option', { value: c.id }, c.name)))) : null,
    el('button', { type: 'submit', class: 'btn btn-primary my-2', id: 'nuovo-crea' }, t('staff.f.create')));
  form.querySelector('#nuovo-lingue-it').checked = true;
  if (!supervisor && choices.roles.length === 1) form.querySelector('#nuovo-ruoli-' + choices.roles[0]).checked = true;
  form.onsubmit = event => { event.preventDefault(); create(form); };
  showRoleFields();
}

/** Shows only the settings of the roles ticked: queues for operators, areas for managers, and so on. */
function showRoleFields() {
  const form = byId('nuovo-form');
  const roles = ticked(form, 'ruolo');
  for (const [role, id] of Object.entries(ROLE_FIELDS)) {
    const part = byId(id);
    // A cooperative's staff belong to a cooperative as its admins do.
    if (part) part.hidden = !(roles.includes(role) || (role === 'provider_admin' && roles.includes('provider_staff')));
  }
}

async function create(form) {
  const roles = ticked(form, 'ruolo');
  const body = {
    username: byId('nuovo-username').value.trim(), displayName: byId('nuovo-nome').value.trim(),
    email: byId('nuovo-email').value.trim(), language: byId('nuovo-lingua').value, roles,
  };
  if (byId('nuovo-cf').value.trim()) body.codiceFiscale = byId('nuovo-cf').value.trim();
  if (roles.includes('operator')) body.queues = ticked(form, 'coda').map(queue => ({ queue }));
  if (roles.includes('welfare_manager')) {
    body.areas = ticked(form, 'area');
    body.languages = ticked(form, 'lingua');
    body.maxChats = Number(byId('nuovo-max').value) || 4;
  }
  const ofACooperative = roles.includes('provider_admin') || roles.includes('provider_staff');
  if (ofACooperative && byId('nuovo-coop')) body.providerId = byId('nuovo-coop').value || undefined;
  if (roles.includes('municipal_officer') && byId('nuovo-comune')) body.providerId = byId('nuovo-comune').value || undefined;
  if (roles.includes('hr_admin') && byId('nuovo-azienda')) body.companyId = byId('nuovo-azienda').value || undefined;
  const wrong = [
    fieldError('nuovo-username', /^[a-z0-9._@+-]{3,254}$/i.test(body.username) ? null : 'staff.err.username'),
    fieldError('nuovo-nome', body.displayName ? null : 'staff.err.name'),
    fieldError('nuovo-email', /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(body.email) ? null : 'staff.err.email'),
    fieldError('nuovo-ruoli', roles.length ? null : 'staff.err.roles'),
    fieldError('nuovo-code', !roles.includes('operator') || body.queues.length ? null : 'staff.err.queues'),
    fieldError('nuovo-aree', !roles.includes('welfare_manager') || body.areas.length ? null : 'staff.err.areas'),
    byId('nuovo-coop') ? fieldError('nuovo-coop', !ofACooperative || body.providerId ? null : 'staff.err.cooperative') : false,
    byId('nuovo-comune') ? fieldError('nuovo-comune', !roles.includes('municipal_officer') || body.providerId ? null : 'staff.err.comune') : false,
    byId('nuovo-azienda') ? fieldError('nuovo-azienda', !roles.includes('hr_admin') || body.companyId ? null : 'staff.err.company') : false,
  ];
  const alert = byId('nuovo-errore');
  alert.hidden = true;
  if (wrong.some(Boolean)) {
    alert.textContent = t('staff.err.form');
    alert.hidden = false;
    const first = form.querySelector('.field-error:not([hidden])');
    const target = first && byId(first.id.replace(/-errore$/, ''));
    focusOn(target && target.tagName === 'FIELDSET' ? target.querySelector('input') : target);
    return;
  }
  try {
    const created = await busy(byId('nuovo-crea'), () => api('POST', '/api/v1/staff', body));
    drawForm();
    say('persone-esito', t('staff.created', { name: created.displayName, email: created.email }));
    await loadPeople();
    focusOn(byId('persone-esito'));
  } catch (error) {
    showError(alert, error instanceof Problem ? error : null);
    focusOn(alert);
  }
}
