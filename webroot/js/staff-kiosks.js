// The staff page's kiosk tab (supervisors): the kiosks registered, a new one (its credential is
// shown once, here), and revoking one. The routes are identity and access's /kiosk-devices.
import { api, t, busy, showError } from './sportello.js';
import { byId, el, fill, focusOn } from './dom.js';
import { shortDate } from './time.js';
import { field, fieldError, say, confirmInline } from './staff-form.js';

let companies = [];

/** Draws the tab (again, for a language change or after a change). */
export async function startKiosks(choices) {
  companies = choices.companies;
  drawForm();
  await loadKiosks();
}

async function loadKiosks() {
  byId('totem-errore').hidden = true;
  try {
    const { items } = await api('GET', '/api/v1/kiosk-devices');
    drawList(items);
  } catch (error) {
    showError(byId('totem-errore'), error);
  }
}

function drawList(kiosks) {
  const box = byId('totem-elenco');
  if (kiosks.length === 0) {
    fill(box, el('p', {}, t('staff.kiosk.empty')));
    return;
  }
  fill(box, el('div', { class: 'table-responsive' }, el('table', { class: 'table staff-table' },
    el('caption', { class: 'visually-hidden' }, t('staff.kiosk.caption')),
    el('thead', {}, el('tr', {}, ['staff.kiosk.col.name', 'staff.kiosk.col.where', 'staff.kiosk.col.since', 'staff.col.status',
      'staff.col.actions'].map(key => el('th', { scope: 'col' }, t(key))))),
    el('tbody', {}, kiosks.map(kiosk => {
      const actions = el('td', { class: 'staff-actions' });
      if (!kiosk.revoked) {
        actions.append(el('button', { type: 'button', class: 'btn btn-outline-danger btn-sm', onclick: () => confirmInline(actions,
          t('staff.kiosk.confirm', { name: kiosk.label }), 'staff.kiosk.yes', yes => revoke(yes, kiosk)) },
        t('staff.kiosk.revoke'), el('span', { class: 'visually-hidden' }, ' ' + kiosk.label)));
      }
      return el('tr', {},
        el('th', { scope: 'row' }, kiosk.label),
        el('td', {}, kiosk.location),
        el('td', {}, shortDate(kiosk.createdAt)),
        el('td', {}, el('span', { class: 'badge ' + (kiosk.revoked ? 'bg-secondary' : 'bg-success') },
          t(kiosk.revoked ? 'staff.kiosk.revoked' : 'staff.kiosk.active'))),
        actions);
    })))));
}

async function revoke(button, kiosk) {
  try {
    await busy(button, () => api('POST', `/api/v1/kiosk-devices/${kiosk.id}/revoke`));
    say('totem-esito', t('staff.kiosk.revokedDone', { name: kiosk.label }));
    await loadKiosks();
    focusOn(byId('totem-esito'));
  } catch (error) {
    showError(byId('totem-errore'), error);
  }
}

function drawForm() {
  const form = byId('totem-form');
  fill(form,
    el('div', { id: 'totem-form-errore', class: 'alert alert-danger', role: 'alert', hidden: true }),
    field('totem-nome', 'staff.kiosk.label', el('input', { class: 'form-control', type: 'text', autocomplete: 'off', required: true })),
    field('totem-luogo', 'staff.kiosk.location', el('input', { class: 'form-control', type: 'text', autocomplete: 'off', required: true })),
    field('totem-comune', 'staff.kiosk.municipality', el('input', { class: 'form-control', type: 'text', inputmode: 'numeric',
      autocomplete: 'off', maxlength: 6 }), { hintKey: 'staff.kiosk.municipalityHint', optional: true }),
    field('totem-azienda', 'staff.kiosk.company', el('select', { class: 'form-select' }, el('option', { value: '' }, t('staff.kiosk.none')),
      companies.map(c => el('option', { value: c.id }, c.name))), { optional: true }),
    el('button', { type: 'submit', class: 'btn btn-primary my-2', id: 'totem-registra' }, t('staff.kiosk.register')));
  form.onsubmit = event => { event.preventDefault(); register(); };
}

async function register() {
  const body = { label: byId('totem-nome').value.trim(), location: byId('totem-luogo').value.trim() };
  const municipality = byId('totem-comune').value.trim();
  if (municipality) body.municipality = municipality;
  if (byId('totem-azienda').value) body.companyId = byId('totem-azienda').value;
  const wrong = [
    fieldError('totem-nome', body.label.length >= 2 ? null : 'staff.kiosk.err.label'),
    fieldError('totem-luogo', body.location.length >= 2 ? null : 'staff.kiosk.err.location'),
    fieldError('totem-comune', !municipality || /^[0-9]{6}$/.test(municipality) ? null : 'staff.kiosk.err.municipality'),
  ];
  if (wrong.some(Boolean)) {
    focusOn(byId('totem-form').querySelector('[aria-invalid="true"]'));
    return;
  }
  const alert = byId('totem-form-errore');
  alert.hidden = true;
  try {
    const kiosk = await busy(byId('totem-registra'), () => api('POST', '/api/v1/kiosk-devices', body));
    const shown = byId('totem-credenziale');
    fill(shown, el('p', { class: 'mb-2' }, t('staff.kiosk.credential', { name: kiosk.label })),
      el('p', { class: 'staff-credential mb-0', id: 'totem-segreto' }, kiosk.credential));
    shown.hidden = false;
    drawForm();
    await loadKiosks();
    focusOn(shown);
  } catch (error) {
    showError(alert, error);
    focusOn(alert);
  }
}
