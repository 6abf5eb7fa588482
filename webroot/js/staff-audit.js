// The staff page's change log: every change to a staff account, newest first (GET /staff/audit).
import { api, t, showError } from './sportello.js';
import { byId, el, fill } from './dom.js';
import { dateTime } from './time.js';

export async function showAudit() {
  byId('registro-errore').hidden = true;
  try {
    const { items } = await api('GET', '/api/v1/staff/audit?limit=200');
    draw(items);
  } catch (error) {
    showError(byId('registro-errore'), error);
  }
}

function draw(items) {
  const box = byId('registro-elenco');
  if (items.length === 0) {
    fill(box, el('p', {}, t('staff.audit.none')));
    return;
  }
  fill(box, el('div', { class: 'table-responsive' }, el('table', { class: 'table staff-table' },
    el('caption', { class: 'visually-hidden' }, t('staff.audit.caption')),
    el('thead', {}, el('tr', {}, ['staff.audit.when', 'staff.audit.who', 'staff.audit.what', 'staff.audit.whom', 'staff.audit.change']
      .map(key => el('th', { scope: 'col' }, t(key))))),
    el('tbody', {}, items.map(entry => el('tr', { 'data-action': entry.action },
      el('td', {}, dateTime(entry.at)),
      el('td', {}, entry.actor.name),
      el('td', {}, t('staff.action.' + entry.action)),
      el('th', { scope: 'row' }, entry.target.name,
        el('span', { class: 'd-block fw-normal' }, entry.target.kioskId ? t('staff.audit.kiosk') : entry.target.username)),
      el('td', {}, changes(entry))))))));
}

/** What changed, in words: the roles and queues after, and before when they differ. */
function changes(entry) {
  if (entry.target.kioskId) {
    return entry.after.revoked ? t('staff.audit.kioskRevoked') : t('staff.audit.kioskWhere', { place: entry.after.location });
  }
  const list = snapshot => [...snapshot.roles.map(r => t('role.' + r)), ...(snapshot.queues || []).map(q => q.queue)].join(', ');
  const after = list(entry.after);
  const before = entry.before ? list(entry.before) : null;
  return [el('span', { class: 'd-block' }, t('staff.audit.roles', { list: after })),
    before !== null && before !== after ? el('span', { class: 'd-block' }, t('staff.audit.before', { list: before })) : null];
}
