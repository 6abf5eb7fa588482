package coop.sportello.kiosk;

import coop.sportello.web.Browser;
import io.vertx.core.json.JsonObject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the kiosk's browser tests do and check on chiosco.html: press an on-screen key, wait for a
 * screen, check a state on both kiosk screens (1080×1920 portrait, 1920×1080 landscape) and check
 * where things sit on them.
 */
final class KioskPage {

  private KioskPage() { }

  static void press(Browser browser, String key) {
    browser.find("[data-key=\"" + key + "\"]").click();
  }

  static void heading(Browser browser, String text) {
    waitForText(browser, "h1", text);
  }

  /** Like Browser.waitForText, read in the page: the kiosk redraws whole screens, so elements found earlier go stale. */
  static void waitForText(Browser browser, String css, String text) {
    browser.waitUntil(d -> String.valueOf(browser.script(
        "const e = document.querySelector(arguments[0]); return e ? e.textContent : ''", css)).contains(text),
        "\"" + text + "\" in " + css);
  }

  /** The text of the element {@code css}, read in the page; empty when there is none. */
  static String text(Browser browser, String css) {
    return String.valueOf(browser.script("const e = document.querySelector(arguments[0]); return e ? e.textContent : ''", css));
  }

  /** The kiosk page signed in as the device (its credential in localStorage), at the welcome screen. */
  static void openAsTheDevice(Browser kiosk, String credential) {
    kiosk.open("/chiosco.html?idle=600");
    kiosk.script("localStorage.setItem('sportello.kiosk.credential', arguments[0])", credential);
    kiosk.open("/chiosco.html?idle=600");
    heading(kiosk, "Ti diamo il benvenuto");
  }

  /** The employee identifies with their codice fiscale, typed, and their PIN on the keypad. */
  static void identifies(Browser kiosk, KioskFixture.Employee employee) {
    press(kiosk, "cf");
    heading(kiosk, "codice fiscale");
    kiosk.find("#identificativo").sendKeys(employee.codiceFiscale());
    press(kiosk, "next");
    heading(kiosk, "PIN");
    for (char c : employee.pin().toCharArray()) {
      press(kiosk, "pin-" + c);
    }
    press(kiosk, "pin-submit");
    heading(kiosk, "Ciao " + employee.displayName().split(" ")[0]);
  }

  /** axe-core and no sideways scrolling, on the landscape screen and then the portrait one (where the browser stays). */
  static void usable(Browser browser, String state) {
    browser.viewport(Browser.Viewport.KIOSK_LANDSCAPE);
    browser.assertUsable(state + " (landscape)");
    browser.viewport(Browser.Viewport.KIOSK_PORTRAIT);
    browser.assertUsable(state + " (portrait)");
  }

  private static JsonObject boxes(Browser browser) {
    return new JsonObject(String.valueOf(browser.script("""
        const box = e => e.getBoundingClientRect();
        const content = document.querySelector('.screen-content');
        const controls = document.querySelector('.screen-controls');
        const shown = [...content.children].filter(e => e.getClientRects().length > 0);
        return JSON.stringify({
          height: innerHeight, width: innerWidth, pageHeight: document.documentElement.scrollHeight,
          contentTop: Math.min(...shown.map(e => box(e).top)), contentBottom: Math.max(...shown.map(e => box(e).bottom)),
          contentRight: box(content).right, controlsLeft: box(controls).left,
          controlsTop: box(controls).top, controlsBottom: box(controls).bottom});""")));
  }

  /**
   * In portrait (1080×1920): the whole screen fits without scrolling, its keys and main actions
   * sit in the lower half, and what there is to read reaches below the top third (it is not
   * crammed at the top with empty glass below).
   */
  static void laidOutForPortrait(Browser browser, String state) {
    browser.viewport(Browser.Viewport.KIOSK_PORTRAIT);
    JsonObject b = boxes(browser);
    int height = b.getInteger("height");
    assertEquals(1920, height, state);
    assertTrue(b.getDouble("pageHeight") <= height, state + ": the screen fits without scrolling " + b);
    assertTrue(b.getDouble("controlsTop") >= height / 2.0, state + ": keys and main actions in the lower half " + b);
    assertTrue(b.getDouble("controlsBottom") <= height, state + ": keys and main actions on screen " + b);
    assertTrue(b.getDouble("contentBottom") > height / 3.0, state + ": the content is not crammed in the top third " + b);
    assertTrue(b.getDouble("contentBottom") <= b.getDouble("controlsTop"), state + ": content above the keys " + b);
  }

  /** In landscape (1920×1080): two columns, what to read on the left, keys and actions on the right, all on screen. */
  static void laidOutForLandscape(Browser browser, String state) {
    browser.viewport(Browser.Viewport.KIOSK_LANDSCAPE);
    JsonObject b = boxes(browser);
    assertTrue(b.getDouble("controlsLeft") >= b.getDouble("contentRight"), state + ": two columns " + b);
    assertTrue(b.getDouble("controlsLeft") >= b.getInteger("width") / 2.0, state + ": keys and actions on the right " + b);
    assertTrue(b.getDouble("pageHeight") <= b.getInteger("height"), state + ": the screen fits without scrolling " + b);
    browser.viewport(Browser.Viewport.KIOSK_PORTRAIT);
  }

  /**
   * "Ho finito" (end the session) is away from and unlike "Conferma e paga": another place (far
   * apart, another container, not its neighbour for the keyboard), another style and a smaller size.
   */
  static void doneApartFromPay(Browser browser, String state) {
    JsonObject b = new JsonObject(String.valueOf(browser.script("""
        const done = document.querySelector('#fine'), pay = document.querySelector('[data-key="pay"]');
        const a = done.getBoundingClientRect(), p = pay.getBoundingClientRect();
        const dx = Math.max(0, Math.max(a.left, p.left) - Math.min(a.right, p.right));
        const dy = Math.max(0, Math.max(a.top, p.top) - Math.min(a.bottom, p.bottom));
        const focusable = [...document.querySelectorAll('a[href], button, input, textarea, select')]
          .filter(e => e.getClientRects().length > 0 && !e.disabled);
        const i = focusable.indexOf(pay);
        return JSON.stringify({gap: Math.hypot(dx, dy), sameParent: done.parentElement === pay.parentElement,
          keyboardNeighbours: focusable[i - 1] === done || focusable[i + 1] === done,
          doneHeight: a.height, payHeight: p.height, doneWidth: a.width, payWidth: p.width,
          doneClass: done.className, payClass: pay.className});""")));
    assertTrue(b.getDouble("gap") >= 400, state + ": far apart " + b);
    assertFalse(b.getBoolean("sameParent"), state + ": not side by side " + b);
    assertFalse(b.getBoolean("keyboardNeighbours"), state + ": not next to each other for the keyboard " + b);
    assertTrue(b.getDouble("payHeight") >= 1.5 * b.getDouble("doneHeight"), state + ": pay is larger " + b);
    assertTrue(b.getDouble("payWidth") > 2 * b.getDouble("doneWidth"), state + ": pay is wider " + b);
    assertTrue(b.getString("payClass").contains("btn-primary") && !b.getString("doneClass").contains("btn-primary"),
        state + ": another style " + b);
  }
}
