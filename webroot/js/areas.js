// The service areas, as the server has them (GET /api/v1/areas, public and cacheable; the
// table is in db/migration V15): their codes in display order and their names in Italian and
// English. Read once per page: every screen that lists or names areas asks here, waits for
// loadAreas() before drawing them, and calls areaLabel() again after a language switch.
import { currentLanguage, getPublic } from './sportello.js';

let items = [];
let loading = null;

/**
 * Loads the areas, once per page: every caller shares the same request. Resolves with the codes
 * in display order; rejects with a {@link Problem} (a later call asks the server again).
 */
export function loadAreas() {
  if (!loading) {
    loading = getPublic('/api/v1/areas').then(answer => {
      items = answer.items || [];
      return areaCodes();
    }, e => {
      loading = null;
      throw e;
    });
    // Pages may start the request before they wait for it: a failure is theirs to show, not an unhandled rejection.
    loading.catch(() => {});
  }
  return loading;
}

/** The area codes in display order; empty until loadAreas() has resolved. */
export function areaCodes() {
  return items.map(item => item.code);
}

/** An area's name in the current language (Italian when that one is missing; the code if unknown). */
export function areaLabel(code) {
  const item = items.find(i => i.code === code);
  if (!item) return code || '';
  const labels = item.labels || {};
  return labels[currentLanguage()] || labels.it || code;
}
