// The welfare manager's chats: presence heartbeats, the queue size, several conversations at once
// (one tab each), offers to accept or pass, messages and private notes, ready-made answers,
// typing and read marks, transfer to a colleague chosen by name (GET /chat/colleagues) or a team
// with a note, closing; beside each chat its citizen (GET /chat/conversations/{id}/citizen: where
// they live, their company, their next bookings) and booking for them in the console's one
// booking panel (console-booking.js), as the phone side books for a caller. Once a conversation
// the manager handled is closed, its topic and outcome (console-outcome.js,
// PUT /chat/conversations/{id}/outcome), the conversation's topic and the booking made during it proposed.
// Ordering and resume across disconnects: chat-sync.js. Protocol: docs/CHAT-PROTOCOL.md.

import { words, t, api, busy, showError, Problem, currentLanguage } from './sportello.js';
import { byId, el, fill, announce } from './dom.js';
import { dateTime } from './time.js';
import { ChatSync, newClientId } from './chat-sync.js';
import { ChatLog } from './chat-view.js';
import { areaCodes, areaLabel } from './areas.js';
import { raise, settle, retext } from './console-alert.js';
import { outcomeForm } from './console-outcome.js';

words({
  it: {
    'chat.available': 'Disponibile per nuove chat', 'chat.tabs': 'Conversazioni',
    'chat.none': 'Nessuna conversazione aperta.',
    'presence.on.none': 'Ricevi nuove chat (nessuna aperta, al massimo {max}).',
    'presence.on.one': 'Ricevi nuove chat (1 aperta su {max}).',
    'presence.on': 'Ricevi nuove chat ({active} aperte su {max}).',
    'presence.off': 'Non ricevi nuove chat; continui a seguire quelle aperte.',
    'presence.queue': 'In coda: {n}.', 'presence.queueNone': 'Nessuno in coda.',
    'tab.status.offered': 'Nuova richiesta', 'tab.status.active': 'In corso', 'tab.status.closed': 'Chiusa',
    'tab.status.queued': 'In coda', 'tab.unread': '{n} da leggere', 'tab.unreadOne': '1 da leggere',
    'conv.heading': '{name} · {topic} · lingua: {language}',
    'offer.text': 'Richiesta di chat da {name} su {topic}. Accetti?',
    'offer.transfer': '{from} ti passa la conversazione con {name} su {topic}. Leggi la nota qui sotto.',
    'offer.accept': 'Accetta', 'offer.pass': 'Passa a un collega',
    'alert.chat': 'Nuova richiesta di chat da {name} ({topic}).',
    'alert.transfer': 'Conversazione passata a te: {name} ({topic}).',
    'compose.label': 'Messaggio per {name}', 'compose.private': 'Nota privata: il cittadino non la vede',
    'compose.send': 'Invia', 'compose.empty': 'Scrivi un messaggio prima di inviarlo.',
    'compose.hint': 'Premi Invio per mandare, Maiusc+Invio per andare a capo.',
    'canned.label': 'Risposta pronta', 'canned.insert': 'Inserisci', 'canned.none': '— scegli —',
    'transfer.title': 'Trasferisci la conversazione', 'transfer.to': 'A chi la passi?',
    'transfer.team': 'A un gruppo (argomento)', 'transfer.colleague': 'A un collega',
    'transfer.topic': 'Argomento', 'transfer.who': 'Collega', 'transfer.who.hint': 'Chi è collegato e ha posto compare per primo.',
    'transfer.choose': '— scegli un collega —', 'transfer.loading': 'Carico i colleghi…', 'transfer.nobody': 'Nessun collega a cui passarla.',
    'colleague.option': '{name} – {presence}, {load}', 'colleague.topics': 'segue {topics}',
    'colleague.online': 'collegato', 'colleague.paused': 'non prende nuove chat', 'colleague.offline': 'non collegato',
    'colleague.load': '{active} chat su {max}',
    'transfer.note': 'Nota per chi la riceve (il cittadino non la vede)', 'transfer.button': 'Trasferisci',
    'transfer.noteMissing': 'Scrivi una nota per il collega.', 'transfer.whoMissing': 'Scegli il collega.',
    'citizen.title': 'Chi scrive', 'citizen.name': 'Nome', 'citizen.municipality': 'Comune di residenza', 'citizen.company': 'Azienda',
    'citizen.noAccount': 'Senza un account di Sportello: per prenotare deve registrarsi.',
    'citizen.bookings': 'Prossime prenotazioni', 'citizen.noBookings': 'Nessuna prenotazione in programma.',
    'citizen.booking': '{service}, {when} – codice {code}',
    'citizen.book': 'Prenota per {name}', 'citizen.afterAccept': 'Accetta la conversazione per prenotare per questa persona.',
    'chat.elsewhere': 'Questa chat non è nella tua console: la segue un consulente.',
    'transfer.done': 'Conversazione trasferita.',
    'close.button': 'Chiudi la conversazione', 'close.done': 'Conversazione chiusa.',
    'dismiss.button': 'Togli dalla lista',
    'gone.passed': 'La richiesta di {name} è passata a un collega.',
    'gone.moved': 'La conversazione con {name} non è più tua.',
    'accepted.done': 'Conversazione con {name} accettata.',
  },
  en: {
    'chat.available': 'Available for new chats', 'chat.tabs': 'Conversations',
    'chat.none': 'No open conversations.',
    'presence.on.none': 'You receive new chats (none open, at most {max}).',
    'presence.on.one': 'You receive new chats (1 open of {max}).',
    'presence.on': 'You receive new chats ({active} open of {max}).',
    'presence.off': 'You receive no new chats; you keep the open ones.',
    'presence.queue': 'Queued: {n}.', 'presence.queueNone': 'Nobody queued.',
    'tab.status.offered': 'New request', 'tab.status.active': 'In progress', 'tab.status.closed': 'Closed',
    'tab.status.queued': 'Queued', 'tab.unread': '{n} unread', 'tab.unreadOne': '1 unread',
    'conv.heading': '{name} · {topic} · language: {language}',
    'offer.text': 'Chat request from {name} about {topic}. Accept?',
    'offer.transfer': '{from} hands you the conversation with {name} about {topic}. Read the note below.',
    'offer.accept': 'Accept', 'offer.pass': 'Pass to a colleague',
    'alert.chat': 'New chat request from {name} ({topic}).',
    'alert.transfer': 'Conversation handed to you: {name} ({topic}).',
    'compose.label': 'Message to {name}', 'compose.private': 'Private note: the citizen does not see it',
    'compose.send': 'Send', 'compose.empty': 'Write a message before sending it.',
    'compose.hint': 'Press Enter to send, Shift+Enter for a new line.',
    'canned.label': 'Ready answer', 'canned.insert': 'Insert', 'canned.none': '— choose —',
    'transfer.title': 'Transfer the conversation', 'transfer.to': 'Who takes it?',
    'transfer.team': 'A team (topic)', 'transfer.colleague': 'A colleague',
    'transfer.topic': 'Topic', 'transfer.who': 'Colleague', 'transfer.who.hint': 'Those online with room come first.',
    'transfer.choose': '— choose a colleague —', 'transfer.loading': 'Loading colleagues…', 'transfer.nobody': 'No colleague to hand it to.',
    'colleague.option': '{name} – {presence}, {load}', 'colleague.topics': 'handles {topics}',
    'colleague.online': 'online', 'colleague.paused': 'taking no new chats', 'colleague.offline': 'offline',
    'colleague.load': '{active} chats of {max}',
    'transfer.note': 'Note for whoever takes it (the citizen does not see it)', 'transfer.button': 'Transfer',
    'transfer.noteMissing': 'Write a note for your colleague.', 'transfer.whoMissing': 'Choose the colleague.',
    'citizen.title': 'Who is writing', 'citizen.name': 'Name', 'citizen.municipality': 'Lives in', 'citizen.company': 'Company',
    'citizen.noAccount': 'No Sportello account: they need to register to book.',
    'citizen.bookings': 'Next bookings', 'citizen.noBookings': 'No bookings ahead.',
    'citizen.booking': '{service}, {when} – code {code}',
    'citizen.book': 'Book for {name}', 'citizen.afterAccept': 'Accept the conversation to book for this person.',
    'chat.elsewhere': 'This chat is not in your console: an adviser handles it.',
    'transfer.done': 'Conversation transferred.',
    'close.button': 'Close the conversation', 'close.done': 'Conversation closed.',
    'dismiss.button': 'Remove from the list',
    'gone.passed': 'The request from {name} went to a colleague.',
    'gone.moved': 'The conversation with {name} is no longer yours.',
    'accepted.done': 'Conversation with {name} accepted.',
  },
});

const AVAILABLE_KEY = 'sportello.console.chatAvailable';
const LANGUAGE_NAMES = { it: 'Italiano', en: 'English', fr: 'Français', es: 'Español', de: 'Deutsch', ro: 'Română',
  uk: 'Українська', ar: 'العربية' };

/** {@code booking} is the console's booking panel (console-booking.js), shared with the phone. */
export async function startChat(bridge, who, booking) {
  const me = who.sub;
  const convs = new Map(); // id -> conversation on screen
  const dismissed = new Set(); // closed conversations the manager took off the list
  let selected = null;
  let canned = [];
  let available = sessionStorage.getItem(AVAILABLE_KEY) === 'true';
  let heartbeatTimer = null;
  let heartbeatSeconds = 10;
  let profile = null;
  let queueSummary = null;
  let colleagues = null;  // GET /chat/colleagues, read again each time a transfer form opens
  let bookingFor = null;  // the conversation whose citizen the booking panel is for

  const sync = new ChatSync(bridge, me, { onEvent, onSignal, onConversation, onGone });

  function fail(e) {
    showError(byId('chat-errore'), e);
  }

  // ---------------------------------------------------------------- presence

  async function heartbeat() {
    clearTimeout(heartbeatTimer);
    try {
      const reply = await bridge.request('chat.presence', { available });
      profile = reply.profile;
      heartbeatSeconds = reply.heartbeatSeconds || 10;
      renderPresence();
    } catch (e) {
      if (!(e instanceof Problem) || e.status !== 0) fail(e);
    }
    heartbeatTimer = setTimeout(heartbeat, heartbeatSeconds * 1000);
  }

  function renderPresence() {
    const button = byId('disponibile');
    button.setAttribute('aria-pressed', String(available));
    // Pressed shows as a filled button, not only to screen readers.
    button.className = 'btn ' + (available ? 'btn-primary' : 'btn-outline-primary');
    const active = profile ? profile.activeChats : 0;
    const max = profile ? profile.maxChats : '';
    const text = !available ? t('presence.off')
      : t(active === 0 ? 'presence.on.none' : active === 1 ? 'presence.on.one' : 'presence.on', { active, max });
    if (byId('stato-chat').textContent !== text) byId('stato-chat').textContent = text;
    byId('coda-chat').textContent = queueSummary === null ? ''
      : (queueSummary.waiting > 0 ? t('presence.queue', { n: queueSummary.waiting }) : t('presence.queueNone'));
  }

  byId('disponibile').addEventListener('click', async () => {
    available = !available;
    sessionStorage.setItem(AVAILABLE_KEY, String(available));
    renderPresence();
    await busyToggle(() => heartbeat());
  });

  async function busyToggle(work) {
    const button = byId('disponibile');
    button.setAttribute('aria-busy', 'true');
    try { await work(); } finally { button.removeAttribute('aria-busy'); }
  }

  // ---------------------------------------------------------------- one conversation on screen

  function ownerName(c) {
    return (c.summary && c.summary.ownerName) || '';
  }

  function topicOf(c) {
    return c.summary && c.summary.topic ? areaLabel(c.summary.topic) : '';
  }

  function create(id) {
    const tab = el('button', {
      type: 'button', role: 'tab', id: 'scheda-' + id, 'aria-controls': 'pannello-' + id, 'aria-selected': 'false',
      tabindex: '-1', class: 'chat-tab', dataset: { conversation: id },
      onclick: () => select(id, true), onkeydown: tabKeys,
    });
    const panel = el('div', { role: 'tabpanel', id: 'pannello-' + id, 'aria-labelledby': 'scheda-' + id, hidden: true,
      class: 'chat-panel', dataset: { conversation: id } });
    const c = { id, summary: null, tab, panel, log: null, marks: { delivered: 0, read: 0 }, sentDelivered: 0, sentRead: 0,
      maxPublic: 0, unreadFrom: 0, unread: 0, typingTimer: null, gone: false, offerFrom: null, transferNote: null };
    buildPanel(c);
    convs.set(id, c);
    byId('schede-chat').append(tab);
    byId('pannelli-chat').append(panel);
    byId('nessuna-chat').hidden = true;
    if (!selected) select(id, false);
    return c;
  }

  function buildPanel(c) {
    const id = c.id;
    const p = suffix => 'c' + id.slice(0, 8) + '-' + suffix;
    c.ids = { heading: p('titolo'), text: p('testo'), note: p('nota'), canned: p('pronte'), hint: p('aiuto'),
      team: p('a-gruppo'), colleague: p('a-collega'), topic: p('argomento'), who: p('collega'), whoHint: p('collega-aiuto'),
      tnote: p('nota-trasf'), error: p('errore'), citizen: p('cittadino') };
    const ids = c.ids;
    const offer = el('div', { class: 'offer-box alert alert-warning', hidden: true },
      el('p', { class: 'offer-text fw-semibold' }),
      el('div', { class: 'd-flex flex-wrap gap-2 align-items-end' },
        el('button', { type: 'button', class: 'btn btn-primary accept', onclick: e => accept(c, e.currentTarget) }, t('offer.accept')),
        el('button', { type: 'button', class: 'btn btn-outline-primary pass', onclick: e => pass(c, e.currentTarget) }, t('offer.pass'))));
    const list = el('ol', { class: 'chat-list' });
    const logBox = el('div', { class: 'chat-log', role: 'log', tabindex: '0', 'aria-labelledby': ids.heading }, list);
    const typing = el('p', { class: 'typing', 'aria-live': 'polite' });
    const error = el('p', { role: 'alert', id: ids.error, class: 'field-error', hidden: true });
    const text = el('textarea', { id: ids.text, name: 'text', class: 'form-control', rows: '3', maxlength: '4000', 'aria-describedby': ids.hint });
    const privateBox = el('input', { type: 'checkbox', id: ids.note, name: 'private' });
    const cannedSelect = el('select', { id: ids.canned, name: 'canned', class: 'form-select' });
    const compose = el('form', { class: 'compose', novalidate: true },
      el('div', { class: 'mb-2' },
        el('label', { for: ids.text, class: 'form-label compose-label' }),
        text,
        el('small', { class: 'form-text', id: ids.hint }, t('compose.hint'))),
      el('div', { class: 'form-check' }, privateBox, el('label', { for: ids.note, class: 'private-label' }, t('compose.private'))),
      el('div', { class: 'd-flex flex-wrap gap-2 align-items-end' },
        el('button', { type: 'submit', class: 'btn btn-primary send' }, t('compose.send')),
        el('div', {},
          el('label', { for: ids.canned, class: 'form-label canned-label' }, t('canned.label')), cannedSelect),
        el('button', { type: 'button', class: 'btn btn-outline-primary insert', onclick: () => insertCanned(c) }, t('canned.insert'))));
    compose.addEventListener('submit', event => { event.preventDefault(); send(c); });
    text.addEventListener('keydown', event => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        compose.requestSubmit();
      }
    });
    text.addEventListener('input', () => typingSignal(c));

    const topicSelect = el('select', { id: ids.topic, name: 'toTopic', class: 'form-select' });
    const whoSelect = el('select', { id: ids.who, name: 'toManager', class: 'form-select', 'aria-describedby': ids.whoHint });
    const topicField = el('div', { class: 'mb-3 topic-field' },
      el('label', { for: ids.topic, class: 'form-label topic-label' }, t('transfer.topic')), topicSelect);
    const whoField = el('div', { class: 'mb-3 who-field', hidden: true },
      el('label', { for: ids.who, class: 'form-label who-label' }, t('transfer.who')), whoSelect,
      el('small', { class: 'form-text who-hint', id: ids.whoHint }, t('transfer.who.hint')));
    const transferForm = el('form', { class: 'transfer-form', novalidate: true },
      el('fieldset', { class: 'mb-3' },
        el('legend', { class: 'h6 transfer-to' }, t('transfer.to')),
        el('div', { class: 'form-check' }, el('input', { type: 'radio', name: 'target', value: 'team', id: ids.team, checked: true }),
          el('label', { for: ids.team, class: 'team-label' }, t('transfer.team'))),
        el('div', { class: 'form-check' }, el('input', { type: 'radio', name: 'target', value: 'colleague', id: ids.colleague }),
          el('label', { for: ids.colleague, class: 'colleague-label' }, t('transfer.colleague')))),
      topicField, whoField,
      el('div', { class: 'mb-3' },
        el('label', { for: ids.tnote, class: 'form-label tnote-label' }, t('transfer.note')),
        el('textarea', { id: ids.tnote, name: 'note', class: 'form-control', rows: '2', maxlength: '2000' })),
      el('p', {}, el('button', { type: 'submit', class: 'btn btn-primary transfer-button' }, t('transfer.button'))));
    const transfer = el('details', { class: 'transfer' }, el('summary', { class: 'transfer-title' }, t('transfer.title')), transferForm);
    transferForm.addEventListener('submit', event => { event.preventDefault(); transferTo(c, event.target); });
    transferForm.addEventListener('change', event => {
      if (event.target.name !== 'target') return;
      const toColleague = transferForm.target.value === 'colleague';
      topicField.hidden = toColleague;
      whoField.hidden = !toColleague;
      if (toColleague) loadColleagues(c);
    });
    transfer.addEventListener('toggle', () => { if (transfer.open) loadColleagues(c); });

    const actions = el('div', { class: 'd-flex flex-wrap gap-2 align-items-end conv-actions' },
      el('button', { type: 'button', class: 'btn btn-outline-primary close', onclick: e => close(c, e.currentTarget) }, t('close.button')),
      el('button', { type: 'button', class: 'btn btn-outline-primary dismiss', hidden: true, onclick: () => dismiss(c) }, t('dismiss.button')));
    const outcomeBox = el('div', { class: 'conv-outcome' });
    const citizen = el('aside', { class: 'citizen-card', 'aria-labelledby': ids.citizen },
      el('h4', { id: ids.citizen, class: 'h5 citizen-title mt-0' }, t('citizen.title')),
      el('div', { class: 'citizen-body' }));
    c.panel.replaceChildren(el('h3', { id: ids.heading, class: 'h4 conv-heading' }), offer,
      el('div', { class: 'row g-3' },
        el('div', { class: 'col-lg-8' }, logBox, typing, error, compose, transfer, actions, outcomeBox),
        el('div', { class: 'col-lg-4' }, citizen)));
    c.parts = { offer, list, typing, error, text, privateBox, cannedSelect, compose, transfer, topicSelect, whoSelect, actions, citizen,
      outcomeBox };
    c.log = new ChatLog(list, {
      staff: true,
      mine: e => e.author === me,
      receiptSeq: e => (e.publicSeq === undefined ? null : e.publicSeq),
    });
    fillSelects(c);
  }

  // ---------------------------------------------------------------- colleagues to transfer to

  let colleaguesLoading = null;

  /** Reads the colleagues again (one request at a time, shared by whoever asks meanwhile) and fills the choice. */
  async function loadColleagues(c) {
    const select = c.parts.whoSelect;
    if (!colleagues) select.replaceChildren(el('option', { value: '' }, t('transfer.loading')));
    colleaguesLoading = colleaguesLoading || api('GET', '/api/v1/chat/colleagues')
      .then(answer => { colleagues = answer.items || []; })
      .finally(() => { colleaguesLoading = null; });
    try {
      await colleaguesLoading;
    } catch (e) {
      showError(c.parts.error, e);
      colleagues = colleagues || [];
    }
    fillColleagues(c);
  }

  /** Colleagues by name: those online with room first, then the others, each saying where they stand. */
  function fillColleagues(c) {
    const select = c.parts.whoSelect;
    const chosen = select.value;
    const others = (colleagues || []).filter(m => !m.you && m.subject !== me);
    const rank = m => (m.canTake ? 0 : m.presence === 'online' ? 1 : m.presence === 'paused' ? 2 : 3);
    others.sort((a, b) => rank(a) - rank(b) || String(a.name).localeCompare(String(b.name), 'it'));
    // Filled again only when something changed: the choice being made stays as it is.
    const drawn = currentLanguage() + JSON.stringify(others);
    if (c.colleaguesDrawn === drawn) return;
    c.colleaguesDrawn = drawn;
    select.replaceChildren(el('option', { value: '' }, others.length ? t('transfer.choose') : t('transfer.nobody')),
      ...others.map(m => el('option', { value: m.subject }, t('colleague.option', {
        name: m.name, presence: t('colleague.' + (m.presence || 'offline')),
        load: t('colleague.load', { active: m.activeChats ?? 0, max: m.maxChats ?? '' }),
      }) + ((m.topics || []).length ? ' – ' + t('colleague.topics', { topics: m.topics.map(tp => areaLabel(tp.code)).join(', ') }) : ''))));
    if (chosen && others.some(m => m.subject === chosen)) select.value = chosen;
  }

  // ---------------------------------------------------------------- the citizen beside the chat

  async function loadCitizen(c) {
    if (c.gone || !['offered', 'active'].includes(status(c))) return;
    try {
      c.citizen = await api('GET', '/api/v1/chat/conversations/' + c.id + '/citizen');
    } catch (e) {
      c.citizen = null;
    }
    renderCitizen(c);
  }

  function renderCitizen(c) {
    const body = c.parts.citizen.querySelector('.citizen-body');
    const ctx = c.citizen;
    c.parts.citizen.hidden = !ctx;
    // Drawn again only when something changed: a focused "Prenota per" stays focused while messages come and go.
    const drawn = currentLanguage() + JSON.stringify(ctx || null);
    if (c.citizenDrawn === drawn) return;
    c.citizenDrawn = drawn;
    if (!ctx) {
      body.replaceChildren();
      return;
    }
    const p = ctx.person;
    if (!p) {
      fill(body, el('p', { class: 'mb-0' }, ctx.ownerName || ownerName(c)), el('p', {}, t('citizen.noAccount')));
      return;
    }
    const facts = el('dl', { class: 'facts' },
      el('dt', {}, t('citizen.name')), el('dd', { class: 'cittadino-nome' }, p.name));
    if (p.municipality) {
      facts.append(el('dt', {}, t('citizen.municipality')), el('dd', { class: 'cittadino-comune' }, p.municipalityName || p.municipality));
    }
    if (p.company) facts.append(el('dt', {}, t('citizen.company')), el('dd', { class: 'cittadino-azienda' }, p.company.name));
    const bookings = ctx.upcomingBookings || [];
    fill(body, facts,
      el('h5', { class: 'h6' }, t('citizen.bookings')),
      bookings.length === 0 ? el('p', { class: 'citizen-bookings' }, t('citizen.noBookings'))
        : el('ul', { class: 'citizen-bookings' }, bookings.map(b => el('li', { dataset: { booking: b.id } },
          t('citizen.booking', { service: b.serviceTitle, when: dateTime(b.start, b.end), code: b.code })))),
      ctx.bookable
        ? el('button', { type: 'button', class: 'btn btn-primary prenota-per', onclick: () => bookFor(c) }, t('citizen.book', { name: p.name }))
        : el('p', { class: 'small' }, t('citizen.afterAccept')));
  }

  /** The console's booking panel, for this chat's citizen; their bookings beside the chat follow. */
  function bookFor(c) {
    const p = c.citizen && c.citizen.person;
    if (!p) return;
    bookingFor = c.id;
    booking.forPerson({ source: 'chat', person: p, onBooked: () => loadCitizen(c) });
    booking.focus();
  }

  /** The booking panel closes when its chat's citizen is no longer this manager's to book for. */
  function releaseBooking(c) {
    if (bookingFor === c.id) {
      bookingFor = null;
      booking.release('chat');
    }
  }

  function fillSelects(c) {
    const topic = c.summary ? c.summary.topic : null;
    const chosen = c.parts.cannedSelect.value;
    c.parts.cannedSelect.replaceChildren(el('option', { value: '' }, t('canned.none')),
      ...canned.filter(r => !r.area || r.area === topic).map(r => el('option', { value: r.shortcut }, r.title)));
    c.parts.cannedSelect.value = chosen;
    const chosenTopic = c.parts.topicSelect.value;
    c.parts.topicSelect.replaceChildren(...areaCodes().map(tp => el('option', { value: tp }, areaLabel(tp))));
    if (chosenTopic) c.parts.topicSelect.value = chosenTopic;
  }

  function labels(c) {
    const ids = c.ids;
    const panel = c.panel;
    panel.querySelector('.compose-label').textContent = t('compose.label', { name: ownerName(c) });
    panel.querySelector('.private-label').textContent = t('compose.private');
    panel.querySelector('.send').textContent = t('compose.send');
    panel.querySelector('#' + ids.hint).textContent = t('compose.hint');
    panel.querySelector('.canned-label').textContent = t('canned.label');
    panel.querySelector('.insert').textContent = t('canned.insert');
    panel.querySelector('.transfer-title').textContent = t('transfer.title');
    panel.querySelector('.transfer-to').textContent = t('transfer.to');
    panel.querySelector('.team-label').textContent = t('transfer.team');
    panel.querySelector('.colleague-label').textContent = t('transfer.colleague');
    panel.querySelector('.topic-label').textContent = t('transfer.topic');
    panel.querySelector('.who-label').textContent = t('transfer.who');
    panel.querySelector('.who-hint').textContent = t('transfer.who.hint');
    panel.querySelector('.citizen-title').textContent = t('citizen.title');
    panel.querySelector('.tnote-label').textContent = t('transfer.note');
    panel.querySelector('.transfer-button').textContent = t('transfer.button');
    panel.querySelector('.close').textContent = t('close.button');
    panel.querySelector('.dismiss').textContent = t('dismiss.button');
    panel.querySelector('.accept').textContent = t('offer.accept');
    panel.querySelector('.pass').textContent = t('offer.pass');
  }

  function status(c) {
    return c.summary ? c.summary.status : 'queued';
  }

  function offeredToMe(c) {
    return status(c) === 'offered' && c.summary.manager === me;
  }

  function render(c) {
    const s = c.summary || {};
    const st = status(c);
    const name = ownerName(c);
    c.panel.querySelector('.conv-heading').textContent = t('conv.heading', {
      name, topic: topicOf(c), language: LANGUAGE_NAMES[s.language] || s.language || '',
    });
    // The tab: who, what about, where it stands, and what is unread.
    const unread = c.unread > 0 && selected !== c.id
      ? el('span', { class: 'tab-unread' }, c.unread === 1 ? t('tab.unreadOne') : t('tab.unread', { n: c.unread })) : null;
    c.tab.replaceChildren(...[el('span', { class: 'tab-name' }, name), el('span', { class: 'tab-topic' }, topicOf(c)),
      el('span', { class: 'tab-status status-' + st }, t('tab.status.' + st)), unread].filter(Boolean));
    const offering = offeredToMe(c);
    c.parts.offer.hidden = !offering;
    if (offering) {
      c.parts.offer.querySelector('.offer-text').textContent = c.offerFrom
        ? t('offer.transfer', { from: c.offerFrom, name, topic: topicOf(c) })
        : t('offer.text', { name, topic: topicOf(c) });
      raise('chat-' + c.id, alertText(c), c.parts.offer);
    } else {
      settle('chat-' + c.id);
    }
    const writable = st === 'active' && !c.gone;
    if (writable && s.manager === me) c.handled = true;
    renderOutcome(c, st);
    c.parts.compose.hidden = !writable;
    c.parts.transfer.hidden = !writable;
    c.parts.actions.querySelector('.close').hidden = !writable;
    c.parts.actions.querySelector('.dismiss').hidden = writable || offering;
    if (!writable && !offering) {
      c.citizen = null;
      releaseBooking(c);
    }
    renderCitizen(c);
  }

  /** A conversation this manager handled, once closed: the form for its topic and outcome (made once). */
  function renderOutcome(c, st) {
    if (st !== 'closed' || !c.handled || c.outcome) return;
    c.outcome = outcomeForm('c' + c.id.slice(0, 8), '/api/v1/chat/conversations/' + c.id + '/outcome');
    c.parts.outcomeBox.replaceChildren(c.outcome.element);
    c.outcome.load();
  }

  function alertText(c) {
    return c.offerFrom ? t('alert.transfer', { name: ownerName(c), topic: topicOf(c) })
      : t('alert.chat', { name: ownerName(c), topic: topicOf(c) });
  }

  function select(id, focus) {
    selected = id;
    for (const c of convs.values()) {
      const on = c.id === id;
      c.tab.setAttribute('aria-selected', String(on));
      c.tab.tabIndex = on ? 0 : -1;
      c.panel.hidden = !on;
      if (on) {
        c.log.scroll();
        c.unread = 0;
        sendReceipts(c);
      }
      render(c);
    }
    if (focus) convs.get(id).tab.focus();
  }

  function tabKeys(event) {
    const tabs = [...byId('schede-chat').querySelectorAll('[role="tab"]')];
    const at = tabs.indexOf(event.currentTarget);
    let next = null;
    if (event.key === 'ArrowDown' || event.key === 'ArrowRight') next = tabs[(at + 1) % tabs.length];
    else if (event.key === 'ArrowUp' || event.key === 'ArrowLeft') next = tabs[(at - 1 + tabs.length) % tabs.length];
    else if (event.key === 'Home') next = tabs[0];
    else if (event.key === 'End') next = tabs[tabs.length - 1];
    if (next) {
      event.preventDefault();
      select(next.dataset.conversation, true);
    }
  }

  function remove(c) {
    settle('chat-' + c.id);
    releaseBooking(c);
    c.tab.remove();
    c.panel.remove();
    convs.delete(c.id);
    if (selected === c.id) {
      selected = null;
      const first = convs.keys().next();
      if (!first.done) select(first.value, false);
    }
    byId('nessuna-chat').hidden = convs.size > 0;
  }

  // ---------------------------------------------------------------- what arrives

  function onConversation(summary, receipts) {
    if (dismissed.has(summary.id)) return;
    let c = convs.get(summary.id);
    if (!c) {
      if (summary.you !== 'manager') return;
      c = create(summary.id);
    }
    const firstTime = !c.summary;
    c.summary = { ...(c.summary || {}), ...summary };
    c.gone = false;
    if (receipts && receipts.citizen) {
      c.marks = receipts.citizen;
      c.log.setMarks(c.marks);
    }
    if (firstTime) {
      fillSelects(c);
      labels(c);
    }
    render(c);
    if (firstTime || !c.citizen) loadCitizen(c);
  }

  function onEvent(id, e) {
    if (dismissed.has(id)) return;
    let c = convs.get(id);
    if (!c) {
      // Events that only say it is no longer ours do not open a tab.
      if (['passed', 'returned', 'transferred', 'closed', 'rated'].includes(e.kind) && e.body.toManager !== me) return;
      c = create(id);
    }
    c.log.add(e);
    if (e.publicSeq !== undefined && e.publicSeq !== null) c.maxPublic = Math.max(c.maxPublic, e.publicSeq);
    const s = c.summary || (c.summary = { id, status: 'queued' });
    const name = ownerName(c);
    switch (e.kind) {
      case 'offered':
        s.status = 'offered';
        s.manager = e.body.manager;
        c.offerFrom = null;
        break;
      case 'accepted':
        s.status = 'active';
        s.manager = e.author;
        if (e.author === me) setTimeout(() => loadCitizen(c), 0);
        break;
      case 'passed':
        if (e.author === me || e.body.manager === me) {
          c.gone = true;
          s.status = 'queued';
          s.manager = null;
        }
        break;
      case 'transferred':
        if (e.body.toManager === me) {
          s.status = 'offered';
          s.manager = me;
          c.offerFrom = e.authorName;
        } else {
          c.gone = true;
          s.status = e.body.toManager ? 'offered' : 'queued';
          s.manager = e.body.toManager || null;
        }
        break;
      case 'returned':
        c.gone = true;
        s.status = 'queued';
        s.manager = null;
        break;
      case 'closed':
        s.status = 'closed';
        break;
      case 'message':
        if (e.authorRole === 'citizen') {
          hideTyping(c);
          if (selected !== c.id || !reading()) c.unread++;
        }
        break;
      default:
        break;
    }
    render(c);
    sendReceipts(c);
    if (c.gone && (e.kind === 'passed' || e.kind === 'returned' || e.kind === 'transferred')) {
      // Not ours any more: it leaves the list (the manager who moved it already knows).
      if (e.author !== me) announce(e.kind === 'passed' ? t('gone.passed', { name }) : t('gone.moved', { name }));
      remove(c);
    }
  }

  function onGone(id) {
    const c = convs.get(id);
    if (c) remove(c);
  }

  function onSignal(signal) {
    if (signal.kind === 'queue-summary') return;
    const c = convs.get(signal.conversationId);
    if (!c) return;
    if (signal.kind === 'receipt' && signal.byRole === 'citizen') {
      c.marks = { delivered: Math.max(c.marks.delivered, signal.delivered || 0), read: Math.max(c.marks.read, signal.read || 0) };
      c.log.setMarks(c.marks);
    } else if (signal.kind === 'typing' && signal.authorRole === 'citizen') {
      c.parts.typing.textContent = t('typing', { name: signal.authorName });
      clearTimeout(c.typingTimer);
      c.typingTimer = setTimeout(() => hideTyping(c), 5000);
    }
  }

  function hideTyping(c) {
    clearTimeout(c.typingTimer);
    c.parts.typing.textContent = '';
  }

  function reading() {
    return document.visibilityState === 'visible' && document.hasFocus();
  }

  function sendReceipts(c) {
    if (c.gone || !c.summary || c.summary.manager !== me || status(c) === 'closed') return;
    const delivered = c.maxPublic;
    const read = selected === c.id && reading() ? c.maxPublic : c.sentRead;
    if (delivered > c.sentDelivered || read > c.sentRead) {
      c.sentDelivered = delivered;
      c.sentRead = read;
      sync.signal('chat.receipt', { conversationId: c.id, delivered, read });
    }
  }

  function readSelected() {
    const c = selected && convs.get(selected);
    if (c) sendReceipts(c);
  }
  window.addEventListener('focus', readSelected);
  document.addEventListener('visibilitychange', readSelected);

  // ---------------------------------------------------------------- what the manager does

  function clearError(c) {
    c.parts.error.hidden = true;
    c.parts.error.textContent = '';
  }

  async function accept(c, button) {
    clearError(c);
    try {
      await busy(button, () => sync.command('chat.accept', { conversationId: c.id, clientId: newClientId() }));
      c.summary.status = 'active';
      c.offerFrom = null;
      render(c);
      loadCitizen(c);
      announce(t('accepted.done', { name: ownerName(c) }));
      select(c.id, false);
      c.parts.text.focus();
    } catch (e) {
      showError(c.parts.error, e);
    }
  }

  async function pass(c, button) {
    clearError(c);
    try {
      await busy(button, () => sync.command('chat.pass', { conversationId: c.id, clientId: newClientId() }));
      if (convs.has(c.id)) remove(c);
      focusAfterRemoval();
    } catch (e) {
      showError(c.parts.error, e);
    }
  }

  function focusAfterRemoval() {
    const c = selected && convs.get(selected);
    if (c) c.tab.focus();
    else byId('chat-titolo').parentElement.focus();
  }

  async function send(c) {
    clearError(c);
    const text = c.parts.text.value.trim();
    if (!text) {
      showError(c.parts.error, new Problem(422, { detail: t('compose.empty') }));
      c.parts.text.focus();
      return;
    }
    const isNote = c.parts.privateBox.checked;
    const clientId = newClientId();
    const body = { conversationId: c.id, clientId, text };
    if (isNote) body.private = true;
    c.parts.text.value = '';
    c.parts.privateBox.checked = false;
    c.log.sending(clientId, text, isNote);
    try {
      await sync.command('chat.send', body);
    } catch (e) {
      c.log.failed(clientId);
      showError(c.parts.error, e);
    }
  }

  // "Typing" at most every 3 seconds per conversation: a keystroke inside the 3 seconds sends one when they end.
  function typingSignal(c) {
    if (c.parts.privateBox.checked || !c.parts.text.value.trim() || status(c) !== 'active') return;
    const wait = (c.lastTyping || 0) + 3000 - Date.now();
    if (wait <= 0) {
      c.lastTyping = Date.now();
      sync.signal('chat.typing', { conversationId: c.id });
    } else if (!c.typingLater) {
      c.typingLater = setTimeout(() => { c.typingLater = null; typingSignal(c); }, wait);
    }
  }

  function insertCanned(c) {
    const chosen = canned.find(r => r.shortcut === c.parts.cannedSelect.value);
    if (!chosen) {
      c.parts.cannedSelect.focus();
      return;
    }
    const area = c.parts.text;
    area.value = area.value.trim() ? area.value.trimEnd() + ' ' + chosen.text : chosen.text;
    area.focus();
    area.setSelectionRange(area.value.length, area.value.length);
  }

  async function transferTo(c, form) {
    clearError(c);
    const note = form.note.value.trim();
    const toColleague = form.target.value === 'colleague';
    const body = { conversationId: c.id, clientId: newClientId(), note };
    if (toColleague) body.toManager = form.toManager.value;
    else body.toTopic = form.toTopic.value;
    if (toColleague && !body.toManager) {
      showError(c.parts.error, new Problem(422, { detail: t('transfer.whoMissing') }));
      form.toManager.focus();
      return;
    }
    if (!note) {
      showError(c.parts.error, new Problem(422, { detail: t('transfer.noteMissing') }));
      form.note.focus();
      return;
    }
    try {
      await busy(form.querySelector('.transfer-button'), () => sync.command('chat.transfer', body));
      announce(t('transfer.done'));
      if (convs.has(c.id)) remove(c);
      focusAfterRemoval();
    } catch (e) {
      showError(c.parts.error, e);
    }
  }

  async function close(c, button) {
    clearError(c);
    try {
      await busy(button, () => sync.command('chat.close', { conversationId: c.id, clientId: newClientId() }));
      c.summary.status = 'closed';
      render(c);
      announce(t('close.done'));
      // Next, the outcome (a choice that can be skipped: the list's button comes after it).
      const first = c.parts.outcomeBox.querySelector('input[name="outcome"]');
      (first || c.parts.actions.querySelector('.dismiss')).focus();
    } catch (e) {
      showError(c.parts.error, e);
    }
  }

  function dismiss(c) {
    dismissed.add(c.id);
    remove(c);
    focusAfterRemoval();
  }

  // ---------------------------------------------------------------- links to a conversation

  /** "#conversazione-<id>" (the caller card's link to an open chat) selects that chat when it is on this console. */
  function followLink() {
    const match = /^#conversazione-([0-9a-f-]{36})$/.exec(location.hash);
    if (!match) return;
    if (convs.has(match[1])) select(match[1], true);
    else announce(t('chat.elsewhere'));
  }
  window.addEventListener('hashchange', followLink);

  // ---------------------------------------------------------------- start-up

  bridge.subscribe('chat.queue', summary => {
    if (summary && summary.kind === 'queue-summary') {
      queueSummary = summary;
      renderPresence();
    }
  });
  bridge.onReconnect(heartbeat);
  try {
    canned = (await api('GET', '/api/v1/chat/canned-responses')).items || [];
  } catch (e) {
    canned = [];
  }
  renderPresence();
  await heartbeat();
  await sync.start();
  for (const c of convs.values()) {
    fillSelects(c);
    labels(c);
    render(c);
  }
  byId('nessuna-chat').hidden = convs.size > 0;
  followLink();

  return {
    sync,
    relabel() {
      renderPresence();
      for (const c of convs.values()) {
        fillSelects(c);
        labels(c);
        c.log.redraw();
        render(c);
        fillColleagues(c);
        if (c.outcome) c.outcome.relabel();
        retext('chat-' + c.id, alertText(c));
      }
    },
    async leave() {
      clearTimeout(heartbeatTimer);
      await bridge.request('chat.presence', { available: false }).catch(() => null);
    },
  };
}
