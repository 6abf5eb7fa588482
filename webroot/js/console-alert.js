// New offers (a ringing call, a chat to accept): a text in the page's role="alert" region, the
// class "alerting" on the region and on the offer itself (sportello.css makes it flash, or
// outlines it when motion is reduced), and a short beep made with the Web Audio API while the
// tab has focus. Several offers can be pending at once: the region shows the newest.
import { byId } from './dom.js';

const pending = new Map(); // key -> {text, card}
let audio = null;

/** What the page did, for tests: how many beeps were played. */
export const alertLog = { beeps: 0, raised: 0 };

function region() {
  return byId('allerta');
}

function unlockAudio() {
  try {
    if (!audio) {
      const Context = window.AudioContext || window.webkitAudioContext;
      if (!Context) return;
      audio = new Context();
    }
    if (audio.state === 'suspended') audio.resume();
  } catch (e) {
    audio = null;
  }
}
// Browsers start audio only after the person has used the page: any click or key press will do.
document.addEventListener('pointerdown', unlockAudio);
document.addEventListener('keydown', unlockAudio);

/** Two short tones (about a third of a second in all), only while this tab has focus. */
export function beep() {
  if (!document.hasFocus()) return false;
  unlockAudio();
  if (!audio) return false;
  const start = audio.currentTime + 0.01;
  [0, 0.2].forEach((offset, i) => {
    const tone = audio.createOscillator();
    const volume = audio.createGain();
    tone.type = 'sine';
    tone.frequency.value = i === 0 ? 880 : 1175;
    volume.gain.setValueAtTime(0.0001, start + offset);
    volume.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.02);
    volume.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.15);
    tone.connect(volume).connect(audio.destination);
    tone.start(start + offset);
    tone.stop(start + offset + 0.16);
  });
  alertLog.beeps++;
  return true;
}

function show() {
  const node = region();
  const newest = [...pending.values()].pop();
  if (!newest) {
    node.textContent = '';
    node.classList.remove('alerting');
    return;
  }
  if (node.textContent !== newest.text) node.textContent = newest.text;
  node.classList.add('alerting');
}

/** A new offer: say it, show it, and beep. {@code card} (optional) is the offer on screen. */
export function raise(key, text, card) {
  const known = pending.has(key);
  pending.delete(key);
  pending.set(key, { text, card });
  if (card) card.classList.add('alerting');
  show();
  if (!known) {
    alertLog.raised++;
    beep();
  }
}

/** The offer was taken, passed or withdrawn. */
export function settle(key) {
  const entry = pending.get(key);
  if (!entry) return;
  pending.delete(key);
  if (entry.card) entry.card.classList.remove('alerting');
  show();
}

/** Rewrites the texts after a language switch. */
export function retext(key, text) {
  const entry = pending.get(key);
  if (entry) {
    entry.text = text;
    show();
  }
}
