// The console for contact-center operators (the phone) and welfare managers (the chats), one page:
// each person sees the parts their roles allow. This file signs in, opens the bridge and starts
// the parts; console-phone.js, console-booking.js and console-chat.js do the work.

import {
  words, t, translate, languageSwitch, identity, hasRole, signIn, signOut, Bridge, busy, showError, Problem,
} from '/js/sportello.js';
import { alertLog } from '/js/console-alert.js';
import { startPhone } from '/js/console-phone.js';
import { startChat } from '/js/console-chat.js';

words({
  it: {
    'console.brand': 'Console', 'console.title': 'Console di lavoro', 'console.parts': 'Parti della console',
    'console.noRole': 'Questa console è per gli operatori del telefono e per i welfare manager. Il tuo profilo non ha nessuno dei due ruoli.',
    'signin.title': 'Accedi alla console',
    'phone.title': 'Telefono', 'chat.title': 'Chat',
  },
  en: {
    'console.brand': 'Console', 'console.title': 'Work console', 'console.parts': 'Console sections',
    'console.noRole': 'This console is for phone operators and welfare managers. Your profile has neither role.',
    'signin.title': 'Sign in to the console',
    'phone.title': 'Phone', 'chat.title': 'Chat',
  },
});

const $ = id => document.getElementById(id);

// For tests: the bridge (to drop it on purpose) and the alerts raised and beeps played.
const consolePage = { bridge: null, alerts: alertLog, parts: [] };
window.__sportelloConsole = consolePage;

$('modulo-accesso').addEventListener('submit', async event => {
  event.preventDefault();
  const message = $('accesso-errore');
  message.hidden = true;
  const form = event.target;
  try {
    await busy($('accedi'), () => signIn(form.username.value.trim(), form.password.value));
    form.password.value = '';
    await enter();
  } catch (e) {
    showError(message, e instanceof Problem && e.status === 401 ? new Problem(401, { detail: t('auth.failed') }) : e);
  }
});

$('esci').addEventListener('click', async () => {
  for (const part of consolePage.parts) {
    try { await part.leave(); } catch (e) { /* signing out anyway */ }
  }
  if (consolePage.bridge) consolePage.bridge.close();
  await signOut();
  location.reload();
});

async function enter() {
  const who = identity();
  $('utente').textContent = t('auth.as') + ' ' + who.name;
  $('utente').hidden = false;
  $('esci').hidden = false;
  $('accesso').hidden = true;
  const phone = hasRole('operator');
  const chat = hasRole('welfare_manager');
  if (!phone && !chat) {
    $('nessun-ruolo').hidden = false;
    return;
  }
  $('parti').hidden = !(phone && chat);
  $('vai-telefono').hidden = !phone;
  $('vai-chat').hidden = !chat;
  const bridge = new Bridge();
  consolePage.bridge = bridge;
  bridge.onStatus(up => { $('collegamento').textContent = up ? t('live.connected') : t('live.reconnecting'); });
  await bridge.open();
  $('collegamento').textContent = t('live.connected');
  const started = [];
  if (phone) {
    $('telefono').hidden = false;
    started.push(startPhone(bridge, who).then(part => consolePage.parts.push(part)));
  }
  if (chat) {
    $('chat').hidden = false;
    started.push(startChat(bridge, who).then(part => consolePage.parts.push(part)));
  }
  await Promise.all(started);
  document.body.dataset.ready = 'true';
}

function relabel() {
  if (identity()) $('utente').textContent = t('auth.as') + ' ' + identity().name;
  if (consolePage.bridge) {
    const up = consolePage.bridge.socket && consolePage.bridge.socket.readyState === WebSocket.OPEN;
    $('collegamento').textContent = up ? t('live.connected') : t('live.reconnecting');
  }
  consolePage.parts.forEach(part => part.relabel());
}

translate();
languageSwitch($('lingua'), relabel);
if (identity()) {
  enter().catch(e => showError($('errore'), e));
} else {
  $('accesso').hidden = false;
}
