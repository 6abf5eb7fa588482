// "Calendario sul telefono": a secret address a phone's calendar subscribes to, so bookings show
// up there and follow every change. The address is shown once, right after it is made (the server
// keeps only its hash); making a new one stops the old one; it can be switched off.
// feedPanel() is the box shared by "Le mie prenotazioni" (showCalendarFeed, below) and the
// cooperative's resources (admin-calendar-feeds.js). Texts carry data-t, so the page's language
// switch rewrites them; what carries a date is drawn again when the page's language changes.
import { t, words, api, busy, showError } from './sportello.js';
import { byId, el, fill, focusOn } from './dom.js';
import { fullDate } from './time.js';

words({
  it: {
    'feed.title': 'Calendario sul telefono',
    'feed.intro': 'Puoi vedere le tue prenotazioni nel calendario del telefono o del computer. Si aggiornano da sole quando prenoti, sposti o annulli.',
    'feed.loading': 'Controllo il calendario…',
    'feed.none': 'Non hai ancora un indirizzo per il calendario.',
    'feed.active': 'Il calendario è attivo dal {date}.',
    'feed.hidden': 'Per sicurezza l’indirizzo si vede solo quando lo crei. Se non lo hai più, creane uno nuovo: quello vecchio smette di funzionare.',
    'feed.create': 'Crea l’indirizzo del calendario',
    'feed.renew': 'Crea un nuovo indirizzo',
    'feed.revoke': 'Disattiva il calendario',
    'feed.ready': 'Indirizzo pronto',
    'feed.made': 'Lo vedi solo adesso: copialo o aprilo subito.',
    'feed.replaced': 'L’indirizzo di prima non funziona più.',
    'feed.address': 'Indirizzo del calendario',
    'feed.hint': 'Aggiungi questo indirizzo al calendario del telefono.',
    'feed.copy': 'Copia l’indirizzo',
    'feed.copied': 'Indirizzo copiato.',
    'feed.copyFailed': 'Non riesco a copiarlo: seleziona l’indirizzo e copialo a mano.',
    'feed.open': 'Apri nel calendario del telefono',
    'feed.howPhone': 'Sul telefono: tocca «Apri nel calendario del telefono» e conferma.',
    'feed.howGoogle': 'Con Google Calendar, dal computer: «Altri calendari», poi «+» e «Da URL». Incolla l’indirizzo.',
    'feed.howOften': 'Il calendario controlla da solo le novità, di solito ogni ora.',
    'feed.secret': 'Non dare l’indirizzo ad altri: chi lo ha vede le tue prenotazioni. Se lo hai dato per errore, crea un nuovo indirizzo.',
    'feed.revoked': 'Calendario disattivato: non riceve più aggiornamenti. Toglilo anche dal calendario del telefono.',
  },
  en: {
    'feed.title': 'Calendar on your phone',
    'feed.intro': 'You can see your bookings in your phone’s or computer’s calendar. They update by themselves when you book, move or cancel.',
    'feed.loading': 'Checking the calendar…',
    'feed.none': 'You have no calendar address yet.',
    'feed.active': 'The calendar has been on since {date}.',
    'feed.hidden': 'For your safety the address is shown only when you create it. If you no longer have it, create a new one: the old one stops working.',
    'feed.create': 'Create the calendar address',
    'feed.renew': 'Create a new address',
    'feed.revoke': 'Turn the calendar off',
    'feed.ready': 'Address ready',
    'feed.made': 'It is shown only now: copy or open it straight away.',
    'feed.replaced': 'The previous address no longer works.',
    'feed.address': 'Calendar address',
    'feed.hint': 'Add this address to your phone’s calendar.',
    'feed.copy': 'Copy the address',
    'feed.copied': 'Address copied.',
    'feed.copyFailed': 'I cannot copy it: select the address and copy it yourself.',
    'feed.open': 'Open in the phone’s calendar',
    'feed.howPhone': 'On a phone: tap “Open in the phone’s calendar” and confirm.',
    'feed.howGoogle': 'With Google Calendar, on a computer: “Other calendars”, then “+” and “From URL”. Paste the address.',
    'feed.howOften': 'The calendar checks for changes by itself, usually every hour.',
    'feed.secret': 'Do not give the address to others: whoever has it sees your bookings. If you gave it by mistake, create a new address.',
    'feed.revoked': 'Calendar turned off: it gets no more updates. Remove it from your phone’s calendar too.',
  },
});

/** Runs {@code draw} again whenever the page's language changes (translate() sets <html lang>). */
export function onPageLanguage(draw) {
  new MutationObserver(draw).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
}

/** A text that the page's language switch rewrites by itself. */
function said(tag, key, attributes = {}) {
  return el(tag, { ...attributes, 'data-t': key }, t(key));
}

/**
 * One feed's box: its state, the buttons to make, remake and switch it off, and, right after it
 * is made, the address with a copy button, the webcal link and how to add it.
 * @param {object} spec
 * @param {string} spec.id      prefix of the element ids (unique on the page)
 * @param {string} [spec.name]  what it is for, added to the buttons' accessible names (a resource's name)
 * @param {object} spec.keys    word keys for {none, secret} (a person's feed and a resource's say them differently)
 * @param {function} spec.load    resolves with {active, createdAt}
 * @param {function} spec.create  resolves with {httpsUrl, webcalUrl, createdAt}
 * @param {function} spec.revoke  resolves when switched off
 * @returns {{node: HTMLElement, refresh: function}}
 */
export function feedPanel(spec) {
  // made: the address just created (shown until the page is left); replaced: it stopped an older one;
  // revoked: switched off just now (said in the status line).
  const state = { loading: true, active: false, createdAt: null, made: null, replaced: false, revoked: false };
  const node = el('div', { class: 'calendar-feed', id: spec.id, dataset: { feed: spec.id } });
  const status = el('p', { role: 'status', id: spec.id + '-esito' });
  const alert = el('p', { role: 'alert', class: 'text-danger fw-semibold', id: spec.id + '-errore', hidden: true });

  const button = (key, tone, onclick, data) => el('button', { type: 'button', class: 'btn ' + tone, onclick, dataset: { action: data } },
    said('span', key), spec.name ? el('span', { class: 'visually-hidden' }, ' – ' + spec.name) : null);

  async function act(target, work) {
    alert.hidden = true;
    try {
      await busy(target, work);
    } catch (e) {
      showError(alert, e);
    }
  }

  async function make(event) {
    const replacing = state.active;
    await act(event.currentTarget, async () => {
      const made = await spec.create();
      Object.assign(state, { active: true, createdAt: made.createdAt, made, replaced: replacing, revoked: false });
      status.textContent = '';
      draw();
      focusOn(byId(spec.id + '-indirizzo'));
    });
  }

  async function switchOff(event) {
    await act(event.currentTarget, async () => {
      await spec.revoke();
      Object.assign(state, { active: false, createdAt: null, made: null, replaced: false, revoked: true });
      draw();
      focusOn(status);
    });
  }

  async function copy() {
    const input = byId(spec.id + '-indirizzo');
    let copied = false;
    try {
      await navigator.clipboard.writeText(input.value);
      copied = true;
    } catch (e) {
      input.select();
      copied = document.execCommand && document.execCommand('copy');
    }
    status.textContent = '';
    setTimeout(() => { status.textContent = t(copied ? 'feed.copied' : 'feed.copyFailed'); }, 50);
  }

  function address(made) {
    const inputId = spec.id + '-indirizzo';
    // Bootstrap Italia's callout; texts in divs, since its paragraphs switch to a serif font.
    return el('div', { class: 'callout success my-3', dataset: { part: 'address' } }, el('div', { class: 'callout-inner' },
      el('div', { class: 'callout-title' }, said('span', 'feed.ready', { class: 'text' })),
      said('div', 'feed.made', { class: 'fw-semibold mb-2' }),
      state.replaced ? said('div', 'feed.replaced', { class: 'mb-2' }) : null,
      el('div', { class: 'form-group mt-4 mb-1' },
        el('label', { for: inputId, class: 'active', 'data-t': 'feed.address' }, t('feed.address')),
        el('input', { id: inputId, type: 'text', class: 'form-control', readonly: true, value: made.httpsUrl,
          'aria-describedby': spec.id + '-suggerimento', spellcheck: 'false', autocomplete: 'off' })),
      said('div', 'feed.hint', { id: spec.id + '-suggerimento', class: 'form-text mb-2' }),
      el('div', { class: 'd-flex flex-wrap gap-2 my-3' },
        button('feed.copy', 'btn-primary', copy, 'copy'),
        el('a', { class: 'btn btn-outline-primary', href: made.webcalUrl, dataset: { action: 'open' } },
          said('span', 'feed.open'), spec.name ? el('span', { class: 'visually-hidden' }, ' – ' + spec.name) : null)),
      el('ul', { class: 'mb-2' }, said('li', 'feed.howPhone'), said('li', 'feed.howGoogle'), said('li', 'feed.howOften')),
      said('div', spec.keys.secret)));
  }

  function draw() {
    const summary = state.loading ? said('p', 'feed.loading')
      : state.active ? el('p', { dataset: { state: 'active' } }, t('feed.active', { date: fullDate(state.createdAt) }))
        : said('p', spec.keys.none, { dataset: { state: 'none' } });
    const actions = state.loading ? null : el('div', { class: 'd-flex flex-wrap gap-2 my-2' },
      state.active
        ? [button('feed.renew', 'btn-outline-primary', make, 'renew'), button('feed.revoke', 'btn-outline-danger', switchOff, 'revoke')]
        : button('feed.create', 'btn-primary', make, 'create'));
    if (state.revoked) status.textContent = t('feed.revoked');
    fill(node, summary,
      state.active && !state.made ? said('p', 'feed.hidden', { class: 'text-secondary' }) : null,
      state.made ? address(state.made) : null,
      actions, status, alert);
  }

  async function refresh() {
    state.loading = true;
    draw();
    try {
      const loaded = await spec.load();
      Object.assign(state, { active: !!loaded.active, createdAt: loaded.createdAt || null });
    } catch (e) {
      showError(alert, e);
    } finally {
      state.loading = false;
      draw();
    }
  }

  onPageLanguage(draw);
  draw();
  return { node, refresh, draw };
}

// ------------------------------------------------------------------ "Le mie prenotazioni"

const ME = '/api/v1/me/calendar-feed';
let mine = null;

/** Shows the section #calendario with the person's own feed (after sign-in). */
export function showCalendarFeed() {
  const section = byId('calendario');
  if (!section) return;
  if (!mine) {
    mine = feedPanel({
      id: 'calendario-mio', keys: { none: 'feed.none', secret: 'feed.secret' },
      load: () => api('GET', ME), create: () => api('POST', ME), revoke: () => api('DELETE', ME),
    });
    section.setAttribute('aria-labelledby', 'calendario-titolo');
    fill(section, said('h2', 'feed.title', { id: 'calendario-titolo', tabindex: '-1' }), said('p', 'feed.intro'), mine.node);
  }
  section.hidden = false;
  mine.refresh();
}

/** Hides it again (signed out). */
export function hideCalendarFeed() {
  const section = byId('calendario');
  if (section) section.hidden = true;
}
