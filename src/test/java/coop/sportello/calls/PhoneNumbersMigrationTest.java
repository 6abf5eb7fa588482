package coop.sportello.calls;

import coop.sportello.platform.database.DatabaseEndpoint;
import coop.sportello.platform.domain.PhoneNumber;
import coop.sportello.testing.TestPostgres;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * V18 brings the phone numbers stored before it to E.164, the form the screen pop looks up: the
 * same result, for every shape the old check let in, as {@link PhoneNumber} gives a number on its
 * way in today.
 */
class PhoneNumbersMigrationTest {

  @Test
  void storedNumbersBecomeWhatTheLookupSearchesFor() throws SQLException {
    DatabaseEndpoint endpoint = DatabaseEndpoint.fromUrl(TestPostgres.freshDatabaseUrl(), null, null);
    // The schema as it was just before V18, whichever migrations come before it.
    MigrationVersion v18 = MigrationVersion.fromVersion("18");
    MigrationVersion before = Arrays.stream(flyway(endpoint).load().info().all()).map(MigrationInfo::getVersion)
        .filter(v -> v.compareTo(v18) < 0).max(MigrationVersion::compareTo).orElseThrow();
    flyway(endpoint).target(before).load().migrate();

    // Every shape accounts.phone took before (^\+?[0-9]{6,15}$), as written by hand or imported.
    Map<String, String> stored = new LinkedHashMap<>();
    stored.put("mobile.national", "3471234567");
    stored.put("mobile.international", "00393471234568");
    stored.put("mobile.plus", "+393471234569");
    stored.put("landline.national", "0351234567");
    stored.put("landline.international", "00390351234568");
    stored.put("country.code.without.plus", "393471234570");
    stored.put("foreign", "0041446681800");
    try (Connection db = connect(endpoint)) {
      stored.forEach((username, phone) -> account(db, username, phone));
      account(db, "unreadable", "+0123456");
      try (Statement s = db.createStatement()) {
        s.execute("INSERT INTO call_queues (id, name) VALUES ('numeri', 'Numeri')");
        s.execute("""
            INSERT INTO calls (id, queue_id, caller_number, status, arrived_at, queue_entered_at, sequence, callback_number)
            VALUES ('c1', 'numeri', '3471234567', 'callback', now(), now(), 1, '0039 347 1234567'),
                   ('c2', 'numeri', '201', 'ended', now(), now(), 2, NULL)""");
        s.execute("""
            WITH c AS (INSERT INTO chat_conversations (owner, owner_name, owner_request, topic, language, status)
                       VALUES ('citizen-1', 'Anna', 'request-0001', 'elderly', 'it', 'queued') RETURNING id)
            INSERT INTO chat_events (conversation_id, seq, public_seq, kind, author, author_role, author_name, body)
            SELECT id, 1, 1, 'callback-requested', 'citizen-1', 'citizen', 'Anna',
                   '{"phone": "+39 035 123 4567", "when": "domattina"}' FROM c""");
      }
    }

    flyway(endpoint).load().migrate();

    try (Connection db = connect(endpoint)) {
      stored.forEach((username, phone) -> assertEquals(PhoneNumber.e164(phone).orElseThrow(), phoneOf(db, username),
          username + " " + phone));
      assertNull(phoneOf(db, "unreadable"), "no E.164 number can come out of +0123456");
      assertEquals("+0123456", one(db, """
          SELECT u.phone FROM accounts_phone_unreadable u JOIN accounts a ON a.id = u.account_id
          WHERE a.username = 'unreadable'"""), "kept aside, not lost");
      assertEquals("+393471234567", one(db, "SELECT caller_number FROM calls WHERE id = 'c1'"));
      assertEquals("+393471234567", one(db, "SELECT callback_number FROM calls WHERE id = 'c1'"));
      assertEquals("201", one(db, "SELECT caller_number FROM calls WHERE id = 'c2'"), "an extension stays as it was");
      assertEquals("+390351234567", one(db, "SELECT body ->> 'phone' FROM chat_events WHERE kind = 'callback-requested'"));
      assertThrows(SQLException.class, () -> {
        try (Statement s = db.createStatement()) {
          s.execute("UPDATE accounts SET phone = '3471234567' WHERE username = 'mobile.plus'");
        }
      }, "from now on only E.164 is stored");
    }
  }

  private static FluentConfiguration flyway(DatabaseEndpoint endpoint) {
    return Flyway.configure()
        .dataSource(endpoint.jdbcUrl(), endpoint.user(), endpoint.password())
        .locations("classpath:db/migration");
  }

  private static Connection connect(DatabaseEndpoint endpoint) throws SQLException {
    return DriverManager.getConnection(endpoint.jdbcUrl(), endpoint.user(), endpoint.password());
  }

  private static void account(Connection db, String username, String phone) {
    try (PreparedStatement s = db.prepareStatement(
        "INSERT INTO accounts (username, display_name, password_hash, roles, phone) VALUES (?, ?, 'x', '{citizen}', ?)")) {
      s.setString(1, username);
      s.setString(2, username);
      s.setString(3, phone);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  private static String phoneOf(Connection db, String username) {
    try (PreparedStatement s = db.prepareStatement("SELECT phone FROM accounts WHERE username = ?")) {
      s.setString(1, username);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getString(1);
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  private static String one(Connection db, String sql) throws SQLException {
    try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getString(1);
    }
  }
}
