// Sportello's shared browser library: words in Italian and English, the API with sign-in and
// retries made safe by idempotency keys, the event-bus bridge, and a few page helpers. Plain ES
// modules, no build step: every screen imports what it needs from here, from dom.js (elements),
// time.js (dates in Europe/Rome), signin.js (the sign-in form) and areas.js (the service areas).

// ------------------------------------------------------------------ words

const WORDS = {
  it: {
    'lang.switch': 'English', 'lang.switch.label': 'Switch to English',
    'nav.skip': 'Vai al contenuto',
    'auth.username': 'Nome utente o e-mail', 'auth.password': 'Password', 'auth.signin': 'Accedi', 'auth.signout': 'Esci',
    'auth.failed': 'Nome utente o password non corretti.', 'auth.as': 'Hai effettuato l’accesso come',
    'busy': 'Attendere…', 'error.network': 'Non riesco a raggiungere Sportello. Controlla la connessione e riprova.',
    'error.generic': 'Qualcosa non ha funzionato. Riprova tra poco.',
    'live.connected': 'Collegamento attivo.', 'live.reconnecting': 'Connessione persa: mi ricollego…',
  },
  en: {
    'lang.switch': 'Italiano', 'lang.switch.label': 'Passa all’italiano',
    'nav.skip': 'Skip to content',
    'auth.username': 'Username or e-mail', 'auth.password': 'Password', 'auth.signin': 'Sign in', 'auth.signout': 'Sign out',
    'auth.failed': 'Wrong username or password.', 'auth.as': 'Signed in as',
    'busy': 'Please wait…', 'error.network': 'Cannot reach Sportello. Check your connection and try again.',
    'error.generic': 'Something went wrong. Please try again shortly.',
    'live.connected': 'Live updates on.', 'live.reconnecting': 'Connection lost: reconnecting…',
  },
};

let language = localStorage.getItem('sportello.lang') === 'en' ? 'en' : 'it';
const pageWords = { it: {}, en: {} };

/** Adds a screen's own words; keys missing in English fall back to Italian. */
export function words(dictionary) {
  Object.assign(pageWords.it, dictionary.it || {});
  Object.assign(pageWords.en, dictionary.en || {});
}

export function t(key, values) {
  let text = pageWords[language][key] ?? WORDS[language][key] ?? pageWords.it[key] ?? WORDS.it[key] ?? key;
  for (const [name, value] of Object.entries(values || {})) {
    text = text.replaceAll('{' + name + '}', value);
  }
  return text;
}

export function currentLanguage() {
  return language;
}

/** The locale numbers and dates are written in: it-IT, or en-GB for English. */
export function locale() {
  return language === 'it' ? 'it-IT' : 'en-GB';
}

/** Fills every element marked data-t="key" (text) or data-t-attr="attr:key" and sets the page language. */
export function translate(root = document) {
  document.documentElement.lang = language;
  root.querySelectorAll('[data-t]').forEach(node => { node.textContent = t(node.dataset.t); });
  root.querySelectorAll('[data-t-attr]').forEach(node => {
    for (const pair of node.dataset.tAttr.split(';')) {
      const [attr, key] = pair.split(':');
      node.setAttribute(attr, t(key));
    }
  });
}

/** A button that switches language and re-renders the page through {@code onChange}. */
export function languageSwitch(button, onChange) {
  const label = () => {
    button.textContent = t('lang.switch');
    button.setAttribute('lang', language === 'it' ? 'en' : 'it');
    button.setAttribute('aria-label', t('lang.switch.label'));
  };
  label();
  button.addEventListener('click', () => {
    language = language === 'it' ? 'en' : 'it';
    localStorage.setItem('sportello.lang', language);
    translate();
    label();
    onChange && onChange();
  });
}

// ------------------------------------------------------------------ sign-in and the API

const session = {
  get access() { return sessionStorage.getItem('sportello.access'); },
  get refresh() { return sessionStorage.getItem('sportello.refresh'); },
  get identity() { const j = sessionStorage.getItem('sportello.identity'); return j ? JSON.parse(j) : null; },
  store(pair) {
    sessionStorage.setItem('sportello.access', pair.accessToken);
    sessionStorage.setItem('sportello.refresh', pair.refreshToken);
    if (pair.identity) sessionStorage.setItem('sportello.identity', JSON.stringify(pair.identity));
  },
  clear() {
    ['sportello.access', 'sportello.refresh', 'sportello.identity'].forEach(k => sessionStorage.removeItem(k));
  },
};

export function identity() {
  return session.identity;
}

export function hasRole(role) {
  const who = session.identity;
  return !!who && (who.roles || []).includes(role);
}

/** An error the server explained (RFC 9457): {@code status}, {@code type}, {@code detail}. */
export class Problem extends Error {
  constructor(status, body) {
    super((body && (body.detail || body.title)) || t('error.generic'));
    this.status = status;
    this.body = body || {};
    /** Seconds the server asked to wait before trying again (its Retry-After), or null. */
    this.retryAfter = null;
  }

  /** The problem a refused {@code response} explains in {@code payload}, with its Retry-After. */
  static of(response, payload) {
    const problem = new Problem(response.status, typeof payload === 'object' ? payload : { detail: payload });
    const wait = Number(response.headers.get('Retry-After'));
    if (wait > 0) problem.retryAfter = wait;
    return problem;
  }
}

/** The body of {@code response}: parsed JSON when it says so, else its text. */
async function payloadOf(response) {
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : response.text();
}

async function send(method, path, body, headers) {
  const init = { method, headers: { Accept: 'application/json', ...headers } };
  if (session.access) init.headers.Authorization = 'Bearer ' + session.access;
  if (body instanceof Blob) {
    init.headers['Content-Type'] = 'application/octet-stream';
    init.body = body;
  } else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  try {
    return await fetch(path, init);
  } catch (e) {
    throw new Problem(0, { detail: t('error.network') });
  }
}

let refreshing = null;

async function refreshTokens() {
  if (!session.refresh) return false;
  refreshing = refreshing || fetch('/api/v1/auth/refresh', {
    method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ refreshToken: session.refresh }),
  }).then(async r => {
    if (!r.ok) { session.clear(); return false; }
    session.store(await r.json());
    return true;
  }).catch(() => false).finally(() => { refreshing = null; });
  return refreshing;
}

/**
 * Calls the API. A state-changing call carries an Idempotency-Key that stays the same across its
 * own retries (network or expired token), so a retry never books or pays twice; a screen that lets
 * the person try again by hand passes its own {@code key} for all the tries of one submission. A
 * {@code body} that is a Blob (a chosen file) travels as it is, application/octet-stream.
 */
export async function api(method, path, body, { key } = {}) {
  const headers = method === 'GET' ? {} : { 'Idempotency-Key': key || crypto.randomUUID() };
  let response = await send(method, path, body, headers);
  if (response.status === 401 && await refreshTokens()) {
    response = await send(method, path, body, headers);
  }
  const payload = await payloadOf(response);
  if (!response.ok) throw Problem.of(response, payload);
  return payload;
}

/** A call without the sign-in token: resolves with what the server answered, rejects with a {@link Problem}. */
async function withoutToken(path, init) {
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new Problem(0, { detail: t('error.network') });
  }
  const payload = await payloadOf(response);
  if (!response.ok) throw Problem.of(response, payload);
  return payload;
}

/** Reads something public (GET {@code path} without the token, so the browser may cache it): areas.js. */
export function getPublic(path) {
  return withoutToken(path, { headers: { Accept: 'application/json' } });
}

/** Starts a session (POST {@code path} with {@code body}) and keeps its tokens; resolves with the identity. */
async function startSession(path, body) {
  const payload = await withoutToken(path, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  session.store(payload);
  return payload.identity;
}

/**
 * Signs a person in with username and password. Refusals are {@link Problem}s: 401
 * invalid-credentials, 429 login-locked (with retryAfter, in seconds), 422 for unusable input.
 * The form that asks for them is in signin.js.
 */
export function signIn(username, password) {
  return startSession('/api/v1/auth/login', { username, password });
}

/**
 * Finishes a SPID or CIE sign-in: trades the single-use handoff code the server put in the page's
 * fragment for the session's tokens (kept like a password sign-in's). signin.js calls it.
 */
export function signInWithHandoff(handoff) {
  return startSession('/api/v1/auth/oidc/handoff', { handoff });
}

/** Signs a kiosk device in with its credential (kiosk-app.js). */
export function signInKiosk(credential) {
  return startSession('/api/v1/auth/kiosk', { credential });
}

export async function signOut() {
  try { await api('POST', '/api/v1/auth/logout', {}); } catch (e) { /* signed out either way */ }
  session.clear();
}

// ------------------------------------------------------------------ the event-bus bridge

/**
 * The Vert.x event-bus bridge over a plain WebSocket (Sportello's bridge takes only the WebSocket
 * transport, so SockJS's fallbacks are not needed). Each (re)connection redeems a fresh
 * single-use ticket; registrations are renewed after a reconnect and {@code onReconnect}
 * listeners run so screens can catch up on what they missed.
 */
export class Bridge {
  constructor() {
    this.handlers = new Map();
    this.replies = new Map();
    this.reconnectListeners = [];
    this.statusListeners = [];
    this.delay = 500;
    this.closedByUs = false;
  }

  /** Connects; if the first attempt fails it keeps retrying in the background, and rejects. */
  async open() {
    try {
      return await this.connect();
    } catch (e) {
      if (!this.closedByUs) this.retryLater();
      throw e;
    }
  }

  async connect() {
    const ticket = session.access
      ? await api('POST', '/api/v1/auth/bridge-ticket', {})
      : await (await fetch('/api/v1/auth/bridge-ticket/guest', { method: 'POST' })).json();
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    const socket = new WebSocket(scheme + location.host + '/eventbus/websocket?ticket=' + encodeURIComponent(ticket.ticket));
    this.socket = socket;
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = reject;
    });
    this.delay = 500;
    socket.binaryType = 'arraybuffer';
    // The bridge may send binary frames: both kinds carry the same JSON.
    socket.onmessage = event => this.receive(JSON.parse(typeof event.data === 'string'
      ? event.data : new TextDecoder().decode(event.data)));
    socket.onclose = () => this.lost();
    this.ping = setInterval(() => this.write({ type: 'ping' }), 5000);
    for (const address of this.handlers.keys()) this.write({ type: 'register', address });
    this.statusListeners.forEach(l => l(true));
    return this;
  }

  lost() {
    clearInterval(this.ping);
    for (const [, pending] of this.replies) pending.reject(new Problem(0, { detail: t('error.network') }));
    this.replies.clear();
    this.statusListeners.forEach(l => l(false));
    if (this.closedByUs) return;
    this.retryLater();
  }

  retryLater() {
    setTimeout(() => {
      if (this.closedByUs) return;
      this.connect().then(() => {
        // Closed while connecting: drop the socket nobody wants any more.
        if (this.closedByUs) { this.socket.close(); return; }
        this.reconnectListeners.forEach(l => l());
      }).catch(() => { if (!this.closedByUs) this.retryLater(); });
    }, this.delay);
    this.delay = Math.min(this.delay * 2, 10000);
  }

  get connected() {
    return !!this.socket && this.socket.readyState === WebSocket.OPEN;
  }

  write(frame) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  receive(frame) {
    if (frame.type === 'err' && frame.body === 'rejected') return;
    const pending = this.replies.get(frame.address);
    if (pending) {
      this.replies.delete(frame.address);
      if (frame.type === 'err') {
        let body = {};
        try { body = JSON.parse(frame.message); } catch (e) { body = { detail: frame.message }; }
        pending.reject(new Problem(frame.failureCode, body));
      } else {
        pending.resolve(frame.body);
      }
      return;
    }
    (this.handlers.get(frame.address) || []).forEach(h => h(frame.body));
  }

  subscribe(address, handler) {
    const list = this.handlers.get(address) || [];
    if (list.length === 0) this.write({ type: 'register', address });
    list.push(handler);
    this.handlers.set(address, list);
  }

  unsubscribe(address) {
    this.handlers.delete(address);
    this.write({ type: 'unregister', address });
  }

  /** A command with a reply; rejects with a {@link Problem} when the server refuses it. */
  request(address, body, timeoutMs = 10000) {
    if (!this.connected) return Promise.reject(new Problem(0, { detail: t('error.network') }));
    const replyAddress = crypto.randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.replies.delete(replyAddress);
        reject(new Problem(0, { detail: t('error.network') }));
      }, timeoutMs);
      this.replies.set(replyAddress, {
        resolve: v => { clearTimeout(timer); resolve(v); },
        reject: e => { clearTimeout(timer); reject(e); },
      });
      this.write({ type: 'send', address, body, replyAddress });
    });
  }

  onReconnect(listener) { this.reconnectListeners.push(listener); }

  onStatus(listener) { this.statusListeners.push(listener); }

  close() {
    this.closedByUs = true;
    clearInterval(this.ping);
    if (this.socket) this.socket.close();
  }
}

// ------------------------------------------------------------------ page helpers

/** Runs a long operation with a visible and announced "please wait" on {@code button}. */
export async function busy(button, work) {
  const label = button.textContent;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.textContent = t('busy');
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = label;
  }
}

/** Shows an error in an element with role="alert". */
export function showError(target, error) {
  target.textContent = error instanceof Problem ? error.message : t('error.generic');
  target.hidden = false;
}

/**
 * An amount in cents as people read it: "1.650,00 €". Italian leaves out the thousands separator
 * in four-digit numbers unless grouping is 'always' (issue 18 saw "1650,00 €").
 */
export function euro(cents) {
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: 'EUR', useGrouping: 'always' }).format(cents / 100);
}

/**
 * An amount typed in euro as the UI's money inputs take it ("18,50", "18.50", "1.234,50 €") in
 * cents; null for an empty text, the text itself (trimmed) when it cannot be read.
 */
export function centsOf(typed) {
  const raw = String(typed).replace(/[€\s]/g, '');
  if (raw === '') return null;
  const normal = raw.includes(',') ? raw.replace(/\./g, '').replace(',', '.') : raw;
  if (!/^\d+(\.\d{1,2})?$/.test(normal)) return raw;
  return Math.round(Number(normal) * 100);
}
