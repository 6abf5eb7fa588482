package coop.sportello.demo;

import coop.sportello.platform.auth.PasswordHasher;
import coop.sportello.platform.auth.Secrets;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The networks of the seed articles (Bergamo, Alta Padovana, Modena, Cremona) loaded into an
 * empty database, in one transaction: cooperatives, the Comune di Piazzola sul Brenta with its
 * municipal service, its officer and the shops it accredits (demo/13-municipalities.sql, with the
 * people in accounts.json), its open buoni spesa bando and a closed one with their applications,
 * the demo resident's voucher wallet and a purchase at a shop (demo/14-bandi.sql), services with their intake questions (and a
 * few bookings with answers, demo/07-intake.sql), companies with welfare plans, employees, and one
 * demo login per role, with e-mail addresses and one person's notification choices
 * (demo/08-notifications.sql). Only ever used when demo data is switched on.
 */
public final class DemoData {

  private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

  /** A sign-in printed at start: for people a username and password, for the kiosk a device credential. */
  public record DemoLogin(String role, String username, String secret) { }

  // Demo-only device: its credential is printed at start, so it is fixed rather than random.
  static final String DEMO_KIOSK_ID = "5f0c2a4e-7b1d-4c8e-9a3f-2d6b8e1c0a01";
  static final String DEMO_KIOSK_SECRET = "demo-kiosk-welfare-point-bergamo-0001";
  /** Every demo employee's and the demo citizen's kiosk PIN (README); real people choose their own (PUT /api/v1/kiosk/pin). */
  public static final String DEMO_KIOSK_PIN = "2468";

  private DemoData() { }

  /** Demo data goes in with {@code demoData} on, or on auto with the embedded (development) database. */
  public static boolean wanted(String mode, boolean embeddedDatabase) {
    return switch (mode) {
      case "on", "true" -> true;
      case "off", "false" -> false;
      default -> embeddedDatabase;
    };
  }

  /**
   * The size of the year of history: bookings, the made-up people who made them, and at least so
   * many cooperatives, municipalities and companies (made-up ones added to the demo's when more).
   */
  public record HistorySize(int bookings, int people, int providers, int municipalities, int companies) {
    /** The demo's: its own organisations, 3,000 bookings of 400 people. */
    public static final HistorySize DEMO = new HistorySize(3_000, 400, 0, 0, 0);
  }

  public static Future<List<DemoLogin>> seedIfEmpty(Vertx vertx, Pool pool) {
    return seedIfEmpty(vertx, pool, HistorySize.DEMO);
  }

  public static Future<List<DemoLogin>> seedIfEmpty(Vertx vertx, Pool pool, HistorySize history) {
    JsonArray accounts;
    String organisations;
    String employees;
    try {
      accounts = new JsonArray(resource("demo/accounts.json"));
      // The Comuni and shops before the accounts: an officer's or shopkeeper's account names its provider.
      organisations = resource("demo/01-organisations.sql") + "\n" + resource("demo/13-municipalities.sql");
      employees = resource("demo/02-employees.sql") + "\n" + resource("demo/03-schedules.sql");
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    List<DemoLogin> logins = demoLogins(accounts);
    String callQueue;
    String intake;
    String notifications;
    try {
      callQueue = resource("demo/04-call-queue.sql");
      intake = resource("demo/07-intake.sql");
      notifications = resource("demo/08-notifications.sql") + "\n" + resource("demo/09-accounts.sql")
          + "\n" + resource("demo/12-privacy.sql")
          + "\n" + resource("demo/13-pricing.sql")
          + "\n" + resource("demo/15-payments.sql")
          + "\n" + resource("demo/16-receipts.sql")
          + "\n" + resource("demo/17-delivery.sql")
          + "\n" + resource("demo/18-projects.sql")
          + "\n" + resource("demo/19-surveys.sql")
          // After the survey's employees: every demo employee gets a Welfare Card.
          + "\n" + resource("demo/14-welfare-card.sql")
          + "\n" + resource("demo/21-frontdesk.sql")
          + "\n" + resource("demo/23-events.sql")
          // The bandi after the accounts: their applicants, officer and shopkeepers are accounts.
          + "\n" + resource("demo/14-bandi.sql");
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    return pool.query("SELECT count(*) FROM providers").execute().compose(rows -> {
      if (rows.iterator().next().getLong(0) > 0) {
        return Future.succeededFuture(logins);
      }
      LOG.info("Empty database: loading demo data");
      return hashPasswords(vertx, accounts).compose(hashed -> pool.withTransaction(conn ->
          conn.query(organisations).execute()
              .compose(v -> insertAccounts(conn, accounts, hashed))
              .compose(v -> conn.query(employees).execute())
              .compose(v -> insertDemoKiosk(conn))
              .compose(v -> conn.query(callQueue).execute())
              .compose(v -> conn.query(intake).execute())
              .compose(v -> conn.query(notifications).execute())))
          .compose(v -> seedKiosk(vertx, pool, accounts))
          .compose(v -> seedHistory(pool, history))
          .map(logins);
    });
  }

  private static List<DemoLogin> demoLogins(JsonArray accounts) {
    List<DemoLogin> logins = new ArrayList<>();
    for (int i = 0; i < accounts.size(); i++) {
      JsonObject a = accounts.getJsonObject(i);
      if (a.getString("demoLoginFor") != null) {
        logins.add(new DemoLogin(a.getString("demoLoginFor"), a.getString("username"), a.getString("password")));
      }
    }
    logins.add(new DemoLogin("kiosk", "(credenziale)", DEMO_KIOSK_ID + "." + DEMO_KIOSK_SECRET));
    return logins;
  }

  /** Argon2 is slow on purpose: hash on a worker, not on the event loop. */
  private static Future<List<String>> hashPasswords(Vertx vertx, JsonArray accounts) {
    return vertx.executeBlocking(() -> {
    List<String> hashes = new ArrayList<>();
    for (int i = 0; i < accounts.size(); i++) {
      hashes.add(PasswordHasher.hashBlocking(accounts.getJsonObject(i).getString("password")));
    }
    return hashes;
  }, false);
}

private static Future<Void> insertAccounts(SqlConnection conn, JsonArray accounts, List<String> hashes) {
  List<Tuple> batch = new ArrayList<>();
  for (int i = 0; i < accounts.size(); i++) {
    JsonObject a = accounts.getJsonObject(i);
    batch.add(Tuple.of(a.getString("username"), a.getString("displayName"), hashes.get(i),
        a.getJsonArray("roles").stream().map(String::valueOf).toArray(String[]::new),
        a.getString("providerVat"), a.getString("companyVat"), a.getString("municipality"), a.getString("codiceFiscale")));
  }
  return conn.preparedQuery("""
          INSERT INTO accounts (username, display_name, password_hash, roles, provider_id, company_id, municipality,
                                codice_fiscale)
          VALUES ($1, $2, $3, $4,
                  (SELECT id FROM providers WHERE vat_number = $5),
                  (SELECT id FROM companies WHERE vat_number = $6), $7, $8)""")
      .executeBatch(batch).mapEmpty();
}

private static Future<Void> insertDemoKiosk(SqlConnection conn) {
  return conn.preparedQuery("""
          INSERT INTO kiosk_devices (id, label, location, company_id, municipality, secret_hash, created_by)
          SELECT $1::uuid, 'Welfare point mensa', 'Mensa aziendale, ingresso nord',
                 (SELECT company_id FROM accounts WHERE 'hr_admin' = ANY (roles) ORDER BY created_at LIMIT 1),
                 NULL, $2, (SELECT id FROM accounts WHERE 'supervisor' = ANY (roles) ORDER BY created_at LIMIT 1)""")
      .execute(Tuple.of(DEMO_KIOSK_ID, Buffer.buffer(Secrets.sha256(DEMO_KIOSK_SECRET))))
      .mapEmpty();
}

/**
 * Kiosk mode needs a PIN per employee and credit in their wallets: the demo employees and citizens get
 * {@link #DEMO_KIOSK_PIN} (hashed on a worker, each with its own salt) and this year's plans are
 * funded (demo/05-kiosk.sql); the demo employee has a request to approve, to pay with his credit a
 * booking the demo operator made for him (demo/06-welfare-consent.sql).
 */
private static Future<Void> seedKiosk(Vertx vertx, Pool pool, JsonArray accounts) {
  String wallets;
  String consent;
  try {
    wallets = resource("demo/05-kiosk.sql");
    consent = resource("demo/06-welfare-consent.sql");
  } catch (IOException e) {
    return Future.failedFuture(e);
  }
  List<String> employees = new ArrayList<>();
  for (int i = 0; i < accounts.size(); i++) {
    JsonObject a = accounts.getJsonObject(i);
    // The demo citizens too (cittadino, and cittadina.piazzola who has her codice fiscale in accounts.json).
    if (a.getJsonArray("roles").contains("employee") || "cittadino".equals(a.getString("username"))
        || a.getString("codiceFiscale") != null) {
      employees.add(a.getString("username"));
    }
  }
    return vertx.executeBlocking(() -> {
      List<Tuple> batch = new ArrayList<>();
      for (String username : employees) {
        batch.add(Tuple.of(username, PasswordHasher.hashBlocking(DEMO_KIOSK_PIN)));
      }
      return batch;
    }, false).compose(batch -> pool.withTransaction(conn -> conn.preparedQuery("""
            INSERT INTO kiosk_pins (account_id, pin_hash)
            SELECT id, $2 FROM accounts WHERE username = $1 AND codice_fiscale IS NOT NULL
            ON CONFLICT DO NOTHING""").executeBatch(batch)
        .compose(v -> conn.query(wallets).execute())
        .compose(v -> conn.query(consent).execute())
        .mapEmpty()));
  }

  /**
   * A year of past bookings, deliveries and payments (demo/22-history.sql), after the wallets are
   * funded, and the abbey's last weekends' visits (demo/24-event-history.sql): the reports, the
   * projects' budgets and the statements have a year to show. The same
   * file, with bigger sizes set, makes the reporting benchmark's network year.
   */
  private static Future<Void> seedHistory(Pool pool, HistorySize size) {
    String history;
    try {
      // The abbey's past visits after the year of history: its people bought their tickets.
      history = resource("demo/22-history.sql") + "\n" + resource("demo/24-event-history.sql");
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    return pool.withTransaction(conn -> conn.preparedQuery("""
            SELECT set_config('sportello.history_bookings', $1, true), set_config('sportello.history_people', $2, true),
                   set_config('sportello.history_providers', $3, true),
                   set_config('sportello.history_municipalities', $4, true),
                   set_config('sportello.history_companies', $5, true)""")
        .execute(Tuple.of(String.valueOf(size.bookings()), String.valueOf(size.people()), String.valueOf(size.providers()),
            String.valueOf(size.municipalities()), String.valueOf(size.companies())))
        .compose(v -> conn.query(history).execute())).mapEmpty();
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = DemoData.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
