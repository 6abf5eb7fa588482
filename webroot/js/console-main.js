// The console for phone operators and welfare managers (the chats), one page: each person sees the
// parts their roles allow, and one booking panel serves both (the caller, or a chat's citizen).
// This file has the person sign in (signin.js), opens the bridge and starts the parts;
// console-phone.js, console-booking.js and console-chat.js do the work.

import { words, t, hasRole, Bridge, showError } from './sportello.js';
import { byId } from './dom.js';
import { signedIn, startHeader } from './signin.js';
import { alertLog } from './console-alert.js';
import { startPhone } from './console-phone.js';
import { startChat } from './console-chat.js';
import { startBooking } from './console-booking.js';
import { loadAreas } from './areas.js';

words({
  it: {
    'console.brand': 'Console', 'console.title': 'Console di lavoro', 'console.parts': 'Parti della console',
    'console.noRole': 'Questa console è per chi risponde al telefono e per i consulenti della chat. Il tuo profilo non ha nessuno dei due ruoli.',
    // Staff need to know when the console has lost the line, not a technical "real-time" label.
    'live.connected': 'Collegata: chiamate e chat arrivano qui.', 'live.reconnecting': 'Connessione persa: mi ricollego…',
    'console.signin': 'Accedi alla console',
    'phone.title': 'Telefono', 'chat.title': 'Chat',
  },
  en: {
    'console.brand': 'Console', 'console.title': 'Work console', 'console.parts': 'Console sections',
    'console.noRole': 'This console is for phone operators and chat advisers. Your profile has neither role.',
    'live.connected': 'Connected: calls and chats arrive here.', 'live.reconnecting': 'Connection lost: reconnecting…',
    'console.signin': 'Sign in to the console',
    'phone.title': 'Phone', 'chat.title': 'Chat',
  },
});

// For tests: the bridge (to drop it on purpose) and the alerts raised and beeps played.
const consolePage = { bridge: null, alerts: alertLog, parts: [] };
window.__sportelloConsole = consolePage;

/** Lets go of the calls and chats this person holds, and of the bridge, before signing out. */
async function leave() {
  for (const part of consolePage.parts) {
    try { await part.leave(); } catch (e) { /* signing out anyway */ }
  }
  if (consolePage.bridge) consolePage.bridge.close();
}

async function enter(who) {
  const phone = hasRole('operator');
  const chat = hasRole('welfare_manager');
  if (!phone && !chat) {
    byId('nessun-ruolo').hidden = false;
    return;
  }
  byId('parti').hidden = !(phone && chat);
  byId('vai-telefono').hidden = !phone;
  byId('vai-chat').hidden = !chat;
  await loadAreas(); // both parts name chat topics and service areas
  const bridge = new Bridge();
  consolePage.bridge = bridge;
  bridge.onStatus(up => { byId('collegamento').textContent = up ? t('live.connected') : t('live.reconnecting'); });
  await bridge.open();
  byId('collegamento').textContent = t('live.connected');
  const started = [];
  const booking = startBooking();
  consolePage.parts.push({ relabel: () => booking.relabel(), leave: async () => {} });
  if (phone) {
    byId('telefono').hidden = false;
    started.push(startPhone(bridge, who, booking).then(part => consolePage.parts.push(part)));
  }
  if (chat) {
    byId('chat').hidden = false;
    started.push(startChat(bridge, who, booking).then(part => consolePage.parts.push(part)));
  }
  await Promise.all(started);
  document.body.dataset.ready = 'true';
}

function relabel() {
  if (consolePage.bridge) {
    const up = consolePage.bridge.socket && consolePage.bridge.socket.readyState === WebSocket.OPEN;
    byId('collegamento').textContent = up ? t('live.connected') : t('live.reconnecting');
  }
  consolePage.parts.forEach(part => part.relabel());
}

startHeader({ onLanguage: relabel, beforeSignOut: leave });
loadAreas(); // while the person signs in
signedIn({ title: 'console.signin' }).then(enter).catch(e => showError(byId('errore'), e));
