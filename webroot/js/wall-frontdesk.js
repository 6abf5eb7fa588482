// The front desk's outcomes on the supervisor wall (issue 23, part 6): for a period (the last 30
// days unless chosen), calls and chats by channel (contacts, answered, abandoned, call-backs asked
// for, with and without an outcome) and the recorded outcomes by channel and topic, from
// GET /api/v1/frontdesk/contacts. Two tables, each with its caption; read when asked, not live.
import { words, t, api, busy, showError, Problem, locale } from './sportello.js';
import { byId, el, fill } from './dom.js';
import { romeDay, addDays, plainDate } from './time.js';
import { areaLabel } from './areas.js';
import { OUTCOMES, outcomeLabel } from './console-outcome.js';

words({
  it: {
    'frontdesk.title': 'Esiti di chiamate e chat', 'frontdesk.from': 'Dal giorno', 'frontdesk.to': 'Al giorno',
    'frontdesk.show': 'Mostra', 'frontdesk.period': 'Dal {from} al {to}: {calls} chiamate e {chats} chat.',
    'frontdesk.wrongPeriod': 'Scegli il primo e l’ultimo giorno, il primo non dopo l’ultimo.',
    'frontdesk.channels': 'Contatti per canale', 'frontdesk.channel': 'Canale',
    'frontdesk.call': 'Telefono', 'frontdesk.chat': 'Chat',
    'frontdesk.contacts': 'Contatti', 'frontdesk.answered': 'Risposti', 'frontdesk.abandoned': 'Abbandonati',
    'frontdesk.callbacks': 'Richiamate chieste', 'frontdesk.recorded': 'Con esito', 'frontdesk.notRecorded': 'Non registrato',
    'frontdesk.outcomes': 'Esiti registrati per canale e argomento', 'frontdesk.topic': 'Argomento',
    'frontdesk.noOutcomes': 'Nessun esito registrato nel periodo.',
  },
  en: {
    'frontdesk.title': 'Outcomes of calls and chats', 'frontdesk.from': 'From', 'frontdesk.to': 'To',
    'frontdesk.show': 'Show', 'frontdesk.period': 'From {from} to {to}: {calls} calls and {chats} chats.',
    'frontdesk.wrongPeriod': 'Choose the first and the last day, the first not after the last.',
    'frontdesk.channels': 'Contacts by channel', 'frontdesk.channel': 'Channel',
    'frontdesk.call': 'Phone', 'frontdesk.chat': 'Chat',
    'frontdesk.contacts': 'Contacts', 'frontdesk.answered': 'Answered', 'frontdesk.abandoned': 'Abandoned',
    'frontdesk.callbacks': 'Call-backs asked for', 'frontdesk.recorded': 'With an outcome', 'frontdesk.notRecorded': 'Not recorded',
    'frontdesk.outcomes': 'Recorded outcomes by channel and topic', 'frontdesk.topic': 'Topic',
    'frontdesk.noOutcomes': 'No outcome recorded in the period.',
  },
});

const COUNTS = ['contacts', 'answered', 'abandoned', 'callbacksRequested', 'recorded', 'notRecorded'];
const COUNT_KEYS = { callbacksRequested: 'frontdesk.callbacks' };

let answer = null;

/** Sets up the form (the last 30 days, today included) and reads them; returns {relabel}. */
export function startFrontDesk() {
  const form = byId('esiti-form');
  const today = romeDay();
  form.from.value = addDays(today, -29);
  form.to.value = today;
  form.addEventListener('submit', event => {
    event.preventDefault();
    load(form.querySelector('button[type=submit]'));
  });
  load(null);
  return { relabel: render };
}

async function load(button) {
  const form = byId('esiti-form');
  const error = byId('esiti-errore');
  error.hidden = true;
  const from = form.from.value;
  const to = form.to.value;
  if (!from || !to || from > to) {
    showError(error, new Problem(422, { detail: t('frontdesk.wrongPeriod') }));
    form.from.focus();
    return;
  }
  const query = '/api/v1/frontdesk/contacts?' + new URLSearchParams({ from, to });
  try {
    answer = await (button ? busy(button, () => api('GET', query)) : api('GET', query));
    render();
  } catch (e) {
    showError(error, e);
  }
}

function number(n) {
  return new Intl.NumberFormat(locale()).format(n);
}

function render() {
  if (!answer) return;
  const channels = answer.channels || [];
  const of = name => (channels.find(c => c.channel === name) || { contacts: 0 }).contacts;
  byId('esiti-stato').textContent = t('frontdesk.period', {
    from: plainDate(answer.from), to: plainDate(answer.to), calls: number(of('call')), chats: number(of('chat')),
  });
  const byChannel = el('table', { class: 'table table-sm wall-frontdesk-channels' },
    el('caption', {}, t('frontdesk.channels')),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('frontdesk.channel')),
      COUNTS.map(k => el('th', { scope: 'col' }, t(COUNT_KEYS[k] || 'frontdesk.' + k))))),
    el('tbody', {}, channels.map(c => el('tr', { dataset: { channel: c.channel } },
      el('th', { scope: 'row' }, t('frontdesk.' + c.channel)),
      COUNTS.map(k => el('td', { dataset: { count: k } }, number(c[k])))))));
  // One row per channel and topic, one column per outcome.
  const rows = new Map();
  for (const o of answer.outcomes || []) {
    const key = o.channel + ' ' + o.topic;
    if (!rows.has(key)) rows.set(key, { channel: o.channel, topic: o.topic, counts: {} });
    rows.get(key).counts[o.outcome] = o.contacts;
  }
  const byOutcome = rows.size === 0 ? el('p', {}, t('frontdesk.noOutcomes')) : el('table', { class: 'table table-sm wall-frontdesk-outcomes' },
    el('caption', {}, t('frontdesk.outcomes')),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('frontdesk.channel')), el('th', { scope: 'col' }, t('frontdesk.topic')),
      OUTCOMES.map(o => el('th', { scope: 'col' }, outcomeLabel(o))))),
    el('tbody', {}, [...rows.values()].map(r => el('tr', { dataset: { channel: r.channel, topic: r.topic } },
      el('td', {}, t('frontdesk.' + r.channel)), el('th', { scope: 'row' }, areaLabel(r.topic)),
      OUTCOMES.map(o => el('td', { dataset: { outcome: o } }, number(r.counts[o] || 0)))))));
  fill(byId('esiti'), el('div', { class: 'table-responsive' }, byChannel), el('div', { class: 'table-responsive' }, byOutcome));
}
