// The employee's needs survey (/questionario.html): the open surveys for them (GET /api/v1/me/surveys),
// each not yet answered as a form (GET /api/v1/surveys/{id} gives the questions); the answer goes once
// (POST /api/v1/surveys/{id}/answers) and is stored without the person.
import { t, api, busy, showError, Problem } from './sportello.js';
import { byId, el, fill, focusOn } from './dom.js';
import { plainDate } from './time.js';
import { signedIn, startHeader } from './signin.js';
import { loadAreas, areaLabel } from './areas.js';
import { loadMunicipalities } from './admin-municipalities.js';
import './survey-words.js';

// The questions are the same for every survey (the server's one list): asked once, of the first to answer.
const state = { items: [], questions: null, municipalities: [] };

startHeader({ onLanguage: render });
signedIn({ role: 'employee' }).then(start);

async function start() {
  byId('questionario').hidden = false;
  try {
    const [mine, , municipalities] = await Promise.all([api('GET', '/api/v1/me/surveys'), loadAreas(), loadMunicipalities()]);
    state.items = mine.items;
    state.municipalities = municipalities;
    const toAnswer = state.items.find(s => !s.answered);
    if (toAnswer) state.questions = (await api('GET', `/api/v1/surveys/${toAnswer.id}`)).questions;
  } catch (e) {
    showError(byId('questionario-errore'), e);
  }
  render();
}

function checks(name, legend, values, label) {
  return el('fieldset', { class: 'mb-3' }, el('legend', { class: 'h6' }, legend),
    ...values.map(v => el('div', { class: 'form-check' },
      el('input', { class: 'form-check-input', type: 'checkbox', id: `${name}-${v}`, name, value: v }),
      el('label', { class: 'form-check-label', for: `${name}-${v}` }, label(v)))));
}

function render() {
  document.title = t('sv.pageTitle') + ' – Sportello';
  if (state.items.length === 0) {
    fill(byId('questionari'), el('p', { id: 'questionario-nessuno' }, t('sv.none')));
    return;
  }
  fill(byId('questionari'), state.items.map(s => {
    const head = [el('h2', { class: 'h4' }, s.title), el('p', {}, t('sv.closes', { date: plainDate(s.closesOn) }))];
    if (s.answered) return el('section', { class: 'mb-4', 'data-survey': s.id }, ...head, el('p', { class: 'alert alert-success' }, t('sv.answered')));
    const q = state.questions;
    if (!q) return el('section', {}, ...head);
    const municipality = el('select', { id: `comune-${s.id}`, class: 'form-select', required: true },
      el('option', { value: '' }, t('sv.choose')),
      ...state.municipalities.map(m => el('option', { value: m.code }, `${m.name} (${m.province})`)));
    const error = el('p', { class: 'form-text text-danger', role: 'alert', id: `errore-${s.id}` });
    const form = el('form', { novalidate: true, 'data-survey': s.id },
      checks(`aree-${s.id}`, t('sv.q.areas'), q.areas, areaLabel),
      checks(`servizi-${s.id}`, t('sv.q.services'), q.services.map(k => k.code), k => t('sv.kind.' + k)),
      checks(`orari-${s.id}`, t('sv.q.times'), q.times, v => t('sv.time.' + v)),
      el('div', { class: 'mb-3' }, el('label', { for: `comune-${s.id}`, class: 'form-label' }, t('sv.q.municipality')), municipality),
      el('div', { class: 'mb-3' }, el('label', { for: `testo-${s.id}`, class: 'form-label' }, t('sv.q.freeText')),
        el('textarea', { id: `testo-${s.id}`, class: 'form-control', maxlength: String(q.freeTextMax), rows: '4',
          'aria-describedby': `testo-${s.id}-aiuto` }),
        el('small', { id: `testo-${s.id}-aiuto`, class: 'form-text' }, t('sv.q.freeTextHint'))),
      el('button', { type: 'submit', class: 'btn btn-primary', id: `invia-${s.id}` }, t('sv.send')), error);
    form.addEventListener('submit', event => { event.preventDefault(); send(s, form, error); });
    return el('section', { class: 'mb-5' }, ...head, form);
  }));
}

async function send(survey, form, error) {
  const picked = name => [...form.querySelectorAll(`input[name="${name}-${survey.id}"]:checked`)].map(i => i.value);
  const body = { areas: picked('aree'), services: picked('servizi'), times: picked('orari'),
    municipality: byId(`comune-${survey.id}`).value, freeText: byId(`testo-${survey.id}`).value.trim() || null };
  error.textContent = '';
  if (body.areas.length === 0 && body.services.length === 0) { error.textContent = t('sv.err.empty'); return; }
  if (!body.municipality) { error.textContent = t('sv.err.municipality'); byId(`comune-${survey.id}`).focus(); return; }
  try {
    await busy(byId(`invia-${survey.id}`), () => api('POST', `/api/v1/surveys/${survey.id}/answers`, body));
    survey.answered = true;
    render();
    byId('questionario-esito').textContent = t('sv.thanks');
    focusOn(byId('questionario-esito'));
  } catch (e) {
    if (e instanceof Problem && e.status === 409) {
      // Answered already (another tab): the form gives way to the survey's "answered", and the page says why.
      survey.answered = true;
      render();
      byId('questionario-esito').textContent = e.message;
      return;
    }
    error.textContent = e instanceof Problem ? e.message : t('error.generic');
  }
}
