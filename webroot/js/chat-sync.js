// The chat over the bridge, kept in order and complete across disconnects: the client side of
// docs/CHAT-PROTOCOL.md section 4, shared by the citizen's widget (chat.html) and the welfare
// manager's console (console.html).
//
// Every conversation keeps `last`, the highest sequence number applied. Events from the inbox,
// from chat.resume and from command replies all go through one door (ingest): an event at or
// below `last` is dropped, the next one is applied, a later one waits in a buffer until the gap
// fills (or, after a second, a resume fetches what is missing). Commands carry a clientId and
// are sent again with the same clientId after a reconnect, so nothing is stored twice. Commands on
// one conversation go one after another, each once the one before has its answer, so they are
// stored in the order they were made, also when some are sent again after a reconnect.

import { Problem } from './sportello.js';

const GAP_MILLIS = 1000;

export function newClientId() {
  return crypto.randomUUID();
}

export class ChatSync {
  /**
   * @param bridge   an open-able {@link Bridge}
   * @param subject  the signed-in person's subject (their inbox is chat.inbox.<subject>)
   * @param handlers {onEvent(conversationId, event), onSignal(signal), onConversation(summary, receipts?),
   *                  onGone(conversationId)}
   * @param extras   fields every request carries (a kiosk: {kioskSession}, the session of the person it acts for)
   */
  constructor(bridge, subject, handlers, extras = {}) {
    this.bridge = bridge;
    this.subject = subject;
    this.handlers = handlers;
    this.extras = extras;
    this.conversations = new Map();
    this.lines = new Map(); // conversation id -> the last command queued on it
    this.connected = false;
    this.waiters = [];
    bridge.onStatus(up => {
      this.connected = up;
      if (up) {
        const waiting = this.waiters;
        this.waiters = [];
        waiting.forEach(w => w());
      }
    });
    bridge.onReconnect(() => this.catchUp().catch(() => { /* the next reconnect tries again */ }));
  }

  /** Registers the inbox (before any read, as the protocol asks), then catches up. */
  async start() {
    this.bridge.subscribe('chat.inbox.' + this.subject, body => this.live(body));
    this.connected = true;
    return this.catchUp();
  }

  state(id) {
    let c = this.conversations.get(id);
    if (!c) {
      c = { id, last: 0, buffer: new Map(), gapTimer: null, resuming: null, known: false, gone: false };
      this.conversations.set(id, c);
    }
    return c;
  }

  /** The highest sequence number applied for a conversation. */
  last(id) {
    return this.conversations.has(id) ? this.conversations.get(id).last : 0;
  }

  /** On every (re)connect: the list, then every conversation from where it stopped. */
  async catchUp() {
    const list = await this.ask('chat.list', {});
    const wanted = new Set();
    for (const summary of list.conversations || []) {
      const seen = this.conversations.has(summary.id);
      // Open conversations, and any we were already showing (it may have closed meanwhile).
      if (summary.status !== 'closed' || seen) wanted.add(summary.id);
    }
    for (const [id, c] of this.conversations) if (!c.gone) wanted.add(id);
    await Promise.all([...wanted].map(id => this.resume(id)));
    return list.conversations || [];
  }

  /** Something arrived on the inbox: a conversation event (with seq) or a signal. */
  live(body) {
    if (body === null || typeof body !== 'object') return;
    if (body.seq === undefined || body.seq === null) {
      this.handlers.onSignal && this.handlers.onSignal(body);
      return;
    }
    const c = this.state(body.conversationId);
    if (c.gone) c.gone = false; // offered to us again, or transferred back
    this.ingest(c, body);
    if (!c.known) this.resume(c.id).catch(() => { /* retried on the next gap or reconnect */ });
  }

  /** The one door for events: applies in order, drops repeats, keeps early ones for later. */
  ingest(c, event) {
    if (typeof c === 'string') c = this.state(c);
    if (event && event.seq > c.last) c.buffer.set(event.seq, event);
    // Until its history is known, a conversation's first events wait for the resume from 0.
    if (!c.known) return;
    while (c.buffer.has(c.last + 1)) {
      const next = c.buffer.get(c.last + 1);
      c.buffer.delete(c.last + 1);
      c.last = next.seq;
      this.handlers.onEvent(c.id, next);
    }
    for (const seq of [...c.buffer.keys()]) if (seq <= c.last) c.buffer.delete(seq);
    clearTimeout(c.gapTimer);
    c.gapTimer = null;
    if (c.buffer.size > 0) {
      // A gap: the missing event usually follows within milliseconds; if not, ask for it.
      c.gapTimer = setTimeout(() => {
        c.gapTimer = null;
        if (c.buffer.size > 0) this.resume(c.id).catch(() => { /* the reconnect resumes */ });
      }, GAP_MILLIS);
    }
  }

  /** chat.resume from `last` until complete; concurrent calls share one run. */
  resume(id) {
    const c = this.state(id);
    if (c.resuming) return c.resuming.then(() => (c.buffer.size > 0 ? this.resume(id) : undefined));
    c.resuming = (async () => {
      try {
        for (;;) {
          const page = await this.ask('chat.resume', { conversationId: id, after: c.last });
          c.known = true;
          this.handlers.onConversation && this.handlers.onConversation(page.conversation, page.receipts);
          const before = c.last;
          for (const event of page.events || []) this.ingest(c, event);
          // Apply whatever was waiting (events that came live while the history was unknown).
          this.ingest(c, null);
          if (page.complete || c.last === before) break;
        }
      } catch (e) {
        if (e instanceof Problem && (e.status === 404 || e.status === 403)) {
          // No longer ours to see (transferred away, returned to the queue).
          c.gone = true;
          c.buffer.clear();
          this.handlers.onGone && this.handlers.onGone(id);
          return;
        }
        throw e;
      } finally {
        c.resuming = null;
      }
    })();
    return c.resuming;
  }

  /** Resolves once the socket is up again (immediately if it is). */
  whenConnected() {
    if (this.connected) return Promise.resolve();
    return new Promise(resolve => this.waiters.push(resolve));
  }

  /** One request, with the fields every request of this screen carries. */
  ask(address, body) {
    return this.bridge.request(address, { ...body, ...this.extras });
  }

  /**
   * A command that changes something. Its body carries a clientId; when the socket drops before
   * the reply, the same body is sent again once reconnected, so it is stored exactly once. Commands
   * on one conversation wait for the one before (its answer, or its failure for good): sent side by
   * side, and sent again side by side after a reconnect, they could be stored in another order.
   * The event in the reply goes through {@link ingest} like any other.
   */
  command(address, body, attempts = 6) {
    const line = body.conversationId || '';
    const before = this.lines.get(line) || Promise.resolve();
    const run = before.then(() => this.send(address, body, attempts));
    const done = run.then(() => undefined, () => undefined);
    this.lines.set(line, done);
    done.then(() => { if (this.lines.get(line) === done) this.lines.delete(line); });
    return run;
  }

  async send(address, body, attempts) {
    for (let attempt = 1; ; attempt++) {
      await this.whenConnected();
      try {
        const reply = await this.ask(address, body);
        if (reply && reply.event && reply.event.conversationId && this.conversations.has(reply.event.conversationId)) {
          this.ingest(this.state(reply.event.conversationId), reply.event);
        }
        return reply;
      } catch (e) {
        if (!(e instanceof Problem) || e.status !== 0 || attempt >= attempts) throw e;
        // Lost with the socket (or timed out): wait for the reconnect, then the same clientId again.
        if (this.connected) await new Promise(resolve => setTimeout(resolve, 500 * attempt));
      }
    }
  }

  /** Signals and receipts: fire and forget, never retried (the next one supersedes them). */
  signal(address, body) {
    if (!this.connected) return Promise.resolve(null);
    return this.ask(address, body).catch(() => null);
  }
}
