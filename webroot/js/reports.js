// The reports' screen (/rapporti.html): the scopes the caller may read (GET /api/v1/reports), a
// period, then the report (GET /api/v1/reports/{scope}/{id}?from&to) as KPI cards, charts by month
// and by area with their tables, amounts by channel, impact indicators, the front desk's contacts
// (network only), the tickets of events sold, admitted and not used per time and type, and the
// per-booking files (export.csv / export.xlsx) but for a company's HR.
import { t, api, busy, euro, locale, showError, hasRole } from './sportello.js';
import { byId, el, fill, announce } from './dom.js';
import { signedIn, startHeader } from './signin.js';
import { romeDay, addDays, dateTime } from './time.js';
import { loadAreas, areaLabel } from './areas.js';
import { downloadFile } from './file-download.js';
import { barChart } from './reports-chart.js';
import './reports-words.js';

const READERS = ['supervisor', 'provider_admin', 'municipal_officer', 'hr_admin'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const state = { choices: [], report: null };

startHeader({ onLanguage: () => { drawForm(); if (state.report) draw(state.report); } });
signedIn().then(start);

async function start() {
  document.title = t('rep.documentTitle');
  byId('rapporti').hidden = false;
  if (!READERS.some(hasRole)) {
    showError(byId('rapporto-errore'), { detail: t('rep.noRole') });
    return;
  }
  try {
    await loadAreas();
    state.choices = (await api('GET', '/api/v1/reports')).items;
  } catch (e) {
    showError(byId('rapporto-errore'), e);
    return;
  }
  const today = romeDay();
  state.from = addDays(today, -364);
  state.to = today;
  drawForm();
  if (state.choices.length > 0) await show();
}

function drawForm() {
  const form = byId('rapporto-form');
  if (!state.choices.length) return;
  const selected = byId('rep-ambito') ? byId('rep-ambito').value : state.choices[0].scope + '/' + state.choices[0].id;
  const groups = [...new Set(state.choices.map(c => c.scope))];
  fill(form,
    el('div', { class: 'row g-3 align-items-end' },
      el('div', { class: 'col-md-6 admin-field' }, el('label', { for: 'rep-ambito', class: 'form-label' }, t('rep.f.entity')),
        el('select', { id: 'rep-ambito', class: 'form-select' }, groups.map(scope => el('optgroup', { label: t('rep.scope.' + scope) },
          state.choices.filter(c => c.scope === scope).map(c => el('option',
            { value: c.scope + '/' + c.id, selected: c.scope + '/' + c.id === selected }, c.name)))))),
      el('div', { class: 'col-md-2 admin-field' }, el('label', { for: 'rep-dal', class: 'form-label' }, t('rep.f.from')),
        el('input', { id: 'rep-dal', type: 'date', class: 'form-control', value: state.from, required: true })),
      el('div', { class: 'col-md-2 admin-field' }, el('label', { for: 'rep-al', class: 'form-label' }, t('rep.f.to')),
        el('input', { id: 'rep-al', type: 'date', class: 'form-control', value: state.to, required: true })),
      el('div', { class: 'col-md-2' }, el('button', { type: 'submit', id: 'rep-mostra', class: 'btn btn-primary' }, t('rep.f.show')))));
  form.onsubmit = event => { event.preventDefault(); show(); };
}

function query() {
  return `?from=${state.from}&to=${state.to}`;
}

async function show() {
  const error = byId('rapporto-errore');
  error.hidden = true;
  state.from = byId('rep-dal').value;
  state.to = byId('rep-al').value;
  state.entity = byId('rep-ambito').value;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(state.from) || !/^\d{4}-\d{2}-\d{2}$/.test(state.to)) {
    showError(error, { detail: t('rep.err.period') });
    return;
  }
  byId('rapporto-esito').textContent = t('rep.loading');
  try {
    state.report = await busy(byId('rep-mostra'), () => api('GET', `/api/v1/reports/${state.entity}${query()}`));
  } catch (e) {
    byId('rapporto-esito').textContent = '';
    showError(error, e);
    return;
  }
  draw(state.report);
  const said = t('rep.shown', { name: state.report.name, from: day(state.report.from), to: day(state.report.to) });
  byId('rapporto-esito').textContent = said;
  announce(said);
}

function day(text) {
  return new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(text + 'T00:00:00Z'));
}

function month(key) {
  return new Intl.DateTimeFormat(locale(), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(key + '-01T00:00:00Z'));
}

function number(value, digits = 0) {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}

function percent(rate) {
  return rate === null || rate === undefined ? '–'
    : new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

function hiddenText() {
  return el('span', { class: 'rep-hidden' }, t('rep.hidden'));
}

function kpi(label, value, id) {
  return el('li', { class: 'rep-kpi', id }, el('span', { class: 'rep-value' }, value), el('span', { class: 'rep-label' }, label));
}

function draw(r) {
  const box = byId('rapporto');
  const totals = r.totals;
  const parts = [el('h2', { class: 'h3 mt-4', id: 'rapporto-titolo' }, t('rep.title', { name: r.name, from: day(r.from), to: day(r.to) }))];
  if (r.smallGroupsHidden) parts.push(el('p', { class: 'alert alert-info', id: 'rapporto-riservatezza' }, t('rep.smallGroups')));
  parts.push(el('h3', { class: 'h4' }, t('rep.kpi.title')));
  if (totals.hidden) {
    parts.push(el('p', { id: 'rapporto-kpi' }, hiddenText()));
  } else {
    parts.push(el('ul', { class: 'rep-kpis', id: 'rapporto-kpi' },
      kpi(t('rep.kpi.people'), number(totals.people), 'kpi-persone'),
      kpi(t('rep.kpi.served'), number(totals.peopleServed), 'kpi-servite'),
      kpi(t('rep.kpi.bookings'), number(totals.bookings), 'kpi-prenotazioni'),
      kpi(t('rep.kpi.services'), number(totals.servicesDelivered), 'kpi-prestazioni'),
      kpi(t('rep.kpi.hours'), number(totals.hoursDelivered, 1), 'kpi-ore'),
      kpi(t('rep.kpi.noShow'), percent(totals.noShowRate), 'kpi-assenze'),
      r.waiting.hidden ? null : kpi(t('rep.kpi.median'), r.waiting.medianDays === null ? '–' : number(r.waiting.medianDays, 1), 'kpi-attesa'),
      r.waiting.hidden ? null : kpi(t('rep.kpi.p90'), r.waiting.p90Days === null ? '–' : number(r.waiting.p90Days, 1), 'kpi-attesa90')));
  }
  parts.push(breakdown('mesi', t('rep.month.title'), t('rep.chart.month'), t('rep.col.month'), r.byMonth, c => month(c.key)));
  parts.push(breakdown('aree', t('rep.area.title'), t('rep.chart.area'), t('rep.col.area'), r.byArea, c => areaLabel(c.key)));
  parts.push(money(r.amountsByChannel));
  parts.push(impact(r.impact));
  if (r.frontDesk) parts.push(frontDesk(r.frontDesk));
  if (r.tickets && r.tickets.length) parts.push(tickets(r.tickets));
  parts.push(downloads(r));
  fill(box, parts);
}

function breakdown(id, title, chartName, firstColumn, cells, label) {
  const section = el('section', { 'aria-labelledby': id + '-titolo', id: 'sezione-' + id },
    el('h3', { class: 'h4 mt-4', id: id + '-titolo' }, title));
  if (cells.length === 0) {
    section.append(el('p', {}, t('rep.none')));
    return section;
  }
  const bars = cells.map(c => ({ label: label(c), value: c.hidden ? null : c.hoursDelivered,
    text: c.hidden ? t('rep.hidden') : number(c.hoursDelivered, 1) }));
  const headers = [firstColumn, t('rep.col.bookings'), t('rep.col.people'), t('rep.col.services'), t('rep.col.hours'), t('rep.col.noShow')];
  const rows = cells.map(c => c.hidden ? [label(c), t('rep.hidden'), '', '', '', '']
    : [label(c), number(c.bookings), number(c.people), number(c.servicesDelivered), number(c.hoursDelivered, 1), percent(c.noShowRate)]);
  section.append(barChart('grafico-' + id, chartName, bars, headers, rows));
  return section;
}

function money(channels) {
  const section = el('section', { 'aria-labelledby': 'canali-titolo', id: 'sezione-canali' },
    el('h3', { class: 'h4 mt-4', id: 'canali-titolo' }, t('rep.money.title')));
  if (channels.length === 0) {
    section.append(el('p', {}, t('rep.money.none')));
    return section;
  }
  section.append(dataTable(t('rep.money.title'), [t('rep.col.channel'), t('rep.col.payments'), t('rep.col.people'), t('rep.col.amount')],
    channels.map(c => el('tr', {}, el('th', { scope: 'row' }, t('rep.channel.' + c.channel)),
      c.hidden ? [el('td', { colspan: 3 }, hiddenText())]
        : [el('td', {}, number(c.payments)), el('td', {}, number(c.people)), el('td', {}, euro(c.cents))]))));
  return section;
}

function impact(i) {
  const card = (label, value, id, note) => el('li', { class: 'rep-kpi', id }, el('span', { class: 'rep-value' }, value),
    el('span', { class: 'rep-label' }, label), note ? el('small', {}, note) : null);
  return el('section', { 'aria-labelledby': 'impatto-titolo', id: 'sezione-impatto' },
    el('h3', { class: 'h4 mt-4', id: 'impatto-titolo' }, t('rep.impact.title')),
    el('ul', { class: 'rep-kpis' },
      card(t('rep.impact.homeCare'), i.homeCareOver75.hidden ? hiddenText() : number(i.homeCareOver75.hours, 1), 'impatto-anziani',
        i.homeCareOver75.hidden ? null : t('rep.impact.homeCareNote',
          { people: i.homeCareOver75.people, without: i.homeCareOver75.peopleWithoutCodiceFiscale })),
      card(t('rep.impact.camps'), i.summerCamps.hidden ? hiddenText() : number(i.summerCamps.children), 'impatto-bambini'),
      card(t('rep.impact.freed'), i.summerCamps.hidden ? hiddenText() : number(i.summerCamps.freedWorkingDays), 'impatto-giornate'),
      card(t('rep.impact.conciliation'), i.conciliation.hidden ? hiddenText() : number(i.conciliation.hours, 1), 'impatto-conciliazione')));
}

function frontDesk(f) {
  const section = el('section', { 'aria-labelledby': 'sportello-titolo', id: 'sezione-sportello' },
    el('h3', { class: 'h4 mt-4', id: 'sportello-titolo' }, t('rep.desk.title')),
    el('ul', { class: 'rep-kpis' },
      kpi(t('rep.desk.calls'), number(f.calls.arrived)), kpi(t('rep.desk.answered'), number(f.calls.answered)),
      kpi(t('rep.desk.abandoned'), number(f.calls.abandoned)), kpi(t('rep.desk.chats'), number(f.chats.started)),
      kpi(t('rep.desk.accepted'), number(f.chats.accepted)),
      kpi(t('rep.desk.notRecorded'), number(f.calls.notRecorded + f.chats.notRecorded))),
    el('h4', { class: 'h5' }, t('rep.desk.outcomes')));
  if (f.outcomes.length === 0) {
    section.append(el('p', {}, t('rep.desk.none')));
    return section;
  }
  section.append(dataTable(t('rep.desk.outcomes'), [t('rep.col.channel'), t('rep.col.topic'), t('rep.col.outcome'), t('rep.col.contacts')],
    f.outcomes.map(o => el('tr', {}, el('th', { scope: 'row' }, t('rep.desk.channel.' + o.channel)),
      el('td', {}, areaLabel(o.topic)), el('td', {}, t('rep.outcome.' + o.outcome)), el('td', {}, number(o.contacts))))));
  return section;
}

/** Events sold by ticket: per time and ticket type, sold, admitted at the door and not used. */
function tickets(items) {
  return el('section', { 'aria-labelledby': 'biglietti-titolo', id: 'sezione-biglietti' },
    el('h3', { class: 'h4 mt-4', id: 'biglietti-titolo' }, t('rep.tickets.title')),
    el('p', {}, t('rep.tickets.intro')),
    dataTable(t('rep.tickets.title'), [t('rep.tickets.event'), t('rep.tickets.when'), t('rep.tickets.type'), t('rep.tickets.sold'),
      t('rep.tickets.admitted'), t('rep.tickets.noShows')],
    items.map(i => el('tr', {}, el('th', { scope: 'row' }, i.event), el('td', {}, dateTime(i.startsAt)), el('td', {}, i.type),
      el('td', {}, number(i.sold)), el('td', {}, number(i.admitted)), el('td', {}, number(i.noShows))))));
}

/** A table of {@code rows} (tr elements) under {@code headers}, its caption for screen readers. */
function dataTable(caption, headers, rows) {
  return el('div', { class: 'table-responsive' }, el('table', { class: 'table admin-table' },
    el('caption', { class: 'visually-hidden' }, caption),
    el('thead', {}, el('tr', {}, headers.map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows)));
}

function downloads(r) {
  if (r.smallGroupsHidden) return el('p', { class: 'mt-4' }, t('rep.noDownload'));
  const status = el('p', { role: 'status', id: 'rep-scaricato', class: 'admin-status' });
  const file = (id, key, extension, type) => el('button', { type: 'button', id, class: 'btn btn-outline-primary',
    onclick: async event => {
      try {
        const name = await busy(event.currentTarget, () => downloadFile(`/api/v1/reports/${r.scope}/${r.id}/export.${extension}${query()}`,
          type, `rapporto.${extension}`));
        status.textContent = t('rep.downloaded', { name });
      } catch (e) {
        showError(byId('rapporto-errore'), e);
      }
    } }, t(key));
  return el('div', {}, el('div', { class: 'rep-downloads' }, file('rep-csv', 'rep.csv', 'csv', 'text/csv'),
    file('rep-xlsx', 'rep.xlsx', 'xlsx', XLSX)), status);
}
