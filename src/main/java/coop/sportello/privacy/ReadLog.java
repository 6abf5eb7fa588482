package coop.sportello.privacy;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.privacy.domain.ReadKind;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Writes who read whose personal data (table personal_data_reads): called by the code that shows a
 * person to staff, before it shows it, on the same client (in the reading transaction when there
 * is one). A read that could not be logged fails, so it is not shown either.
 *
 * <p>Nothing is logged when people read about themselves, nor for a kiosk (it shows a person only
 * to that person, identified there with their PIN).
 */
public final class ReadLog {

  private static final String INSERT = """
      INSERT INTO personal_data_reads (reader, reader_roles, reader_provider, person, what, via, ref)
      SELECT $1, $2, $3, p, $5, $6, $7 FROM unnest($4::uuid[]) AS p WHERE p::text <> $1""";

  private ReadLog() {
  }

  /** {@code reader} read {@code what} (a {@link ReadKind} wire name) about {@code person}. */
  public static Future<Void> record(SqlClient c, Identity reader, UUID person, String what) {
    return record(c, reader, List.of(person), what, null);
  }

  /** The same, naming what it was read through (a call, a conversation, a booking id): no content. */
  public static Future<Void> record(SqlClient c, Identity reader, UUID person, String what, String ref) {
    return record(c, reader, List.of(person), what, ref);
  }

  /** One row per person, in one statement (a page of a cooperative's bookings names many people). */
  public static Future<Void> record(SqlClient c, Identity reader, Collection<UUID> people, String what, String ref) {
    ReadKind kind = ReadKind.fromWire(what).orElseThrow(() -> new IllegalArgumentException("unknown read: " + what));
    if (people.isEmpty() || reader.hasRole(Role.KIOSK)) {
      return Future.succeededFuture();
    }
    String[] roles = reader.roles().stream().map(Role::wireName).sorted().toArray(String[]::new);
    UUID provider = reader.providerId() == null ? null : UUID.fromString(reader.providerId());
    return c.preparedQuery(INSERT).execute(Tuple.of(reader.subject(), roles, provider,
            people.stream().distinct().toArray(UUID[]::new), kind.wireName(), kind.via(), ref))
        .mapEmpty();
  }

  /**
   * The same for people named by their subject (bookings.person): those that are not accounts (an
   * external sign-in) have nothing here to log against and are left out.
   */
  public static Future<Void> recordSubjects(SqlClient c, Identity reader, Collection<String> subjects, String what, String ref) {
    return record(c, reader, subjects.stream().map(ReadLog::account).flatMap(Optional::stream).toList(), what, ref);
  }

  /** The people of these bookings (those with an account), one row each: a page of a cooperative's bookings. */
  public static Future<Void> recordPeopleOfBookings(SqlClient c, Identity reader, Collection<UUID> bookings, String what) {
    if (bookings.isEmpty() || reader.hasRole(Role.KIOSK)) {
      return Future.succeededFuture();
    }
    return c.preparedQuery("SELECT DISTINCT person FROM bookings WHERE id = ANY ($1)")
        .execute(Tuple.of(bookings.toArray(UUID[]::new)))
        .compose(rows -> {
          List<String> people = new ArrayList<>();
          rows.forEach(r -> people.add(r.getString(0)));
          return recordSubjects(c, reader, people, what, null);
        });
  }

  private static Optional<UUID> account(String subject) {
    try {
      return subject == null ? Optional.empty() : Optional.of(UUID.fromString(subject)).filter(id -> id.toString().equals(subject));
    } catch (IllegalArgumentException notAnAccount) {
      return Optional.empty();
    }
  }

  /** The reader the call queue knows: an operator is offered a call by their subject alone. */
  public static Identity operator(String subject) {
    return new Identity(subject, Set.of(Role.OPERATOR), null, "", null, null, null);
  }
}
