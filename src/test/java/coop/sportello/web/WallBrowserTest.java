package coop.sportello.web;

import coop.sportello.calls.CallAddresses;
import coop.sportello.calls.CallCenterFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.BridgeClient;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static coop.sportello.testing.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The supervisor wall in a real browser: a queue and an operator set up through the API, callers
 * arriving through the signed PBX webhook, and the wall following them live without a reload.
 */
class WallBrowserTest extends AppTestBase {

  private static final String SECRET = "segreto-del-centralino-della-parete";
  private static final String QUEUE = "parete-famiglie";

  private final List<JsonObject> pbxCommands = new CopyOnWriteArrayList<>();
  private String supervisorToken;
  private String operatorSubject;
  private String operatorToken;

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("calls", new JsonObject().put("webhook", new JsonObject().put("secret", SECRET))
        .put("tickMillis", 100));
  }

  @BeforeAll
  void callCenter() {
    await(TestAccounts.create(vertx, app.pool(), "parete.supervisora", "supervisor"));
    supervisorToken = await(http.accessToken("parete.supervisora"));
    vertx.eventBus().<JsonObject>consumer(CallAddresses.PBX_COMMAND, msg -> pbxCommands.add(msg.body()));

    HttpResponse<Buffer> queue = put("/api/v1/calls/queues/" + QUEUE, new JsonObject().put("name", "Famiglie e anziani")
        .put("strategy", "longest_idle").put("businessHours", new JsonArray().add("MON-SUN 00:00-24:00"))
        .put("wrapUpSeconds", 0).put("serviceLevel", new JsonObject().put("percent", 80).put("seconds", 20)));
    assertEquals(200, queue.statusCode(), queue.bodyAsString());

    operatorSubject = await(TestAccounts.create(vertx, app.pool(), "parete.operatrice", "operator")).toString();
    HttpResponse<Buffer> operator = put("/api/v1/calls/operators/" + operatorSubject, new JsonObject()
        .put("name", "Giulia Bassi").put("endpoint", "PJSIP/giulia").put("skills", new JsonArray().add("it"))
        .put("queues", new JsonArray().add(new JsonObject().put("queue", QUEUE).put("level", 1))));
    assertEquals(200, operator.statusCode(), operator.bodyAsString());
    operatorToken = await(http.accessToken("parete.operatrice"));
  }

  @Test
  void theWallFollowsCallersAndAnswersLiveAndForecastsStaffing() {
    try (Browser browser = new Browser(app.port())) {
      browser.viewport(Browser.Viewport.WALL);
      browser.open("/parete.html");
      browser.assertUsable("the wall's sign-in");
      signIn(browser, "parete.supervisora");
      // Everything the page draws from now on must respect the CSP (default-src 'self', no inline styles).
      browser.script("window.cspViolations = []; document.addEventListener('securitypolicyviolation',"
          + " e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));");

      String card = "[data-queue='" + QUEUE + "'] ";
      browser.waitForText(card + "h3", "Famiglie e anziani");
      browser.waitForText(card + "[data-kpi='waiting']", "0");
      browser.waitForText("#stato-live", "In diretta");
      browser.waitForText("[data-operator='" + operatorSubject + "'] [data-state]", "Non collegato");
      browser.assertUsable("the wall with an empty queue");
      assertReadableFromAfar(browser);
      // Marks this very page: if the wall reloaded itself, the mark would be gone.
      browser.script("window.sameWall = 'sì';");

      // Two callers arrive while nobody is logged in: they wait.
      String first = "call-" + UUID.randomUUID();
      String second = "call-" + UUID.randomUUID();
      assertEquals("queued", pbx("call.arrived", first, new JsonObject().put("queue", QUEUE).put("from", "+393471111111"))
          .getString("action"));
      assertEquals("queued", pbx("call.arrived", second, new JsonObject().put("queue", QUEUE).put("from", "+393472222222"))
          .getString("action"));
      browser.waitForText(card + "[data-kpi='waiting']", "2");
      browser.waitForText(card + "[data-kpi='offered']", "2");
      assertTrue(browser.find(card + "[data-kpi='serviceLevel']").getText().contains("–"),
          "no service level before the first answer");
      browser.waitUntil(d -> !browser.find(card + "[data-kpi='longestWait']").getText().equals("0 s"),
          "the longest wait to count up");
      browser.assertUsable("the wall with callers waiting");

      // The operator logs in, is offered the first caller and answers.
      HttpResponse<Buffer> login = await(http.post("/api/v1/calls/operator/login", operatorToken, new JsonObject()));
      assertEquals(200, login.statusCode(), login.bodyAsString());
      waitFor(() -> pbxCommands.stream().anyMatch(c -> "route".equals(c.getString("command"))
          && first.equals(c.getString("callId"))), "the PBX to be told to ring the operator");
      pbx("call.answered", first, new JsonObject().put("operator", operatorSubject));

      browser.waitForText(card + "[data-kpi='answered']", "1");
      browser.waitForText(card + "[data-kpi='waiting']", "1");
      browser.waitForText(card + "[data-kpi='serviceLevel']", "100%");
      browser.waitForText(card + "[data-kpi='serviceLevel']", "in linea con l’obiettivo");
      browser.waitForText(card + "[data-kpi-label='asa']", "Risposta media (ASA)");
      browser.waitForText(card + "[data-kpi-label='aht']", "Durata media (AHT)");
      browser.waitForText(card + "[data-kpi-label='erlang']", "Operatori necessari (Erlang C)");
      browser.waitForText("[data-operator='" + operatorSubject + "'] [data-state]", "In chiamata");
      assertEquals("sì", browser.script("return window.sameWall;"), "the wall changed without reloading");

      // The second caller gives up: abandoned and the abandonment rate change too.
      pbx("call.ended", second, new JsonObject());
      browser.waitForText(card + "[data-kpi='abandoned']", "1");
      browser.waitForText(card + "[data-kpi='abandonRate']", "50%");
      browser.waitForText(card + "[data-kpi='serviceLevelWithAbandoned']", "50%");
      browser.waitForText(card + "[data-kpi='waiting']", "0");

      // The waiting chart has a text alternative: a name that sums it up and a table of values.
      String summary = browser.find("#grafico-attesa-" + QUEUE + " svg[role='img']").getAttribute("aria-label");
      assertTrue(summary.contains("al massimo 2"), summary);
      List<WebElement> rows = browser.all("#grafico-attesa-" + QUEUE + "-dati tbody tr");
      assertTrue(!rows.isEmpty(), "the chart's table has rows");
      String lastRow = String.valueOf(browser.script(
          "const rows = document.querySelectorAll(arguments[0]); return rows[rows.length - 1].textContent;",
          "#grafico-attesa-" + QUEUE + "-dati tbody tr"));
      assertTrue(lastRow.startsWith("adesso"), lastRow);
      String slSummary = browser.find("#grafico-livello-" + QUEUE + " svg[role='img']").getAttribute("aria-label");
      assertTrue(slSummary.contains("100%"), slSummary);
      assertTrue(!browser.all("#grafico-attesa-" + QUEUE + " polyline").isEmpty(), "the line is drawn");

      // The operator records the answered call's outcome; the wall's front desk tables, read when
      // asked, count both calls by channel and the outcome by channel and topic.
      HttpResponse<Buffer> recorded = await(http.put("/api/v1/calls/" + first + "/outcome", operatorToken,
          new JsonObject().put("topic", "elderly").put("outcome", "information")));
      assertEquals(200, recorded.statusCode(), recorded.bodyAsString());
      browser.find("#esiti-form button[type=submit]").click();
      String calls = "#esiti [data-channel='call'] ";
      browser.waitForText(calls + "[data-count='contacts']", "2");
      assertEquals("1", browser.find(calls + "[data-count='answered']").getText());
      assertEquals("1", browser.find(calls + "[data-count='abandoned']").getText());
      assertEquals("1", browser.find(calls + "[data-count='recorded']").getText());
      assertEquals("0", browser.find(calls + "[data-count='notRecorded']").getText());
      assertEquals("1", browser.find("#esiti tr[data-channel='call'][data-topic='elderly'] [data-outcome='information']").getText());
      assertEquals("0", browser.find("#esiti tr[data-channel='call'][data-topic='elderly'] [data-outcome='booking']").getText());
      browser.waitForText("#esiti-stato", "2 chiamate e 0 chat");
      browser.assertUsable("the wall's front desk outcomes");

      // A citizen starts a chat: the chat queue on the wall shows it.
      startChat("parete.cittadino", "elderly");
      browser.waitForText("[data-kpi='chatWaiting']", "1");
      browser.waitForText("[data-kpi='chatByTopic']", "Anziani e fragilità: 1");

      // The wall's figures, as a screen across the room shows them (before the forecast below the fold is used).
      browser.waitForText(card + "[data-kpi='answered']", "1");
      browser.screenshot("parete-supervisore");
      assertReadableFromAfar(browser);

      forecastStaffing(browser);
      browser.assertUsable("the wall with a staffing forecast");

      // The queue's own figures go into the form with one key press.
      browser.find(card + ".wall-erlang button").sendKeys(Keys.ENTER);
      assertEquals("p-arrivi", browser.script("return document.activeElement.id;"));
      assertEquals("80", browser.find("#p-obiettivo").getAttribute("value"));
      assertEquals("20", browser.find("#p-soglia").getAttribute("value"));

      // Updates can be stopped (WCAG 2.2.2) and resumed.
      WebElement pause = browser.find("#pausa");
      pause.sendKeys(Keys.ENTER);
      assertEquals("true", pause.getAttribute("aria-pressed"));
      browser.waitForText("#aggiornato", "Aggiornamenti fermi");
      browser.assertUsable("the wall with updates stopped");
      pause.sendKeys(Keys.ENTER);
      assertEquals("false", pause.getAttribute("aria-pressed"));
      browser.waitForText("#aggiornato", "Dati aggiornati alle");

      // In English.
      browser.find("#lingua").sendKeys(Keys.ENTER);
      browser.waitForText("h1", "Supervisor wall");
      browser.waitForText(card + ".wall-waiting", "People waiting");
      browser.waitForText("[data-operator='" + operatorSubject + "'] [data-state]", "On a call");
      assertEquals("en", browser.script("return document.documentElement.lang;"));
      assertTrue(browser.find("#grafico-attesa-" + QUEUE + " svg[role='img']").getAttribute("aria-label")
          .startsWith("People waiting in the last hour"));
      browser.assertUsable("the wall in English");
      browser.find("#lingua").sendKeys(Keys.ENTER);
      browser.waitForText("h1", "Parete del supervisore");
      assertEquals("[]", String.valueOf(browser.script("return JSON.stringify(window.cspViolations);")),
          "content security policy violations");
    }
  }

  /**
   * A wall is read from across the room: every figure of the queue and of the chats is at least
   * 48 px, and the queue's figures, the chats and the operators fit the 1080 px screen without
   * scrolling, down or sideways.
   */
  private static void assertReadableFromAfar(Browser browser) {
    browser.script("window.scrollTo(0, 0);");
    Number smallest = (Number) browser.script("const sizes = [...document.querySelectorAll(arguments[0])]"
        + ".map(e => parseFloat(getComputedStyle(e).fontSize)); return sizes.length ? Math.min(...sizes) : 0;",
        "[data-queue] dd[data-kpi], dd[data-kpi^='chat']");
    assertTrue(smallest.doubleValue() >= 48, "the smallest figure is " + smallest + " px");
    Number waiting = (Number) browser.script("return parseFloat(getComputedStyle(document.querySelector(arguments[0])).fontSize);",
        "[data-queue] dd[data-kpi='waiting']");
    assertTrue(waiting.doubleValue() >= 96, "people waiting is " + waiting + " px");
    for (String part : List.of("[data-queue] .wall-kpis", "#chat", "#operatori")) {
      Number bottom = (Number) browser.script("return document.querySelector(arguments[0]).getBoundingClientRect().bottom;", part);
      assertTrue(bottom.doubleValue() <= 1080, part + " ends at y=" + bottom + ", below the screen");
    }
    // What is hidden for the eyes but read aloud (the charts' tables of values) takes no room at all.
    Object spilling = browser.script("return [...document.querySelectorAll('.visually-hidden')]"
        + ".map(e => [e, e.getBoundingClientRect()]).filter(([e, r]) => r.width > 1 || r.height > 1)"
        + ".map(([e, r]) => e.tagName.toLowerCase() + '#' + e.id + ' ' + Math.round(r.width) + '×' + Math.round(r.height)).join(', ');");
    assertEquals("", spilling, "visually hidden elements that take room");
    browser.assertNoSideScroll("the wall on a 1920 × 1080 screen");
  }

  /** The staffing form, with the keyboard only: a wrong field is named, then a forecast is shown. */
  private void forecastStaffing(Browser browser) {
    WebElement arrivals = browser.find("#p-arrivi");
    arrivals.sendKeys("tante");
    browser.find("#p-durata").sendKeys("240", Keys.ENTER);
    browser.waitForText("#p-arrivi-errore", "Scrivi un numero, senza lettere.");
    assertEquals("true", browser.find("#p-arrivi").getAttribute("aria-invalid"));
    browser.waitForText("#personale-errore", "Controlla i campi segnati.");
    assertEquals("p-arrivi", browser.script("return document.activeElement.id;"), "focus goes to the wrong field");

    arrivals.clear();
    arrivals.sendKeys("120", Keys.ENTER);
    browser.waitForText("[data-kpi='forecast']", "Servono");
    JsonObject expected = await(http.get("/api/v1/calls/staffing?arrivalsPerHour=120&handleSeconds=240"
        + "&targetPercent=80&thresholdSeconds=20", supervisorToken)).bodyAsJsonObject();
    assertEquals("Servono " + expected.getInteger("agents") + " operatori.", browser.find("[data-kpi='forecast']").getText());
    assertTrue(!browser.all("#personale-errore").get(0).isDisplayed(), "the error is gone");
    assertTrue(browser.all("#p-arrivi[aria-invalid]").isEmpty(), "the field is no longer marked wrong");
    assertEquals(5, browser.all(".wall-forecast-table tbody tr").size());
  }

  private void signIn(Browser browser, String username) {
    browser.find("#utente").sendKeys(username);
    browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
    browser.waitUntil(d -> d.findElement(By.id("accesso")).getAttribute("hidden") != null, "the sign-in form to go");
  }

  private void startChat(String username, String topic) {
    await(TestAccounts.create(vertx, app.pool(), username, "citizen"));
    String token = await(http.accessToken(username));
    String ticket = await(http.post("/api/v1/auth/bridge-ticket", token, new JsonObject())).bodyAsJsonObject().getString("ticket");
    BridgeClient citizen = await(BridgeClient.connect(vertx, app.port(), ticket));
    JsonObject started = await(citizen.request("chat.start", new JsonObject().put("clientId", "parete-" + UUID.randomUUID())
        .put("topic", topic).put("language", "it")));
    assertEquals("queued", started.getJsonObject("conversation").getString("status"));
  }

  private HttpResponse<Buffer> put(String path, JsonObject body) {
    return await(http.client().put(path).bearerTokenAuthentication(supervisorToken).sendJsonObject(body));
  }

  /** One PBX event through the signed webhook. */
  private JsonObject pbx(String type, String callId, JsonObject extra) {
    HttpResponse<Buffer> r = CallCenterFixture.signed(http, new JsonObject().put("eventId", UUID.randomUUID().toString())
        .put("type", type).put("callId", callId).mergeIn(extra), SECRET, System.currentTimeMillis() / 1000);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }
}
