// The unsubscribe page (/disiscrizione.html#t=<token>), opened from the link every message
// carries: optional messages (reminders, chat replies waiting) stop for the person the token
// names, with one button and no sign-in. The token travels in the fragment, which browsers never
// send, and is wiped from the address bar at once (history, screen sharing); the request carries
// it in the Sportello-Link header, never in a URL (access logs).
import { t, busy, Problem } from './sportello.js';
import { byId, el, fill, focusOn } from './dom.js';
import { startPage, onLanguage } from './portal-common.js';
import './notification-words.js';

const token = new URLSearchParams(location.hash.slice(1)).get('t');
if (location.hash) history.replaceState(null, '', location.pathname + location.search);
// Another link opened in this same tab changes only the fragment: start again with its token.
window.addEventListener('hashchange', () => location.reload());

/** POST /api/v1/links/unsubscribe with the link's token; rejects with a {@link Problem}. */
async function unsubscribe() {
  let response;
  try {
    response = await fetch('/api/v1/links/unsubscribe', {
      method: 'POST', headers: { Accept: 'application/json', 'Sportello-Link': token },
    });
  } catch (e) {
    throw new Problem(0, { detail: t('error.network') });
  }
  const payload = await response.json().catch(() => ({}));
  if (!response.ok) throw Problem.of(response, payload);
  return payload;
}

/** Says what came of it in the live region, instead of the question (focus there after a click). */
function outcome(key, tone, { focus = true } = {}) {
  byId('disiscrizione-domanda').hidden = true;
  fill(byId('disiscrizione-esito'), el('div', { class: 'alert alert-' + tone + ' mb-0' },
    el('p', { class: 'mb-0', 'data-t': key }, t(key))));
  if (focus) focusOn(byId('titolo'));
}

function ask() {
  const button = byId('disiscrivi');
  byId('disiscrizione-domanda').hidden = false;
  button.addEventListener('click', async () => {
    byId('disiscrizione-esito').replaceChildren();
    try {
      await busy(button, unsubscribe);
      outcome('unsub.done', 'success');
    } catch (e) {
      if (e instanceof Problem && e.status === 404) {
        outcome('unsub.invalid', 'warning');
        return;
      }
      // No connection or a server in trouble: the question stays, to try again.
      fill(byId('disiscrizione-esito'), el('p', { class: 'field-error mt-3 mb-0' }, e.message));
    }
  });
}

const title = () => { document.title = t('unsub.pageTitle'); };
onLanguage(title);
startPage();
title();
if (token) ask();
else outcome('unsub.missing', 'warning', { focus: false });
