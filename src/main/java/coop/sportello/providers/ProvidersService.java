package coop.sportello.providers;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.database.IdempotencyStore;
import coop.sportello.platform.database.SqlErrors;
import coop.sportello.platform.domain.Refusal;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Idempotency.Outcome;
import coop.sportello.platform.http.Problem;
import coop.sportello.providers.domain.OfficerReach;
import coop.sportello.providers.domain.ProviderKind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The provider directory and the shops' accreditations. The network's supervisor adds and edits
 * providers (cooperatives, Comuni, associations, shops), each change one transaction with its
 * idempotency key; V45's constraints are the backstop of the rules checked here first (a shop has
 * an address and a category, one Comune per municipality, a Comune with officers stays a Comune).
 * A Comune's officer accredits shops for their own municipality only, found from the Comune on
 * their token; anyone may read where a municipality's vouchers are spent.
 */
public final class ProvidersService {

  private static final Refusal NOT_FOUND = Refusal.notFound("provider-not-found", "Nessun ente con questo identificativo.");
  private static final Refusal SHOP_NOT_FOUND = Refusal.notFound("shop-not-found",
      "Nessun esercizio commerciale con questo identificativo.");
  private static final Refusal NOT_ACCREDITED = Refusal.notFound("accreditation-not-found",
      "Questo esercizio non è mai stato accreditato dal tuo Comune.");

  private final Pool pool;
  private final ProvidersRepository repository;

  public ProvidersService(Pool pool, ProvidersRepository repository) {
    this.pool = pool;
    this.repository = repository;
  }

  // ---- the directory (supervisor) --------------------------------------------------------------

  public Future<JsonObject> list(String kind) {
    return repository.list(kind).map(items -> new JsonObject().put("items", items));
  }

  /** A new provider: 201 and the provider. */
  public Future<Outcome> create(JsonObject request, Idempotency.Key key) {
    return checked(request).compose(ok -> change(key, conn -> known(conn, request)
        .compose(v -> repository.insert(conn, request))
        .compose(id -> repository.find(conn, id))
        .map(created -> new Outcome(201, created.orElseThrow()))));
  }

  /** The provider's data as asked; a shop that municipalities accredit stays a shop. */
  public Future<Outcome> change(UUID id, JsonObject request, Idempotency.Key key) {
    return checked(request).compose(ok -> change(key, conn -> repository.lockKind(conn, id).compose(kind -> {
      if (kind.isEmpty()) {
        return refuse(NOT_FOUND);
      }
      Future<Void> stillAShop = !"shop".equals(kind.get()) || "shop".equals(request.getString("kind"))
          ? Future.succeededFuture()
          : repository.liveAccreditations(conn, id).compose(n -> n == 0 ? Future.<Void>succeededFuture()
              : refuse(Refusal.conflict("shop-accredited", "Questo esercizio è accreditato da " + n
                  + (n == 1 ? " Comune" : " Comuni") + ": resta un esercizio commerciale finché gli accreditamenti non sono revocati.")));
      return stillAShop.compose(v -> known(conn, request))
          .compose(v -> repository.update(conn, id, request))
          .compose(v -> repository.find(conn, id))
          .map(changed -> new Outcome(200, changed.orElseThrow()));
    })));
  }

  private static Future<Void> checked(JsonObject request) {
    return ProviderKind.check(request.getString("kind"), request.getString("address"), request.getString("shopCategory"))
        .map(ProvidersService::<Void>refuse).orElseGet(Future::succeededFuture);
  }

  private Future<Void> known(SqlConnection conn, JsonObject request) {
    return repository.municipality(conn, request.getString("municipality")).compose(found -> found.isPresent()
        ? Future.succeededFuture()
        : refuse(Refusal.invalid("unknown-municipality", "Comune sconosciuto: " + request.getString("municipality") + ".")));
  }

  // ---- accreditations --------------------------------------------------------------------------

  /** Where a municipality's vouchers are spent: {municipality, items[{id, name, address, category}]}. */
  public Future<JsonObject> accreditedShops(String code) {
    return repository.municipality(pool, code).compose(found -> found.isEmpty()
        ? refuse(Refusal.notFound("municipality-not-found", "Sportello non conosce questo Comune."))
        : repository.accreditedShops(code).map(items -> new JsonObject().put("municipality", found.get()).put("items", items)));
  }

  /** The officer's Comune and its municipality: {comune{id, name, address}, municipality{code, name, province}}. */
  public Future<JsonObject> comune(Identity officer) {
    return ownMunicipality(officer).compose(code -> code.isEmpty() ? refuse(OfficerReach.NO_COMUNE)
        : repository.find(pool, UUID.fromString(officer.providerId())).compose(comune ->
            repository.municipality(pool, code.get()).map(m -> new JsonObject()
                .put("comune", new JsonObject().put("id", comune.orElseThrow().getString("id"))
                    .put("name", comune.get().getString("name")).put("address", comune.get().getString("address")))
                .put("municipality", m.orElseThrow()))));
  }

  /** Every shop with its accreditation by the officer's municipality: {municipality, items[]}. */
  public Future<JsonObject> accreditations(Identity officer, String code) {
    return reach(officer, code).compose(v -> repository.municipality(pool, code)).compose(municipality ->
        repository.shopsFor(code).map(items -> new JsonObject().put("municipality", municipality.orElseThrow())
            .put("items", items)));
  }

  /** Accredits a shop for the officer's municipality: 201 when it became accredited, 200 when it was. */
  public Future<Outcome> accredit(Identity officer, String code, UUID shopId, Idempotency.Key key) {
    return reach(officer, code).compose(v -> change(key, conn -> repository.lockKind(conn, shopId).compose(kind ->
        !kind.equals(Optional.of("shop")) ? refuse(SHOP_NOT_FOUND)
            : repository.accredit(conn, shopId, code, officer.subject()).compose(done -> done.isPresent()
                ? Future.succeededFuture(new Outcome(201, done.get()))
                : repository.accreditation(conn, shopId, code).map(now -> new Outcome(200, now.orElseThrow()))))));
  }

  /** Revokes a shop's accreditation by the officer's municipality (again: the same answer). */
  public Future<Outcome> revoke(Identity officer, String code, UUID shopId, Idempotency.Key key) {
    return reach(officer, code).compose(v -> change(key, conn -> repository.revoke(conn, shopId, code).compose(done ->
        done.isPresent() ? Future.succeededFuture(new Outcome(200, done.get()))
            : repository.accreditation(conn, shopId, code).compose(now -> now.isPresent()
                ? Future.succeededFuture(new Outcome(200, now.get())) : refuse(NOT_ACCREDITED)))));
  }

  /** The municipalities that accredit the caller's shop now (none for a provider that is not a shop). */
  public Future<JsonObject> ownAccreditations(Identity admin) {
    if (admin.providerId() == null) {
      return refuse(Refusal.forbidden("Il tuo account non è di un ente."));
    }
    UUID provider = UUID.fromString(admin.providerId());
    return repository.find(pool, provider).compose(found -> found.isEmpty() ? refuse(NOT_FOUND)
        : repository.accreditationsOf(provider).map(items -> new JsonObject()
            .put("provider", new JsonObject().put("id", found.get().getString("id")).put("name", found.get().getString("name"))
                .put("kind", found.get().getString("kind")).put("address", found.get().getString("address"))
                .put("shopCategory", found.get().getString("shopCategory")))
            .put("items", items)));
  }

  // ---- the steps -------------------------------------------------------------------------------

  /** Refuses an officer whose Comune is not the municipality asked for (or who has no Comune). */
  private Future<Void> reach(Identity officer, String code) {
    return ownMunicipality(officer).compose(own -> OfficerReach.check(own, code)
        .map(ProvidersService::<Void>refuse).orElseGet(Future::succeededFuture));
  }

  private Future<Optional<String>> ownMunicipality(Identity officer) {
    return ProvidersRepository.municipalityOfComune(pool, officer.providerId());
  }

  private Future<Outcome> change(Idempotency.Key key, Function<SqlConnection, Future<Outcome>> work) {
    return pool.<Outcome>withTransaction(conn -> IdempotencyStore.once(conn, key, () -> work.apply(conn)))
        .recover(failure -> Future.failedFuture(explain(failure)));
  }

  private static <T> Future<T> refuse(Refusal refusal) {
    return Future.failedFuture(Problem.of(refusal));
  }

  /** What V1 and V45 said no to, in words the supervisor can act on. */
  private static Throwable explain(Throwable failure) {
    if (SqlErrors.isUniqueViolation(failure, "providers_name_key")) {
      return Problem.conflict("name-taken", "Esiste già un ente con questo nome.");
    }
    if (SqlErrors.isUniqueViolation(failure, "providers_vat_number_key")) {
      return Problem.conflict("vat-number-taken", "Esiste già un ente con questa partita IVA.");
    }
    if (SqlErrors.isUniqueViolation(failure, "providers_one_comune_per_municipality")) {
      return Problem.conflict("comune-exists", "Questo Comune è già nella rete: c'è un solo ente Comune per comune.");
    }
    if (SqlErrors.isCheckViolation(failure, "providers_comune_keeps_officers")) {
      return Problem.conflict("comune-has-officers", "Questo Comune ha dei funzionari: resta un Comune finché "
          + "non passano a un altro ente.");
    }
    if (SqlErrors.isCheckViolation(failure, "shop_accreditations_shop")) {
      return Problem.of(SHOP_NOT_FOUND);
    }
    return SqlErrors.explain(failure, "Questo ente esiste già.");
  }
}
