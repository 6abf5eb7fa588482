// The supervisor wall (/parete.html): every call queue's live figures and KPIs from the
// calls.wall feed (first filled from GET /api/v1/calls/wall), charts of the last hour kept in
// memory, operators and their states, the chat queue (chat.queue, chat.supervision) and the
// Erlang C staffing forecast (GET /api/v1/calls/staffing); under them the front desk's outcomes
// of a period (wall-frontdesk.js).
import { t, api, Bridge, busy, showError, Problem, locale } from './sportello.js';
import { byId, el, announce } from './dom.js';
import { clock } from './time.js';
import './wall-words.js';
import { signedIn, startHeader } from './signin.js';
import { Series, chartFigure } from './wall-chart.js';
import { loadAreas, areaLabel } from './areas.js';
import { startFrontDesk } from './wall-frontdesk.js';

const state = {
  wall: null, // the last wall document: {kind, at, queues[], operators[], kpis}
  receivedAt: 0, // when it arrived (this browser's clock), to keep waits ticking between pushes
  waiting: new Map(), // queue id -> Series of people waiting
  serviceLevel: new Map(), // queue id -> Series of SL(T), 0..1 or null
  belowTarget: new Map(), // queue id -> was below target at the last update (for announcements)
  cards: new Map(), // queue id -> {root, values: {kpi -> node}, charts}
  chat: { waiting: null, byTopic: {}, offered: null, active: null },
  lastChartDraw: 0,
  paused: false, // the person stopped the updates (WCAG 2.2.2): figures are still collected, not shown
};
let bridge;
let frontDesk = null; // the front desk's outcomes (wall-frontdesk.js)

startHeader({ onLanguage: rerenderAll });
loadAreas(); // while the person signs in
signedIn({ role: 'supervisor' }).then(start);

async function start() {
  byId('parete').hidden = false;
  byId('parete-stato').hidden = false;
  document.title = t('wall.pageTitle');
  try {
    await loadAreas(); // the chats waiting are counted by topic, named by area
  } catch (e) {
    showError(byId('parete-errore'), e);
    return;
  }
  setUpStaffingForm();
  setUpPause();
  frontDesk = startFrontDesk();
  bridge = new Bridge();
  bridge.subscribe('calls.wall', body => { if (body && body.kind === 'kpi') applyWall(body); });
  bridge.subscribe('chat.queue', body => { if (body && body.kind === 'queue-summary') applyChatSummary(body); });
  bridge.subscribe('chat.supervision', () => scheduleChatReload());
  bridge.onStatus(up => {
    const live = byId('stato-live');
    live.textContent = t(up ? 'wall.live' : 'wall.reconnecting');
    live.dataset.live = up ? 'on' : 'off';
  });
  // After a reconnect, read everything again: pushes sent while we were away are lost.
  bridge.onReconnect(() => { loadWall(); loadChat(); });
  try {
    await bridge.open();
  } catch (e) {
    // open() keeps retrying in the background; onReconnect reloads once it is back.
  }
  await loadWall();
  loadChat();
  setInterval(tick, 1000);
}

// ------------------------------------------------------------------ calls

async function loadWall() {
  try {
    applyWall(await api('GET', '/api/v1/calls/wall'));
    byId('parete-errore').hidden = true;
  } catch (e) {
    showError(byId('parete-errore'), e);
  }
}

function applyWall(doc) {
  if (state.wall && Date.parse(doc.at) < Date.parse(state.wall.at)) return; // an older document arrived late
  const first = state.wall === null;
  state.wall = doc;
  state.receivedAt = Date.now();
  const now = state.receivedAt;
  for (const q of doc.queues) {
    series(state.waiting, q.id).add(now, q.waiting);
    series(state.serviceLevel, q.id).add(now, q.serviceLevel ?? null);
    const below = q.serviceLevel !== null && q.serviceLevel !== undefined && q.serviceLevel * 100 < q.target.percent;
    if (!first && below && !state.belowTarget.get(q.id)) announce(t('wall.alertBelow', { queue: q.name }));
    state.belowTarget.set(q.id, below);
  }
  render();
}

function series(map, id) {
  if (!map.has(id)) map.set(id, new Series());
  return map.get(id);
}

function rerenderAll() {
  document.title = t('wall.pageTitle');
  state.cards.clear();
  byId('code').replaceChildren();
  render();
  renderChat();
  if (frontDesk) frontDesk.relabel();
  const live = byId('stato-live');
  if (live.dataset.live) live.textContent = t(live.dataset.live === 'on' ? 'wall.live' : 'wall.reconnecting');
}

function render() {
  if (!state.wall || state.paused) return;
  renderQueues();
  renderOperators();
  byId('aggiornato').textContent = t('wall.updatedAt', { time: clock(state.wall.at, { seconds: true }) });
}

function setUpPause() {
  const button = byId('pausa');
  button.addEventListener('click', () => {
    state.paused = !state.paused;
    button.setAttribute('aria-pressed', String(state.paused));
    if (state.paused) {
      const at = state.wall ? clock(state.wall.at, { seconds: true }) : '';
      byId('aggiornato').textContent = t('wall.paused', { time: at });
    } else {
      render();
      announce(t('wall.resumed'));
    }
  });
}

function renderQueues() {
  const container = byId('code');
  const queues = state.wall.queues;
  if (queues.length === 0) {
    container.replaceChildren(el('p', {}, t('wall.noQueues')));
    state.cards.clear();
    return;
  }
  if (state.cards.size === 0) container.replaceChildren();
  for (const [id, card] of state.cards) {
    if (!queues.some(q => q.id === id)) { card.root.remove(); state.cards.delete(id); }
  }
  for (const q of queues) {
    let card = state.cards.get(q.id);
    if (!card) {
      card = queueCard(q);
      state.cards.set(q.id, card);
      container.append(card.root);
    }
    updateCard(card, q);
  }
  state.lastChartDraw = Date.now();
}

/**
 * A queue's card, built once; its figures are updated in place so focus is never lost. Laid out
 * for a wall display read from a few metres: four large figures first, the others below.
 */
function queueCard(q) {
  const titleId = 'coda-' + q.id + '-titolo';
  const values = {};
  const tile = (kpi, label, extra = {}) => el('div', { class: 'wall-tile ' + (extra.tileClass || '') },
    el('dt', { 'data-kpi-label': kpi }, label),
    (values[kpi] = el('dd', { class: 'wall-figure-value', 'data-kpi': kpi })),
    extra.after || null);
  const seconds = { seconds: q.target.seconds };
  // Notes under a figure are dd too: a description list holds only dt and dd.
  values.slTarget = el('dd', { class: 'wall-note' });
  values.staffed = el('dd', { class: 'wall-note', 'data-kpi-note': 'staffed' });
  values.erlangBasis = el('p', { class: 'wall-note', 'data-kpi': 'erlangBasis' });
  const useButton = el('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', onclick: () => useForForecast(q.id) },
    t('wall.useForForecast'));
  const charts = el('div', { class: 'wall-charts' });
  const root = el('article', { class: 'card wall-card wall-queue', 'data-queue': q.id, 'aria-labelledby': titleId },
    el('div', { class: 'card-body' },
      el('h3', { id: titleId, class: 'wall-queue-name' }, q.name),
      el('dl', { class: 'wall-hero' },
        tile('waiting', t('wall.waiting'), { tileClass: 'wall-waiting' }),
        tile('longestWait', t('wall.longestWait')),
        tile('serviceLevel', t('wall.sl', seconds), { after: values.slTarget }),
        tile('erlang', t('wall.erlang'), { tileClass: 'wall-erlang', after: [values.staffed] })),
      el('dl', { class: 'wall-kpis' },
        tile('offered', t('wall.offered')),
        tile('answered', t('wall.answered')),
        tile('abandoned', t('wall.abandoned')),
        tile('abandonRate', t('wall.abandonRate')),
        tile('asa', t('wall.asa')),
        tile('aht', t('wall.aht')),
        tile('serviceLevelWithAbandoned', t('wall.slAbandoned', seconds))),
      charts,
      el('div', { class: 'wall-erlang wall-basis' }, values.erlangBasis, useButton)));
  return { root, values, charts, queue: q };
}

function updateCard(card, q) {
  card.queue = q;
  card.root.querySelector('h3').textContent = q.name;
  const v = card.values;
  v.waiting.textContent = String(q.waiting);
  v.offered.textContent = String(q.offered);
  v.answered.textContent = String(q.answered);
  v.abandoned.textContent = String(q.abandoned);
  v.longestWait.replaceChildren(duration(currentLongestWait(q)));
  const known = q.serviceLevel !== null && q.serviceLevel !== undefined;
  const below = known && q.serviceLevel * 100 < q.target.percent;
  v.serviceLevel.replaceChildren(percent(q.serviceLevel), ' ',
    known ? el('span', { class: 'badge wall-badge ' + (below ? 'bg-danger' : 'bg-success') },
      t(below ? 'wall.belowTarget' : 'wall.onTarget')) : '');
  v.slTarget.textContent = t('wall.target', { percent: q.target.percent, seconds: q.target.seconds });
  v.serviceLevelWithAbandoned.replaceChildren(percent(q.serviceLevelWithAbandoned));
  v.asa.replaceChildren(duration(q.asaSeconds));
  v.aht.replaceChildren(duration(q.ahtSeconds));
  v.abandonRate.replaceChildren(percent(q.abandonRate));
  v.staffed.textContent = t('wall.staffed', { staffed: q.staffed, available: q.available });
  const e = q.erlangC || {};
  if (e.suggestedAgents === undefined || e.suggestedAgents === null) {
    v.erlang.replaceChildren(missing());
    v.erlangBasis.textContent = t('wall.erlangNone');
  } else {
    const short = e.suggestedAgents > q.staffed;
    v.erlang.replaceChildren(String(e.suggestedAgents), ' ', short
      ? el('span', { class: 'badge wall-badge bg-danger' }, t('wall.erlangShort', { missing: e.suggestedAgents - q.staffed }))
      : el('span', { class: 'badge wall-badge bg-success' }, t('wall.erlangEnough')));
    v.erlangBasis.textContent = t('wall.erlangBasis', {
      arrivals: number(e.arrivalsPerHour, 1), handle: plainDuration(e.handleSeconds),
    });
  }
  drawCharts(card, q);
}

function drawCharts(card, q) {
  const now = Date.now();
  const target = q.target.percent / 100;
  card.charts.replaceChildren(
    chartFigure({
      id: 'grafico-attesa-' + q.id, title: t('chart.waiting'), series: series(state.waiting, q.id), now, max: null,
      target: null, format: v => (v === null || v === undefined ? t('wall.noData') : String(v)),
      summary: values => t('chart.waitingSummary', {
        now: String(q.waiting), max: String(values.length ? Math.max(...values) : q.waiting),
      }),
    }),
    chartFigure({
      id: 'grafico-livello-' + q.id, title: t('chart.sl'), series: series(state.serviceLevel, q.id), now, max: 1,
      target, format: v => (v === null || v === undefined ? t('wall.noData') : percentText(v)),
      summary: values => t('chart.slSummary', {
        now: q.serviceLevel === null || q.serviceLevel === undefined ? t('wall.noData') : percentText(q.serviceLevel),
        min: values.length ? percentText(Math.min(...values)) : t('wall.noData'),
        target: t('wall.target', { percent: q.target.percent, seconds: q.target.seconds }),
      }),
    }));
}

function currentLongestWait(q) {
  if (!q.waiting) return q.longestWaitSeconds || 0;
  return (q.longestWaitSeconds || 0) + Math.max(0, Math.floor((Date.now() - state.receivedAt) / 1000));
}

function renderOperators() {
  const container = byId('operatori');
  const operators = [...state.wall.operators].sort((a, b) => (a.name || '').localeCompare(b.name || ''));
  if (operators.length === 0) {
    container.replaceChildren(el('p', {}, t('wall.noOperators')));
    return;
  }
  const names = new Map(state.wall.queues.map(q => [q.id, q.name]));
  const elapsed = Math.max(0, Math.floor((Date.now() - state.receivedAt) / 1000));
  const rows = operators.map(o => el('tr', { 'data-operator': o.subject },
    el('th', { scope: 'row' }, o.name || o.subject,
      el('span', { class: 'wall-note d-block' }, (o.queues || []).map(id => names.get(id) || id).join(', '))),
    el('td', { 'data-state': o.state },
      el('span', { class: 'badge wall-badge state-' + o.state }, t('state.' + o.state)),
      o.state === 'paused' && o.pauseReason ? el('span', { class: 'wall-note d-block' }, o.pauseReason) : null),
    el('td', { 'data-since': String(o.inStateSeconds || 0) }, plainDuration((o.inStateSeconds || 0) + elapsed)),
    el('td', {}, String(o.answered ?? 0)),
    el('td', {}, percent(o.occupancy))));
  container.replaceChildren(el('div', { class: 'table-responsive' }, el('table', { class: 'table wall-operator-table' },
    el('caption', { class: 'visually-hidden' }, t('wall.operators')),
    el('thead', {}, el('tr', {}, ['op.name', 'op.state', 'op.since', 'op.answered', 'op.occupancy']
      .map(key => el('th', { scope: 'col' }, t(key))))),
    el('tbody', {}, rows))));
}

/** Every second: waits keep counting between pushes; every 15 s the charts move on. */
function tick() {
  if (!state.wall || state.paused) return;
  for (const card of state.cards.values()) {
    card.values.longestWait.replaceChildren(duration(currentLongestWait(card.queue)));
  }
  const elapsed = Math.max(0, Math.floor((Date.now() - state.receivedAt) / 1000));
  document.querySelectorAll('#operatori td[data-since]').forEach(cell => {
    cell.textContent = plainDuration(Number(cell.dataset.since) + elapsed);
  });
  if (Date.now() - state.lastChartDraw > 15000) {
    for (const card of state.cards.values()) drawCharts(card, card.queue);
    state.lastChartDraw = Date.now();
  }
}

// ------------------------------------------------------------------ chat

async function loadChat() {
  if (!bridge) return;
  try {
    const list = await bridge.request('chat.list', {});
    const counts = { waiting: 0, byTopic: {}, offered: 0, active: 0 };
    for (const c of list.conversations || []) {
      if (c.status === 'queued') {
        counts.waiting++;
        counts.byTopic[c.topic] = (counts.byTopic[c.topic] || 0) + 1;
      } else if (c.status === 'offered') counts.offered++;
      else if (c.status === 'active') counts.active++;
    }
    state.chat = counts;
  } catch (e) {
    // The chat figures stay as they were; the next push or reconnect fills them.
  }
  renderChat();
}

let chatReload = null;

function scheduleChatReload() {
  if (chatReload) return;
  chatReload = setTimeout(() => { chatReload = null; loadChat(); }, 1500);
}

function applyChatSummary(body) {
  state.chat.waiting = body.waiting;
  state.chat.byTopic = body.byTopic || {};
  renderChat();
}

function renderChat() {
  const c = state.chat;
  const container = byId('chat');
  const topics = Object.entries(c.byTopic || {}).filter(([, n]) => n > 0);
  const figure = value => (value === null || value === undefined ? missing() : String(value));
  container.replaceChildren(
    el('dl', { class: 'wall-hero wall-chat-figures' },
      el('div', { class: 'wall-tile wall-waiting' }, el('dt', {}, t('wall.chatWaiting')),
        el('dd', { class: 'wall-figure-value', 'data-kpi': 'chatWaiting' }, figure(c.waiting))),
      el('div', { class: 'wall-tile' }, el('dt', {}, t('wall.chatOffered')),
        el('dd', { class: 'wall-figure-value', 'data-kpi': 'chatOffered' }, figure(c.offered))),
      el('div', { class: 'wall-tile' }, el('dt', {}, t('wall.chatActive')),
        el('dd', { class: 'wall-figure-value', 'data-kpi': 'chatActive' }, figure(c.active)))),
    topics.length === 0 ? el('p', { class: 'wall-note' }, t('wall.chatNone'))
      : el('ul', { class: 'wall-topics', 'data-kpi': 'chatByTopic', 'aria-label': t('wall.chatByTopic') },
        topics.map(([topic, n]) => el('li', {}, areaLabel(topic) + ': ' + n))));
}

// ------------------------------------------------------------------ staffing forecast

const FIELDS = ['p-arrivi', 'p-durata', 'p-obiettivo', 'p-soglia'];

function setUpStaffingForm() {
  const form = byId('personale-form');
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const alert = byId('personale-errore');
    alert.hidden = true;
    const values = {};
    let firstWrong = null;
    for (const id of FIELDS) {
      const input = byId(id);
      const problem = checkNumber(input);
      const error = byId(id + '-errore');
      if (problem) {
        error.textContent = problem;
        error.hidden = false;
        input.setAttribute('aria-invalid', 'true');
        firstWrong = firstWrong || input;
      } else {
        error.hidden = true;
        input.removeAttribute('aria-invalid');
        values[input.name] = Number(input.value.trim().replace(',', '.'));
      }
    }
    if (firstWrong) {
      showError(alert, new Problem(422, { detail: t('staff.fixFields') }));
      firstWrong.focus();
      return;
    }
    const query = new URLSearchParams(Object.entries(values).map(([k, v]) => [k, String(v)]));
    try {
      const answer = await busy(form.querySelector('button[type=submit]'),
        () => api('GET', '/api/v1/calls/staffing?' + query));
      showForecast(answer, values);
    } catch (e) {
      showError(alert, e instanceof Problem && e.status === 422 ? new Problem(422, { detail: t('staff.impossible') }) : e);
      byId('personale-esito').replaceChildren();
    }
  });
}

function checkNumber(input) {
  const raw = input.value.trim().replace(',', '.');
  if (raw === '') return t('staff.required');
  const n = Number(raw);
  if (!Number.isFinite(n)) return t('staff.number');
  const min = Number(input.dataset.min);
  const max = Number(input.dataset.max);
  if (n < min || n > max) return t('staff.range', { min: number(min, 0), max: number(max, 0) });
  return null;
}

function showForecast(answer, asked) {
  const seconds = asked.thresholdSeconds;
  const rows = (answer.table || []).map(r => el('tr', { class: r.agents === answer.agents ? 'chosen' : null, 'aria-current': r.agents === answer.agents ? 'true' : null },
    el('th', { scope: 'row' }, String(r.agents)),
    el('td', {}, percent(r.serviceLevel)),
    el('td', {}, duration(r.asaSeconds)),
    el('td', {}, percent(r.occupancy))));
  byId('personale-esito').replaceChildren(
    el('p', { class: 'wall-forecast', 'data-kpi': 'forecast' }, el('strong', {}, t('staff.result', { agents: answer.agents }))),
    el('p', {}, t('staff.resultDetail', {
      agents: answer.agents, sl: percentText(answer.serviceLevel), seconds,
      asa: plainDuration(answer.asaSeconds), occ: percentText(answer.occupancy),
    })),
    el('div', { class: 'table-responsive' }, el('table', { class: 'table wall-forecast-table' },
      el('caption', {}, t('staff.table')),
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col' }, t('staff.agents')), el('th', { scope: 'col' }, t('staff.sl', { seconds })),
        el('th', { scope: 'col' }, t('staff.asa')), el('th', { scope: 'col' }, t('staff.occ')))),
      el('tbody', {}, rows))));
}

function useForForecast(queueId) {
  const q = state.wall && state.wall.queues.find(x => x.id === queueId);
  if (!q) return;
  const e = q.erlangC || {};
  byId('p-arrivi').value = e.arrivalsPerHour ? String(Math.round(e.arrivalsPerHour)) : '';
  byId('p-durata').value = e.handleSeconds ? String(Math.round(e.handleSeconds)) : '';
  byId('p-obiettivo').value = String(q.target.percent);
  byId('p-soglia').value = String(q.target.seconds);
  byId('p-arrivi').focus();
}

// ------------------------------------------------------------------ formatting

function number(n, digits) {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(n);
}

function percentText(v) {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(v);
}

/** A figure or, when there is none yet, a dash that screen readers hear as "no data". */
function missing() {
  return el('span', {}, el('span', { 'aria-hidden': 'true' }, '–'), el('span', { class: 'visually-hidden' }, t('wall.noData')));
}

function percent(v) {
  return v === null || v === undefined ? missing() : percentText(v);
}

function plainDuration(seconds) {
  if (seconds === null || seconds === undefined) return t('wall.noData');
  const s = Math.round(seconds);
  if (s < 60) return t('unit.s', { n: s });
  return t('unit.min', { m: Math.floor(s / 60), s: String(s % 60).padStart(2, '0') });
}

function duration(seconds) {
  return seconds === null || seconds === undefined ? missing() : plainDuration(seconds);
}
