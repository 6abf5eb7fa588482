package coop.sportello.staff;

import coop.sportello.calls.CallCenterFixture;
import coop.sportello.platform.auth.PasswordHasher;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static coop.sportello.testing.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Staff management through HTTP, as the staff page drives it. */
class StaffApiTest extends AppTestBase {

  private CallCenterFixture center;
  private String supervisor;

  @Override
  protected JsonObject overrides() {
    return CallCenterFixture.alwaysOpen();
  }

  @BeforeAll
  void fixture() {
    center = new CallCenterFixture(vertx, app.pool(), http, app.port(), "staff");
    center.queue("staff-anziani", "longest_idle", new JsonObject());
    center.queue("staff-infanzia", "longest_idle", new JsonObject());
    supervisor = center.supervisorToken();
  }

  @Test
  void anOperatorIsCreatedWithQueuesInvitedDisabledOnEveryNodeAndEnabledAgain() {
    HttpResponse<Buffer> created = post("/api/v1/staff", supervisor, new JsonObject()
        .put("username", "Mario.Rossi").put("displayName", "Mario Rossi").put("email", "Mario.Rossi@Esempio.it")
        .put("roles", new JsonArray().add("operator"))
        .put("queues", new JsonArray().add(new JsonObject().put("queue", "staff-anziani").put("level", 2))));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    JsonObject mario = created.bodyAsJsonObject();
    UUID id = UUID.fromString(mario.getString("id"));
    assertEquals("mario.rossi", mario.getString("username"));
    assertEquals("mario.rossi@esempio.it", mario.getString("email"));
    assertTrue(mario.getBoolean("invitationPending"));
    assertEquals("staff-anziani", mario.getJsonArray("queues").getJsonObject(0).getString("queue"));

    Row account = one("SELECT password_hash, roles FROM accounts WHERE id = $1", id);
    assertNull(account.getString("password_hash"), "no password: the invitation says how to choose one");
    Row invitation = one("SELECT payload FROM outbox WHERE topic = 'account.invitation' AND recipient = $1", id.toString());
    assertEquals(new JsonObject().put("organisation", "Rete Welfare Sportello").put("roles", new JsonArray().add("operator")),
        invitation.getJsonObject("payload"));
    assertEquals(1, auditRows(id, "created"));

    // The invitation's "choose your password" (the accounts part) stands in here.
    setPassword(id);
    String token = await(http.accessToken("mario.rossi"));
    HttpResponse<Buffer> login = post("/api/v1/calls/operator/login", token, new JsonObject());
    assertEquals(200, login.statusCode(), "the queue's owner knows the new operator: " + login.bodyAsString());
    assertEquals("available", login.bodyAsJsonObject().getString("state"));

    HttpResponse<Buffer> disabled = post("/api/v1/staff/" + id + "/disable", supervisor, new JsonObject());
    assertEquals(200, disabled.statusCode(), disabled.bodyAsString());
    assertTrue(disabled.bodyAsJsonObject().getBoolean("disabled"));
    assertFalse(disabled.bodyAsJsonObject().getBoolean("stillOnCall"));
    waitFor(() -> await(http.get("/api/v1/me", token)).statusCode() == 401, "the disabled operator's token to stop working");
    assertEquals(401, await(http.client().post("/api/v1/auth/login").sendJsonObject(new JsonObject()
        .put("username", "mario.rossi").put("password", TestAccounts.PASSWORD))).statusCode());
    waitFor(() -> "offline".equals(one("SELECT state FROM call_operators WHERE subject = $1", id.toString()).getString(0)),
        "the operator to be out of the queues");
    assertEquals(1, auditRows(id, "disabled"));

    // Disabling again changes nothing and writes nothing.
    assertEquals(200, post("/api/v1/staff/" + id + "/disable", supervisor, new JsonObject()).statusCode());
    assertEquals(1, auditRows(id, "disabled"));

    HttpResponse<Buffer> enabled = post("/api/v1/staff/" + id + "/enable", supervisor, new JsonObject());
    assertEquals(200, enabled.statusCode(), enabled.bodyAsString());
    assertFalse(enabled.bodyAsJsonObject().getBoolean("disabled"));
    assertEquals(1, auditRows(id, "enabled"));
    String again = await(http.accessToken("mario.rossi"));
    assertEquals(200, await(http.get("/api/v1/me", again)).statusCode());

    JsonObject trail = await(http.get("/api/v1/staff/audit?target=" + id, supervisor)).bodyAsJsonObject();
    JsonArray items = trail.getJsonArray("items");
    assertEquals(3, items.size());
    assertEquals("enabled", items.getJsonObject(0).getString("action"));
    assertEquals("created", items.getJsonObject(2).getString("action"));
    assertEquals("staff-anziani", items.getJsonObject(2).getJsonObject("after").getJsonArray("queues").getJsonObject(0)
        .getString("queue"));
    assertNull(items.getJsonObject(2).getValue("before"));
    assertTrue(items.getJsonObject(1).getJsonObject("after").getBoolean("disabled"));
  }

  @Test
  void anOperatorOnACallIsDisabledAtOnceAndLeavesTheQueuesWhenAskedAgainAfterTheCall() {
    center.queue("staff-urgenze", "longest_idle", new JsonObject());
    UUID id = createdId(new JsonObject().put("username", "lia.gialli").put("displayName", "Lia Gialli")
        .put("email", "lia.gialli@esempio.it").put("roles", new JsonArray().add("operator"))
        .put("queues", new JsonArray().add(new JsonObject().put("queue", "staff-urgenze"))));
    setPassword(id);
    String token = await(http.accessToken("lia.gialli"));
    assertEquals(200, post("/api/v1/calls/operator/login", token, new JsonObject()).statusCode());
    String call = CallCenterFixture.callId();
    center.arrive(call, "staff-urgenze", "+393470000777");
    waitFor(() -> !center.commands("route", call).isEmpty(), "the call to ring Lia");
    center.event("call.answered", call, new JsonObject().put("operator", id.toString()));

    HttpResponse<Buffer> disabled = post("/api/v1/staff/" + id + "/disable", supervisor, new JsonObject());
    assertEquals(200, disabled.statusCode(), disabled.bodyAsString());
    assertTrue(disabled.bodyAsJsonObject().getBoolean("stillOnCall"), "on a call: the page asks to disable again afterwards");
    waitFor(() -> await(http.get("/api/v1/me", token)).statusCode() == 401, "her sessions to end at once anyway");

    center.event("call.ended", call, new JsonObject());
    HttpResponse<Buffer> again = post("/api/v1/staff/" + id + "/disable", supervisor, new JsonObject());
    assertFalse(again.bodyAsJsonObject().getBoolean("stillOnCall"), again.bodyAsString());
    waitFor(() -> "offline".equals(one("SELECT state FROM call_operators WHERE subject = $1", id.toString()).getString(0)),
        "Lia to be out of the queues once the call ended");
    assertEquals(1, auditRows(id, "disabled"));
  }

  @Test
  void changingAnOperatorsQueuesAndRolesIsStoredAuditedAndEndsTheirSessions() {
    UUID id = createdId(new JsonObject().put("username", "carla.verdi").put("displayName", "Carla Verdi")
        .put("email", "carla.verdi@esempio.it").put("roles", new JsonArray().add("operator"))
        .put("queues", new JsonArray().add(new JsonObject().put("queue", "staff-anziani"))));
    setPassword(id);
    String token = await(http.accessToken("carla.verdi"));

    HttpResponse<Buffer> changed = put("/api/v1/staff/" + id, supervisor, new JsonObject().put("displayName", "Carla Verdi")
        .put("roles", new JsonArray().add("operator").add("welfare_manager"))
        .put("queues", new JsonArray().add(new JsonObject().put("queue", "staff-infanzia")))
        .put("areas", new JsonArray().add("elderly")).put("languages", new JsonArray().add("it").add("en")).put("maxChats", 3));
    assertEquals(200, changed.statusCode(), changed.bodyAsString());
    assertEquals("staff-infanzia", one("SELECT string_agg(queue_id, ',') FROM call_members WHERE subject = $1",
        id.toString()).getString(0));
    Row manager = one("SELECT areas, languages, max_chats FROM chat_managers WHERE subject = $1", id.toString());
    assertEquals("elderly", manager.getArrayOfStrings("areas")[0]);
    assertEquals(3, manager.getInteger("max_chats"));
    assertEquals(1, auditRows(id, "changed"));
    waitFor(() -> await(http.get("/api/v1/me", token)).statusCode() == 401, "a change of roles to end the old token");

    // The manager is made unavailable when disabled: routing skips them, the sweeper returns their chats.
    await(app.pool().preparedQuery("UPDATE chat_managers SET available = true, seen_at = now() WHERE subject = $1")
        .execute(Tuple.of(id.toString())));
    assertEquals(200, post("/api/v1/staff/" + id + "/disable", supervisor, new JsonObject()).statusCode());
    Row after = one("SELECT available, seen_at FROM chat_managers WHERE subject = $1", id.toString());
    assertFalse(after.getBoolean("available"));
    assertNull(after.getValue("seen_at"));
  }

  @Test
  void badInputIsAPlainProblem() {
    JsonObject base = new JsonObject().put("username", "nuovo.arrivo").put("displayName", "Nuovo Arrivo")
        .put("email", "nuovo.arrivo@esempio.it");
    assertProblem(422, "unknown-role", post("/api/v1/staff", supervisor, base.copy().put("roles", new JsonArray().add("capo"))));
    assertProblem(422, "not-a-staff-role", post("/api/v1/staff", supervisor, base.copy().put("roles", new JsonArray().add("citizen"))));
    assertProblem(422, "unknown-queue", post("/api/v1/staff", supervisor, base.copy().put("roles", new JsonArray().add("operator"))
        .put("queues", new JsonArray().add(new JsonObject().put("queue", "nessuna")))));
    assertProblem(422, "queues-required", post("/api/v1/staff", supervisor, base.copy().put("roles", new JsonArray().add("operator"))));
    assertProblem(422, "unknown-area", post("/api/v1/staff", supervisor, base.copy()
        .put("roles", new JsonArray().add("welfare_manager")).put("areas", new JsonArray().add("astrologia"))));
    assertProblem(422, "cooperative-required", post("/api/v1/staff", supervisor, base.copy()
        .put("roles", new JsonArray().add("provider_admin"))));
    assertProblem(422, "unknown-company", post("/api/v1/staff", supervisor, base.copy()
        .put("roles", new JsonArray().add("hr_admin")).put("companyId", UUID.randomUUID().toString())));
    assertProblem(422, "invalid-codice-fiscale", post("/api/v1/staff", supervisor, base.copy()
        .put("roles", new JsonArray().add("privacy_officer")).put("codiceFiscale", "RSSMRA85T10A562X")));
    assertProblem(422, "validation", post("/api/v1/staff", supervisor, base.copy().put("roles", new JsonArray())));
    HttpResponse<Buffer> noKey = await(http.client().post("/api/v1/staff").bearerTokenAuthentication(supervisor)
        .sendJsonObject(base.copy().put("roles", new JsonArray().add("privacy_officer"))));
    assertProblem(400, "idempotency-key-required", noKey);
    assertEquals(0L, one("SELECT count(*) FROM accounts WHERE username = 'nuovo.arrivo'").getLong(0));
  }

  @Test
  void anAddressOrCodiceFiscaleThatHasAnAccountIsAConflictNotASecondAccount() {
    UUID citizen = await(TestAccounts.create(vertx, app.pool(), "staff.cittadina", "citizen"));
    await(app.pool().preparedQuery("UPDATE accounts SET email = 'anna.neri@esempio.it', codice_fiscale = 'RSSMRA85T10A562S' WHERE id = $1")
        .execute(Tuple.of(citizen)));
    JsonObject base = new JsonObject().put("displayName", "Anna Neri").put("roles", new JsonArray().add("privacy_officer"));
    assertProblem(409, "email-taken", post("/api/v1/staff", supervisor, base.copy().put("username", "anna.neri")
        .put("email", "Anna.Neri@Esempio.IT")));
    assertProblem(409, "codice-fiscale-taken", post("/api/v1/staff", supervisor, base.copy().put("username", "anna.neri")
        .put("email", "a.neri@lavoro.it").put("codiceFiscale", "rssmra85t10a562s")));
    assertProblem(409, "username-taken", post("/api/v1/staff", supervisor, base.copy().put("username", "STAFF.cittadina")
        .put("email", "a.neri@lavoro.it")));
    assertEquals(1L, one("SELECT count(*) FROM accounts WHERE codice_fiscale = 'RSSMRA85T10A562S'").getLong(0));
  }

  @Test
  void twoCreatesWithTheSameAddressAtOnceMakeOneAccount() {
    JsonObject base = new JsonObject().put("displayName", "Doppio").put("email", "doppio@esempio.it")
        .put("roles", new JsonArray().add("privacy_officer"));
    var first = http.post("/api/v1/staff", supervisor, base.copy().put("username", "doppio.uno"));
    var second = http.post("/api/v1/staff", supervisor, base.copy().put("username", "doppio.due"));
    java.util.List<Integer> statuses = java.util.stream.Stream.of(await(first), await(second))
        .map(HttpResponse::statusCode).sorted().toList();
    assertEquals(java.util.List.of(201, 409), statuses);
    assertEquals(1L, one("SELECT count(*) FROM accounts WHERE email = 'doppio@esempio.it'").getLong(0));
  }

  @Test
  void aRetriedCreateIsAnsweredOnceAndAuditedOnce() {
    JsonObject body = new JsonObject().put("username", "privacy.uno").put("displayName", "Paola Privacy")
        .put("email", "privacy.uno@esempio.it").put("roles", new JsonArray().add("privacy_officer"));
    String key = UUID.randomUUID().toString();
    HttpResponse<Buffer> first = await(http.post("/api/v1/staff", supervisor, body, key));
    HttpResponse<Buffer> second = await(http.post("/api/v1/staff", supervisor, body, key));
    assertEquals(201, first.statusCode(), first.bodyAsString());
    assertEquals(first.bodyAsJsonObject(), second.bodyAsJsonObject());
    UUID id = UUID.fromString(first.bodyAsJsonObject().getString("id"));
    assertEquals(1, auditRows(id, "created"));
    assertEquals(1L, one("SELECT count(*) FROM outbox WHERE recipient = $1", id.toString()).getLong(0));
  }

  @Test
  void aCooperativesAdminManagesOnlyTheirOwnCooperativesAdmins() {
    UUID mine = await(TestAccounts.create(vertx, app.pool(), "staff.coop.admin", "provider_admin"));
    UUID theirs = await(TestAccounts.adminOfAnotherCooperative(vertx, app.pool(), "staff.altra.admin", "11122233344"));
    String admin = await(http.accessToken("staff.coop.admin"));
    String myCooperative = one("SELECT provider_id FROM accounts WHERE id = $1", mine).getUUID(0).toString();
    String theirCooperative = one("SELECT provider_id FROM accounts WHERE id = $1", theirs).getUUID(0).toString();

    HttpResponse<Buffer> created = post("/api/v1/staff", admin, new JsonObject().put("username", "coop.collega")
        .put("displayName", "Collega Coop").put("email", "collega@coop.it").put("roles", new JsonArray().add("provider_admin")));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    assertEquals(myCooperative, created.bodyAsJsonObject().getJsonObject("cooperative").getString("id"));
    Row invitation = one("SELECT payload FROM outbox WHERE recipient = $1", created.bodyAsJsonObject().getString("id"));
    assertEquals("Cooperativa di prova", invitation.getJsonObject("payload").getString("organisation"));

    HttpResponse<Buffer> staff = post("/api/v1/staff", admin, new JsonObject().put("username", "coop.operatrice")
        .put("displayName", "Operatrice Coop").put("email", "operatrice@coop.it")
        .put("roles", new JsonArray().add("provider_staff")));
    assertEquals(201, staff.statusCode(), staff.bodyAsString());
    assertEquals(myCooperative, staff.bodyAsJsonObject().getJsonObject("cooperative").getString("id"), "their cooperative's staff");
    assertProblem(403, "role-not-grantable", post("/api/v1/staff", admin, new JsonObject().put("username", "coop.intrusa")
        .put("displayName", "Intrusa").put("email", "intrusa@coop.it").put("roles", new JsonArray().add("provider_staff"))
        .put("providerId", theirCooperative)));

    assertProblem(403, "role-not-grantable", post("/api/v1/staff", admin, new JsonObject().put("username", "coop.operatore")
        .put("displayName", "Operatore").put("email", "op@coop.it").put("roles", new JsonArray().add("operator"))
        .put("queues", new JsonArray().add(new JsonObject().put("queue", "staff-anziani")))));
    assertProblem(403, "role-not-grantable", post("/api/v1/staff", admin, new JsonObject().put("username", "coop.intruso")
        .put("displayName", "Intruso").put("email", "intruso@coop.it").put("roles", new JsonArray().add("provider_admin"))
        .put("providerId", theirCooperative)));

    JsonArray listed = await(http.get("/api/v1/staff", admin)).bodyAsJsonObject().getJsonArray("items");
    assertTrue(listed.stream().allMatch(o -> myCooperative.equals(((JsonObject) o).getJsonObject("cooperative").getString("id"))),
        listed.encode());
    assertTrue(listed.stream().noneMatch(o -> theirs.toString().equals(((JsonObject) o).getString("id"))));

    // Another cooperative's admin, the network's supervisor and an id nobody has: the same 404.
    UUID supervisorId = UUID.fromString(one("SELECT id FROM accounts WHERE username = 'staff.supervisore'").getUUID(0).toString());
    for (UUID other : new UUID[] {theirs, supervisorId, UUID.randomUUID()}) {
      HttpResponse<Buffer> read = await(http.get("/api/v1/staff/" + other, admin));
      HttpResponse<Buffer> disable = post("/api/v1/staff/" + other + "/disable", admin, new JsonObject());
      assertProblem(404, "staff-not-found", read);
      assertProblem(404, "staff-not-found", disable);
      assertEquals(read.bodyAsJsonObject().getString("detail"), disable.bodyAsJsonObject().getString("detail"));
    }
    assertNull(one("SELECT disabled_at FROM accounts WHERE id = $1", theirs).getValue(0));
    JsonArray trail = await(http.get("/api/v1/staff/audit", admin)).bodyAsJsonObject().getJsonArray("items");
    assertTrue(trail.stream().allMatch(o -> ((JsonObject) o).getJsonObject("after").getString("providerId").equals(myCooperative)),
        trail.encode());

    UUID colleague = UUID.fromString(created.bodyAsJsonObject().getString("id"));
    assertEquals(200, post("/api/v1/staff/" + colleague + "/disable", admin, new JsonObject()).statusCode());
    assertProblem(409, "own-account", post("/api/v1/staff/" + mine + "/disable", admin, new JsonObject()));
    assertProblem(403, "forbidden", await(http.get("/api/v1/staff", await(TestAccounts.create(vertx, app.pool(), "staff.op",
        "operator").compose(v -> http.accessToken("staff.op"))))));
  }

  @Test
  void theAuditIsAppendOnly() {
    UUID id = createdId(new JsonObject().put("username", "hr.uno").put("displayName", "Ugo Risorse")
        .put("email", "hr.uno@esempio.it").put("roles", new JsonArray().add("hr_admin"))
        .put("companyId", one("SELECT id FROM companies LIMIT 1").getUUID(0).toString()));
    assertEquals(1, auditRows(id, "created"));
    assertThrows(AssertionError.class, () -> await(app.pool().preparedQuery("UPDATE staff_audit SET action = 'enabled' WHERE target = $1")
        .execute(Tuple.of(id))));
    assertThrows(AssertionError.class, () -> await(app.pool().preparedQuery("DELETE FROM staff_audit WHERE target = $1")
        .execute(Tuple.of(id))));
    assertEquals(1, auditRows(id, "created"));
  }

  @Test
  void registeringAndRevokingAKioskAreInTheChangeLogOnce() {
    HttpResponse<Buffer> registered = post("/api/v1/kiosk-devices", supervisor,
        new JsonObject().put("label", "Punto sociale biblioteca").put("location", "Biblioteca civica, piano terra"));
    assertEquals(201, registered.statusCode(), registered.bodyAsString());
    String device = registered.bodyAsJsonObject().getString("id");
    for (int i = 0; i < 2; i++) {
      assertEquals(200, post("/api/v1/kiosk-devices/" + device + "/revoke", supervisor, new JsonObject()).statusCode());
    }
    JsonArray trail = await(http.get("/api/v1/staff/audit", supervisor)).bodyAsJsonObject().getJsonArray("items");
    var rows = trail.stream().map(JsonObject.class::cast)
        .filter(o -> device.equals(o.getJsonObject("target").getString("kioskId"))).toList();
    assertEquals(List.of("revoked", "created"), rows.stream().map(o -> o.getString("action")).toList(),
        "one row when registered, one when revoked, none for revoking it again: " + trail.encode());
    assertEquals("Punto sociale biblioteca", rows.get(1).getJsonObject("target").getString("name"));
    assertEquals("Biblioteca civica, piano terra", rows.get(1).getJsonObject("after").getString("location"));
  }

  // ---- helpers -------------------------------------------------------------------------------

  private UUID createdId(JsonObject body) {
    HttpResponse<Buffer> created = post("/api/v1/staff", supervisor, body);
    assertEquals(201, created.statusCode(), created.bodyAsString());
    return UUID.fromString(created.bodyAsJsonObject().getString("id"));
  }

  private HttpResponse<Buffer> post(String path, String token, JsonObject body) {
    return await(http.post(path, token, body));
  }

  private HttpResponse<Buffer> put(String path, String token, JsonObject body) {
    return await(http.put(path, token, body));
  }

  private void setPassword(UUID id) {
    String hash = await(vertx.executeBlocking(() -> PasswordHasher.hashBlocking(TestAccounts.PASSWORD), false));
    await(app.pool().preparedQuery("UPDATE accounts SET password_hash = $2 WHERE id = $1").execute(Tuple.of(id, hash)));
  }

  private int auditRows(UUID target, String action) {
    return one("SELECT count(*) FROM staff_audit WHERE target = $1 AND action = $2", target, action).getLong(0).intValue();
  }

  private Row one(String sql, Object... params) {
    RowSet<Row> rows = await(params.length == 0 ? app.pool().query(sql).execute()
        : app.pool().preparedQuery(sql).execute(Tuple.from(params)));
    return rows.iterator().next();
  }

  static void assertProblem(int status, String type, HttpResponse<Buffer> response) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    assertTrue(response.getHeader("Content-Type").startsWith("application/problem+json"), response.getHeader("Content-Type"));
    assertEquals("/problems/" + type, response.bodyAsJsonObject().getString("type"), response.bodyAsString());
  }
}
