// The HR admin's view of how the company's welfare credit was used (a section of /azienda.html):
// a month's credit spent by the employees, by service area, only in aggregate
// (GET /api/v1/company/credit-use?month=yyyy-MM; areas of fewer than five people are merged into
// "Altro", or left out when "Altro" too is under five), and the same as a CSV file (.../csv).
import { t, api, busy, euro, locale, showError } from './sportello.js';
import { byId, el, fill } from './dom.js';
import { romeDay } from './time.js';
import { loadAreas, areaLabel } from './areas.js';
import { downloadFile } from './file-download.js';
import './credit-use-words.js';

const state = { use: null };

/** Draws the section once the HR admin is signed in: last month by default (a month that is over). */
export async function startCreditUse() {
  const [year, month] = romeDay().slice(0, 7).split('-').map(Number);
  const last = month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
  byId('credito-mese').value = last;
  byId('credito-form').addEventListener('submit', event => { event.preventDefault(); show(); });
  byId('credito-csv').addEventListener('click', downloadCsv);
  await show();
}

async function show() {
  const month = byId('credito-mese').value;
  const error = byId('credito-errore');
  error.hidden = true;
  if (!/^\d{4}-\d{2}$/.test(month)) {
    error.textContent = t('cu.err.month');
    error.hidden = false;
    return;
  }
  try {
    const [use] = await busy(byId('credito-mostra'), () => Promise.all([
      api('GET', `/api/v1/company/credit-use?month=${month}`), loadAreas()]));
    state.use = use;
  } catch (e) {
    state.use = null;
    showError(error, e);
  }
  renderCreditUse();
}

/** Draws the month's cells (again after a language switch). */
export function renderCreditUse() {
  const use = state.use;
  byId('credito-csv').hidden = !use;
  if (!use) {
    fill(byId('credito-uso'));
    return;
  }
  const [year, month] = use.month.split('-').map(Number);
  const caption = t('cu.caption', { month: new Intl.DateTimeFormat(locale(), { month: 'long', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(Date.UTC(year, month - 1, 15))) });
  const note = use.suppressed ? el('p', { class: 'alert alert-info', id: 'credito-nascosto' },
    t('cu.suppressed', { n: use.minPeople })) : null;
  if (use.cells.length === 0) {
    fill(byId('credito-uso'), el('p', {}, t(use.suppressed ? 'cu.noneShown' : 'cu.none')), note);
    return;
  }
  fill(byId('credito-uso'),
    el('div', { class: 'table-responsive company-scroll mb-3', tabindex: '0', role: 'region', 'aria-label': caption },
      el('table', { class: 'table company-table', id: 'credito-tabella' },
        el('caption', {}, caption),
        el('thead', {}, el('tr', {},
          el('th', { scope: 'col' }, t('cu.col.area')), el('th', { scope: 'col', class: 'company-count' }, t('cu.col.people')),
          el('th', { scope: 'col', class: 'company-count' }, t('cu.col.spent')),
          el('th', { scope: 'col', class: 'company-count' }, t('cu.col.refunded')),
          el('th', { scope: 'col', class: 'company-count' }, t('cu.col.net')))),
        el('tbody', {}, use.cells.map(c => el('tr', { 'data-area': c.area },
          el('th', { scope: 'row' }, c.area === 'altro' ? t('cu.other', { n: use.minPeople }) : areaLabel(c.area)),
          el('td', { class: 'company-count' }, String(c.people)),
          el('td', { class: 'company-count' }, euro(c.spentCents)),
          el('td', { class: 'company-count' }, euro(c.refundedCents)),
          el('td', { class: 'company-count' }, euro(c.netCents))))),
        el('tfoot', {}, el('tr', {},
          el('th', { scope: 'row' }, t('cu.total')), el('td', {}),
          el('td', { class: 'company-count' }, euro(use.spentCents)),
          el('td', { class: 'company-count' }, euro(use.refundedCents)),
          el('td', { class: 'company-count' }, euro(use.netCents)))))),
    note);
}

async function downloadCsv() {
  const month = state.use && state.use.month;
  if (!month) return;
  try {
    const name = await busy(byId('credito-csv'), () => downloadFile(`/api/v1/company/credit-use/csv?month=${month}`, 'text/csv',
      `credito-welfare-${month}.csv`));
    byId('credito-esito').textContent = t('cu.csvDone', { name });
  } catch (e) {
    showError(byId('credito-errore'), e);
  }
}
