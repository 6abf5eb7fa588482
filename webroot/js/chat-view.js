// How a chat conversation looks, shared by the citizen's widget and the welfare manager's
// console: the words for events (a topic is a service area, named by areas.js), and a message
// log that keeps events in sequence order, shows messages still on their way, and marks what the
// other side received and read.

import { words, t, currentLanguage } from './sportello.js';
import { el } from './dom.js';
import { messageTime } from './time.js';
import { areaLabel } from './areas.js';

words({
  it: {
    'chat.you': 'Tu', 'chat.wrote': 'ha scritto alle', 'chat.youWrote': 'Hai scritto alle',
    'chat.note': 'Nota privata (il cittadino non la vede)',
    'chat.sending': 'Invio in corso…', 'chat.failed': 'Non inviato.', 'chat.mark.sent': 'Inviato',
    'chat.mark.delivered': 'Consegnato', 'chat.mark.read': 'Letto',
    'chat.role.manager': 'consulente', 'chat.role.supervisor': 'responsabile', 'chat.role.citizen': 'cittadino',
    'event.started': 'Conversazione aperta: {topic}.',
    'event.accepted': '{name} ({role}) è con te nella conversazione.',
    'event.accepted.staff': '{name} ha accettato la conversazione.',
    'event.transferred.manager': 'La conversazione passa a {name}.',
    'event.transferred.team': 'La conversazione passa al gruppo {team}.',
    'event.returned': 'Il consulente si è disconnesso: la conversazione torna in testa alla coda.',
    'event.joined': 'Un responsabile ({name}) si è unito alla conversazione.',
    'event.closed': 'La conversazione è chiusa.',
    'event.rated': 'Valutazione: {score} su 5.',
    'event.callback': 'Richiesta di essere richiamati al numero {phone}{when}.',
    'event.callback.when': ' ({when})',
    'event.offered': 'Proposta {toName}.',
    'event.passed.declined': '{name} ha passato la richiesta.',
    'event.passed.timeout': 'Nessuna risposta alla proposta: passa a un altro collega.',
    'typing': '{name} sta scrivendo…',
    'wait.minutes': 'circa {n} minuti', 'wait.minute': 'circa 1 minuto', 'wait.soon': 'meno di un minuto',
  },
  en: {
    'chat.you': 'You', 'chat.wrote': 'wrote at', 'chat.youWrote': 'You wrote at',
    'chat.note': 'Private note (the citizen does not see it)',
    'chat.sending': 'Sending…', 'chat.failed': 'Not sent.', 'chat.mark.sent': 'Sent',
    'chat.mark.delivered': 'Delivered', 'chat.mark.read': 'Read',
    'chat.role.manager': 'adviser', 'chat.role.supervisor': 'team leader', 'chat.role.citizen': 'citizen',
    'event.started': 'Conversation opened: {topic}.',
    'event.accepted': '{name} ({role}) is with you in the conversation.',
    'event.accepted.staff': '{name} accepted the conversation.',
    'event.transferred.manager': 'The conversation moves to {name}.',
    'event.transferred.team': 'The conversation moves to the {team} team.',
    'event.returned': 'The adviser went offline: the conversation is back at the front of the queue.',
    'event.joined': 'A team leader ({name}) joined the conversation.',
    'event.closed': 'The conversation is closed.',
    'event.rated': 'Rating: {score} out of 5.',
    'event.callback': 'Asked to be called back on {phone}{when}.',
    'event.callback.when': ' ({when})',
    'event.offered': 'Offered {toName}.', 'to.name': 'to {name}',
    'event.passed.declined': '{name} passed on the request.',
    'event.passed.timeout': 'No answer to the offer: it moves to another colleague.',
    'typing': '{name} is typing…',
    'wait.minutes': 'about {n} minutes', 'wait.minute': 'about 1 minute', 'wait.soon': 'less than a minute',
  },
});

/**
 * "a Marco", "ad Alessia": Italian writes "ad" before a name that starts with a vowel (the
 * "d eufonica"); English "to Alessia".
 */
export function toName(name) {
  if (currentLanguage() !== 'it') return t('to.name', { name });
  return (/^[aeiouàèéìòùAEIOUÀÈÉÌÒÙ]/.test(String(name || '').trim()) ? 'ad ' : 'a ') + name;
}

export function waitText(seconds) {
  if (seconds < 60) return t('wait.soon');
  const minutes = Math.round(seconds / 60);
  return minutes === 1 ? t('wait.minute') : t('wait.minutes', { n: minutes });
}

/** The line a system event shows, or null for messages and notes. */
export function eventText(event, staff) {
  const b = event.body || {};
  switch (event.kind) {
    case 'started': return t('event.started', { topic: areaLabel(b.topic) });
    case 'accepted': return staff ? t('event.accepted.staff', { name: event.authorName })
      : t('event.accepted', { name: event.authorName, role: t('chat.role.' + event.authorRole) });
    case 'transferred': return b.toManager ? t('event.transferred.manager', { name: b.toName || b.toManager })
      : t('event.transferred.team', { team: b.toTeam ? areaLabel(b.toTeam) : (b.toTeamLabel || '') });
    case 'returned': return t('event.returned');
    case 'joined': return t('event.joined', { name: event.authorName });
    case 'closed': return t('event.closed');
    case 'rated': return t('event.rated', { score: b.score });
    case 'callback-requested':
      return t('event.callback', { phone: b.phone, when: b.when ? t('event.callback.when', { when: b.when }) : '' });
    case 'offered': return t('event.offered', { toName: toName(b.managerName || b.manager) });
    case 'passed': return b.reason === 'timeout' ? t('event.passed.timeout')
      : t('event.passed.declined', { name: event.authorName });
    default: return null;
  }
}

/**
 * A conversation's messages in an element with role="log". Events are added in sequence order
 * (ChatSync guarantees it); messages sent but not yet stored stay at the end, marked "sending".
 * {@code receiptSeq(event)} gives the number receipts use for an event (the public one), or null
 * when the event has none (private notes); {@code mine(event)} tells the reader's own events.
 */
export class ChatLog {
  constructor(list, { staff, mine, receiptSeq }) {
    this.list = list;
    this.staff = staff;
    this.mine = mine;
    this.receiptSeq = receiptSeq;
    this.events = [];
    this.pending = new Map();
    this.marks = { delivered: 0, read: 0 };
  }

  add(event) {
    this.events.push(event);
    if (event.clientId && this.pending.has(event.clientId)) {
      this.pending.get(event.clientId).node.remove();
      this.pending.delete(event.clientId);
    }
    const node = this.render(event);
    const firstPending = this.list.querySelector('li.pending');
    this.list.insertBefore(node, firstPending);
    this.scroll();
    return node;
  }

  /** Keeps the newest message in view (the log's box scrolls). */
  scroll() {
    const box = this.list.parentElement;
    if (box && box.scrollHeight > box.clientHeight) box.scrollTop = box.scrollHeight;
  }

  /** A message on its way: shown at once, replaced by the stored event when it comes back. */
  sending(clientId, text, isNote) {
    const node = el('li', { class: 'msg mine pending' + (isNote ? ' note' : ''), dataset: { clientId } },
      el('p', { class: 'who' }, el('span', { class: 'name' }, t('chat.you'))),
      el('p', { class: 'text' }, text),
      el('p', { class: 'mark' }, t('chat.sending')));
    this.pending.set(clientId, { node, text, isNote });
    this.list.append(node);
    this.scroll();
  }

  failed(clientId) {
    const p = this.pending.get(clientId);
    if (!p) return;
    p.node.classList.add('failed');
    p.node.querySelector('.mark').textContent = t('chat.failed');
  }

  render(event) {
    const system = eventText(event, this.staff);
    const seq = this.receiptSeq(event);
    if (system !== null) {
      return el('li', { class: 'msg system', dataset: { seq: event.seq, kind: event.kind } },
        el('p', { class: 'text' }, system, ' ', el('time', { datetime: event.at }, messageTime(event.at))));
    }
    const mine = this.mine(event);
    const note = event.kind === 'note';
    const name = mine ? t('chat.you') : event.authorName || t('chat.role.' + event.authorRole);
    // Read aloud as "Hai scritto alle 10:12" for one's own, "Giulia ha scritto alle 10:12" for the others'.
    const who = mine
      ? [el('span', { class: 'name', 'aria-hidden': 'true' }, name), ' ', el('span', { class: 'visually-hidden' }, t('chat.youWrote'))]
      : [el('span', { class: 'name' }, name), ' ', el('span', { class: 'visually-hidden' }, t('chat.wrote'))];
    const node = el('li', {
      class: 'msg ' + (mine ? 'mine' : 'theirs') + (note ? ' note' : ''),
      dataset: { seq: event.seq, kind: event.kind, publicSeq: seq ?? '', clientId: event.clientId || '' },
    },
    el('p', { class: 'who' }, ...who, ' ', el('time', { datetime: event.at }, messageTime(event.at))),
    note ? el('p', { class: 'note-label' }, t('chat.note')) : null,
    el('p', { class: 'text' }, (event.body && event.body.text) || ''));
    if (mine && !note && seq !== null) node.append(el('p', { class: 'mark' }, this.markText(seq)));
    return node;
  }

  markText(seq) {
    if (seq <= this.marks.read) return t('chat.mark.read');
    if (seq <= this.marks.delivered) return t('chat.mark.delivered');
    return t('chat.mark.sent');
  }

  /** The other side's delivered and read marks (public numbers). */
  setMarks(marks) {
    this.marks = {
      delivered: Math.max(this.marks.delivered, marks.delivered || 0, marks.read || 0),
      read: Math.max(this.marks.read, marks.read || 0),
    };
    this.list.querySelectorAll('li.mine:not(.pending):not(.note)').forEach(node => {
      const seq = Number(node.dataset.publicSeq);
      const mark = node.querySelector('.mark');
      if (mark && seq) mark.textContent = this.markText(seq);
    });
  }

  /** Draws everything again (after a language switch). */
  redraw() {
    this.list.setAttribute('aria-busy', 'true');
    const pending = [...this.pending.entries()];
    this.list.replaceChildren();
    this.pending.clear();
    const events = this.events;
    this.events = [];
    events.forEach(e => this.add(e));
    pending.forEach(([clientId, p]) => this.sending(clientId, p.text, p.isNote));
    this.list.removeAttribute('aria-busy');
  }
}
