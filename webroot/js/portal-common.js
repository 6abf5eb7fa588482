// What every portal page shares: the header (language switch, who is signed in, sign out), the
// words for tariffs and free places, and problems explained in the visitor's language (the areas'
// names come from the server: areas.js).
// Builds on sportello.js and signin.js (the header); nothing here talks to the API by itself.
import './portal-words.js';
import { t, Problem, euro } from './sportello.js';
import { startHeader } from './signin.js';
import { durationText } from './slot-picker.js';

const languageListeners = [];

/** Runs {@code listener} after the visitor switches language, to redraw what the page built itself. */
export function onLanguage(listener) {
  languageListeners.push(listener);
}

/** Fills the page's words and wires the header. Call once, first, on every portal page. */
export function startPage() {
  startHeader({
    onLanguage: () => languageListeners.forEach(l => l()),
    afterSignOut: () => location.assign('/'),
  });
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
  // A problem that names which rule said no (a place-limit's "limit") has words per rule.
  const rule = error.body.limit ? key + '.' + error.body.limit : null;
  if (rule && t(rule) !== rule) return t(rule, { ...error.body, ...values });
  if (slug && t(key) !== key) return t(key, { ...error.body, ...values });
  return error.message;
}

/** The type of a problem without its prefix, e.g. "cancellation-window". */
export function problemType(error) {
  return error instanceof Problem ? String(error.body.type || '').replace('/problems/', '') : '';
}

/** Who offers a service: the cooperative's name, or a Comune's, association's or shop's with what it is. */
export function providerText(provider) {
  return provider.kind && provider.kind !== 'cooperative'
    ? provider.name + ' (' + t('provider.kind.' + provider.kind) + ')' : provider.name;
}

export function tariffText(tariff) {
  return euro(tariff.cents) + ' ' + t('unit.' + tariff.unit);
}

/**
 * What a time costs for one place, honestly: how long it lasts, the price the pricing rule gives it
 * ({@code slot.price.cents}, what a hold is charged) and, when that is not the tariff itself, the
 * tariff with its unit: "2 ore · 42,00 € (21,00 € all’ora)", "1 ora · 18,00 € a incontro".
 */
export function slotPrice(tariff, slot) {
  const cents = slot.price && typeof slot.price.cents === 'number' ? slot.price.cents : null;
  const price = cents === null || cents === tariff.cents ? tariffText(tariff) : euro(cents) + ' (' + tariffText(tariff) + ')';
  return durationText(slot.start, slot.end) + ' · ' + price;
}

/** "Costo: 23,00 € (1 ora · 23,00 € all’ora).": what {@code places} at {@code slot} cost (the tariff per place). */
export function costText(tariff, slot, places) {
  return t('cost.line', { price: euro(tariff.cents * places), detail: slotPrice(tariff, slot) });
}

export function freeText(free) {
  if (free <= 0) return t('free.none');
  return free === 1 ? t('free.one') : t('free.many', { n: free });
}

export function placesText(places) {
  return places === 1 ? t('hold.places.one') : t('hold.places.many', { n: places });
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
