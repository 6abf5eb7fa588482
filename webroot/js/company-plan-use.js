// The HR admin's year of plan use (a section of /azienda.html): the welfare credit used by area and
// month (GET /api/v1/company/plan-use?year=yyyy), with each area's year, each month's total and the
// year's; a figure of fewer than five people is not shown, and neither are the figures hidden with it
// so that no total gives it back. A table, with a caption: the screen reader reads it as it is.
import { t, api, busy, euro, locale, showError } from './sportello.js';
import { byId, el, fill } from './dom.js';
import { countTable, countCell } from './count-table.js';
import { romeDay } from './time.js';
import { loadAreas, areaLabel } from './areas.js';
import './plan-use-words.js';

const state = { use: null };

/** Draws the section for this year once the HR admin is signed in. */
export async function startPlanUse() {
  byId('piano-uso-anno').value = romeDay().slice(0, 4);
  byId('piano-uso-form').addEventListener('submit', event => { event.preventDefault(); show(); });
  await show();
}

async function show() {
  const year = byId('piano-uso-anno').value;
  const error = byId('piano-uso-errore');
  error.hidden = true;
  if (!/^\d{4}$/.test(year)) {
    error.textContent = t('pu.err.year');
    error.hidden = false;
    return;
  }
  try {
    const [use] = await busy(byId('piano-uso-mostra'), () => Promise.all([
      api('GET', `/api/v1/company/plan-use?year=${year}`), loadAreas()]));
    state.use = use;
  } catch (e) {
    state.use = null;
    showError(error, e);
  }
  renderPlanUse();
}

function figure(f, what) {
  return countCell(f.hidden, f.hidden ? '' : what === 'people' ? String(f.people) : euro(f.netCents), t('pu.hidden'));
}

/** Draws the year's table (again after a language switch). */
export function renderPlanUse() {
  const use = state.use;
  if (!use) {
    fill(byId('piano-uso'));
    return;
  }
  const monthName = m => new Intl.DateTimeFormat(locale(), { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, m - 1, 15)));
  const caption = t('pu.caption', { year: use.year });
  const plan = use.plan;
  const planLine = el('p', { id: 'piano-totali' }, t('pu.granted', { granted: euro(plan.grantedCents) }), ' ',
    plan.usedCents === null ? t('pu.usedHidden', { n: use.minPeople }) : t('pu.used', { used: euro(plan.usedCents) }));
  const note = el('p', { class: 'alert alert-info', id: 'piano-uso-nota' }, t('pu.note', { n: use.minPeople }));
  if (use.areas.length === 0) {
    fill(byId('piano-uso'), planLine, el('p', {}, t('pu.none')), note);
    return;
  }
  const head = el('tr', {}, el('th', { scope: 'col' }, t('pu.col.area')),
    ...use.months.map(m => el('th', { scope: 'col', class: 'company-count' }, monthName(m.month))),
    el('th', { scope: 'col', class: 'company-count' }, t('pu.col.year')));
  const rows = use.areas.map(a => el('tr', { 'data-area': a.area }, el('th', { scope: 'row' }, areaLabel(a.area)),
    ...a.months.map(m => figure(m, 'net')), figure(a.total, 'net')));
  const total = el('tr', {}, el('th', { scope: 'row' }, t('pu.total')), ...use.months.map(m => figure(m, 'net')), figure(use.total, 'net'));
  const people = el('tr', {}, el('th', { scope: 'row' }, t('pu.people')), ...use.months.map(m => figure(m, 'people')),
    figure(use.total, 'people'));
  fill(byId('piano-uso'),
    planLine,
    countTable(caption, 'piano-uso-tabella', [el('thead', {}, head), el('tbody', {}, rows), el('tfoot', {}, total, people)], 'mb-3'),
    note);
}
