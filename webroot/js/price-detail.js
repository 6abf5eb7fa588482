// A booking's price as the server quoted it (part A's quote: {priceCents, unit, quantity, unitCents,
// places, lines, discount?, isee?, rounding}), shown the same way wherever a price is shown: the
// portal's payment step, "Le mie prenotazioni" and the operator's console. The words are built from
// the quote's numbers (so they exist in both languages); the amounts are the server's, to the cent.
import { words, t, euro } from './sportello.js';
import { el } from './dom.js';

words({
  it: {
    'price.unit.hour': 'all’ora', 'price.unit.session': 'a incontro', 'price.unit.day': 'al giorno',
    'price.unit.place': 'a persona', 'price.unit.week': 'a settimana', 'price.unit.month': 'al mese',
    'price.tariff': 'Tariffa', 'price.tickets': 'Biglietti', 'price.quantity': 'Quantità', 'price.discount': 'Sconto', 'price.total': 'Totale',
    'price.isee': 'tariffa ridotta per ISEE fino a {upTo}',
    'price.hours.one': '1 ora', 'price.hours.many': '{n} ore', 'price.minutes.one': '1 minuto',
    'price.minutes.many': '{n} minuti', 'price.hoursAndMinutes': '{hours} e {minutes}',
    'price.days.one': '1 giorno', 'price.days.many': '{n} giorni', 'price.once': 'una volta',
    'price.places.one': '1 posto', 'price.places.many': '{n} posti',
    'price.discount.card': 'Carta Welfare', 'price.discount.percent': '{value}%',
    'price.discount.fixed': 'prezzo concordato {price}',
    'price.rounding.hour': 'Il prezzo è calcolato sui minuti reali dell’orario e arrotondato al centesimo una sola volta, sul totale.',
    'price.rounding.exact': 'Il prezzo è esatto al centesimo: nessun arrotondamento.',
    'price.rounding.percent': 'Lo sconto in percentuale è arrotondato al centesimo.',
    'price.short': '{duration} · {price}',
  },
  en: {
    'price.unit.hour': 'per hour', 'price.unit.session': 'per session', 'price.unit.day': 'per day',
    'price.unit.place': 'per person', 'price.unit.week': 'per week', 'price.unit.month': 'per month',
    'price.tariff': 'Rate', 'price.tickets': 'Tickets', 'price.quantity': 'Quantity', 'price.discount': 'Discount', 'price.total': 'Total',
    'price.isee': 'reduced rate for ISEE up to {upTo}',
    'price.hours.one': '1 hour', 'price.hours.many': '{n} hours', 'price.minutes.one': '1 minute',
    'price.minutes.many': '{n} minutes', 'price.hoursAndMinutes': '{hours} and {minutes}',
    'price.days.one': '1 day', 'price.days.many': '{n} days', 'price.once': 'once',
    'price.places.one': '1 place', 'price.places.many': '{n} places',
    'price.discount.card': 'Welfare Card', 'price.discount.percent': '{value}%',
    'price.discount.fixed': 'agreed price {price}',
    'price.rounding.hour': 'The price is worked out on the real minutes of the time and rounded to the cent once, on the total.',
    'price.rounding.exact': 'The price is exact to the cent: no rounding.',
    'price.rounding.percent': 'A percentage discount is rounded to the cent.',
    'price.short': '{duration} · {price}',
  },
});

/** "21,00 € all’ora". */
export function tariffWords(unit, cents) {
  return euro(cents) + ' ' + t('price.unit.' + unit);
}

/** "2 ore", "1 ora e 30 minuti", "45 minuti" from a number of minutes. */
export function minutesText(minutes) {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const h = hours === 0 ? '' : hours === 1 ? t('price.hours.one') : t('price.hours.many', { n: hours });
  const m = rest === 0 ? '' : rest === 1 ? t('price.minutes.one') : t('price.minutes.many', { n: rest });
  if (!h) return m;
  return m ? t('price.hoursAndMinutes', { hours: h, minutes: m }) : h;
}

/** How much of the unit one place takes: hours for an hourly price, days for a daily one, else "once". */
function quantityText(price) {
  const quantity = Number(price.quantity || 1);
  const places = price.places || 1;
  const what = price.unit === 'hour' ? minutesText(Math.round(quantity * 60))
    : price.unit === 'day' ? (quantity === 1 ? t('price.days.one') : t('price.days.many', { n: quantity }))
      : t('price.once');
  return places === 1 ? what : what + ' × ' + t('price.places.many', { n: places });
}

function discountText(discount) {
  const how = discount.kind === 'percent' ? t('price.discount.percent', { value: String(discount.value).replace('.', ',') })
    : t('price.discount.fixed', { price: euro(Number(discount.value)) });
  return '−' + euro(discount.cents) + ' (' + (discount.cardNumber ? t('price.discount.card') + ', ' : '') + how + ')';
}

function roundingText(price) {
  const base = t(price.unit === 'hour' ? 'price.rounding.hour' : 'price.rounding.exact');
  return price.discount && price.discount.kind === 'percent' ? base + ' ' + t('price.rounding.percent') : base;
}

/** Whether {@code price} is a quote (bookings held before prices were quoted carry {}). */
export function isQuote(price) {
  return !!price && typeof price.priceCents === 'number' && !!price.unit;
}

/**
 * The quote as a list of facts: rate (with its ISEE band), quantity, discount, total, and how the
 * cents were reached; for a purchase of tickets, each type's line and the total. {@code idPrefix} names the total ({@code <prefix>-totale}) for tests and
 * for aria-describedby.
 */
export function priceDetail(price, idPrefix) {
  if (price.tickets) return ticketsDetail(price, idPrefix);
  const tariff = tariffWords(price.unit, price.unitCents)
    + (price.isee ? ' (' + t('price.isee', { upTo: euro(price.isee.upToCents) }) + ')' : '');
  return el('div', { class: 'price-detail', dataset: { priceCents: String(price.priceCents) } },
    el('dl', { class: 'portal-facts' },
      el('dt', {}, t('price.tariff')), el('dd', {}, tariff),
      el('dt', {}, t('price.quantity')), el('dd', {}, quantityText(price)),
      price.discount ? [el('dt', {}, t('price.discount')), el('dd', {}, discountText(price.discount))] : null,
      el('dt', {}, t('price.total')),
      el('dd', { id: idPrefix + '-totale', class: 'fw-bold' }, euro(price.priceCents))),
    el('p', { class: 'form-text' }, roundingText(price)));
}

/** A purchase of tickets: a line per ticket type ("2 × Intero: 24,00 €"), then the total. */
function ticketsDetail(price, idPrefix) {
  return el('div', { class: 'price-detail', dataset: { priceCents: String(price.priceCents) } },
    el('dl', { class: 'portal-facts' },
      el('dt', {}, t('price.tickets')),
      ...price.lines.map(line => el('dd', {}, line.label + ': ' + euro(line.cents))),
      el('dt', {}, t('price.total')),
      el('dd', { id: idPrefix + '-totale', class: 'fw-bold' }, euro(price.priceCents))));
}

/** "2 ore · 42,00 €": how long and what it costs in one line (a quote's total, or the slot's listed price). */
export function shortPrice(minutes, cents) {
  return t('price.short', { duration: minutesText(minutes), price: euro(cents) });
}
