// The supervisor's view of the notifications relay (/avvisi.html): how many messages wait, failed,
// went or were given up, per channel (GET /api/v1/notifications/summary), the oldest one waiting
// and the changes not yet turned into messages; then the discarded (dead) and failed messages with
// their reasons (GET /api/v1/notifications/messages?status=dead|failed), each with "Rinvia"
// (POST /api/v1/notifications/messages/{id}/resend). Addresses come masked from the server.
import { t, api, busy, showError, Problem } from './sportello.js';
import { byId, el, fill, focusOn } from './dom.js';
import { clock, dateTime } from './time.js';
import { signedIn, startHeader } from './signin.js';
import './notification-words.js';

const CHANNELS = ['email', 'sms', 'webhook'];
const STATUSES = ['queued', 'failed', 'sent', 'dead'];
/** The lists shown, each in its element, newest first. */
const LISTS = [{ status: 'dead', target: 'scartati', empty: 'relay.dead.none' },
  { status: 'failed', target: 'falliti', empty: 'relay.failed.none' }];

const state = { summary: null, messages: { dead: [], failed: [] }, at: null };

startHeader({ onLanguage: render });
signedIn({ role: 'supervisor' }).then(start);

async function start() {
  byId('avvisi').hidden = false;
  byId('aggiorna').addEventListener('click', event => {
    clearMessages();
    busy(event.currentTarget, load);
  });
  await load();
}

function clearMessages() {
  byId('avvisi-errore').hidden = true;
  byId('avvisi-esito').textContent = '';
}

/** Reads the summary and both lists again, and redraws; a failure is shown in the page's alert. */
async function load() {
  try {
    const [summary, dead, failed] = await Promise.all([
      api('GET', '/api/v1/notifications/summary'),
      api('GET', '/api/v1/notifications/messages?status=dead'),
      api('GET', '/api/v1/notifications/messages?status=failed'),
    ]);
    state.summary = summary;
    state.messages = { dead: dead.items, failed: failed.items };
    state.at = new Date();
    render();
  } catch (e) {
    showError(byId('avvisi-errore'), e);
  }
}

function render() {
  document.title = t('relay.pageTitle');
  if (!state.summary) return;
  const updated = byId('aggiornato');
  updated.removeAttribute('data-t');
  updated.textContent = t('relay.updatedAt', { time: clock(state.at, { seconds: true }) });
  fill(byId('riepilogo'), summaryTable(state.summary), facts(state.summary));
  for (const list of LISTS) {
    fill(byId(list.target), messagesTable(list, state.messages[list.status]));
  }
}

function kindName(kind) {
  const key = 'kind.' + kind;
  return t(key) === key ? kind : t(key);
}

function channelName(channel) {
  const key = 'channel.' + channel;
  return t(key) === key ? channel : t(key);
}

/** Counts per channel (rows) and status (columns), every channel shown even at zero. */
function summaryTable(summary) {
  const counts = summary.channels || {};
  const channels = [...CHANNELS, ...Object.keys(counts).filter(c => !CHANNELS.includes(c))];
  return el('div', { class: 'table-responsive relay-scroll' }, el('table', { class: 'table relay-table', id: 'riepilogo-tabella' },
    el('caption', { class: 'visually-hidden' }, t('relay.summary')),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('relay.channel')),
      STATUSES.map(s => el('th', { scope: 'col', class: 'relay-count' }, t('relay.status.' + s))))),
    el('tbody', {}, channels.map(channel => el('tr', { dataset: { channel } },
      el('th', { scope: 'row' }, channelName(channel)),
      STATUSES.map(s => el('td', { class: 'relay-count', dataset: { status: s } }, String((counts[channel] || {})[s] || 0))))))));
}

function facts(summary) {
  return el('dl', { class: 'relay-facts' },
    el('dt', {}, t('relay.oldest')),
    el('dd', { id: 'piu-vecchio' }, summary.oldestWaiting ? dateTime(summary.oldestWaiting) : t('relay.oldest.none')),
    el('dt', {}, t('relay.unplanned')),
    el('dd', { id: 'non-pianificati' }, String(summary.unplanned || 0)));
}

function messagesTable(list, messages) {
  if (!messages.length) return el('p', {}, t(list.empty));
  const failed = list.status === 'failed';
  const headers = ['relay.col.kind', 'relay.col.channel', 'relay.col.to', 'relay.col.attempts', 'relay.col.reason',
    'relay.col.when', failed ? 'relay.col.next' : null, 'relay.col.action'].filter(Boolean);
  return el('div', { class: 'table-responsive relay-scroll' }, el('table', { class: 'table relay-table' },
    el('caption', { class: 'visually-hidden' }, t('relay.' + list.status)),
    el('thead', {}, el('tr', {}, headers.map(key => el('th', { scope: 'col' }, t(key))))),
    el('tbody', {}, messages.map(m => el('tr', { dataset: { message: m.id, status: m.status } },
      el('th', { scope: 'row' }, kindName(m.kind)),
      el('td', {}, channelName(m.channel)),
      el('td', {}, m.to),
      el('td', { class: 'relay-count' }, String(m.attempts)),
      el('td', { class: 'relay-reason' }, m.lastError || t('relay.reason.none')),
      el('td', {}, dateTime(m.createdAt)),
      failed ? el('td', {}, dateTime(m.nextAttemptAt)) : null,
      el('td', {}, resendButton(list, m)))))));
}

function resendButton(list, message) {
  const say = { kind: kindName(message.kind), to: message.to };
  // The visible word first, then which message (for screen readers, out of a narrow table's way).
  const button = el('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', dataset: { resend: message.id } },
    t('relay.resend'), el('span', { class: 'visually-hidden' }, ' ' + t('relay.resend.which', say)));
  button.addEventListener('click', async () => {
    clearMessages();
    try {
      await busy(button, () => api('POST', '/api/v1/notifications/messages/' + encodeURIComponent(message.id) + '/resend', {}));
      byId('avvisi-esito').textContent = t('relay.resent', say);
    } catch (e) {
      const notResendable = e instanceof Problem && e.status === 409;
      showError(byId('avvisi-errore'), notResendable ? new Problem(409, { detail: t('relay.problem.not-resendable') }) : e);
      if (!notResendable) return;
    }
    await load();
    // The row is gone: the focus goes to its list's heading rather than to the page's top.
    focusOn(byId(list.target + '-titolo'));
  });
  return button;
}
