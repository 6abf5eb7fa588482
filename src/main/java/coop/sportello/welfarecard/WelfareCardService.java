package coop.sportello.welfarecard;

import coop.sportello.kiosk.domain.QrSvg;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.database.IdempotencyStore;
import coop.sportello.platform.database.SqlErrors;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Idempotency.Outcome;
import coop.sportello.platform.http.Problem;
import coop.sportello.platform.links.SignedLinks;
import coop.sportello.welfarecard.domain.AgreedDiscount;
import coop.sportello.welfarecard.domain.AgreementTerms;
import coop.sportello.welfarecard.domain.CardNumber;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The Welfare Card: the network's supervisors keep the agreements (companies, period, package) and
 * issue the cards of all the companies' employees; an employee sees their card (or asks for it);
 * a kiosk shows the card of the person identified at it; a provider checks a card by its number or
 * its QR code and learns whether it is valid, the company and the agreement, never who holds it.
 * Every change is one transaction under the caller's Idempotency-Key.
 */
public final class WelfareCardService {

  /** What the card's QR code says: a token for this purpose, signed with the network's link key. */
  static final String QR_PURPOSE = "welfare-card";
  private static final ZoneId ROME = ZoneId.of("Europe/Rome");
  /** A number drawn twice (one in 10^11) is drawn again; after this many rounds something else is wrong. */
  private static final int ISSUE_ROUNDS = 5;

  private final Pool pool;
  private final WelfareCardRepository repository;
  private final SignedLinks links;
  private final Clock clock;

  WelfareCardService(Pool pool, WelfareCardRepository repository, SignedLinks links, Clock clock) {
    this.pool = pool;
    this.repository = repository;
    this.links = links;
    this.clock = clock;
  }

  private Future<Outcome> change(Idempotency.Key key, Function<SqlConnection, Future<Outcome>> work) {
    return pool.withTransaction(conn -> IdempotencyStore.once(conn, key, () -> work.apply(conn)));
  }

  // ---- agreements (the network's supervisors) ---------------------------------------------------

  public Future<JsonObject> agreements() {
    return repository.agreements(pool).map(items -> new JsonObject().put("items", items));
  }

  public Future<Outcome> createAgreement(Identity supervisor, AgreementTerms terms, Idempotency.Key key) {
    terms.problem().ifPresent(r -> {
      throw Problem.of(r);
    });
    return change(key, conn -> known(conn, terms)
        .compose(v -> repository.insertAgreement(conn, terms, supervisor.subject()))
        .compose(id -> repository.setCompanies(conn, id, terms.companies())
            .compose(v -> repository.setPackage(conn, id, terms.services()))
            .map(v -> new Outcome(201, new JsonObject().put("id", id.toString())))))
        .recover(e -> Future.failedFuture(nameTaken(e)));
  }

  /**
   * New terms: companies left out lose their members' live cards at once, live cards take the new
   * period, the package becomes the one given.
   */
  public Future<Outcome> updateAgreement(UUID agreement, AgreementTerms terms, Idempotency.Key key) {
    terms.problem().ifPresent(r -> {
      throw Problem.of(r);
    });
    return change(key, conn -> repository.lockAgreement(conn, agreement).compose(found -> !found
        ? Future.failedFuture(noAgreement())
        : known(conn, terms)
            .compose(v -> repository.updateAgreement(conn, agreement, terms))
            .compose(v -> repository.setCompanies(conn, agreement, terms.companies()))
            .compose(v -> repository.setPackage(conn, agreement, terms.services()))
            .map(v -> new Outcome(200, new JsonObject().put("id", agreement.toString())))))
        .recover(e -> Future.failedFuture(nameTaken(e)));
  }

  /** Cards for every employee of the agreement's companies who has none yet; answers how many were made. */
  public Future<Outcome> issueCards(Identity supervisor, UUID agreement, Idempotency.Key key) {
    return change(key, conn -> repository.lockAgreement(conn, agreement).compose(found -> !found
        ? Future.failedFuture(noAgreement())
        : issue(conn, agreement, null, supervisor.subject(), 0, 0)
            .map(issued -> new Outcome(200, new JsonObject().put("issued", issued)))));
  }

  private Future<Void> known(SqlConnection conn, AgreementTerms terms) {
    return repository.allKnown(conn, terms.companies(), terms.services().stream().map(AgreementTerms.Entry::serviceId).toList())
        .compose(known -> !known[0]
            ? Future.failedFuture(new Problem(422, "unknown-company", "Dati non validi", "Una delle aziende indicate non esiste."))
            : !known[1] ? Future.failedFuture(new Problem(422, "unknown-service", "Dati non validi",
                "Uno dei servizi del pacchetto non esiste o non è più offerto."))
            : Future.succeededFuture());
  }

  private static Throwable nameTaken(Throwable e) {
    return SqlErrors.isUniqueViolation(e, "welfare_card_agreements_name_key")
        ? Problem.conflict("agreement-exists", "Esiste già un accordo con questo nome.") : e;
  }

  private static Problem noAgreement() {
    return Problem.notFound("Nessun accordo Welfare Card con questo identificativo.");
  }

  /**
   * Cards for those of the agreement's employees ({@code account}: only that one) who have none:
   * numbers drawn at random, a taken one skipped by the insert and drawn again in the next round.
   */
  private Future<Integer> issue(SqlConnection conn, UUID agreement, UUID account, String actor, int round, int issued) {
    return repository.withoutCard(conn, agreement, account).compose(missing -> {
      if (missing.isEmpty()) {
        return Future.succeededFuture(issued);
      }
      if (round == ISSUE_ROUNDS) {
        return Future.failedFuture(new IllegalStateException("welfare card numbers kept colliding"));
      }
      List<String> numbers = missing.stream().map(m -> CardNumber.next()).toList();
      return repository.insertCards(conn, agreement, missing, numbers, actor)
          .compose(made -> issue(conn, agreement, account, actor, round + 1, issued + made));
    });
  }

  // ---- the holder's card ------------------------------------------------------------------------

  /** The employee's card with its QR code and package; 404 no-welfare-card (with canRequest) when they have none. */
  public Future<JsonObject> myCard(Identity employee) {
    UUID account = UUID.fromString(employee.subject());
    return repository.cardOf(pool, account).compose(card -> card.isPresent() ? described(card.get())
        : repository.agreementsOf(pool, account).compose(agreements -> Future.failedFuture(noCard(!agreements.isEmpty()))));
  }

  /** The employee asks for their card: made if their company has an agreement (201), or the one they have (200). */
  public Future<Outcome> requestCard(Identity employee, Idempotency.Key key) {
    UUID account = UUID.fromString(employee.subject());
    return change(key, conn -> repository.agreementsOf(conn, account).compose(agreements -> {
      if (agreements.isEmpty()) {
        return Future.failedFuture(noCard(false));
      }
      Future<Integer> issued = Future.succeededFuture(0);
      for (UUID agreement : agreements) {
        issued = issued.compose(n -> issue(conn, agreement, account, employee.subject(), 0, n));
      }
      return issued.compose(n -> repository.cardOf(conn, account)
          .compose(card -> described(card.orElseThrow()).map(json -> new Outcome(n > 0 ? 201 : 200, json))));
    }));
  }

  /** The card of the person identified at this kiosk, while their kiosk session lives. */
  public Future<JsonObject> kioskCard(UUID device, UUID session) {
    return repository.personAtKiosk(pool, device, session).compose(person -> person.isEmpty()
        ? Future.failedFuture(new Problem(403, "kiosk-session-ended", "Identificazione scaduta",
            "La persona non è più identificata su questo totem: chiedile di identificarsi di nuovo."))
        : repository.cardOf(pool, person.get()).compose(card -> card.isPresent() ? described(card.get())
            : Future.failedFuture(noCard(false))));
  }

  private static Problem noCard(boolean canRequest) {
    return new Problem(404, "no-welfare-card", "Nessuna Welfare Card", canRequest
        ? "Non hai ancora la Welfare Card: la tua azienda aderisce, puoi chiederla ora."
        : "La tua azienda non aderisce a un accordo Welfare Card.").with("canRequest", canRequest);
  }

  private Future<JsonObject> described(WelfareCardRepository.Card card) {
    return repository.packageOf(pool, card.agreementId(), null).map(services -> {
      String token = links.sign(QR_PURPOSE, card.number(), endOf(card.validUntil()));
      return new JsonObject()
          .put("number", card.number())
          .put("display", CardNumber.display(card.number()))
          .put("status", card.status())
          .put("company", card.companyName())
          .put("agreement", new JsonObject().put("id", card.agreementId().toString()).put("name", card.agreementName()))
          .put("validFrom", card.validFrom().toString())
          .put("validUntil", card.validUntil().toString())
          .put("qr", new JsonObject().put("payload", token)
              .put("svg", QrSvg.of(token, "Codice QR della Welfare Card " + CardNumber.display(card.number()))))
          .put("services", services(services));
    });
  }

  /** A QR code works until the card's last day is over in Italy (the provider's check says whether the card still is valid). */
  private static java.time.Instant endOf(LocalDate validUntil) {
    return validUntil.plusDays(1).atStartOfDay(ROME).toInstant();
  }

  private static JsonArray services(List<WelfareCardRepository.PackageService> services) {
    JsonArray list = new JsonArray();
    for (WelfareCardRepository.PackageService s : services) {
      AgreedDiscount discount = AgreedDiscount.of(s.discountKind(), s.discountValue());
      list.add(new JsonObject().put("id", s.id().toString()).put("title", s.title()).put("provider", s.providerName())
          .put("area", s.area()).put("unit", s.unit()).put("tariffCents", s.tariffCents())
          .put("discount", new JsonObject().put("kind", s.discountKind()).put("value", s.discountValue()))
          .put("priceCents", discount.unitPrice(s.tariffCents())));
    }
    return list;
  }

  // ---- a provider checks a card -----------------------------------------------------------------

  /**
   * What a provider's staff learn from a card number or its QR code: the card's status, the
   * company, the agreement, its period and which of the provider's own services it discounts;
   * nothing about the person, so nothing goes to the read log. A malformed number, a forged or
   * expired QR code and a number nobody has all answer {@code unknown} in the same shape, after the
   * same two statements.
   */
  public Future<JsonObject> verify(Identity provider, String presented) {
    String number = readNumber(presented).orElse("");
    UUID providerId = provider.providerId() == null ? null : UUID.fromString(provider.providerId());
    return repository.verify(pool, number).compose(found -> repository.packageOf(pool,
            found.map(WelfareCardRepository.Verified::agreementId).orElse(null), providerId)
        .map(services -> {
          JsonObject answer = new JsonObject();
          if (found.isEmpty() || providerId == null) {
            return answer.put("status", "unknown").putNull("number").putNull("company").putNull("agreement")
                .putNull("validFrom").putNull("validUntil").put("services", new JsonArray());
          }
          WelfareCardRepository.Verified card = found.get();
          return answer.put("status", card.status()).put("number", CardNumber.display(number)).put("company", card.companyName())
              .put("agreement", new JsonObject().put("id", card.agreementId().toString()).put("name", card.agreementName()))
              .put("validFrom", card.validFrom().toString()).put("validUntil", card.validUntil().toString())
              .put("services", services(services));
        }));
  }

  /** The card number in what was presented: typed digits (spaces allowed) or the QR code's signed token. */
  private Optional<String> readNumber(String presented) {
    if (presented != null && presented.indexOf('.') >= 0) {
      return links.verify(presented, QR_PURPOSE, clock.instant()).map(SignedLinks.Claim::subject).flatMap(CardNumber::parse);
    }
    return CardNumber.parse(presented);
  }
}
