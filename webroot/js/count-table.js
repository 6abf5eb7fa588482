// Tables of counts on the company and survey pages. A table wider than a phone scrolls in its own
// box, which the keyboard can reach (tabindex) and a screen reader names (a region labelled by the
// caption). A count hidden because fewer than five people make it shows a dash and tells a screen
// reader why, in the page's own words.
import { el } from './dom.js';

/** The scrolling box around a table of counts: {@code sections} are its thead, tbody and tfoot. */
export function countTable(caption, id, sections, spacing = 'mb-4') {
  return el('div', { class: ['table-responsive', 'company-scroll', spacing].filter(Boolean).join(' '), tabindex: '0', role: 'region', 'aria-label': caption },
    el('table', { class: 'table company-table', id }, el('caption', {}, caption), ...sections));
}

/** A count's cell: the text, or the dash and {@code hiddenWords} when the figure is hidden. */
export function countCell(hidden, text, hiddenWords) {
  return hidden
    ? el('td', { class: 'company-count' }, el('span', { 'aria-hidden': 'true' }, '—'),
      el('span', { class: 'visually-hidden' }, hiddenWords))
    : el('td', { class: 'company-count' }, text);
}
