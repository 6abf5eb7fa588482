// Inactivity on a shared kiosk: after `seconds` without a touch or a key the screen is wiped;
// for the last `warnSeconds` a countdown asks whether the person is still there.

export class IdleWatch {
  constructor({ seconds, warnSeconds, onWarn, onCountdown, onIdle, onActive }) {
    this.seconds = seconds;
    this.warnSeconds = warnSeconds;
    this.onWarn = onWarn;
    this.onCountdown = onCountdown;
    this.onIdle = onIdle;
    this.onActive = onActive;
    this.timer = null;
    this.warning = false;
    const poke = () => this.poke();
    for (const type of ['pointerdown', 'keydown', 'touchstart', 'wheel']) {
      document.addEventListener(type, poke, { capture: true, passive: true });
    }
  }

  get armed() {
    return this.timer !== null;
  }

  /** Starts (or restarts) counting; nothing happens while disarmed. */
  arm() {
    this.deadline = Date.now() + this.seconds * 1000;
    if (this.timer === null) this.timer = setInterval(() => this.check(), 250);
    this.check();
  }

  disarm() {
    clearInterval(this.timer);
    this.timer = null;
    if (this.warning) {
      this.warning = false;
      this.onActive();
    }
  }

  poke() {
    if (this.timer === null) return;
    this.deadline = Date.now() + this.seconds * 1000;
    if (this.warning) {
      this.warning = false;
      this.onActive();
    }
  }

  check() {
    const left = Math.ceil((this.deadline - Date.now()) / 1000);
    if (left <= 0) {
      this.disarm();
      this.onIdle();
    } else if (left <= this.warnSeconds) {
      if (!this.warning) {
        this.warning = true;
        this.lastShown = null;
        this.onWarn(left);
      }
      if (this.lastShown !== left) {
        this.lastShown = left;
        this.onCountdown(left);
      }
    }
  }
}
