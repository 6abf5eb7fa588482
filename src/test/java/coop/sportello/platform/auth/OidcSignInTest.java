package coop.sportello.platform.auth;

import coop.sportello.platform.domain.CodiceFiscale;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import coop.sportello.testing.TestIdentityProvider;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPID and CIE sign-in against a real OpenID Connect provider (mock-oauth2-server), through HTTP as
 * a browser without cookies goes: Sportello's start, the provider's authorization endpoint, the
 * callback, the handoff. The same codice fiscale is the same person, whichever way they come; and
 * every check of the protocol refuses what it should.
 */
class OidcSignInTest extends AppTestBase {

  private static final TestIdentityProvider IDP = new TestIdentityProvider();
  private final WebClient browser = WebClient.create(io.vertx.core.Vertx.vertx(), new WebClientOptions().setFollowRedirects(false));
  private int port;

  @Override
  protected JsonObject overrides() {
    port = TestIdentityProvider.freePort();
    return new JsonObject().put("http", new JsonObject().put("port", port))
        .put("auth", new JsonObject().put("oidc", IDP.sportelloConfig(port)));
  }

  @AfterAll
  void stopProvider() {
    IDP.close();
  }

  private static String codiceFiscale(String first15) {
    return first15 + CodiceFiscale.checkCharacter(first15);
  }

  private static Map<String, Object> spidClaims(String codiceFiscale) {
    Map<String, Object> claims = new HashMap<>();
    claims.put("fiscalNumber", "TINIT-" + codiceFiscale);
    claims.put("given_name", "Giulia");
    claims.put("family_name", "Bianchi");
    claims.put("acr", "https://www.spid.gov.it/SpidL2");
    return claims;
  }

  private HttpResponse<Buffer> get(String absoluteUrl) {
    return await(browser.getAbs(absoluteUrl).send());
  }

  private String app(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  private static Map<String, String> query(String url) {
    Map<String, String> params = new HashMap<>();
    String raw = URI.create(url).getRawQuery();
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  /** Sportello's start, then the provider's authorization endpoint: the callback URL the browser would be sent to. */
  private String untilCallback(String provider, String returnTo) {
    HttpResponse<Buffer> start = get(app("/api/v1/auth/oidc/" + provider + "/start?returnTo=" + returnTo));
    assertEquals(302, start.statusCode(), start.bodyAsString());
    HttpResponse<Buffer> authorize = get(start.getHeader("Location"));
    assertEquals(302, authorize.statusCode(), authorize.bodyAsString());
    String callback = authorize.getHeader("Location");
    assertTrue(callback.startsWith(app("/api/v1/auth/oidc/callback?")), callback);
    return callback;
  }

  /** Follows the callback: where Sportello sends the browser back to. */
  private String callback(String url) {
    HttpResponse<Buffer> back = get(url);
    assertEquals(303, back.statusCode(), back.bodyAsString());
    assertEquals("no-store", back.getHeader("Cache-Control"));
    return back.getHeader("Location");
  }

  /** The whole way in: the token pair the page gets for its handoff code. */
  private JsonObject signIn(String provider, String subject, Map<String, Object> claims) {
    IDP.nextSignIn(subject, claims);
    String back = callback(untilCallback(provider, "/prenotazioni.html"));
    assertTrue(back.startsWith("/prenotazioni.html#handoff="), back);
    HttpResponse<Buffer> pair = redeem(back.substring(back.indexOf('=') + 1));
    assertEquals(200, pair.statusCode(), pair.bodyAsString());
    return pair.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> redeem(String handoff) {
    return await(http.client().post("/api/v1/auth/oidc/handoff").sendJsonObject(new JsonObject().put("handoff", handoff)));
  }

  private Row row(String sql, Object... params) {
    return await(app.pool().preparedQuery(sql).execute(Tuple.wrap(params))).iterator().next();
  }

  private void execute(String sql, Object... params) {
    await(app.pool().preparedQuery(sql).execute(Tuple.wrap(params)));
  }

  @Test
  void anEmployeeImportedByTheirCompanyWhoSignsInWithSpidIsTheirOwnAccount() {
    String code = codiceFiscale("FRRGNN80A01F205");
    UUID employee = await(TestAccounts.create(vertx, app.pool(), "giovanni.ferri", "employee"));
    execute("UPDATE accounts SET codice_fiscale = $2 WHERE id = $1", employee, code);

    JsonObject pair = signIn("spid", "spid-giovanni", spidClaims(code));
    HttpResponse<Buffer> me = await(http.get("/api/v1/me", pair.getString("accessToken")));
    assertEquals(200, me.statusCode(), me.bodyAsString());
    assertEquals(employee.toString(), me.bodyAsJsonObject().getString("sub"));
    assertTrue(me.bodyAsJsonObject().getJsonArray("roles").contains("employee"));
    // A session like a password sign-in's: its refresh token rotates.
    assertEquals(200, await(http.client().post("/api/v1/auth/refresh")
        .sendJsonObject(new JsonObject().put("refreshToken", pair.getString("refreshToken")))).statusCode());

    Row link = row("SELECT account_id, provider, level_of_assurance FROM oidc_links WHERE issuer = $1 AND subject = $2",
        IDP.issuer(), "spid-giovanni");
    assertEquals(employee, link.getUUID(0));
    assertEquals("spid", link.getString(1));
    assertEquals("https://www.spid.gov.it/SpidL2", link.getString(2));

    // Next time, with a higher level of assurance: the same account, and the level kept is the last one.
    Map<String, Object> again = spidClaims(code);
    again.put("acr", "https://www.spid.gov.it/SpidL3");
    JsonObject second = signIn("spid", "spid-giovanni", again);
    assertEquals(employee.toString(), second.getJsonObject("identity").getString("sub"));
    assertEquals("https://www.spid.gov.it/SpidL3", row("SELECT level_of_assurance FROM oidc_links WHERE subject = $1",
        "spid-giovanni").getString(0));
    assertEquals(1L, row("SELECT count(*) FROM accounts WHERE codice_fiscale = $1", code).getLong(0));
  }

  @Test
  void aNewcomerGetsACitizenAccountWithoutPasswordAndCieFindsTheSamePerson() {
    String code = codiceFiscale("BNCGLI85M41L219");
    Map<String, Object> claims = spidClaims(code);
    claims.put("email", "Giulia.Bianchi@Example.org");
    claims.put("email_verified", true);
    JsonObject pair = signIn("spid", "spid-giulia", claims);
    String id = pair.getJsonObject("identity").getString("sub");
    assertEquals(List.of("citizen"), pair.getJsonObject("identity").getJsonArray("roles").getList());
    assertEquals("Giulia Bianchi", pair.getJsonObject("identity").getString("name"));

    Row account = row("""
        SELECT username, password_hash, email, email_verified_at, codice_fiscale, municipality FROM accounts WHERE id = $1""",
        UUID.fromString(id));
    assertTrue(account.getString(0).startsWith("giulia.bianchi."), account.getString(0));
    assertFalse(account.getString(0).contains(code.toLowerCase()), "the username does not carry the codice fiscale");
    assertNull(account.getString(1), "no password: SPID and CIE are the way in");
    assertEquals("giulia.bianchi@example.org", account.getString(2));
    assertNotNull(account.getValue(3), "the provider said the address was verified");
    assertEquals(code, account.getString(4));
    assertNull(account.getString(5));

    // The same person with their identity card, through the CIE button of the same gateway.
    Map<String, Object> cie = new HashMap<>();
    cie.put("fiscalNumber", code);
    cie.put("name", "Giulia Bianchi");
    JsonObject withCie = signIn("cie", "cie-7788", cie);
    assertEquals(id, withCie.getJsonObject("identity").getString("sub"));
    assertEquals("cie", row("SELECT provider FROM oidc_links WHERE subject = 'cie-7788'").getString(0));
    List<String> exchanges = IDP.clientAuthentications();
    assertEquals(List.of("basic", "public"), exchanges.subList(exchanges.size() - 2, exchanges.size()),
        "SPID's exchange carried the client secret, CIE's (a public client) its client id and the PKCE verifier alone");
    assertEquals(1L, row("SELECT count(*) FROM accounts WHERE codice_fiscale = $1", code).getLong(0));
  }

  @Test
  void anAddressTheProviderDidNotVouchForIsKeptUnverifiedAndOneAlreadyTakenIsNotKept() {
    UUID holder = await(TestAccounts.create(vertx, app.pool(), "ha.la.mail", "citizen"));
    execute("UPDATE accounts SET email = 'presa@example.org' WHERE id = $1", holder);
    Map<String, Object> first = spidClaims(codiceFiscale("RSSMRA70A01H501"));
    first.put("email", "nuova@example.org");
    Map<String, Object> second = spidClaims(codiceFiscale("VRDLGU75B02H501"));
    second.put("email", "Presa@example.org");
    second.put("email_verified", true);
    String one = signIn("spid", "spid-a", first).getJsonObject("identity").getString("sub");
    String two = signIn("spid", "spid-b", second).getJsonObject("identity").getString("sub");
    Row a = row("SELECT email, email_verified_at FROM accounts WHERE id = $1", UUID.fromString(one));
    assertEquals("nuova@example.org", a.getString(0));
    assertNull(a.getValue(1), "no email_verified claim: not verified");
    assertNull(row("SELECT email FROM accounts WHERE id = $1", UUID.fromString(two)).getString(0));
  }

  @Test
  void theAuthorizationRequestIsCodeFlowWithPkceS256AndTheConfiguredRedirectUri() {
    HttpResponse<Buffer> start = await(browser.getAbs(app("/api/v1/auth/oidc/spid/start?returnTo=/prenotazioni.html"))
        .putHeader("Host", "evil.example").putHeader("X-Forwarded-Host", "evil.example").send());
    assertEquals(302, start.statusCode());
    String location = start.getHeader("Location");
    assertTrue(location.startsWith(IDP.issuer() + "/authorize?"), location);
    Map<String, String> params = query(location);
    assertEquals("code", params.get("response_type"));
    assertEquals(TestIdentityProvider.CLIENT_ID, params.get("client_id"));
    assertEquals(app("/api/v1/auth/oidc/callback"), params.get("redirect_uri"), "from the configuration, never the request");
    assertEquals("S256", params.get("code_challenge_method"));
    assertFalse(location.contains("plain"));
    assertEquals("spid", params.get("kc_idp_hint"));
    assertTrue(params.get("scope").contains("openid"));
    Row kept = row("SELECT code_verifier, nonce FROM oidc_authorizations WHERE state_hash = $1",
        Buffer.buffer(Secrets.sha256(params.get("state"))));
    assertEquals(Pkce.challenge(kept.getString(0)), params.get("code_challenge"));
    assertEquals(kept.getString(1), params.get("nonce"));
    assertFalse(location.contains(kept.getString(0)), "the verifier never goes to the browser");
  }

  @Test
  void theWayBackIsAlwaysAPageOfThisSite() {
    for (String elsewhere : List.of("https://evil.example/", "//evil.example/", "/%2F%2Fevil.example", "/../x", "/a/b.html")) {
      HttpResponse<Buffer> start = get(app("/api/v1/auth/oidc/spid/start?returnTo=" + elsewhere));
      assertEquals(302, start.statusCode(), elsewhere);
      String state = query(start.getHeader("Location")).get("state");
      assertEquals("/", row("SELECT return_to FROM oidc_authorizations WHERE state_hash = $1",
          Buffer.buffer(Secrets.sha256(state))).getString(0), elsewhere);
    }
  }

  @Test
  void anUnknownReusedOrExpiredStateIsRefused() {
    assertEquals("/#signin-error=state", callback(app("/api/v1/auth/oidc/callback?code=abc&state=" + "s".repeat(43))));
    assertEquals("/#signin-error=state", callback(app("/api/v1/auth/oidc/callback?code=abc")));

    IDP.nextSignIn("spid-r", spidClaims(codiceFiscale("RSSMRA70A01H501")));
    String url = untilCallback("spid", "/chat.html");
    assertTrue(callback(url).startsWith("/chat.html#handoff="));
    assertEquals("/#signin-error=state", callback(url), "a state is good once (and, used, no longer says where it came from)");

    String late = untilCallback("spid", "/chat.html");
    execute("UPDATE oidc_authorizations SET expires_at = now() - interval '1 second'");
    assertEquals("/chat.html#signin-error=state", callback(late));
  }

  @Test
  void aPersonWhoStopsAtTheProviderIsToldPlainly() {
    String url = untilCallback("spid", "/prenotazioni.html");
    String state = query(url).get("state");
    assertEquals("/prenotazioni.html#signin-error=cancelled",
        callback(app("/api/v1/auth/oidc/callback?error=access_denied&state=" + state)));
    String other = query(untilCallback("cie", "/prenotazioni.html")).get("state");
    assertEquals("/prenotazioni.html#signin-error=provider",
        callback(app("/api/v1/auth/oidc/callback?error=server_error&state=" + other)));
  }

  @Test
  void aCodeExchangedWithAnotherVerifierIsRefusedByTheProvider() {
    IDP.nextSignIn("spid-p", spidClaims(codiceFiscale("RSSMRA70A01H501")));
    String url = untilCallback("spid", "/prenotazioni.html");
    execute("UPDATE oidc_authorizations SET code_verifier = $1", "v".repeat(43));
    assertEquals("/prenotazioni.html#signin-error=provider", callback(url));
  }

  @Test
  void anIdTokenWithAnotherNonceIsRefused() {
    IDP.nextSignIn("spid-n", spidClaims(codiceFiscale("RSSMRA70A01H501")));
    String url = untilCallback("spid", "/prenotazioni.html");
    execute("UPDATE oidc_authorizations SET nonce = 'un-altro-nonce'");
    assertEquals("/prenotazioni.html#signin-error=provider", callback(url));
  }

  /** Claims of a well-formed ID token for the sign-in started at {@code url}, to be spoiled one at a time. */
  private static Map<String, Object> validClaims(String nonce) {
    Map<String, Object> claims = new HashMap<>(spidClaims(codiceFiscale("RSSMRA70A01H501")));
    long now = Instant.now().getEpochSecond();
    claims.put("iss", IDP.issuer());
    claims.put("aud", List.of(TestIdentityProvider.CLIENT_ID));
    claims.put("sub", "spid-forged");
    claims.put("iat", now);
    claims.put("exp", now + 300);
    claims.put("nonce", nonce);
    return claims;
  }

  private String withTokenResponse(String url, Map<String, Object> claims, boolean strangerKey) {
    IDP.nextTokenResponse(IDP.idToken(claims, strangerKey));
    return callback(url);
  }

  private String nonceOf(String callbackUrl) {
    return row("SELECT nonce FROM oidc_authorizations WHERE state_hash = $1",
        Buffer.buffer(Secrets.sha256(query(callbackUrl).get("state")))).getString(0);
  }

  @Test
  void idTokensOfAnotherIssuerAudienceKeyOrTimeAreRefused() {
    String url = untilCallback("spid", "/prenotazioni.html");
    // The control: this forged-but-right token passes, so each refusal below is for its one change.
    assertTrue(withTokenResponse(url, validClaims(nonceOf(url)), false).startsWith("/prenotazioni.html#handoff="));

    url = untilCallback("spid", "/prenotazioni.html");
    Map<String, Object> otherIssuer = validClaims(nonceOf(url));
    otherIssuer.put("iss", IDP.issuer() + "-altro");
    assertEquals("/prenotazioni.html#signin-error=provider", withTokenResponse(url, otherIssuer, false), "iss");

    url = untilCallback("spid", "/prenotazioni.html");
    Map<String, Object> otherAudience = validClaims(nonceOf(url));
    otherAudience.put("aud", List.of("un-altro-servizio"));
    assertEquals("/prenotazioni.html#signin-error=provider", withTokenResponse(url, otherAudience, false), "aud");

    url = untilCallback("spid", "/prenotazioni.html");
    Map<String, Object> shared = validClaims(nonceOf(url));
    shared.put("aud", List.of(TestIdentityProvider.CLIENT_ID, "un-altro-servizio"));
    shared.put("azp", "un-altro-servizio");
    assertEquals("/prenotazioni.html#signin-error=provider", withTokenResponse(url, shared, false), "azp");

    url = untilCallback("spid", "/prenotazioni.html");
    assertEquals("/prenotazioni.html#signin-error=provider", withTokenResponse(url, validClaims(nonceOf(url)), true),
        "signed by a key the JWKS does not hold");

    url = untilCallback("spid", "/prenotazioni.html");
    Map<String, Object> expired = validClaims(nonceOf(url));
    expired.put("iat", Instant.now().getEpochSecond() - 7200);
    expired.put("exp", Instant.now().getEpochSecond() - 3600);
    assertEquals("/prenotazioni.html#signin-error=provider", withTokenResponse(url, expired, false), "exp");
  }

  @Test
  void anIdentityWithoutAValidCodiceFiscaleSignsNobodyIn() {
    Map<String, Object> none = spidClaims("X");
    none.remove("fiscalNumber");
    IDP.nextSignIn("spid-senza", none);
    assertEquals("/prenotazioni.html#signin-error=codice-fiscale", callback(untilCallback("spid", "/prenotazioni.html")));

    String wrongCheck = codiceFiscale("RSSMRA70A01H501");
    wrongCheck = wrongCheck.substring(0, 15) + (wrongCheck.charAt(15) == 'A' ? 'B' : 'A');
    IDP.nextSignIn("spid-sbagliato", spidClaims(wrongCheck));
    assertEquals("/prenotazioni.html#signin-error=codice-fiscale", callback(untilCallback("spid", "/prenotazioni.html")));
    assertEquals(0L, row("SELECT count(*) FROM oidc_links WHERE subject IN ('spid-senza', 'spid-sbagliato')").getLong(0));
  }

  @Test
  void aCodiceFiscaleSomeoneOnlyTypedAtSignUpDoesNotMakeThemThePersonWhoSignsInWithSpid() {
    String code = codiceFiscale("BNCLSS85M41F205");
    // Someone signed up by e-mail with this person's codice fiscale, and knows that account's password.
    UUID squatter = await(TestAccounts.create(vertx, app.pool(), "finta.bianchi", "citizen"));
    execute("UPDATE accounts SET codice_fiscale = $2 WHERE id = $1", squatter, code);

    JsonObject pair = signIn("spid", "spid-alessia", spidClaims(code));
    String signedIn = pair.getJsonObject("identity").getString("sub");
    assertNotEquals(squatter.toString(), signedIn, "the identity provider's proof outranks a typed code");
    assertEquals(signedIn, row("SELECT id::text FROM accounts WHERE codice_fiscale = $1", code).getString(0));
    assertEquals("identity_provider", row("SELECT codice_fiscale_source FROM accounts WHERE codice_fiscale = $1", code)
        .getString(0));
    assertNull(row("SELECT codice_fiscale FROM accounts WHERE id = $1", squatter).getValue(0),
        "the typed code is taken off the account that typed it");
    assertEquals(0L, row("SELECT count(*) FROM oidc_links WHERE account_id = $1", squatter).getLong(0));
  }

  @Test
  void aDisabledAccountIsNotSignedIn() {
    String code = codiceFiscale("DSBMRC60C03F205");
    UUID id = await(TestAccounts.create(vertx, app.pool(), "marco.disabilitato", "citizen"));
    execute("UPDATE accounts SET codice_fiscale = $2, codice_fiscale_source = 'identity_provider', disabled_at = now() "
        + "WHERE id = $1", id, code);
    IDP.nextSignIn("spid-d", spidClaims(code));
    assertEquals("/prenotazioni.html#signin-error=disabled", callback(untilCallback("spid", "/prenotazioni.html")));
  }

  @Test
  void aHandoffCodeIsGoodOnceAndAnUnknownOneIsAProblem() {
    IDP.nextSignIn("spid-h", spidClaims(codiceFiscale("HNDFNC90D04F205")));
    String back = callback(untilCallback("spid", "/prenotazioni.html"));
    String handoff = back.substring(back.indexOf('=') + 1);
    assertEquals(200, redeem(handoff).statusCode());
    HttpResponse<Buffer> again = redeem(handoff);
    assertEquals(401, again.statusCode());
    assertEquals("application/problem+json", again.getHeader("Content-Type"));
    assertEquals(401, redeem("h".repeat(43)).statusCode());
  }

  @Test
  void twoFirstSignInsOfOnePersonAtOnceMakeOneAccountAndAStateOrHandoffIsGoodOnceEvenAtOnce() {
    String code = codiceFiscale("CNCRRT77H08F205");
    IDP.nextSignIn("spid-insieme-1", spidClaims(code));
    IDP.nextSignIn("spid-insieme-2", spidClaims(code));
    String first = untilCallback("spid", "/prenotazioni.html");
    String second = untilCallback("spid", "/prenotazioni.html");
    // Both callbacks at once, each sent twice: two sign-ins, one account, each state spent once.
    List<HttpResponse<Buffer>> backs = await(io.vertx.core.Future.all(List.of(
        browser.getAbs(first).send(), browser.getAbs(second).send(), browser.getAbs(first).send(), browser.getAbs(second).send())))
        .list();
    List<String> handoffs = backs.stream().map(r -> r.getHeader("Location"))
        .filter(l -> l.startsWith("/prenotazioni.html#handoff=")).map(l -> l.substring(l.indexOf('=') + 1)).toList();
    assertEquals(2, handoffs.size(), backs.stream().map(r -> r.getHeader("Location")).toList().toString());
    assertEquals(1L, row("SELECT count(*) FROM accounts WHERE codice_fiscale = $1", code).getLong(0));

    List<HttpResponse<Buffer>> redeemed = await(io.vertx.core.Future.all(List.of(
        http.client().post("/api/v1/auth/oidc/handoff").sendJsonObject(new JsonObject().put("handoff", handoffs.get(0))),
        http.client().post("/api/v1/auth/oidc/handoff").sendJsonObject(new JsonObject().put("handoff", handoffs.get(0))),
        http.client().post("/api/v1/auth/oidc/handoff").sendJsonObject(new JsonObject().put("handoff", handoffs.get(1))))))
        .list();
    assertEquals(List.of(200, 200, 401), redeemed.stream().map(HttpResponse::statusCode).sorted().toList());
    assertEquals(1L, redeemed.stream().filter(r -> r.statusCode() == 200)
        .map(r -> r.bodyAsJsonObject().getJsonObject("identity").getString("sub")).distinct().count());
  }

  @Test
  void aFirstSignInThatMeetsAnAccountMadeMeanwhileJoinsIt() {
    // Two first sign-ins of one person race between "no account yet" and "make one": the second
    // maker finds the codice fiscale taken and makes nothing (then reads the account the first made).
    String code = codiceFiscale("RCCPLA82T10F205");
    UUID meanwhile = await(TestAccounts.create(vertx, app.pool(), "paolo.ricci", "citizen"));
    execute("UPDATE accounts SET codice_fiscale = $2, codice_fiscale_source = 'identity_provider' WHERE id = $1",
        meanwhile, code);
    OidcPerson person = new OidcPerson("spid-race", code, "Paolo Ricci", "paolo@example.org", true, null, null);
    OidcRepository repository = new OidcRepository(app.pool());
    assertTrue(await(repository.createCitizen(app.pool(), "paolo.ricci.abc234", person)).isEmpty());
    assertEquals(meanwhile, await(repository.findByCodiceFiscale(app.pool(), code)).orElseThrow().accountId());
    assertEquals(1L, row("SELECT count(*) FROM accounts WHERE codice_fiscale = $1", code).getLong(0));
  }

  @Test
  void theProvidersOfferedAndAnUnknownOne() {
    JsonObject offered = await(http.get("/api/v1/auth/providers", null)).bodyAsJsonObject();
    assertEquals(List.of("spid", "cie"), offered.getJsonArray("providers").stream()
        .map(p -> ((JsonObject) p).getString("id")).toList());
    HttpResponse<Buffer> unknown = get(app("/api/v1/auth/oidc/eidas/start"));
    assertEquals(404, unknown.statusCode());
    assertEquals("application/problem+json", unknown.getHeader("Content-Type"));
  }

  @Test
  void theProvidersOwnTokensAreNotSportelloTokens() {
    // Before SPID/CIE sign-in, an external token was taken as an "oidc:" citizen: no more.
    String external = IDP.idToken(validClaims("n"), false);
    assertEquals(401, await(http.get("/api/v1/me", external)).statusCode());
  }

  @Test
  void nothingPersonalNorAnyCodeOfTheWayInIsLogged() {
    ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
        org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged = new ch.qos.logback.core.read.ListAppender<>();
    logged.start();
    root.addAppender(logged);
    ch.qos.logback.classic.Level was = root.getLevel();
    root.setLevel(ch.qos.logback.classic.Level.DEBUG);
    try {
      String code = codiceFiscale("LGGNNA91E45F205");
      IDP.nextSignIn("spid-log", spidClaims(code));
      String url = untilCallback("spid", "/prenotazioni.html");
      String back = callback(url);
      String refused = untilCallback("spid", "/prenotazioni.html");
      execute("UPDATE oidc_authorizations SET nonce = 'altro'");
      callback(refused);
      List<String> secrets = List.of(code, query(url).get("code"), query(url).get("state"), query(refused).get("code"),
          back.substring(back.indexOf('=') + 1));
      // Sportello's own log and its libraries' (the pretend provider's log is its business).
      for (var event : logged.list.stream().filter(e -> !e.getLoggerName().startsWith("no.nav")
          && !e.getLoggerName().startsWith("okhttp3") && !e.getLoggerName().startsWith("mockwebserver")).toList()) {
        String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
        secrets.forEach(secret -> assertFalse(line.contains(secret), "logged: " + line));
      }
      assertTrue(logged.list.stream().anyMatch(e -> e.getFormattedMessage().contains("sign-in refused")),
          "the refusal itself is logged, without what it was about");
    } finally {
      root.setLevel(was);
      root.detachAppender(logged);
    }
  }
}
