// The demand beside the offer, on the cooperative's services page (gestione.html): for each area and
// municipality where it offers a live service, how many answers to the needs survey ask for that area
// and how many live services (of any cooperative) offer it there (GET /api/v1/provider/demand).
// A number of fewer than five answers is not shown.
import { t, api, showError } from './sportello.js';
import { byId, el, fill } from './dom.js';
import { areaLabel } from './areas.js';
import './survey-words.js';

const state = { demand: null };

export async function startDemand() {
  try {
    state.demand = await api('GET', '/api/v1/provider/demand');
  } catch (e) {
    showError(byId('domanda-errore'), e);
  }
  renderDemand();
}

export function renderDemand() {
  const d = state.demand;
  if (!d) return;
  byId('domanda-intro').textContent = t('dm.intro', { n: d.minPeople });
  fill(byId('domanda'), d.items.length === 0 ? el('p', {}, t('dm.none')) :
    el('ul', { id: 'domanda-elenco' }, d.items.map(i => {
      const words = { place: i.municipalityName, area: areaLabel(i.area), services: i.services, n: d.minPeople, answers: i.answers };
      return el('li', { 'data-area': i.area, 'data-municipality': i.municipality },
        t(i.hidden ? 'dm.hidden' : i.answers === 0 ? 'dm.zero' : 'dm.line', words));
    })));
}
