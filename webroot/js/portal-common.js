// What every portal page shares: the header (language switch, who is signed in, sign out), the
// words for areas, tariffs and free places, dates in Europe/Rome, and problems explained in the
// visitor's language. Builds on sportello.js; nothing here talks to the API by itself.
import './portal-words.js';
import {
  t, translate, languageSwitch, identity, signOut, currentLanguage, Problem, euro, busy,
} from './sportello.js';

export const AREAS = ['education', 'childhood', 'elderly', 'work_life', 'health'];

const languageListeners = [];

/** Runs {@code listener} after the visitor switches language, to redraw what the page built itself. */
export function onLanguage(listener) {
  languageListeners.push(listener);
}

/** Fills the page's words and wires the header. Call once, first, on every portal page. */
export function startPage() {
  translate();
  languageSwitch(document.getElementById('lingua'), () => {
    showAccount();
    languageListeners.forEach(l => l());
  });
  document.getElementById('esci').addEventListener('click', async event => {
    await busy(event.currentTarget, signOut);
    location.assign('/');
  });
  showAccount();
}

/** Shows in the header who is signed in (or the sign-in link). Call again after signing in. */
export function showAccount() {
  const who = identity();
  document.getElementById('chi').textContent = who ? t('auth.as') + ' ' + who.name : '';
  document.getElementById('esci').hidden = !who;
  document.getElementById('accedi').hidden = !!who;
}

/** Replaces {@code node}'s content, leaving out empty parts (replaceChildren would write "null"). */
export function fill(node, ...children) {
  node.replaceChildren(...children.flat().filter(c => c !== null && c !== undefined && c !== false));
  return node;
}

/** Moves keyboard and screen-reader focus to {@code node} (headings get tabindex -1 for it). */
export function focusOn(node) {
  if (!node) return;
  if (!node.hasAttribute('tabindex') && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(node.tagName)) {
    node.setAttribute('tabindex', '-1');
  }
  node.focus();
}

/**
 * Says what went wrong in the visitor's language: known problem types have words of their own,
 * others keep the server's explanation (written in plain Italian).
 */
export function explain(error, values = {}) {
  if (!(error instanceof Problem)) return t('error.generic');
  if (error.status === 401) return t('problem.unauthorized');
  const slug = String(error.body.type || '').replace('/problems/', '');
  const key = 'problem.' + slug;
  if (slug && t(key) !== key) return t(key, values);
  return error.message;
}

/** The type of a problem without its prefix, e.g. "cancellation-window". */
export function problemType(error) {
  return error instanceof Problem ? String(error.body.type || '').replace('/problems/', '') : '';
}

export function areaName(area) {
  return t('area.' + area);
}

export function tariffText(tariff) {
  return euro(tariff.cents) + ' ' + t('unit.' + tariff.unit);
}

export function freeText(free) {
  if (free <= 0) return t('free.none');
  return free === 1 ? t('free.one') : t('free.many', { n: free });
}

export function placesText(places) {
  return places === 1 ? t('hold.places.one') : t('hold.places.many', { n: places });
}

function locale() {
  return currentLanguage() === 'it' ? 'it-IT' : 'en-GB';
}

/** The calendar day in Italy (YYYY-MM-DD) of an instant; now by default. */
export function romeDay(instant = new Date()) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(instant instanceof Date ? instant : new Date(instant));
}

export function addDays(day, n) {
  const date = new Date(day + 'T12:00:00Z');
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

/** "sabato 28 novembre" for a YYYY-MM-DD day. */
export function dayName(day) {
  return new Intl.DateTimeFormat(locale(), { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' })
    .format(new Date(day + 'T12:00:00Z'));
}

/** "28 nov" for a YYYY-MM-DD day. */
export function shortDay(day) {
  return new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', timeZone: 'UTC' })
    .format(new Date(day + 'T12:00:00Z'));
}

/** "10:00", Italian time, for an instant. */
export function clock(iso) {
  return new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Rome' })
    .format(new Date(iso));
}

/** "sab 28 nov, 10:00–11:00" */
export function slotWhen(start, end) {
  const day = new Intl.DateTimeFormat(locale(), { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'Europe/Rome' })
    .format(new Date(start));
  return day + ', ' + clock(start) + (end ? '–' + clock(end) : '');
}

/** "28/11/2026" style date for tables. */
export function plainDate(isoOrDay) {
  const value = /^\d{4}-\d{2}-\d{2}$/.test(isoOrDay) ? new Date(isoOrDay + 'T12:00:00Z') : new Date(isoOrDay);
  return new Intl.DateTimeFormat(locale(), { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Rome' })
    .format(value);
}

/** Marks {@code region} busy and shows {@code text} in {@code status} while {@code work} runs. */
export async function loading(region, status, text, work) {
  region.setAttribute('aria-busy', 'true');
  status.textContent = text;
  status.classList.add('portal-loading');
  try {
    return await work();
  } finally {
    region.removeAttribute('aria-busy');
    status.classList.remove('portal-loading');
    if (status.textContent === text) status.textContent = '';
  }
}
