// The kiosk's live view of one service's free places: a subscription to
// catalog.availability.<serviceId> through the shared event-bus bridge, as the signed-in device
// (so Bridge.open() redeems a normal ticket). One service at a time; stop() unsubscribes and
// closes the socket, and nothing this watch started keeps running afterwards.

import { Bridge } from './sportello.js';

/** Sent by the server when its feed listens again after losing PostgreSQL. */
const REFETCH = 'catalog.feed.refetch';

/**
 * The shared Bridge, except that once closed it stays closed: a connection still being made, or
 * a reconnection already scheduled, when the kiosk stops watching must not leave a socket open
 * (or retrying for ever) for nobody.
 */
class StoppableBridge extends Bridge {
  async connect() {
    if (this.closedByUs) throw new Error('closed');
    const connected = await super.connect();
    if (this.closedByUs) {
      // Closed while the ticket was being fetched: this socket opened after close() ran.
      clearInterval(this.ping);
      this.socket.close();
      throw new Error('closed');
    }
    return connected;
  }

  retryLater() {
    if (!this.closedByUs) super.retryLater();
  }
}

export class LiveAvailability {
  /**
   * @param onChange    (message) => void, a message of catalog.availability.<serviceId>
   * @param onStatus    (up) => void, the socket is open (true) or lost and reconnecting (false)
   * @param onReconnect () => void, back after a loss (of the socket, or of the server's own feed
   *                    from PostgreSQL: catalog.feed.refetch): changes may have been missed, refetch
   */
  constructor({ onChange, onStatus, onReconnect }) {
    this.onChange = onChange;
    this.onStatus = onStatus;
    this.onReconnect = onReconnect;
    this.bridge = null;
    this.serviceId = null;
  }

  /** Watching {@code serviceId} with the socket open right now. */
  liveFor(serviceId) {
    return this.serviceId === serviceId && !!this.bridge && this.bridge.connected;
  }

  /**
   * Starts watching {@code serviceId} (stopping any other service first); resolves true once the
   * socket is open and the subscription sent, false if the first attempt failed (the bridge keeps
   * retrying in the background and onReconnect runs when it is back).
   */
  watch(serviceId) {
    if (this.serviceId === serviceId && this.bridge) return this.opened;
    this.stop();
    const bridge = new StoppableBridge();
    const mine = () => this.bridge === bridge;
    this.bridge = bridge;
    this.serviceId = serviceId;
    this.address = 'catalog.availability.' + serviceId;
    bridge.subscribe(this.address, body => { if (mine()) this.onChange(body); });
    bridge.subscribe(REFETCH, () => { if (mine()) this.onReconnect(); });
    bridge.onStatus(up => { if (mine()) this.onStatus(up); });
    bridge.onReconnect(() => { if (mine()) this.onReconnect(); });
    this.opened = bridge.open().then(() => true, () => {
      if (mine()) this.onStatus(false);
      return false;
    });
    return this.opened;
  }

  /** Unsubscribes and closes the socket; safe to call when nothing is watched. */
  stop() {
    const bridge = this.bridge;
    if (!bridge) return;
    this.bridge = null;
    this.serviceId = null;
    bridge.unsubscribe(this.address);
    bridge.unsubscribe(REFETCH);
    bridge.close();
  }
}
