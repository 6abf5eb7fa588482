// What the cooperative's admin pages share (gestione.html and gestione-*.html, one page per task):
// the header with its sign-in for provider administrators, the sub-menu between the pages, tables
// and row actions, status messages, and the refusals shown in a list's alert. Each page's own
// module (admin-services.js, admin-resources.js, admin-schedule.js, admin-bookings.js) calls
// startAdminPage() and draws the rest.
import { t, showError, hasRole } from './sportello.js';
import { byId, el } from './dom.js';
import './admin-words.js';
import { signedIn, startHeader } from './signin.js';
import { showConflict } from './admin-form.js';
import { INTAKE_KINDS } from './intake-form.js';

/** The admin pages, in the sub-menu's order: id (the page's data-admin-page), address, name. */
const PAGES = [
  { id: 'services', href: '/gestione.html', key: 'admin.nav.services' },
  { id: 'resources', href: '/gestione-risorse.html', key: 'admin.nav.resources' },
  { id: 'schedule', href: '/gestione-orari.html', key: 'admin.nav.schedule' },
  { id: 'bookings', href: '/gestione-prenotazioni.html', key: 'admin.nav.bookings' },
  { id: 'day', href: '/giornata-ente.html', key: 'admin.nav.day', staff: true },
  { id: 'projects', href: '/progetti-ente.html', key: 'admin.nav.projects' },
  { id: 'payments', href: '/pagamenti-ente.html', key: 'admin.nav.payments' },
];

/**
 * Starts an admin page: words, header, sub-menu, sign-in as a provider administrator (or, on a
 * page that lets them in with {@code staff}, as the cooperative's staff); then shows #gestione and
 * resolves. {@code onLanguage} redraws what the page drew itself.
 */
export async function startAdminPage({ onLanguage, staff = false } = {}) {
  startHeader({ onLanguage: () => { drawSubMenu(); if (onLanguage) onLanguage(); } });
  drawSubMenu();
  const who = await signedIn(staff ? { roles: ['provider_admin', 'provider_staff'] } : { role: 'provider_admin' });
  drawSubMenu();
  byId('gestione').hidden = false;
  return who;
}

/** The sub-menu between the admin pages, this one marked as current (Bootstrap Italia's tabs). */
function drawSubMenu() {
  const nav = byId('sottomenu');
  const current = document.body.dataset.adminPage;
  nav.setAttribute('aria-label', t('admin.nav'));
  // The cooperative's staff (not admins) have only the pages that let them in.
  const pages = hasRole('provider_staff') && !hasRole('provider_admin') ? PAGES.filter(page => page.staff) : PAGES;
  nav.replaceChildren(el('ul', { class: 'nav nav-tabs admin-tabs' }, pages.map(page => el('li', { class: 'nav-item' },
    el('a', { class: 'nav-link' + (page.id === current ? ' active' : ''), href: page.href,
      'aria-current': page.id === current ? 'page' : null }, t(page.key))))));
}

/** A table with a caption for screen readers, in Bootstrap Italia's responsive wrapper; {@code empty} when no rows. */
export function table(caption, headers, rows, empty) {
  if (rows.length === 0) return el('p', {}, t(empty));
  return el('div', { class: 'table-responsive' }, el('table', { class: 'table admin-table' },
    el('caption', { class: 'visually-hidden' }, caption),
    el('thead', {}, el('tr', {}, headers.map(key => el('th', { scope: 'col' }, t(key))))),
    el('tbody', {}, rows)));
}

/** A row action whose accessible name says which row it acts on ("Modifica Doposcuola"). */
export function action(wordKey, name, onclick, extra = {}) {
  return el('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', onclick, ...extra },
    t(wordKey), el('span', { class: 'visually-hidden' }, ' ' + name));
}

/** What a schedule change did to the time slots, as a sentence to add to the page's message. */
export function slotsText(answer) {
  const s = answer && answer.slots;
  return s ? ' ' + t('slots.changed', { added: s.added, removed: s.removed, resized: s.resized }) : '';
}

/** Says {@code message} in a role=status element; a fresh text each time, so the same message twice is announced twice. */
export function say(statusId, message) {
  const status = byId(statusId);
  status.textContent = '';
  setTimeout(() => { status.textContent = message; }, 50);
}

/** The form's buttons: save, and cancel (shown while something is being edited). */
export function submitRow(prefix, saveKey) {
  return el('div', { class: 'd-flex flex-wrap gap-2 align-items-center my-3' },
    el('button', { type: 'submit', class: 'btn btn-primary', id: prefix + '-salva' }, t(saveKey)),
    el('button', { type: 'button', id: prefix + '-annulla', class: 'btn btn-outline-primary', hidden: true }, t('admin.cancelEdit')));
}

/** Select options [value, word key] for values named by prefix + value. */
export function options(values, prefix) {
  return values.map(v => [String(v), prefix + v]);
}

/** A refusal of a row action in the list's alert: a schedule conflict as the booked slots, anything else as its text. */
export function problemInList(alertId, error, resourceName = id => id) {
  const alert = byId(alertId);
  if (error && error.status === 409 && error.body && error.body.type === '/problems/schedule-conflict') {
    showConflict(alert, error.body, resourceName);
  } else {
    showError(alert, error);
  }
}

/** Sets a button's word unless it is busy (busy() puts its own back). */
export function setButton(id, key) {
  const button = byId(id);
  if (!button.disabled) button.textContent = t(key);
}

/** Hides the loading line, or shows the error that stopped the page. */
export function loaded(error) {
  const loading = byId('carico');
  loading.textContent = '';
  loading.removeAttribute('data-t');
  if (error) showError(byId('gestione-errore'), error);
}

/** The intake answers given, in the kinds' order (intake-form.js), as more rows of a description list. */
export function answers(intake) {
  const given = Object.keys(INTAKE_KINDS).filter(kind => intake && intake[kind]);
  if (given.length === 0) return [el('dt', {}, t('bk.answers')), el('dd', {}, t('bk.noAnswers'))];
  return given.flatMap(kind => [
    el('dt', { 'data-t': 'intake.shown.' + kind }, t('intake.shown.' + kind)),
    el('dd', { class: kind === 'notes' ? 'admin-notes' : null, 'data-intake': kind }, intake[kind]),
  ]);
}
