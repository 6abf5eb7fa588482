package coop.sportello.bandi;

import coop.sportello.testing.Http;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static coop.sportello.testing.AppTestBase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Officers, citizens with a codice fiscale, bandi and real document bytes for the bandi tests. */
public final class BandiFixture {

  static final String BERGAMO = "016024";
  static final ZoneId ROME = ZoneId.of("Europe/Rome");
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
  private static final AtomicInteger SEED = new AtomicInteger(100);

  private final Vertx vertx;
  private final Pool pool;
  private final Http http;

  public BandiFixture(Vertx vertx, Pool pool, Http http) {
    this.vertx = vertx;
    this.pool = pool;
    this.http = http;
  }

  /** A signed-in citizen resident in Bergamo with a codice fiscale of their own; answers [token, codice fiscale, account id]. */
  String[] citizen(String username, LocalDate birth) {
    UUID id = await(TestAccounts.create(vertx, pool, username, "citizen"));
    String cf = CodiciFiscali.of(SEED.incrementAndGet(), birth, false);
    await(pool.preparedQuery("UPDATE accounts SET codice_fiscale = $2 WHERE id = $1").execute(Tuple.of(id, cf)));
    return new String[] {await(http.accessToken(username)), cf, id.toString()};
  }

  /** A codice fiscale of someone without an account (a child, say). */
  static String person(LocalDate birth) {
    return CodiciFiscali.of(SEED.incrementAndGet(), birth, true);
  }

  /** An officer of the Comune of Bergamo. */
  String officer(String username) {
    await(TestAccounts.create(vertx, pool, username, "municipal_officer"));
    return await(http.accessToken(username));
  }

  /** An officer of another Comune (Piazzola sul Brenta). */
  String otherOfficer(String username) {
    UUID id = await(TestAccounts.create(vertx, pool, username, "municipal_officer"));
    await(pool.query("""
        INSERT INTO providers (name, vat_number, municipality, kind)
        VALUES ('Comune di Piazzola sul Brenta', '80009690283', '028063', 'municipality') ON CONFLICT DO NOTHING""").execute());
    await(pool.preparedQuery("""
        UPDATE accounts SET provider_id = (SELECT id FROM providers WHERE kind = 'municipality' AND municipality = '028063')
         WHERE id = $1""").execute(Tuple.of(id)));
    return await(http.accessToken(username));
  }

  static String local(LocalDateTime t) {
    return LOCAL.format(t);
  }

  /** A buoni spesa bando open from an hour ago to tomorrow: 150 € plus 50 € per child, ISEE asked as a document. */
  public static JsonObject definition(String title) {
    LocalDateTime now = LocalDateTime.now(ROME).truncatedTo(ChronoUnit.MINUTES);
    return new JsonObject().put("title", title).put("summary", "Buoni spesa per le famiglie in difficoltà.")
        .put("body", "Il Comune assegna buoni spesa alle famiglie residenti in difficoltà economica.")
        .put("kind", "buoni_spesa")
        .put("rules", new JsonArray().add(new JsonObject().put("type", "residency"))
            .add(new JsonObject().put("type", "household_size").put("max", 8)))
        .put("amount", new JsonObject().put("baseCents", 15_000).put("perChildCents", 5_000))
        .put("budgetCents", 10_000_000)
        .put("opensAt", local(now.minusHours(1))).put("closesAt", local(now.plusDays(1)))
        .put("ranking", "first_come")
        .put("documents", new JsonArray().add(new JsonObject().put("kind", "isee").put("label", "Attestazione ISEE").put("required", true))
            .add(new JsonObject().put("kind", "identita").put("label", "Documento d'identità").put("required", false)))
        .put("voucherValidUntil", LocalDate.now(ROME).plusMonths(3).toString());
  }

  /** Creates and publishes the bando; answers its id. */
  public String published(String officer, JsonObject definition) {
    HttpResponse<Buffer> created = await(http.post("/api/v1/comune/bandi", officer, definition));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    String id = created.bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> published = await(http.post("/api/v1/comune/bandi/" + id + "/publish", officer, new JsonObject()));
    assertEquals(200, published.statusCode(), published.bodyAsString());
    return id;
  }

  HttpResponse<Buffer> upload(String token, String bando, String kind, String filename, byte[] bytes) {
    return upload(http.client(), token, bando, kind, filename, bytes);
  }

  /** An upload through {@code client} (one of its own for a refusal that closes the connection); no token: not signed in. */
  static HttpResponse<Buffer> upload(WebClient client, String token, String bando, String kind, String filename, byte[] bytes) {
    HttpRequest<Buffer> request = client.post("/api/v1/bandi/" + bando + "/uploads?kind=" + kind + "&filename=" + filename)
        .putHeader("Idempotency-Key", UUID.randomUUID().toString()).putHeader("Content-Type", "application/octet-stream");
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return await(request.sendBuffer(Buffer.buffer(bytes)));
  }

  /** Uploads a document and answers its id. */
  String uploaded(String token, String bando, String kind, byte[] bytes) {
    HttpResponse<Buffer> r = upload(token, bando, kind, kind + ".pdf", bytes);
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getString("id");
  }

  static JsonObject application(JsonArray members, String... documents) {
    JsonArray ids = new JsonArray();
    for (String d : documents) {
      ids.add(d);
    }
    return new JsonObject().put("members", members).put("answers", new JsonObject()).put("documentIds", ids);
  }

  static JsonObject member(String cf, String relation) {
    return new JsonObject().put("codiceFiscale", cf).put("relation", relation);
  }

  /** A small but real PDF. */
  public static byte[] pdf() {
    return ("%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
        + "trailer <</Root 1 0 R>>\n%%EOF\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** A real PNG image drawn here. */
  static byte[] png() {
    try {
      BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
      image.setRGB(3, 4, 0xff0000);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An HTML page renamed .pdf. */
  static byte[] fakePdf() {
    return "<html><script>alert(1)</script></html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

}
