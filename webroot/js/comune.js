// The municipal officer's page (/comune.html): signs the officer in, reads their Comune (GET
// /api/v1/comune) and gives it to each section module, which draws into its own <section>. A
// section is {id, start(comune, section, host), render()}, and may answer host.changed() (a bando
// created, published or decided: redraw what depends on it) and show(arg) (host.show(id, arg)
// brings it forward, as "Domande" of a bando). This file stays the page's frame only.
import { t, api, showError } from './sportello.js';
import { byId, el } from './dom.js';
import { signedIn, startHeader } from './signin.js';
import * as shops from './comune-shops.js';
import * as bandi from './comune-bandi.js';
import * as applications from './comune-domande.js';
import * as reports from './comune-resoconti.js';
import './comune-words.js';

const SECTIONS = [bandi, applications, reports, shops];
/** What sections ask of each other, through the page. */
const host = {
  show(id, arg) { SECTIONS.find(s => s.id === id).show(arg); },
  changed(from) { SECTIONS.filter(s => s.id !== from && s.changed).forEach(s => s.changed()); },
};
const state = { comune: null };

startHeader({ onLanguage: render });
signedIn({ role: 'municipal_officer' }).then(start);

async function start() {
  try {
    state.comune = await api('GET', '/api/v1/comune');
  } catch (e) {
    showError(byId('comune-errore'), e);
    return;
  }
  const box = byId('sezioni');
  box.replaceChildren(el('p', { class: 'lead', id: 'comune-intro' }, t('comune.intro')));
  for (const section of SECTIONS) {
    const part = el('section', { id: section.id, class: 'mb-5', 'aria-labelledby': section.id + '-titolo' });
    box.append(part);
    section.start(state.comune, part, host);
  }
  box.hidden = false;
  render();
}

function render() {
  document.title = t('comune.pageTitle');
  if (!state.comune) return;
  byId('titolo').textContent = state.comune.comune.name;
  byId('comune-intro').textContent = t('comune.intro');
  SECTIONS.forEach(section => section.render());
}
