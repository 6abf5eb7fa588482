// The citizen's chat with a welfare manager (chat.html): sign in, pick a topic and a language,
// wait in the queue (the place survives a page refresh), talk, close, rate, download the transcript.
// Ordering, resume after a disconnect and retries without duplicates are in chat-sync.js.
// At a kiosk the chat is the identified person's: chiosco.html hands over their kiosk session
// (sessionStorage), every request names it, and when it ends (Ho finito, its time is up, the
// server says so) the page forgets everything and goes back to the kiosk's start.

import { words, t, hasRole, api, Bridge, busy, showError, Problem } from './sportello.js';
import { byId, el, announce } from './dom.js';
import { clock, dayName } from './time.js';
import { signedIn, startHeader } from './signin.js';
import { ChatSync, newClientId } from './chat-sync.js';
import { ChatLog, waitText } from './chat-view.js';
import { loadAreas, areaCodes, areaLabel } from './areas.js';

words({
  it: {
    'chat.title': 'Parla con un consulente',
    'chat.intro': 'Un consulente ti aiuta a trovare il servizio giusto per te e per la tua famiglia.',
    'chat.messages': 'Messaggi della conversazione',
    'chat.notCitizen': 'Questa pagina è per i cittadini e i dipendenti. Chi lavora allo sportello usa la console.',
    'chat.toConsole': 'Vai alla console',
    'chat.signin': 'Accedi per scrivere',
    // Said only when something changes: a citizen need not know about "real-time updates".
    'live.connected': 'Collegamento attivo: i messaggi arrivano da soli.', 'live.reconnecting': 'Connessione persa: mi ricollego…',
    'start.title': 'Inizia una conversazione', 'start.topic': 'Di che cosa vuoi parlare?', 'start.language': 'In che lingua?',
    'start.question': 'La tua domanda (facoltativa)',
    'start.question.hint': 'Non scrivere dati sulla salute se non servono: bastano poche parole.',
    'start.button': 'Inizia la chat', 'start.again': 'Inizia una nuova conversazione', 'start.done': 'Conversazione aperta.',
    'conv.title': 'La tua conversazione: {topic}',
    'queue.position': 'Sei al posto numero {position} in coda.', 'queue.wait': 'Attesa stimata: {wait}.',
    'queue.closed.now': 'La chat adesso è chiusa.', 'queue.reopens': 'Riapre {when}.',
    'queue.nobody': 'In questo momento nessun consulente è collegato.',
    'queue.kept': 'La tua richiesta resta qui: la legge il primo consulente libero.',
    'queue.waiting': 'Sei in coda: un consulente ti risponderà appena possibile.',
    'queue.offered': 'Un consulente sta per risponderti.',
    'queue.active': 'Stai parlando con {name}.', 'queue.activeNoName': 'Un consulente è con te.',
    'queue.closed': 'La conversazione è chiusa.',
    'hours.line': 'La chat risponde {hours}.',
    'alt.title': 'Che cosa puoi fare adesso',
    'alt.message': 'Lascia un messaggio',
    'alt.message.hint': 'Scrivilo qui sotto: ti rispondiamo in questa pagina appena un consulente è libero.',
    'alt.callback': 'Chiedi di essere richiamato', 'alt.appointment': 'Prenota un appuntamento',
    'alt.appointment.hint': 'Scegli un servizio e un orario libero: la prenotazione è subito valida.',
    'alt.services': 'Servizi per {topic}:', 'alt.allServices': 'Tutti i servizi',
    'callback.phone': 'Il tuo numero di telefono',
    'callback.phone.hint': 'Solo cifre e spazi, con il + davanti se serve. Esempio: +39 347 123 4567',
    'callback.when': 'Quando preferisci essere richiamato? (facoltativo)', 'callback.send': 'Chiedi la richiamata',
    'callback.invalid': 'Scrivi un numero di telefono valido: solo cifre e spazi, da 7 a 20 caratteri, con il + davanti se serve.',
    'callback.done': 'Richiesta registrata: ti richiameremo.',
    'compose.label': 'Il tuo messaggio', 'compose.send': 'Invia',
    'compose.hint': 'Premi Invio per mandare, Maiusc+Invio per andare a capo.',
    'compose.empty': 'Scrivi un messaggio prima di inviarlo.',
    'close.button': 'Chiudi la conversazione', 'close.done': 'Conversazione chiusa.',
    'transcript.button': 'Scarica la trascrizione', 'transcript.done': 'Trascrizione scaricata.',
    'rate.title': 'Com’è andata?', 'rate.legend': 'Quanto ti è stato utile l’aiuto ricevuto?',
    'rate.1': '1 – per niente', 'rate.2': '2 – poco', 'rate.3': '3 – abbastanza', 'rate.4': '4 – molto', 'rate.5': '5 – moltissimo',
    'rate.comment': 'Vuoi aggiungere qualcosa? (facoltativo)', 'rate.send': 'Invia la valutazione',
    'rate.missing': 'Scegli un voto da 1 a 5.', 'rate.thanks': 'Grazie per la tua valutazione.',
    'new.message': 'Nuovo messaggio da {name}.',
    'kiosk.as': 'Stai scrivendo come {name}. La conversazione resta tua: la ritrovi nella tua area personale.',
    'kiosk.done': 'Ho finito', 'kiosk.identify': 'Al totem la chat è di chi si è identificato: torna all’inizio e identificati con badge o codice fiscale e PIN.',
    'kiosk.back': 'Torna all’inizio',
    'when.at': '{day} alle {time}',
    'day.MON': 'lunedì', 'day.TUE': 'martedì', 'day.WED': 'mercoledì', 'day.THU': 'giovedì', 'day.FRI': 'venerdì',
    'day.SAT': 'sabato', 'day.SUN': 'domenica', 'days.range': 'dal {from} al {to} {time}', 'days.one': 'il {day} {time}',
  },
  en: {
    'chat.title': 'Talk to an adviser',
    'chat.intro': 'An adviser helps you find the right service for you and your family.',
    'chat.messages': 'Conversation messages',
    'chat.notCitizen': 'This page is for citizens and employees. Staff use the console.',
    'chat.toConsole': 'Go to the console',
    'chat.signin': 'Sign in to write',
    'live.connected': 'You are connected.', 'live.reconnecting': 'Connection lost: reconnecting…',
    'start.title': 'Start a conversation', 'start.topic': 'What would you like to talk about?', 'start.language': 'In which language?',
    'start.question': 'Your question (optional)',
    'start.question.hint': 'Do not write health details unless needed: a few words are enough.',
    'start.button': 'Start the chat', 'start.again': 'Start a new conversation', 'start.done': 'Conversation opened.',
    'conv.title': 'Your conversation: {topic}',
    'queue.position': 'You are number {position} in the queue.', 'queue.wait': 'Estimated wait: {wait}.',
    'queue.closed.now': 'The chat is closed now.', 'queue.reopens': 'It opens again {when}.',
    'queue.nobody': 'No adviser is online right now.',
    'queue.kept': 'Your request stays here: the first adviser who is free reads it.',
    'queue.waiting': 'You are in the queue: an adviser will answer as soon as possible.',
    'queue.offered': 'An adviser is about to answer.',
    'queue.active': 'You are talking to {name}.', 'queue.activeNoName': 'An adviser is with you.',
    'queue.closed': 'The conversation is closed.',
    'hours.line': 'The chat answers {hours}.',
    'alt.title': 'What you can do now',
    'alt.message': 'Leave a message',
    'alt.message.hint': 'Write it below: we answer on this page as soon as an adviser is free.',
    'alt.callback': 'Ask to be called back', 'alt.appointment': 'Book an appointment',
    'alt.appointment.hint': 'Choose a service and a free time: the booking is valid at once.',
    'alt.services': 'Services for {topic}:', 'alt.allServices': 'All services',
    'callback.phone': 'Your phone number',
    'callback.phone.hint': 'Digits and spaces only, with a leading + if needed. Example: +39 347 123 4567',
    'callback.when': 'When would you like us to call? (optional)', 'callback.send': 'Ask for a call-back',
    'callback.invalid': 'Write a valid phone number: digits and spaces only, 7 to 20 characters, with a leading + if needed.',
    'callback.done': 'Request recorded: we will call you back.',
    'compose.label': 'Your message', 'compose.send': 'Send',
    'compose.hint': 'Press Enter to send, Shift+Enter for a new line.',
    'compose.empty': 'Write a message before sending it.',
    'close.button': 'Close the conversation', 'close.done': 'Conversation closed.',
    'transcript.button': 'Download the transcript', 'transcript.done': 'Transcript downloaded.',
    'rate.title': 'How did it go?', 'rate.legend': 'How useful was the help you received?',
    'rate.1': '1 – not at all', 'rate.2': '2 – a little', 'rate.3': '3 – fairly', 'rate.4': '4 – very', 'rate.5': '5 – extremely',
    'rate.comment': 'Anything to add? (optional)', 'rate.send': 'Send the rating',
    'rate.missing': 'Choose a score from 1 to 5.', 'rate.thanks': 'Thank you for your rating.',
    'new.message': 'New message from {name}.',
    'kiosk.as': 'You are writing as {name}. The conversation stays yours: you will find it in your personal area.',
    'kiosk.done': 'I am done', 'kiosk.identify': 'At a kiosk the chat belongs to whoever identified: go back to the start and identify with badge or codice fiscale and PIN.',
    'kiosk.back': 'Back to the start',
    'when.at': '{day} at {time}',
    'day.MON': 'Monday', 'day.TUE': 'Tuesday', 'day.WED': 'Wednesday', 'day.THU': 'Thursday', 'day.FRI': 'Friday',
    'day.SAT': 'Saturday', 'day.SUN': 'Sunday', 'days.range': '{from} to {to} {time}', 'days.one': 'on {day} {time}',
  },
});

// The rule the server applies to a call-back number (CHAT-PROTOCOL: digits and spaces, an optional
// leading +, 7 to 20 characters); the hint under the field says the same.
const PHONE = /^\+?[0-9][0-9 ]{5,18}[0-9]$/;
/** Where the chat.start reply's availability is kept per conversation, so a page refresh still says it. */
const AVAILABILITY = 'sportello.chat.availability.';
const HOURS_LINE = /^(MON|TUE|WED|THU|FRI|SAT|SUN)(?:-(MON|TUE|WED|THU|FRI|SAT|SUN))? (\d\d):(\d\d)-(\d\d):(\d\d)$/;
/** Where chiosco.html leaves the identified person's kiosk session: {session, person, firstName, expiresAt}. */
const KIOSK_CHAT = 'sportello.kiosk.chat';

const page = {
  bridge: null,
  sync: null,
  current: null,       // the conversation on screen: {id, summary, managerName, log, sentDelivered, sentRead}
  availability: null,  // from the chat.start reply
  typingTimer: null,
  lastTyping: 0,
  transcript: null,    // the last downloaded transcript (tests read its length)
};
// For tests and the curious: the socket can be dropped on purpose to see the resume at work.
window.__sportelloChat = page;

function show(id, visible) {
  byId(id).hidden = !visible;
}

function clearError(id) {
  const node = byId(id);
  node.textContent = '';
  node.hidden = true;
}

function fillTopics() {
  const select = byId('argomento');
  const chosen = select.value;
  select.replaceChildren(...areaCodes().map(topic => el('option', { value: topic }, areaLabel(topic))));
  if (chosen) select.value = chosen;
}

function fillScores() {
  const box = byId('voti');
  const chosen = box.querySelector('input:checked');
  box.replaceChildren(...[1, 2, 3, 4, 5].map(n => el('div', { class: 'form-check form-check-inline' },
    el('input', { type: 'radio', name: 'score', id: 'voto-' + n, value: String(n) }),
    el('label', { for: 'voto-' + n }, t('rate.' + n)))));
  if (chosen) byId('voto-' + chosen.value).checked = true;
}

// ------------------------------------------------------------------ at a kiosk

/** The person identified at this kiosk, while their kiosk session lasts; null otherwise. */
function kioskPerson() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KIOSK_CHAT) || 'null');
    return stored && stored.session && stored.person && Date.parse(stored.expiresAt) > Date.now() ? stored : null;
  } catch (e) {
    return null;
  }
}

/** The person is done (or their session ended): end it, forget everything, back to the kiosk's start. */
async function leaveKiosk() {
  const stored = kioskPerson();
  sessionStorage.removeItem(KIOSK_CHAT);
  if (page.bridge) page.bridge.close();
  if (stored) {
    try { await api('POST', '/api/v1/kiosk/sessions/' + stored.session + '/end', {}); } catch (e) { /* it runs out by itself */ }
  }
  location.replace('/chiosco.html');
}

function kioskGone(e) {
  const type = e instanceof Problem ? (e.body.type || '') : '';
  return hasRole('kiosk') && (type.endsWith('/kiosk-session-ended') || type.endsWith('/kiosk-person-not-identified'));
}

/** Says what went wrong; at a kiosk whose person is no longer identified, leaves instead. */
function problem(node, e) {
  if (kioskGone(e)) {
    leaveKiosk();
    return;
  }
  showError(node, e);
}

/** At a kiosk: whom the chat is for, the way out, and the end of the session kept to. */
function kioskBar(person) {
  document.body.classList.add('kiosk');
  const done = el('button', { type: 'button', id: 'totem-fine', class: 'btn btn-outline-primary' }, t('kiosk.done'));
  done.addEventListener('click', () => leaveKiosk());
  byId('contenuto').prepend(el('div', { id: 'totem', class: 'alert alert-info d-flex flex-wrap gap-2 align-items-center justify-content-between' },
    el('p', { id: 'totem-chi' }, t('kiosk.as', { name: person.firstName || '' })), done));
  setTimeout(() => leaveKiosk(), Math.max(0, Date.parse(person.expiresAt) - Date.now()));
}

function kioskIdentifyFirst() {
  document.body.classList.add('kiosk');
  byId('contenuto').append(el('div', { id: 'totem', class: 'alert alert-info' },
    el('p', {}, t('kiosk.identify')),
    el('p', { class: 'mb-0' }, el('a', { class: 'btn btn-primary', href: '/chiosco.html' }, t('kiosk.back')))));
}

// ------------------------------------------------------------------ signed in

async function enter(who) {
  if (!hasRole('citizen') && !hasRole('employee') && !hasRole('kiosk')) {
    show('non-cittadino', true);
    return;
  }
  // A kiosk acts for the person identified at it, in their kiosk session: their inbox, their chats.
  let subject = who.sub;
  let extras = {};
  if (hasRole('kiosk')) {
    const person = kioskPerson();
    if (!person) {
      kioskIdentifyFirst();
      return;
    }
    subject = person.person;
    extras = { kioskSession: person.session };
    kioskBar(person);
  }
  try {
    await loadAreas(); // the topics to choose from, and the conversation's topic
  } catch (e) {
    problem(byId('errore'), e);
    return;
  }
  page.bridge = new Bridge();
  page.bridge.onStatus(up => { byId('collegamento').textContent = up ? t('live.connected') : t('live.reconnecting'); });
  try {
    await page.bridge.open();
  } catch (e) {
    problem(byId('errore'), e);
    return;
  }
  byId('collegamento').textContent = t('live.connected');
  page.sync = new ChatSync(page.bridge, subject, { onEvent, onSignal, onConversation, onGone: () => {} }, extras);
  let list;
  try {
    list = await page.sync.start();
  } catch (e) {
    problem(byId('errore'), e);
    return;
  }
  const open = list.find(c => c.you === 'owner' && c.status !== 'closed');
  if (open) showConversation(open.id);
  else showStart();
}

// ------------------------------------------------------------------ starting

function showStart() {
  page.current = null;
  show('conversazione', false);
  show('inizio', true);
  fillTopics();
}

byId('modulo-inizio').addEventListener('submit', async event => {
  event.preventDefault();
  clearError('inizio-errore');
  const form = event.target;
  const question = form.question.value.trim();
  const body = { clientId: newClientId(), topic: form.topic.value, language: form.language.value };
  try {
    const reply = await busy(byId('avvia'), () => page.sync.command('chat.start', body));
    page.availability = reply.availability || null;
    keepAvailability(reply.conversation.id, page.availability);
    await page.sync.resume(reply.conversation.id);
    showConversation(reply.conversation.id, reply.conversation);
    form.question.value = '';
    announce(t('start.done'));
    if (question) await sendText(question);
    byId('testo').focus();
  } catch (e) {
    problem(byId('inizio-errore'), e);
  }
});

byId('nuova').addEventListener('click', () => {
  page.availability = null;
  showStart();
  byId('argomento').focus();
});

// ------------------------------------------------------------------ the conversation

const conversations = new Map(); // id -> {summary, events[], receipts, managerName}

function model(id) {
  let m = conversations.get(id);
  if (!m) {
    m = { summary: null, events: [], marks: { delivered: 0, read: 0 }, managerName: null };
    conversations.set(id, m);
  }
  return m;
}

function showConversation(id, summary) {
  const m = model(id);
  if (summary && !m.summary) m.summary = summary;
  const log = new ChatLog(byId('messaggi'), { staff: false, mine: e => e.mine === true, receiptSeq: e => e.seq });
  byId('messaggi').replaceChildren();
  page.current = { id, log, sentDelivered: 0, sentRead: 0 };
  m.events.forEach(e => log.add(e));
  log.setMarks(m.marks);
  show('inizio', false);
  show('conversazione', true);
  log.scroll();
  render();
  sendReceipts();
}

/** What chat.start said about being answered (open, staffOnline, nextOpening, hours?), kept across a refresh. */
function keepAvailability(id, availability) {
  if (availability) sessionStorage.setItem(AVAILABILITY + id, JSON.stringify(availability));
}

function availabilityOf(id) {
  if (page.availability) return page.availability;
  try {
    return JSON.parse(sessionStorage.getItem(AVAILABILITY + id) || 'null');
  } catch (e) {
    return null;
  }
}

/** "lunedì 7 dicembre alle 08:30" */
function whenText(instant) {
  return t('when.at', { day: dayName(instant), time: clock(instant) });
}

/** The chat's opening hours in words ("dal lunedì al venerdì 08:30–18:30, il sabato 09:00–13:00"), when the server gives them. */
function hoursText(lines) {
  const parts = (lines || []).map(line => HOURS_LINE.exec(String(line).trim().toUpperCase())).filter(Boolean).map(m => {
    const time = m[3] + ':' + m[4] + '–' + m[5] + ':' + m[6];
    return m[2] ? t('days.range', { from: t('day.' + m[1]), to: t('day.' + m[2]), time })
      : t('days.one', { day: t('day.' + m[1]), time });
  });
  return parts.join(', ');
}

/**
 * Whether nobody can answer now, and why: {closed, reopens?} outside the opening hours, {nobody}
 * when open but no adviser is online; null when someone can answer.
 */
function unanswered(s) {
  if (s.status !== 'queued') return null;
  const a = availabilityOf(s.id) || {};
  // A stored "closed" holds only until the opening it announced.
  const closed = a.open === false && !(a.nextOpening && Date.parse(a.nextOpening) <= Date.now());
  if (closed) return { closed: true, reopens: a.nextOpening || null, hours: a.hours || null };
  if (s.staffOnline === false || a.staffOnline === false && s.staffOnline === undefined) return { nobody: true, hours: a.hours || null };
  return null;
}

function queueText(s, away) {
  if (away && away.closed) {
    return [t('queue.closed.now'), away.reopens ? t('queue.reopens', { when: whenText(away.reopens) }) : '', t('queue.kept')]
      .filter(Boolean).join(' ');
  }
  if (away && away.nobody) return t('queue.nobody') + ' ' + t('queue.kept');
  const parts = [];
  if (s.position) parts.push(t('queue.position', { position: s.position }));
  if (s.estimatedWaitSeconds !== null && s.estimatedWaitSeconds !== undefined) {
    parts.push(t('queue.wait', { wait: waitText(s.estimatedWaitSeconds) }));
  }
  if (parts.length === 0) parts.push(t('queue.waiting'));
  return parts.join(' ');
}

function render() {
  const c = page.current;
  if (!c) return;
  const m = model(c.id);
  const s = { id: c.id, ...(m.summary || {}) };
  byId('conversazione-titolo').textContent = t('conv.title', { topic: s.topic ? areaLabel(s.topic) : '' });
  const closed = s.status === 'closed';
  const away = unanswered(s);
  let status;
  if (closed) status = t('queue.closed');
  else if (s.status === 'active') status = m.managerName ? t('queue.active', { name: m.managerName }) : t('queue.activeNoName');
  else if (s.status === 'offered') status = t('queue.offered');
  else status = queueText(s, away);
  if (byId('coda').textContent !== status) byId('coda').textContent = status;
  byId('coda').className = 'alert ' + (away ? 'alert-warning' : 'alert-info');
  show('alternative', !!away);
  if (away) {
    // The opening hours, when the server gives them; when it opens next is in the status above.
    const hours = hoursText(away.hours);
    const line = hours ? t('hours.line', { hours }) : '';
    byId('orari-chat').textContent = line;
    byId('orari-chat').hidden = !line;
    showServices(s.topic);
  }
  byId('testo').disabled = closed;
  byId('invia').disabled = closed;
  show('chiudi', !closed);
  show('modulo-scrivi', !closed);
  show('valutazione', closed && !s.rating);
  show('grazie', closed && !!s.rating);
  show('dopo-chiusura', closed);
}

// ------------------------------------------------------------------ an appointment instead

const services = { topic: null, items: null };

/** The first services of the conversation's topic, each a link to its page where it is booked. */
async function showServices(topic) {
  if (!topic || services.topic === topic) {
    drawServices();
    return;
  }
  services.topic = topic;
  services.items = null;
  try {
    const found = await api('GET', '/api/v1/services?size=3&area=' + encodeURIComponent(topic));
    services.items = found.items || [];
  } catch (e) {
    services.items = [];
  }
  drawServices();
}

function drawServices() {
  const list = byId('servizi-argomento');
  const items = services.items || [];
  if (items.length === 0) {
    list.replaceChildren();
    return;
  }
  list.replaceChildren(el('li', { class: 'fw-semibold' }, t('alt.services', { topic: areaLabel(services.topic) })),
    ...items.map(item => el('li', {}, el('a', { href: '/servizio.html?id=' + encodeURIComponent(item.id) }, item.title))));
}

// The portal's search opens on the conversation's topic (it reads its last search from sessionStorage).
byId('alt-appuntamento').addEventListener('click', () => {
  const topic = page.current && model(page.current.id).summary ? model(page.current.id).summary.topic : '';
  if (!topic) return;
  try {
    const last = JSON.parse(sessionStorage.getItem('portal.search') || 'null') || {};
    sessionStorage.setItem('portal.search', JSON.stringify({ q: '', municipality: '', from: '', to: '', ...last, area: topic, page: 1 }));
  } catch (e) { /* the search opens unfiltered */ }
});

function onConversation(summary, receipts) {
  const m = model(summary.id);
  m.summary = { ...(m.summary || {}), ...summary };
  if (receipts && receipts.staff) {
    m.marks = receipts.staff;
    if (page.current && page.current.id === summary.id) page.current.log.setMarks(m.marks);
  }
  if (page.current && page.current.id === summary.id) render();
}

function onEvent(id, event) {
  const m = model(id);
  m.events.push(event);
  const s = m.summary || (m.summary = { id });
  switch (event.kind) {
    case 'accepted': s.status = 'active'; m.managerName = event.authorName; break;
    case 'transferred':
      if (event.body.toManager) { s.status = 'offered'; m.managerName = event.body.toName; } else { s.status = 'queued'; }
      break;
    case 'returned': s.status = 'queued'; break;
    case 'closed': s.status = 'closed'; break;
    case 'rated': s.rating = event.body.score; break;
    default: break;
  }
  const c = page.current;
  if (!c || c.id !== id) return;
  c.log.add(event);
  if (event.kind === 'message' && !event.mine) {
    announceLater(t('new.message', { name: event.authorName }));
    hideTyping();
  }
  render();
  sendReceipts();
}

let announceTimer = null;
function announceLater(text) {
  // role="log" already reads new messages; this only helps when many arrive at once.
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => announce(text), 300);
}

function onSignal(signal) {
  const c = page.current;
  if (signal.kind === 'queue') {
    const m = model(signal.conversationId);
    m.summary = { ...(m.summary || {}), position: signal.position, estimatedWaitSeconds: signal.estimatedWaitSeconds,
      staffOnline: signal.staffOnline };
  } else if (signal.kind === 'receipt' && signal.byRole === 'staff') {
    const m = model(signal.conversationId);
    m.marks = { delivered: Math.max(m.marks.delivered, signal.delivered || 0), read: Math.max(m.marks.read, signal.read || 0) };
    if (c && c.id === signal.conversationId) c.log.setMarks(m.marks);
  } else if (signal.kind === 'typing' && signal.authorRole !== 'citizen' && c && c.id === signal.conversationId) {
    byId('scrive').textContent = t('typing', { name: signal.authorName });
    clearTimeout(page.typingTimer);
    page.typingTimer = setTimeout(hideTyping, 5000);
  }
  if (c && c.id === signal.conversationId) render();
}

function hideTyping() {
  clearTimeout(page.typingTimer);
  byId('scrive').textContent = '';
}

/** Tells the manager what reached this screen, and what was read (the tab is in front). */
function sendReceipts() {
  const c = page.current;
  if (!c || !page.sync) return;
  const last = page.sync.last(c.id);
  const reading = document.visibilityState === 'visible' && document.hasFocus();
  const read = reading ? last : c.sentRead;
  if (last > c.sentDelivered || read > c.sentRead) {
    c.sentDelivered = last;
    c.sentRead = read;
    page.sync.signal('chat.receipt', { conversationId: c.id, delivered: last, read });
  }
}
window.addEventListener('focus', sendReceipts);
document.addEventListener('visibilitychange', sendReceipts);

// ------------------------------------------------------------------ writing

async function sendText(text) {
  const c = page.current;
  const clientId = newClientId();
  c.log.sending(clientId, text, false);
  try {
    await page.sync.command('chat.send', { conversationId: c.id, clientId, text });
  } catch (e) {
    c.log.failed(clientId);
    problem(byId('scrivi-errore'), e);
  }
}

byId('modulo-scrivi').addEventListener('submit', event => {
  event.preventDefault();
  clearError('scrivi-errore');
  const text = byId('testo').value.trim();
  if (!text) {
    problem(byId('scrivi-errore'), new Problem(422, { detail: t('compose.empty') }));
    byId('testo').focus();
    return;
  }
  byId('testo').value = '';
  sendText(text);
});

byId('testo').addEventListener('keydown', event => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    byId('modulo-scrivi').requestSubmit();
  }
});

// "Typing" at most every 3 seconds: a keystroke inside the 3 seconds sends one when they end.
let typingLater = null;
function typingSignal() {
  const c = page.current;
  if (!c || !byId('testo').value.trim()) return;
  const wait = page.lastTyping + 3000 - Date.now();
  if (wait <= 0) {
    page.lastTyping = Date.now();
    page.sync.signal('chat.typing', { conversationId: c.id });
  } else if (!typingLater) {
    typingLater = setTimeout(() => { typingLater = null; typingSignal(); }, wait);
  }
}
byId('testo').addEventListener('input', typingSignal);

// ------------------------------------------------------------------ nobody available

byId('alt-messaggio').addEventListener('click', () => byId('testo').focus());

byId('alt-richiamata').addEventListener('click', () => {
  const open = byId('richiamata').hidden;
  byId('richiamata').hidden = !open;
  byId('alt-richiamata').setAttribute('aria-expanded', String(open));
  if (open) byId('telefono').focus();
});

byId('richiamata').addEventListener('submit', async event => {
  event.preventDefault();
  clearError('richiamata-errore');
  const phone = byId('telefono').value.trim();
  if (!PHONE.test(phone)) {
    byId('telefono').setAttribute('aria-invalid', 'true');
    problem(byId('richiamata-errore'), new Problem(422, { detail: t('callback.invalid') }));
    byId('telefono').focus();
    return;
  }
  byId('telefono').removeAttribute('aria-invalid');
  const body = { conversationId: page.current.id, clientId: newClientId(), phone };
  if (byId('quando').value.trim()) body.when = byId('quando').value.trim();
  try {
    await busy(byId('chiedi-richiamata'), () => page.sync.command('chat.callback', body));
    byId('richiamata').hidden = true;
    byId('alt-richiamata').setAttribute('aria-expanded', 'false');
    announce(t('callback.done'));
    byId('alt-richiamata').focus();
  } catch (e) {
    problem(byId('richiamata-errore'), e);
  }
});

// ------------------------------------------------------------------ closing, rating, transcript

byId('chiudi').addEventListener('click', async () => {
  clearError('scrivi-errore');
  try {
    await busy(byId('chiudi'), () => page.sync.command('chat.close', { conversationId: page.current.id, clientId: newClientId() }));
    announce(t('close.done'));
    render();
    const first = document.querySelector('#voti input');
    if (first) first.focus();
  } catch (e) {
    problem(byId('scrivi-errore'), e);
  }
});

byId('modulo-valuta').addEventListener('submit', async event => {
  event.preventDefault();
  clearError('valuta-errore');
  const chosen = document.querySelector('#voti input:checked');
  if (!chosen) {
    problem(byId('valuta-errore'), new Problem(422, { detail: t('rate.missing') }));
    document.querySelector('#voti input').focus();
    return;
  }
  const body = { conversationId: page.current.id, clientId: newClientId(), score: Number(chosen.value) };
  if (byId('commento').value.trim()) body.comment = byId('commento').value.trim();
  try {
    await busy(byId('valuta'), () => page.sync.command('chat.rate', body));
    model(page.current.id).summary.rating = body.score;
    render();
    announce(t('rate.thanks'));
    byId('nuova').focus();
  } catch (e) {
    problem(byId('valuta-errore'), e);
  }
});

async function downloadTranscript(button) {
  clearError('errore');
  try {
    const text = await busy(button, () => api('GET', '/api/v1/chat/conversations/' + page.current.id + '/transcript'));
    page.transcript = text;
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = el('a', { href: url, download: 'conversazione-sportello.txt', hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    announce(t('transcript.done'));
  } catch (e) {
    problem(byId('errore'), e);
  }
}
byId('trascrizione').addEventListener('click', event => downloadTranscript(event.currentTarget));
byId('trascrizione-2').addEventListener('click', event => downloadTranscript(event.currentTarget));

// ------------------------------------------------------------------ start-up

function relabel() {
  fillTopics();
  fillScores();
  if (page.bridge) byId('collegamento').textContent = page.bridge.socket && page.bridge.socket.readyState === WebSocket.OPEN
    ? t('live.connected') : t('live.reconnecting');
  if (page.current) {
    page.current.log.redraw();
    render();
    drawServices();
  }
}

startHeader({ onLanguage: relabel, beforeSignOut: () => { if (page.bridge) page.bridge.close(); } });
fillScores();
loadAreas(); // while the person signs in
signedIn({ title: 'chat.signin' }).then(enter).catch(e => problem(byId('errore'), e));
