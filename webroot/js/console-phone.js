// The operator's phone: presence (in service, pause with a reason, back, out of service), the live
// figures of their queues (calls.wall), the ringing call on top with a large Answer and the caller
// card (who is calling, where they live, their company, their next bookings, their open chat as a
// link), the notes kept with the call (POST /calls/{id}/notes), the call's topic and outcome once
// answered (console-outcome.js, PUT /calls/{id}/outcome; read again at wrap-up, so the booking made
// during the call is proposed), then "Ho finito" to end the wrap-up.
// Booking for the caller is the console's one booking panel (console-booking.js).
// Commands and feeds are in src/main/java/coop/sportello/calls/CallAddresses.java.

import { words, t, api, busy, showError, currentLanguage } from './sportello.js';
import { byId, el, announce } from './dom.js';
import { clock, dateTime } from './time.js';
import { raise, settle, retext } from './console-alert.js';
import { areaLabel } from './areas.js';
import { outcomeForm } from './console-outcome.js';

words({
  it: {
    'presence.title': 'Il tuo stato', 'presence.login': 'Entra in servizio', 'presence.resume': 'Riprendi',
    'presence.logout': 'Esci dal servizio',
    'pause.reason': 'Motivo della pausa', 'pause.button': 'Metti in pausa',
    'pause.short': 'Pausa breve', 'pause.lunch': 'Pranzo', 'pause.training': 'Formazione', 'pause.meeting': 'Riunione',
    'pause.backoffice': 'Lavoro d’ufficio',
    'state.offline': 'Fuori servizio: non ricevi chiamate.',
    'state.available': 'In servizio: sei libero per la prossima chiamata.',
    'state.reserved': 'Una chiamata sta squillando per te.',
    'state.on_call': 'Sei in chiamata.',
    'state.wrap_up': 'Chiamata finita: completa le note, poi premi «Ho finito».',
    'state.paused': 'In pausa ({reason}): non ricevi chiamate.',
    'state.unknown': 'Nessun profilo da operatore: chiedi a un responsabile di aggiungerti a una coda.',
    'state.wrapUntil': 'Torni libero da solo alle {time}.',
    'queues.title': 'Le tue code', 'queues.caption': 'Le tue code adesso',
    'queues.name': 'Coda', 'queues.waiting': 'In attesa', 'queues.longest': 'Attesa più lunga',
    'queues.available': 'Colleghi liberi', 'queues.sl': 'Risposte entro l’obiettivo', 'queues.answered': 'Risposte oggi',
    'queues.none': 'Non fai parte di nessuna coda: chiedi a un responsabile.',
    'queues.of': '{a} su {b}', 'queues.noData': 'nessun dato', 'queues.target': '{percent}% entro {seconds} s',
    'duration.s': '{s} s', 'duration.ms': '{m} min {s} s',
    'call.incoming': 'Chiamata in arrivo', 'call.current': 'Chiamata in corso', 'call.ended': 'Ultima chiamata',
    'call.answer': 'Rispondi', 'call.wrapped': 'Ho finito',
    'call.alert': 'Chiamata in arrivo da {who}. Premi «Rispondi».',
    'call.withdrawn': 'La chiamata non è più in attesa per te.',
    'call.answered': 'Sei in linea con {who}.',
    'call.status.ringing': 'Sta squillando.', 'call.status.on_call': 'In linea.', 'call.status.ended': 'La chiamata è finita.',
    'pop.number': 'Numero', 'pop.person': 'Chi chiama', 'pop.unknown': 'Numero non associato a nessuna persona registrata.',
    'pop.many': 'Più persone hanno questo numero: chiedi il nome.', 'pop.hidden': 'Numero nascosto',
    'pop.municipality': 'Comune di residenza', 'pop.company': 'Azienda', 'pop.employee': 'Dipendente di un’azienda aderente',
    'pop.bookings': 'Prossime prenotazioni', 'pop.noBookings': 'Nessuna prenotazione in programma.',
    'pop.chats': 'Chat aperta', 'pop.noChats': 'Nessuna chat aperta.',
    'pop.booking': '{service}, {when} – codice {code} ({status})',
    'pop.chat': 'Chat su {topic} ({status})', 'pop.chatElsewhere': 'la segue un consulente della chat.',
    'notes.label': 'Note sulla chiamata', 'notes.save': 'Salva le note',
    'notes.hint': 'Restano con la chiamata: le leggono i responsabili. Niente dati sulla salute se non servono.',
    'notes.saved': 'Note salvate alle {time}.', 'notes.empty': 'Scrivi qualcosa prima di salvare.',
    'status.held': 'in attesa di conferma', 'status.confirmed': 'confermata',
    'chatstatus.queued': 'in coda', 'chatstatus.offered': 'in assegnazione', 'chatstatus.active': 'in corso',
    'wrapped.done': 'Sei di nuovo libero per le chiamate.',
  },
  en: {
    'presence.title': 'Your status', 'presence.login': 'Go on duty', 'presence.resume': 'Resume',
    'presence.logout': 'Go off duty',
    'pause.reason': 'Reason for the pause', 'pause.button': 'Pause',
    'pause.short': 'Short break', 'pause.lunch': 'Lunch', 'pause.training': 'Training', 'pause.meeting': 'Meeting',
    'pause.backoffice': 'Office work',
    'state.offline': 'Off duty: you receive no calls.',
    'state.available': 'On duty: you are free for the next call.',
    'state.reserved': 'A call is ringing for you.',
    'state.on_call': 'You are on a call.',
    'state.wrap_up': 'Call ended: finish your notes, then press “I’m done”.',
    'state.paused': 'Paused ({reason}): you receive no calls.',
    'state.unknown': 'No operator profile: ask a team leader to add you to a queue.',
    'state.wrapUntil': 'You become free by yourself at {time}.',
    'queues.title': 'Your queues', 'queues.caption': 'Your queues now',
    'queues.name': 'Queue', 'queues.waiting': 'Waiting', 'queues.longest': 'Longest wait',
    'queues.available': 'Colleagues free', 'queues.sl': 'Answered within target', 'queues.answered': 'Answered today',
    'queues.none': 'You are in no queue: ask a team leader.',
    'queues.of': '{a} of {b}', 'queues.noData': 'no data', 'queues.target': '{percent}% within {seconds} s',
    'duration.s': '{s} s', 'duration.ms': '{m} min {s} s',
    'call.incoming': 'Incoming call', 'call.current': 'Current call', 'call.ended': 'Last call',
    'call.answer': 'Answer', 'call.wrapped': 'I’m done',
    'call.alert': 'Incoming call from {who}. Press “Answer”.',
    'call.withdrawn': 'The call is no longer waiting for you.',
    'call.answered': 'You are on the line with {who}.',
    'call.status.ringing': 'Ringing.', 'call.status.on_call': 'On the line.', 'call.status.ended': 'The call has ended.',
    'pop.number': 'Number', 'pop.person': 'Caller', 'pop.unknown': 'This number belongs to no registered person.',
    'pop.many': 'Several people have this number: ask for their name.', 'pop.hidden': 'Hidden number',
    'pop.municipality': 'Lives in', 'pop.company': 'Company', 'pop.employee': 'Employee of a member company',
    'pop.bookings': 'Next bookings', 'pop.noBookings': 'No bookings ahead.',
    'pop.chats': 'Open chat', 'pop.noChats': 'No open chat.',
    'pop.booking': '{service}, {when} – code {code} ({status})',
    'pop.chat': 'Chat about {topic} ({status})', 'pop.chatElsewhere': 'a chat adviser handles it.',
    'notes.label': 'Notes on the call', 'notes.save': 'Save the notes',
    'notes.hint': 'They stay with the call: team leaders read them. No health details unless needed.',
    'notes.saved': 'Notes saved at {time}.', 'notes.empty': 'Write something before saving.',
    'status.held': 'waiting for confirmation', 'status.confirmed': 'confirmed',
    'chatstatus.queued': 'queued', 'chatstatus.offered': 'being assigned', 'chatstatus.active': 'in progress',
    'wrapped.done': 'You are free for calls again.',
  },
});

const PAUSE_REASONS = ['pause.short', 'pause.lunch', 'pause.training', 'pause.meeting', 'pause.backoffice'];

/** {@code booking} is the console's booking panel (console-booking.js), shared with the chat. */
export async function startPhone(bridge, who, booking) {
  const state = {
    operator: null,     // the operator's view: {state, pauseReason, wrapUntil, currentCall, queues}
    memberOf: [],
    wall: null,
    call: null,         // the call on screen: {callId, from, status}
    caller: null,       // the screen pop of that call: {number, numberDisplay, person?, bookings[], chats[], matches?}
    notesSaved: '',     // the notes as last saved for the call on screen
    ringing: false,
    talked: false,      // the call on screen was answered: its outcome may be recorded
    outcome: null,      // its outcome form: {callId, phase, element, load, relabel}
    unknown: false,
  };

  function fail(e) {
    showError(byId('telefono-errore'), e);
  }

  function clearFail() {
    byId('telefono-errore').hidden = true;
  }

  // ---------------------------------------------------------------- presence

  function fillReasons() {
    const select = byId('motivo-pausa');
    const chosen = select.selectedIndex;
    // The reason is stored in Italian (supervisors read it); the label follows the screen's language.
    select.replaceChildren(...PAUSE_REASONS.map(key => el('option', { value: key }, t(key))));
    if (chosen >= 0) select.selectedIndex = chosen;
  }

  function renderPresence() {
    const o = state.operator;
    const s = o ? o.state : null;
    let text;
    if (state.unknown) text = t('state.unknown');
    else if (!o) text = '';
    else if (s === 'paused') text = t('state.paused', { reason: o.pauseReason || '' });
    else text = t('state.' + s);
    if (s === 'wrap_up' && o.wrapUntil) {
      text += ' ' + t('state.wrapUntil', { time: clock(o.wrapUntil, { seconds: true }) });
    }
    if (byId('stato-operatore').textContent !== text) byId('stato-operatore').textContent = text;
    byId('stato-operatore').dataset.state = s || '';
    byId('entra').hidden = state.unknown || s !== 'offline';
    byId('riprendi').hidden = s !== 'paused';
    byId('modulo-pausa').hidden = s !== 'available';
    byId('esci-servizio').hidden = !(s === 'available' || s === 'paused');
    byId('ho-finito').hidden = s !== 'wrap_up';
    byId('modulo-note').hidden = !state.call || !(s === 'on_call' || s === 'wrap_up');
  }

  async function operatorCommand(button, address, body) {
    clearFail();
    try {
      const reply = await busy(button, () => bridge.request(address, body || {}));
      state.operator = reply.operator || reply;
      renderPresence();
      renderWall();
      return reply;
    } catch (e) {
      fail(e);
      return null;
    }
  }

  byId('entra').addEventListener('click', async () => {
    if (await operatorCommand(byId('entra'), 'calls.operator.login', {})) byId('esci-servizio').focus();
  });
  byId('riprendi').addEventListener('click', async () => {
    if (await operatorCommand(byId('riprendi'), 'calls.operator.resume', {})) byId('motivo-pausa').focus();
  });
  byId('esci-servizio').addEventListener('click', async () => {
    if (await operatorCommand(byId('esci-servizio'), 'calls.operator.logout', {})) byId('entra').focus();
  });
  byId('modulo-pausa').addEventListener('submit', async event => {
    event.preventDefault();
    const key = byId('motivo-pausa').value;
    const reason = italian(key);
    if (await operatorCommand(byId('pausa'), 'calls.operator.pause', { reason })) byId('riprendi').focus();
  });
  byId('ho-finito').addEventListener('click', async () => {
    // Notes written and not saved yet go with the call before the operator moves on.
    if (byId('note-chiamata').value.trim() && byId('note-chiamata').value.trim() !== state.notesSaved && !await saveNotes()) return;
    if (await operatorCommand(byId('ho-finito'), 'calls.operator.wrapped', {})) {
      state.call = null;
      state.caller = null;
      booking.release('call');
      renderCall();
      announce(t('wrapped.done'));
      byId('motivo-pausa').focus();
    }
  });

  // ---------------------------------------------------------------- the queues

  function seconds(n) {
    if (n === null || n === undefined || Number.isNaN(n)) return '–';
    const s = Math.round(n);
    return s < 60 ? t('duration.s', { s }) : t('duration.ms', { m: Math.floor(s / 60), s: s % 60 });
  }

  function percent(x) {
    return x === null || x === undefined || Number.isNaN(x) ? t('queues.noData') : Math.round(x * 100) + '%';
  }

  function renderWall() {
    const queues = state.wall ? state.wall.queues || [] : [];
    const mine = queues.filter(q => state.memberOf.includes(q.id));
    byId('code-vuote').hidden = mine.length > 0 || !state.wall;
    byId('code').hidden = mine.length === 0;
    byId('code-righe').replaceChildren(...mine.map(q => el('tr', { dataset: { queue: q.id } },
      el('th', { scope: 'row' }, q.name),
      el('td', { class: 'waiting' }, String(q.waiting ?? 0)),
      el('td', {}, seconds(q.longestWaitSeconds)),
      el('td', {}, t('queues.of', { a: q.available ?? 0, b: q.staffed ?? 0 })),
      el('td', {}, percent(q.serviceLevel), el('br'),
        el('span', { class: 'small' }, q.target ? t('queues.target', q.target) : '')),
      el('td', {}, t('queues.of', { a: q.answered ?? 0, b: q.offered ?? 0 })))));
  }

  // ---------------------------------------------------------------- the call and the screen pop

  function callerName() {
    const c = state.caller;
    if (c && c.person) return c.person.name;
    if (c && (c.numberDisplay || c.number)) return c.numberDisplay || c.number;
    if (state.call && state.call.from) return state.call.from;
    return t('pop.hidden');
  }

  function renderCall() {
    const call = state.call;
    byId('chiamata').hidden = !call;
    if (!call) return;
    const s = state.operator ? state.operator.state : null;
    const ringing = state.ringing && s !== 'on_call' && s !== 'wrap_up';
    const title = ringing ? t('call.incoming') : (s === 'on_call' ? t('call.current') : t('call.ended'));
    byId('chiamata-titolo').textContent = title + ': ' + callerName();
    byId('chiamata-stato').textContent = ringing ? t('call.status.ringing')
      : (s === 'on_call' ? t('call.status.on_call') : t('call.status.ended'));
    byId('rispondi').hidden = !ringing;
    renderPop();
    renderOutcome();
  }

  /**
   * The outcome form of the answered call on screen: made when the call is answered, read again
   * when the wrap-up begins (the bookings made during the call); gone with the call.
   */
  function renderOutcome() {
    const call = state.call;
    const s = state.operator ? state.operator.state : null;
    if (!call || !state.talked) {
      if (state.outcome) byId('esito-chiamata').replaceChildren();
      state.outcome = null;
      return;
    }
    if (!state.outcome || state.outcome.callId !== call.callId) {
      const form = outcomeForm('chiamata', '/api/v1/calls/' + encodeURIComponent(call.callId) + '/outcome');
      state.outcome = { ...form, callId: call.callId, phase: s };
      byId('esito-chiamata').replaceChildren(form.element);
      form.load();
    } else if (state.outcome.phase !== s) {
      state.outcome.phase = s;
      if (s === 'wrap_up') state.outcome.load();
    }
  }

  function renderPop() {
    const c = state.caller || { number: state.call && state.call.from, bookings: [], chats: [] };
    // Drawn again only when the caller's facts changed: what the operator reads or follows stays put.
    const drawn = currentLanguage() + JSON.stringify(c);
    if (state.popDrawn === drawn) return;
    state.popDrawn = drawn;
    const facts = el('dl', { class: 'facts' },
      el('dt', {}, t('pop.number')), el('dd', { class: 'numero' }, c.numberDisplay || c.number || t('pop.hidden')));
    const p = c.person;
    if (p) {
      facts.append(el('dt', {}, t('pop.person')), el('dd', { class: 'persona' }, p.name));
      if (p.municipality) {
        facts.append(el('dt', {}, t('pop.municipality')), el('dd', { class: 'comune' }, p.municipalityName || p.municipality));
      }
      if (p.company) facts.append(el('dt', {}, t('pop.company')), el('dd', { class: 'azienda' }, p.company.name));
      else if (p.employee) facts.append(el('dt', {}, t('pop.company')), el('dd', {}, t('pop.employee')));
    }
    const parts = [facts];
    if (!p) {
      parts.push(el('p', {}, c.matches > 1 ? t('pop.many') : t('pop.unknown')));
    } else {
      const bookings = c.bookings || [];
      parts.push(el('h4', {}, t('pop.bookings')), bookings.length === 0 ? el('p', { class: 'pop-bookings' }, t('pop.noBookings'))
        : el('ul', { class: 'pop-bookings' }, bookings.map(b => el('li', { dataset: { booking: b.id } }, t('pop.booking', {
          service: b.serviceTitle, when: dateTime(b.start, b.end), code: b.code, status: t('status.' + b.status),
        })))));
      const chats = c.chats || [];
      // The open chat, as a link: the conversation in this console's chat part (for whoever handles it).
      parts.push(el('h4', {}, t('pop.chats')), chats.length === 0 ? el('p', {}, t('pop.noChats'))
        : el('ul', { class: 'pop-chats' }, chats.map(ch => el('li', {}, el('a', {
          href: '#conversazione-' + ch.conversationId, dataset: { conversation: ch.conversationId },
          onclick: event => chatElsewhere(event, ch.conversationId),
        }, t('pop.chat', { topic: areaLabel(ch.topic), status: t('chatstatus.' + ch.status) }))))));
    }
    byId('scheda').replaceChildren(...parts);
  }

  /** A chat this console does not show (another adviser handles it): said next to the link instead of jumping nowhere. */
  function chatElsewhere(event, id) {
    if (byId('scheda-' + id)) return;
    event.preventDefault();
    const item = event.currentTarget.parentElement;
    if (!item.querySelector('.pop-chat-note')) item.append(el('span', { class: 'pop-chat-note' }, ' – ' + t('pop.chatElsewhere')));
  }

  /** After booking for the caller: their next bookings read again (GET /people/{id}/upcoming-bookings). */
  async function refreshBookings(personId) {
    const c = state.caller;
    if (!c || !c.person || c.person.id !== personId) return;
    if (state.outcome) state.outcome.load();
    try {
      const answer = await api('GET', '/api/v1/people/' + encodeURIComponent(personId) + '/upcoming-bookings');
      if (state.caller === c) {
        c.bookings = answer.items || [];
        renderPop();
      }
    } catch (e) { /* the card keeps what it had */ }
  }

  // ---------------------------------------------------------------- notes kept with the call

  async function saveNotes() {
    const notes = byId('note-chiamata').value.trim();
    const call = state.call;
    if (!call) return false;
    if (!notes) {
      byId('note-stato').textContent = t('notes.empty');
      byId('note-chiamata').focus();
      return false;
    }
    clearFail();
    try {
      await busy(byId('salva-note'), () => api('POST', '/api/v1/calls/' + encodeURIComponent(call.callId) + '/notes', { notes }));
      state.notesSaved = notes;
      byId('note-stato').textContent = t('notes.saved', { time: clock(new Date()) });
      return true;
    } catch (e) {
      fail(e);
      return false;
    }
  }

  byId('modulo-note').addEventListener('submit', event => {
    event.preventDefault();
    saveNotes();
  });

  function forgetNotes() {
    state.notesSaved = '';
    byId('note-chiamata').value = '';
    byId('note-stato').textContent = '';
  }

  /** The booking panel is for the caller when the screen pop recognised them. */
  function offerBooking() {
    const p = state.caller && state.caller.person;
    if (p) booking.forPerson({ source: 'call', person: p, onBooked: () => refreshBookings(p.id) });
    else booking.release('call');
  }

  function alertText() {
    return t('call.alert', { who: callerName() });
  }

  function onFeed(message) {
    if (!message) return;
    if (message.kind === 'offer') {
      state.call = message.call;
      state.caller = message.caller;
      state.ringing = true;
      state.talked = false;
      forgetNotes();
      renderCall();
      offerBooking();
      raise('call', alertText(), byId('chiamata'));
      // Someone using the keyboard is one key away from answering, unless they are typing somewhere.
      const active = document.activeElement;
      if (!active || active === document.body) byId('rispondi').focus();
    } else if (message.kind === 'offer-withdrawn') {
      if (state.call && state.call.callId === message.callId && state.ringing) {
        state.ringing = false;
        settle('call');
        state.call = null;
        state.caller = null;
        booking.release('call');
        renderCall();
        announce(t('call.withdrawn'));
      }
    } else if (message.kind === 'state') {
      state.operator = message.operator;
      if (state.operator.state === 'on_call' || state.operator.state === 'wrap_up') {
        state.ringing = false;
        if (state.call) state.talked = true;
        settle('call');
      }
      renderPresence();
      renderCall();
    }
  }

  byId('rispondi').addEventListener('click', async () => {
    clearFail();
    const call = state.call;
    if (!call) return;
    try {
      await busy(byId('rispondi'), () => bridge.request('calls.operator.answer', { callId: call.callId }));
      state.ringing = false;
      state.talked = true;
      settle('call');
      if (state.operator) state.operator.state = 'on_call';
      renderPresence();
      renderCall();
      announce(t('call.answered', { who: callerName() }));
      booking.focus();
    } catch (e) {
      fail(e);
    }
  });

  // ---------------------------------------------------------------- start-up and reconnects

  async function refresh() {
    try {
      const status = await bridge.request('calls.operator.status', {});
      state.unknown = false;
      state.operator = status.operator;
      state.memberOf = status.memberOf || [];
      if (status.call && state.operator.state === 'reserved' && !state.call) {
        state.call = status.call;
        state.ringing = true;
        raise('call', alertText(), byId('chiamata'));
      }
    } catch (e) {
      if (e.status === 404 || e.status === 409 || e.status === 422 || e.status === 403) state.unknown = true;
      else fail(e);
    }
    try {
      state.wall = await api('GET', '/api/v1/calls/wall');
    } catch (e) {
      state.wall = null;
    }
    renderPresence();
    renderWall();
    renderCall();
  }

  bridge.subscribe('calls.operator.feed.' + who.sub, onFeed);
  bridge.subscribe('calls.wall', wall => {
    state.wall = wall;
    renderWall();
  });
  bridge.onReconnect(refresh);
  fillReasons();
  await refresh();

  return {
    relabel() {
      fillReasons();
      byId('note-stato').textContent = '';
      renderPresence();
      renderWall();
      renderCall();
      if (state.outcome) state.outcome.relabel();
      retext('call', alertText());
    },
    async leave() {
      if (state.operator && state.operator.state !== 'offline') await bridge.request('calls.operator.logout', {});
    },
  };
}

// Pause reasons are stored as Italian words whatever the screen's language.
const ITALIAN_REASONS = {
  'pause.short': 'Pausa breve', 'pause.lunch': 'Pranzo', 'pause.training': 'Formazione', 'pause.meeting': 'Riunione',
  'pause.backoffice': 'Lavoro d’ufficio',
};

function italian(key) {
  return ITALIAN_REASONS[key] || key;
}
