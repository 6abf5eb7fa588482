// Requests to pay with an employee's welfare credit that someone else made for them (an operator
// on the phone, a welfare manager): GET /welfare/consents, and approve or refuse each one
// (POST /welfare/consents/{id}/approve | refuse). Nothing is taken from the credit until the
// employee approves; after a decision the wallet and the bookings are read again.
import { t, api, busy, hasRole, euro, showError } from './sportello.js';
import { byId, el, focusOn, announce } from './dom.js';
import { dateTime, plainDate } from './time.js';
import { loading, onLanguage, explain } from './portal-common.js';

const section = byId('consensi');
const target = byId('richieste');
let consents = null;
let afterDecision = () => {};

onLanguage(render);

/** Shows the employee's requests; {@code changed} runs after a decision (to reload the wallet and bookings). */
export async function showConsents(changed) {
  if (!hasRole('employee')) return;
  afterDecision = changed || afterDecision;
  try {
    await loading(target, byId('carico-consensi'), t('consents.loading'), async () => {
      consents = (await api('GET', '/api/v1/welfare/consents')).items;
      render();
    });
  } catch (e) {
    section.hidden = false;
    showError(byId('errore-consensi'), e);
  }
}

function render() {
  if (!consents) return;
  section.hidden = consents.length === 0;
  target.replaceChildren(...consents.map(item));
}

function item(consent) {
  const say = { who: consent.requestedByName, amount: euro(consent.amountCents), service: consent.serviceTitle,
    when: dateTime(consent.start) };
  const alert = el('p', { id: 'errore-consenso-' + consent.id, class: 'text-danger fw-semibold', role: 'alert' });
  const waiting = consent.status === 'pending';
  return el('li', { class: 'portal-consent', dataset: { consent: consent.id, status: consent.status } },
    el('h3', {}, t('consents.ask', say)),
    el('p', {}, t('consents.booking', { ...say, code: consent.bookingCode })),
    el('p', { class: 'text-secondary' }, waiting ? t('consents.until', { until: plainDate(consent.expiresAt) })
      : t('consents.status.' + consent.status, { how: consent.decidedHow ? t('consents.how.' + consent.decidedHow) : '' })),
    waiting ? el('div', { class: 'd-flex flex-wrap gap-2 portal-actions' },
      decision(consent, 'approve', say, alert), decision(consent, 'refuse', say, alert)) : null,
    alert);
}

function decision(consent, action, say, alert) {
  const button = el('button', { type: 'button', class: action === 'approve' ? 'btn btn-primary' : 'btn btn-outline-primary', dataset: { action },
    'aria-label': t('consents.' + action + '.label', say) }, t('consents.' + action));
  button.addEventListener('click', async () => {
    alert.textContent = '';
    try {
      const decided = await busy(button, () => api('POST', '/api/v1/welfare/consents/' + consent.id + '/' + action, {}));
      consents = consents.map(c => c.id === decided.id ? decided : c);
      render();
      announce(t('consents.' + action + '.done', say));
      focusOn(byId('consensi-titolo'));
      afterDecision();
    } catch (e) {
      alert.textContent = explain(e);
    }
  });
  return button;
}
