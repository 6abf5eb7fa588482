// Dates and times as people in Italy read them: every instant is shown in Europe/Rome, in the
// page's language. A calendar day travels as "YYYY-MM-DD" and is read at noon UTC, which is the
// same day in Rome whatever the season.
import { locale } from './sportello.js';

const ROME = 'Europe/Rome';
const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;
const formatters = new Map();

function formatter(options, language = locale()) {
  const key = language + JSON.stringify(options);
  if (!formatters.has(key)) formatters.set(key, new Intl.DateTimeFormat(language, { ...options, timeZone: ROME }));
  return formatters.get(key);
}

/** A Date for an instant (Date, ISO text, milliseconds) or a calendar day "YYYY-MM-DD". */
function toDate(value) {
  if (value instanceof Date) return value;
  return CALENDAR_DAY.test(value) ? new Date(value + 'T12:00:00Z') : new Date(value);
}

/** {@code value} written with {@code options}; nothing for no value. */
function format(value, options) {
  return value === undefined || value === null || value === '' ? '' : formatter(options).format(toDate(value));
}

/** The calendar day in Italy (YYYY-MM-DD) of an instant; today by default. */
export function romeDay(instant = new Date()) {
  const parts = {};
  formatter({ year: 'numeric', month: '2-digit', day: '2-digit' }, 'en-GB').formatToParts(toDate(instant))
    .forEach(part => { parts[part.type] = part.value; });
  return parts.year + '-' + parts.month + '-' + parts.day;
}

/** The calendar day {@code n} days after {@code day} (both YYYY-MM-DD). */
export function addDays(day, n) {
  const date = new Date(toDate(day));
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

/** "10:00" (or "10:00:05" with {@code seconds}), Italian time. */
export function clock(value, { seconds = false } = {}) {
  const options = { hour: '2-digit', minute: '2-digit' };
  return format(value, seconds ? { ...options, second: '2-digit' } : options);
}

/** "sab 28 nov, 10:00", or with an end "sab 28 nov, 10:00–11:00". */
export function dateTime(start, end) {
  const text = format(start, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  return end ? text + '–' + clock(end) : text;
}

/** A chat message's time: "10:00" today, "28 nov, 10:00" on another day. */
export function messageTime(value) {
  return romeDay(toDate(value)) === romeDay()
    ? clock(value)
    : format(value, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/** "sabato 28 novembre" */
export function dayName(value) {
  return format(value, { weekday: 'long', day: 'numeric', month: 'long' });
}

/** "lunedì 14 settembre 2026" */
export function fullDate(value) {
  return format(value, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

/** "lun 14 set 2026" */
export function shortDate(value) {
  return format(value, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
}

/** "sab 28 nov": a day on a small button. */
export function shortDayName(value) {
  return format(value, { weekday: 'short', day: 'numeric', month: 'short' });
}

/** "28 nov" */
export function shortDay(value) {
  return format(value, { day: 'numeric', month: 'short' });
}

/** "28/11/2026", for tables. */
export function plainDate(value) {
  return format(value, { day: '2-digit', month: '2-digit', year: 'numeric' });
}
