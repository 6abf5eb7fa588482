// Choosing the municipalities a service serves by name (GET /api/v1/municipalities), not by ISTAT
// code: a search field that narrows a list of checkboxes, and the chosen ones as chips that can be
// taken away. The API still receives the codes.
import { t, getPublic } from './sportello.js';
import { el, fill } from './dom.js';
import { icon } from './site-chrome.js';

/** At most this many matches are listed at once; a search narrows the rest. */
const SHOWN = 30;

let all = [];
let loading = null;

/** Loads every municipality once per page: [{code, name, province}], by name. */
export function loadMunicipalities() {
  if (!loading) {
    loading = getPublic('/api/v1/municipalities').then(answer => {
      all = answer.items || [];
      return all;
    }, e => {
      loading = null;
      throw e;
    });
    loading.catch(() => {});
  }
  return loading;
}

/** "Bergamo (BG)", or the code itself when Sportello does not know it. */
export function municipalityName(code) {
  const m = all.find(x => x.code === code);
  return m ? `${m.name} (${m.province})` : code;
}

function plain(text) {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/**
 * The picker, with ids from {@code id}: the search field is #id (it carries {@code pointer}, so
 * the API's error about the municipalities lands next to it), #id-errore its error. Returns
 * {element, get() -> [codes], set(codes), redraw()}.
 */
export function municipalityPicker({ id, pointer, label, hint }) {
  const chosen = new Set();
  const search = el('input', { id, type: 'search', class: 'form-control', autocomplete: 'off', 'data-pointer': pointer,
    'aria-describedby': `${id}-aiuto ${id}-scelti ${id}-errore`, 'aria-controls': id + '-elenco' });
  const chips = el('div', { id: id + '-scelti', class: 'd-flex flex-wrap gap-2 my-2', 'aria-live': 'polite' });
  const list = el('fieldset', { id: id + '-elenco', class: 'admin-municipalities' });
  const more = el('p', { class: 'form-text mb-0' });
  const labelNode = el('label', { for: id, class: 'form-label' }, el('span', { 'data-t': label }, t(label)));
  const hintNode = el('p', { id: id + '-aiuto', class: 'form-text mt-0 mb-1', 'data-t': hint }, t(hint));

  function toggle(code, on) {
    if (on) chosen.add(code);
    else chosen.delete(code);
    drawChips();
    const box = list.querySelector(`input[value="${CSS.escape(code)}"]`);
    if (box) box.checked = on;
  }

  function drawChips() {
    const codes = [...chosen].sort((a, b) => municipalityName(a).localeCompare(municipalityName(b)));
    fill(chips, codes.length === 0 ? el('span', { class: 'form-text' }, t('mun.noneChosen'))
      : codes.map(code => el('div', { class: 'chip chip-lg', 'data-chosen': code },
        el('span', { class: 'chip-label' }, municipalityName(code)),
        el('button', { type: 'button', onclick: () => { toggle(code, false); search.focus(); } },
          icon('it-close'), el('span', { class: 'visually-hidden' }, t('mun.remove', { name: municipalityName(code) }))))));
  }

  function drawList() {
    const words = plain(search.value.trim());
    const matches = all.filter(m => !words || plain(m.name).includes(words) || m.code.startsWith(words));
    list.replaceChildren(el('legend', { class: 'visually-hidden' }, t('mun.listLegend')),
      ...matches.slice(0, SHOWN).map(m => {
        const boxId = `${id}-${m.code}`;
        return el('div', { class: 'form-check' },
          el('input', { type: 'checkbox', class: 'form-check-input', id: boxId, value: m.code, checked: chosen.has(m.code),
            onchange: event => toggle(m.code, event.target.checked) }),
          el('label', { class: 'form-check-label', for: boxId }, `${m.name} (${m.province})`));
      }));
    if (matches.length === 0) list.append(el('p', { class: 'mb-0' }, t('mun.noMatch')));
    more.textContent = matches.length > SHOWN ? t('mun.more', { n: matches.length - SHOWN }) : '';
  }

  search.addEventListener('input', drawList);
  const element = el('div', { class: 'col-12 admin-field' }, labelNode, hintNode, search, chips, list, more,
    el('p', { class: 'field-error mb-0', id: id + '-errore', hidden: true }));
  drawChips();
  drawList();
  return {
    element,
    get: () => [...chosen],
    set(codes) {
      chosen.clear();
      (codes || []).forEach(code => chosen.add(code));
      search.value = '';
      drawChips();
      drawList();
    },
    redraw() {
      labelNode.querySelector('span').textContent = t(label);
      hintNode.textContent = t(hint);
      drawChips();
      drawList();
    },
  };
}
