// The read log as a table, for the person ("Chi ha letto i tuoi dati") and for the privacy
// officer, who also sees who read and whose data.
import { t } from './sportello.js';
import { el } from './dom.js';
import { dateTime } from './time.js';

/** A table of reads; {@code withNames}: the reader's and the person's names (the privacy officer's view). */
export function readsTable(items, { withNames = false } = {}) {
  const head = ['privacy.reads.when', withNames && 'privacy.reads.reader', 'privacy.reads.role',
    'privacy.reads.organisation', withNames && 'privacy.reads.person', 'privacy.reads.what', withNames && 'privacy.register.ref']
    .filter(Boolean);
  return el('div', { class: 'table-responsive' }, el('table', { class: 'table table-sm' },
    el('thead', {}, el('tr', {}, head.map(key => el('th', { scope: 'col' }, t(key))))),
    el('tbody', {}, items.map(read => el('tr', {},
      el('td', {}, dateTime(read.at)),
      withNames && el('td', {}, read.readerName || read.reader),
      el('td', {}, read.roles.map(role => t('privacy.role.' + role)).join(', ')),
      el('td', {}, read.organisation || ''),
      withNames && el('td', {}, read.personName || read.person),
      el('td', {}, t('privacy.what.' + read.what)),
      withNames && el('td', {}, read.ref || ''))))));
}
