package coop.sportello.statements;

import coop.sportello.platform.areas.Area;
import coop.sportello.platform.areas.Areas;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.Problem;
import coop.sportello.privacy.ReadLog;
import coop.sportello.privacy.domain.ReadKind;
import coop.sportello.statements.domain.StatementCsv;
import coop.sportello.statements.domain.StatementMonth;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What each cooperative is owed and what each company's credit paid for, read from the money
 * tables (nothing here writes money): a cooperative admin's payments and monthly statement, a
 * company HR admin's credit use in aggregate. The cooperative or company is the caller's own, from
 * the verified token.
 */
final class StatementsService {

  private final Pool pool;
  private final StatementsRepository repository;
  private final Areas areas;

  StatementsService(Pool pool, StatementsRepository repository, Areas areas) {
    this.pool = pool;
    this.repository = repository;
    this.areas = areas;
  }

  /**
   * A page of the payments of the cooperative's bookings that start in the month. It names the
   * people who booked, as the cooperative's bookings list does, so each read is logged the same way
   * ({@link ReadLog}, one row per person) before it is shown.
   */
  Future<JsonObject> payments(Identity admin, StatementMonth month, int page, int size) {
    return Access.cooperative(admin).compose(provider -> repository.payments(provider, month, size, (page - 1) * size))
        .compose(answer -> ReadLog.recordPeopleOfBookings(pool, admin, answer.getJsonArray("items").stream()
                .map(item -> UUID.fromString(((JsonObject) item).getString("bookingId"))).distinct().toList(),
                ReadKind.PROVIDER_BOOKINGS.wireName())
            .map(answer))
        .map(answer -> answer.put("month", month.toString()).put("page", page).put("size", size));
  }

  Future<JsonObject> statement(Identity admin, StatementMonth month) {
    return Access.cooperative(admin).compose(provider -> repository.statement(provider, month)).map(StatementJson::statement);
  }

  Future<String> statementCsv(Identity admin, StatementMonth month) {
    return Access.cooperative(admin).compose(provider -> repository.statement(provider, month)).map(StatementCsv::statement);
  }

  Future<JsonObject> creditUse(Identity hr, StatementMonth month) {
    return company(hr).compose(company -> repository.creditUse(company, month)).map(StatementJson::creditUse);
  }

  Future<JsonObject> planUse(Identity hr, int year) {
    return company(hr).compose(company -> repository.planUse(company, year, Area.codes())).map(StatementJson::planUse);
  }

  Future<String> creditUseCsv(Identity hr, StatementMonth month) {
    Map<String, String> names = new LinkedHashMap<>();
    areas.entries().forEach(e -> names.put(e.area().code(), areas.label(e.area().code(), "it")));
    return company(hr).compose(company -> repository.creditUse(company, month)).map(use -> StatementCsv.creditUse(use, names));
  }

  private static Future<UUID> company(Identity hr) {
    return hr.companyId() == null
        ? Future.failedFuture(Problem.forbidden("Il tuo account non è collegato a un'azienda."))
        : Future.succeededFuture(UUID.fromString(hr.companyId()));
  }
}
