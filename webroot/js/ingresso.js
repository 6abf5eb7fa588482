// "Controllo all'ingresso" (/ingresso.html), the door of an event on a phone of the organiser's
// staff: a ticket's code read from its QR code with the camera (qr-camera.js) or typed, checked by
// POST /api/v1/door/admissions, which admits it once; the answer at a glance (green: enter; red:
// used, not valid, unknown; orange: another day) and read out by screen readers.
//
// Offline for a few minutes: the day's tickets (GET /api/v1/door/tickets) are kept in
// localStorage and refreshed every minute. Without a network a code is checked against that list
// and what this door admitted since, and the scan is queued with its idempotency key; when the
// network is back the queue is sent in order, and a ticket another door admitted meanwhile is
// shown as a warning (it entered twice).
import { t, api, showError } from './sportello.js';
import { byId, el, fill, focusOn } from './dom.js';
import { clock, dateTime, fullDate, romeDay } from './time.js';
import { signedIn, startHeader } from './signin.js';
import { cameraAvailable, readQr } from './qr-camera.js';
import './tickets-words.js';

const LIST_MILLIS = 60_000;
const DEVICE_KEY = 'sportello.door.device';
const QUEUE_KEY = 'sportello.door.queue';
const state = { stopCamera: null, list: null, listAt: null, admittedHere: new Set() };

startHeader({ onLanguage: () => { document.title = t('door.pageTitle'); showList(); showQueue(); } });
signedIn({ roles: ['provider_admin', 'provider_staff'] }).then(start);

async function start() {
  document.title = t('door.pageTitle');
  byId('ingresso').hidden = false;
  byId('varco').value = localStorage.getItem(DEVICE_KEY) || 'Ingresso 1';
  byId('varco').addEventListener('change', () => localStorage.setItem(DEVICE_KEY, device()));
  byId('controllo').addEventListener('submit', event => {
    event.preventDefault();
    check(byId('codice').value);
  });
  if (cameraAvailable()) {
    byId('inquadra').hidden = false;
    byId('inquadra').addEventListener('click', scan);
  }
  window.addEventListener('online', sendQueue);
  await loadList();
  setInterval(() => { loadList(); sendQueue(); }, LIST_MILLIS);
  sendQueue();
  showQueue();
  focusOn(byId('codice'));
}

function device() {
  return byId('varco').value.trim() || 'Ingresso 1';
}

/** As Crockford's base 32 reads a typed code (the server reads it the same way: TicketCode). */
function normalised(code) {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

async function check(typed) {
  const code = normalised(typed);
  if (code.length !== 12) {
    focusOn(byId('codice'));
    return;
  }
  const key = crypto.randomUUID();
  try {
    const answer = await api('POST', '/api/v1/door/admissions', { code, device: device() }, { key });
    if (answer.verdict === 'admitted') state.admittedHere.add(code);
    showVerdict(answer.verdict, answer.ticket, false);
  } catch (e) {
    if (e.status === 0) {
      offlineCheck(code, key);
    } else {
      showError(byId('ingresso-errore'), e);
    }
  }
  byId('codice').value = '';
  focusOn(byId('codice'));
}

/** Without a network: today's list, and this door's own admissions since. */
function offlineCheck(code, key) {
  if (!state.list) {
    fill(byId('esito'), el('p', { class: 'alert alert-danger h4' }, t('door.offline.noList')));
    return;
  }
  const ticket = state.list.find(item => item.code === code);
  let verdict = 'unknown';
  if (ticket) {
    verdict = ticket.admittedAt || state.admittedHere.has(code) ? 'already-used' : ticket.valid ? 'admitted' : 'not-valid';
  }
  if (verdict === 'admitted') {
    state.admittedHere.add(code);
    const queue = queued();
    queue.push({ code, device: device(), key });
    localStorage.setItem(QUEUE_KEY, JSON.stringify(queue));
  }
  showVerdict(verdict, ticket, true);
  showQueue();
}

function queued() {
  try {
    return JSON.parse(localStorage.getItem(QUEUE_KEY) || '[]');
  } catch (e) {
    return [];
  }
}

/** Sends the scans made offline, each with the key it was made with, oldest first. */
async function sendQueue() {
  const queue = queued();
  if (!queue.length) return;
  let sent = 0;
  const conflicts = [];
  while (queue.length) {
    const scan = queue[0];
    try {
      const answer = await api('POST', '/api/v1/door/admissions', { code: scan.code, device: scan.device }, { key: scan.key });
      if (answer.verdict === 'already-used' && answer.ticket) conflicts.push(answer.ticket);
    } catch (e) {
      if (e.status === 0) break;
    }
    queue.shift();
    sent++;
    localStorage.setItem(QUEUE_KEY, JSON.stringify(queue));
  }
  showQueue();
  if (sent) {
    fill(byId('esito'), el('p', { class: 'alert alert-info' }, t('door.synced', { sent })),
      ...conflicts.map(k => el('p', { class: 'alert alert-warning' },
        t('door.conflict', { code: k.code, device: k.admittedDevice, when: dateTime(k.admittedAt) }))));
  }
}

function showQueue() {
  const count = queued().length;
  byId('senza-rete').hidden = count === 0;
  byId('senza-rete').textContent = count ? t('door.offline', { count }) : '';
}

async function loadList() {
  try {
    const answer = await api('GET', '/api/v1/door/tickets?date=' + romeDay());
    state.list = answer.items;
    state.listAt = new Date();
    localStorage.setItem('sportello.door.list.' + answer.date, JSON.stringify({ items: answer.items, at: state.listAt }));
  } catch (e) {
    const kept = localStorage.getItem('sportello.door.list.' + romeDay());
    if (kept && !state.list) {
      const parsed = JSON.parse(kept);
      state.list = parsed.items;
      state.listAt = new Date(parsed.at);
    }
  }
  showList();
}

function showList() {
  byId('elenco').textContent = state.list ? t('door.list', { count: state.list.length, time: clock(state.listAt) }) : '';
}

const LOOK = {
  'admitted': 'alert-success', 'already-used': 'alert-danger', 'wrong-day': 'alert-warning',
  'not-valid': 'alert-danger', 'unknown': 'alert-danger',
};

function showVerdict(verdict, ticket, offline) {
  const details = [];
  if (verdict === 'already-used' && ticket && ticket.admittedAt) {
    details.push(t('door.verdict.already-used.detail', { when: dateTime(ticket.admittedAt), device: ticket.admittedDevice }));
  } else if (verdict === 'wrong-day' && ticket) {
    details.push(t('door.verdict.wrong-day.detail', { day: fullDate(ticket.startsAt) }));
  } else if (verdict === 'not-valid' || verdict === 'unknown') {
    details.push(t('door.verdict.' + verdict + '.detail'));
  }
  fill(byId('esito'), el('div', { class: 'alert ' + LOOK[verdict], dataset: { verdict } },
    el('p', { class: 'display-6 mb-2' }, t('door.verdict.' + verdict)),
    ticket ? el('p', { class: 'h5 mb-1' }, t('door.ticket', { type: ticket.type, event: ticket.event, when: dateTime(ticket.startsAt) })) : null,
    ticket && ticket.whoQualifies ? el('p', { class: 'mb-1' }, ticket.whoQualifies) : null,
    ticket && ticket.holderName ? el('p', { class: 'mb-1 fw-semibold' }, t('door.holder', { name: ticket.holderName })) : null,
    ...details.map(text => el('p', { class: 'mb-1' }, text)),
    offline ? el('p', { class: 'mb-0 small' }, t('door.offline.verdict')) : null));
}

async function scan() {
  if (state.stopCamera) {
    state.stopCamera();
    state.stopCamera = null;
    byId('inquadra').textContent = t('door.scan');
    return;
  }
  try {
    state.stopCamera = await readQr(byId('fotocamera'), code => {
      state.stopCamera = null;
      byId('inquadra').textContent = t('door.scan');
      check(code);
    });
    byId('inquadra').textContent = t('door.scan.stop');
  } catch (e) {
    state.stopCamera = null;
    byId('ingresso-errore').textContent = t('door.scan.failed');
    byId('ingresso-errore').hidden = false;
  }
}
