// The HR admin's page (/azienda.html): the welfare numbers (GET /api/v1/company), groups and plans
// (POST /company/groups, POST|PUT /company/plans), closing one leaver (POST /company/leavers), and the employee import: the chosen CSV file is
// read as text and checked first (POST /company/employee-imports?dryRun=true), its report shown row
// by row; only then can it be imported (the same call without dryRun). Every change reloads the numbers.
import { t, api, busy, euro, Problem } from './sportello.js';
import { byId, el, fill, focusOn, announce } from './dom.js';
import { countTable } from './count-table.js';
import { plainDate, dateTime } from './time.js';
import { signedIn, startHeader } from './signin.js';
import './company-words.js';
import { startCreditUse, renderCreditUse } from './company-credit-use.js';
import { startPlanUse, renderPlanUse } from './company-plan-use.js';
import './survey-words.js';

// The server's limit (EmployeeList.MAX_CHARS): a bigger file is not even sent, the person is told why.
const MAX_FILE_CHARS = 60000;
const state = { company: null, report: null, applied: false, file: null, editing: null };

startHeader({ onLanguage: render });
signedIn({ role: 'hr_admin' }).then(start);

async function start() {
  byId('azienda').hidden = false;
  byId('gruppo-form').addEventListener('submit', createGroup);
  byId('piano-form').addEventListener('submit', savePlan);
  byId('piano-annulla').addEventListener('click', () => editPlan(null));
  byId('import-form').addEventListener('submit', checkFile);
  byId('import-conferma').addEventListener('click', applyFile);
  byId('uscita-form').addEventListener('submit', closeLeaver);
  byId('import-file').addEventListener('change', () => { byId('resoconto').hidden = true; state.report = null; });
  byId('piano-anno').value = new Date().getFullYear();
  await Promise.all([load(), startCreditUse(), startPlanUse()]);
}

async function load() {
  try {
    state.company = await api('GET', '/api/v1/company');
    byId('azienda-errore').hidden = true;
    render();
  } catch (e) {
    byId('azienda-errore').textContent = e instanceof Problem ? e.message : t('error.generic');
    byId('azienda-errore').hidden = false;
  }
}

function render() {
  document.title = t('company.pageTitle');
  renderCreditUse();
  renderPlanUse();
  const company = state.company;
  if (!company) return;
  byId('azienda-nome').textContent = company.company;
  fill(byId('numeri'), groupsTable(company.groups), plansTable(company.groups));
  const select = byId('piano-gruppo');
  const chosen = select.value;
  fill(select, company.groups.map(g => el('option', { value: g.id }, g.name)));
  if (chosen) select.value = chosen;
  fill(byId('storico'), historyTable(company.imports));
  if (state.report) showReport();
}

function table(caption, headers, rows, id) {
  return countTable(caption, id, [
    el('thead', {}, el('tr', {}, headers.map(h => el('th', { scope: 'col', class: h.count ? 'company-count' : null }, h.text)))),
    el('tbody', {}, rows)]);
}

function count(value) {
  return el('td', { class: 'company-count' }, String(value));
}

function groupsTable(groups) {
  if (!groups.length) return el('p', {}, t('company.none.groups'));
  return table(t('company.groups.caption'), [
    { text: t('company.col.group') }, { text: t('company.col.employees'), count: true },
    { text: t('company.col.invited'), count: true }, { text: t('company.col.activated'), count: true },
    { text: t('company.col.left'), count: true }],
  groups.map(g => el('tr', {}, el('th', { scope: 'row' }, g.name), count(g.employees), count(g.invited),
    count(g.activated), count(g.left))), 'gruppi-tabella');
}

function plansTable(groups) {
  const plans = groups.flatMap(g => g.plans.map(p => ({ ...p, group: g.name })));
  if (!plans.length) return el('p', {}, t('company.none.plans'));
  return table(t('company.plans.caption'), [
    { text: t('company.col.group') }, { text: t('company.col.year') }, { text: t('company.col.credit'), count: true },
    { text: t('company.col.period') }, { text: t('company.col.rule') }, { text: t('company.col.funded'), count: true },
    { text: t('company.col.used'), count: true }, { text: t('company.col.residual'), count: true },
    { text: t('company.col.actions') }],
  plans.map(p => el('tr', {},
    el('th', { scope: 'row' }, p.group), el('td', {}, String(p.year)),
    el('td', { class: 'company-count' }, euro(p.creditPerEmployeeCents)),
    el('td', {}, plainDate(p.startsOn) + ' – ' + plainDate(p.endsOn)),
    el('td', {}, t('company.rule.' + p.unusedCredit)),
    el('td', { class: 'company-count' }, euro(p.fundedCents)), el('td', { class: 'company-count' }, euro(p.usedCents)),
    el('td', { class: 'company-count' }, euro(p.residualCents)),
    el('td', {}, p.funded ? t('company.plan.locked') : el('button', {
      type: 'button', class: 'btn btn-outline-primary btn-sm',
      'aria-label': t('company.plan.edit.label', { year: p.year, group: p.group }), onclick: () => editPlan(p),
    }, t('company.plan.edit'))))), 'piani-tabella');
}

function historyTable(imports) {
  if (!imports.length) return el('p', {}, t('company.history.none'));
  return table(t('company.history.caption'), [
    { text: t('company.col.when') }, { text: t('company.col.by') }, { text: t('company.col.rows'), count: true },
    { text: t('company.col.effect') }],
  imports.map(i => el('tr', {}, el('td', {}, dateTime(i.at)), el('td', {}, i.by), count(i.rows),
    el('td', {}, t('company.history.effect', i)))), 'storico-tabella');
}

// ---- groups and plans ---------------------------------------------------------------------------

async function createGroup(event) {
  event.preventDefault();
  const input = byId('gruppo-nome');
  const error = byId('gruppo-errore');
  const name = input.value.trim();
  error.textContent = '';
  input.removeAttribute('aria-invalid');
  if (name.length < 2) {
    error.textContent = t('company.group.short');
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    return;
  }
  await busy(event.submitter || event.target.querySelector('button'), async () => {
    try {
      await api('POST', '/api/v1/company/groups', { name });
      input.value = '';
      announce(t('company.group.done', { name }));
      await load();
    } catch (e) {
      error.textContent = e.message;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
  });
}

/** "250", "250,5", "1.250,00" (or 250.00) → cents; null when it is not an amount. */
function cents(text) {
  const plain = text.trim().replace(/\s|€/g, '');
  const normal = /,\d{1,2}$/.test(plain) ? plain.replace(/\./g, '').replace(',', '.') : plain.replace(/,/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(normal)) return null;
  return Math.round(Number(normal) * 100);
}

function editPlan(plan) {
  state.editing = plan;
  byId('piano-gruppo').disabled = !!plan;
  byId('piano-annulla').hidden = !plan;
  const title = byId('piano-form-titolo');
  title.textContent = plan ? t('company.plan.editing', { year: plan.year, group: plan.group }) : t('company.plan.new');
  byId('piano-salva').textContent = t(plan ? 'company.plan.save' : 'company.plan.create');
  if (plan) {
    byId('piano-gruppo').value = plan.groupId;
    byId('piano-anno').value = plan.year;
    byId('piano-credito').value = (plan.creditPerEmployeeCents / 100).toFixed(2).replace('.', ',');
    byId('piano-inizio').value = plan.startsOn;
    byId('piano-fine').value = plan.endsOn;
    byId(plan.unusedCredit === 'expires' ? 'piano-scade' : 'piano-resta').checked = true;
    focusOn(title);
  }
}

async function savePlan(event) {
  event.preventDefault();
  const error = byId('piano-errore');
  error.textContent = '';
  byId('piano-esito').textContent = '';
  const body = {
    year: Number(byId('piano-anno').value),
    creditPerEmployeeCents: cents(byId('piano-credito').value),
    startsOn: byId('piano-inizio').value, endsOn: byId('piano-fine').value,
    unusedCredit: document.querySelector('input[name="piano-regola"]:checked').value,
  };
  const group = byId('piano-gruppo').value;
  if (!group || !body.year || !body.creditPerEmployeeCents || !body.startsOn || !body.endsOn) {
    error.textContent = t('company.plan.bad');
    return;
  }
  await busy(byId('piano-salva'), async () => {
    try {
      if (state.editing) {
        await api('PUT', '/api/v1/company/plans/' + state.editing.id, body);
        byId('piano-esito').textContent = t('company.plan.saved');
      } else {
        await api('POST', '/api/v1/company/plans', { ...body, groupId: group });
        byId('piano-esito').textContent = t('company.plan.created');
      }
      editPlan(null);
      await load();
    } catch (e) {
      error.textContent = e.message;
    }
  });
}

// ---- one leaver ----------------------------------------------------------------------------------

async function closeLeaver(event) {
  event.preventDefault();
  const input = byId('uscita-cf');
  const error = byId('uscita-errore');
  error.textContent = '';
  byId('uscita-esito').textContent = '';
  input.removeAttribute('aria-invalid');
  await busy(byId('uscita-chiudi'), async () => {
    try {
      const done = await api('POST', '/api/v1/company/leavers', { codiceFiscale: input.value });
      byId('uscita-esito').textContent = t(done.closed ? 'company.leaver.closed' : 'company.leaver.already');
      input.value = '';
      await load();
    } catch (e) {
      error.textContent = e.message;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
  });
}

// ---- the employee import ------------------------------------------------------------------------

async function readFile() {
  const file = byId('import-file').files[0];
  if (!file) return null;
  return file.text();
}

async function checkFile(event) {
  event.preventDefault();
  const error = byId('import-errore');
  error.textContent = '';
  byId('import-file').removeAttribute('aria-invalid');
  let csv;
  try {
    csv = await readFile();
  } catch (e) {
    error.textContent = t('company.import.unreadable');
    return;
  }
  if (csv === null || csv.length > MAX_FILE_CHARS) {
    error.textContent = t(csv === null ? 'company.import.noFile' : 'company.import.tooBig');
    byId('import-file').setAttribute('aria-invalid', 'true');
    byId('import-file').focus();
    return;
  }
  await busy(byId('import-controlla'), async () => {
    try {
      state.file = { csv, closeMissing: byId('import-tutti').checked };
      state.report = await api('POST', '/api/v1/company/employee-imports?dryRun=true', state.file);
      state.applied = false;
      showReport();
      focusOn(byId('resoconto-titolo'));
    } catch (e) {
      byId('resoconto').hidden = true;
      error.textContent = e.message;
      byId('import-file').setAttribute('aria-invalid', 'true');
      byId('import-file').focus();
    }
  });
}

async function applyFile() {
  await busy(byId('import-conferma'), async () => {
    try {
      state.report = await api('POST', '/api/v1/company/employee-imports', state.file);
      state.applied = true;
    } catch (e) {
      // Someone changed something since the check: the new report says what.
      if (e.body && e.body.report) {
        state.report = e.body.report;
        state.applied = false;
      } else {
        byId('import-errore').textContent = e.message;
        return;
      }
    }
    await load();
    showReport();
    focusOn(byId('resoconto-titolo'));
  });
}

function actionName(action) {
  const done = state.applied ? t('company.action.' + action + '.done') : null;
  return done && done !== 'company.action.' + action + '.done' ? done : t('company.action.' + action);
}

function showReport() {
  const report = state.report;
  const counts = report.counts;
  byId('resoconto').hidden = false;
  byId('resoconto-titolo').textContent = t(state.applied ? 'company.report.done' : 'company.report.title');
  byId('resoconto-sintesi').textContent = state.applied
    ? t('company.report.applied', counts)
    : t('company.report.summary', counts) + (report.canApply ? '' : ' ' + t('company.report.fix'));
  byId('resoconto-sintesi').className = report.canApply ? '' : 'alert alert-warning';
  fill(byId('resoconto-righe'), table(t('company.report.caption'), [
    { text: t('company.col.line'), count: true }, { text: t('company.col.person') }, { text: t('company.col.cf') },
    { text: t('company.col.group') }, { text: t('company.col.outcome') }, { text: t('company.col.details') }],
  report.rows.map(r => el('tr', { class: r.action === 'refused' ? 'table-warning' : null, dataset: { line: r.line } },
    count(r.line), el('th', { scope: 'row' }, r.name || '–'), el('td', {}, r.codiceFiscale || '–'), el('td', {}, r.group || '–'),
    el('td', { class: r.action === 'refused' ? 'company-refused' : null }, actionName(r.action)),
    el('td', {}, el('ul', {}, [...r.problems, ...r.changes].map(text => el('li', {}, text)))))), 'resoconto-tabella'));
  fill(byId('resoconto-uscite'), report.leavers.length ? [
    el('h4', { class: 'h5' }, t(state.applied ? 'company.leavers.done' : 'company.leavers')),
    el('p', {}, t('company.leavers.hint')),
    el('ul', { id: 'uscite' }, report.leavers.map(l => el('li', {}, l.name + ' (' + l.codiceFiscale + ')'))),
  ] : []);
  const confirm = byId('import-conferma');
  confirm.hidden = state.applied || !report.canApply;
  confirm.textContent = t('company.report.apply', { n: counts.rows });
}
