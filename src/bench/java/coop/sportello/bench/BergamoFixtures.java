package coop.sportello.bench;

import coop.sportello.platform.auth.AuthModule;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.auth.TokenService;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import static coop.sportello.bench.BenchApp.await;

/**
 * What the scenarios that book through HTTP as many citizens (booking, payments) set up alike: a
 * cooperative of Bergamo, an in-person service of it that serves Bergamo (an in-person service is
 * bookable only by residents of the municipalities it serves, V17) with its hourly slots, and
 * citizens of Bergamo who are signed in.
 */
final class BergamoFixtures {

  static final String MUNICIPALITY = "016024";

  private BergamoFixtures() { }

  /**
   * A cooperative of Bergamo, with a Stripe connected account and the platform's fee on its card
   * payments when {@code stripeAccount} is not null; its id.
   */
  static UUID cooperative(BenchApp bench, String name, String vat, String stripeAccount, int platformFeeBps) throws Exception {
    await(bench.app.pool().query("INSERT INTO municipalities (istat_code, name, province) VALUES ('" + MUNICIPALITY
        + "', 'Bergamo', 'BG') ON CONFLICT DO NOTHING").execute());
    return await(bench.app.pool().preparedQuery("""
            INSERT INTO providers (name, vat_number, municipality, stripe_account, platform_fee_bps)
            VALUES ($1, $2, $3, $4, $5) RETURNING id""")
        .execute(Tuple.of(name, vat, MUNICIPALITY, stripeAccount, platformFeeBps))).iterator().next().getUUID(0);
  }

  /**
   * An in-person health service of {@code cooperative} for everyone living in Bergamo, at
   * {@code tariffCents} a session, bookable from now (no notice) to two years ahead, in one room
   * of the cooperative; and {@code slots} half-hour slots of it one an hour from 48 hours ahead,
   * slot g (from 0) with {@code capacity} places, an SQL expression that may use g. The slots'
   * ids in order of start.
   */
  static List<String> service(BenchApp bench, UUID cooperative, String title, String description, int tariffCents, int slots,
                              String capacity) throws Exception {
    UUID service = await(bench.app.pool().preparedQuery("""
            INSERT INTO services (provider_id, area, title, description, tariff_cents, tariff_unit, delivery_mode, audience,
                                  address, min_notice_minutes, booking_horizon_days)
            VALUES ($1, 'health', $2, $3, $4, 'session', 'at_place', 'everyone', 'Via Roma 1', 0, 730) RETURNING id""")
        .execute(Tuple.of(cooperative, title, description, tariffCents))).iterator().next().getUUID(0);
    await(bench.app.pool().query("""
        INSERT INTO service_municipalities (service_id, municipality) VALUES ('%1$s', '%2$s');
        INSERT INTO resources (provider_id, name, kind, capacity) VALUES ('%3$s', 'Sala di %4$s', 'room', 1000);
        INSERT INTO slots (service_id, resource_id, starts_at, ends_at, capacity)
          SELECT '%1$s', r.id, date_trunc('hour', now()) + (48 + g) * interval '1 hour',
                 date_trunc('hour', now()) + (48 + g) * interval '1 hour' + interval '30 minutes', %5$s
            FROM resources r, generate_series(0, %6$d) g
           WHERE r.provider_id = '%3$s' AND r.name = 'Sala di %4$s'"""
        .formatted(service, MUNICIPALITY, cooperative, title.replace("'", "''"), capacity, slots - 1)).execute());
    List<String> ids = new ArrayList<>();
    await(bench.app.pool().preparedQuery("SELECT id FROM slots WHERE service_id = $1 ORDER BY starts_at")
        .execute(Tuple.of(service))).forEach(row -> ids.add(row.getUUID(0).toString()));
    return ids;
  }

  /**
   * Citizens of Bergamo whose account ids are {@code 00000000-0000-4000-<series>-<n, 12 digits>}
   * (n from 1), named {@code <name> n}; {@code series} is four hex digits that keep one
   * scenario's citizens apart from another's; residents of {@code municipality} (Bergamo unless
   * told otherwise: the click day's are Piazzola sul Brenta's).
   */
  record Citizens(String series, String name, String municipality) {

    Citizens(String series, String name) {
      this(series, name, MUNICIPALITY);
    }

    /** The account id of citizen {@code n}. */
    String id(long n) {
      return String.format("00000000-0000-4000-%s-%012d", series, n);
    }

    /** The account id of citizen {@code n} in SQL, {@code n} an SQL expression (a column, a pgbench variable). */
    String idSql(String n) {
      return "('00000000-0000-4000-" + series + "-' || lpad(" + n + "::text, 12, '0'))";
    }

    private String sessionId(long n) {
      return String.format("00000000-0001-4000-%s-%012d", series, n);
    }

    private String sessionIdSql(String n) {
      return "('00000000-0001-4000-" + series + "-' || lpad(" + n + "::text, 12, '0'))";
    }

    /**
     * {@code people} citizens straight into the database (nobody signs in with a password), and
     * for each of the first {@code signedIn} a live session (tokens are accepted only while the
     * session they name is live, for its own subject) and an access token for it, issued as a
     * sign-in issues it and already checked once by every node (each remembers the tokens it has
     * checked), so that no measurement pays for a first ES256 check. The tokens, citizen 1's first.
     */
    List<String> signIn(BenchApp bench, int people, int signedIn) throws Exception {
      await(bench.app.pool().query("""
          INSERT INTO accounts (id, username, display_name, password_hash, roles, municipality)
          SELECT %1$s::uuid, '%2$s.' || g, '%3$s ' || g, 'nessuna', ARRAY['citizen'], '%4$s'
            FROM generate_series(1, %5$d) g;
          INSERT INTO auth_sessions (id, account_id, expires_at)
          SELECT %6$s::uuid, %1$s::uuid, now() + interval '1 day'
            FROM generate_series(1, %7$d) g""".formatted(idSql("g"), name.toLowerCase(), name, municipality, people,
          sessionIdSql("g"), signedIn)).execute());
      TokenService issuer = bench.app.module(AuthModule.class).tokens();
      List<String> tokens = new ArrayList<>(signedIn);
      for (int n = 1; n <= signedIn; n++) {
        tokens.add(issuer.issue(new Identity(id(n), EnumSet.of(Role.CITIZEN), sessionId(n), name + " " + n, null, null,
            municipality)));
      }
      for (BenchApp.Node node : bench.nodes) {
        TokenService checker = node.app().module(AuthModule.class).tokens();
        for (int from = 0; from < tokens.size(); from += 1000) {
          await(Future.all(tokens.subList(from, Math.min(tokens.size(), from + 1000)).stream().map(checker::verify).toList()));
        }
      }
      return tokens;
    }
  }
}
