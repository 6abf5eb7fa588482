package coop.sportello.bandi;

import coop.sportello.bandi.domain.Applicant;
import coop.sportello.bandi.domain.BandoDefinition;
import coop.sportello.bandi.domain.DocumentRequest;
import coop.sportello.bandi.domain.DocumentType;
import coop.sportello.bandi.domain.Eligibility;
import coop.sportello.bandi.domain.Household;
import coop.sportello.bandi.domain.Window;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.database.IdempotencyStore;
import coop.sportello.platform.database.SqlErrors;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Idempotency.Outcome;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Bandi and applications: a Comune's officer writes a draft, publishes it (its terms then frozen)
 * or withdraws it; anyone reads the published ones; a signed-in person checks whether they may
 * apply, uploads the documents asked (each on its own, typed by its content), and applies once per
 * household, getting a receipt (protocol and the database's receive time) from one short
 * transaction; an operator files one for a caller. Every change runs under the caller's
 * Idempotency-Key. Review, ranking and budget are {@code ReviewService}'s.
 */
public final class BandiService {

  private final Pool pool;
  private final BandiRepository repository;
  private final Clock clock;

  BandiService(Pool pool, BandiRepository repository, Clock clock) {
    this.pool = pool;
    this.repository = repository;
    this.clock = clock;
  }

  /** What an applicant sends: the other members of the household and the answers to the declarations. */
  record Request(List<Household.Listed> members, Map<String, Boolean> answers, List<UUID> documents) { }

  // ---- the officer's bandi -----------------------------------------------------------------------

  private Future<BandiRepository.Comune> comuneOf(Identity officer) {
    if (officer.providerId() == null) {
      return Future.failedFuture(Problem.forbidden("Il tuo account non è legato a un Comune."));
    }
    return repository.comune(pool, UUID.fromString(officer.providerId())).compose(c -> c.isPresent() ? Future.succeededFuture(c.get())
        : Future.failedFuture(Problem.forbidden("Il tuo account non è legato a un Comune.")));
  }

  public Future<JsonObject> comuneBandi(Identity officer) {
    return comuneOf(officer).compose(comune -> repository.ofComune(pool, comune.id()).compose(list -> repository.now(pool)
        .map(now -> new JsonObject().put("comune", new JsonObject().put("id", comune.id().toString()).put("name", comune.name())
                .put("municipality", comune.municipality()))
            .put("items", new JsonArray(list.stream().map(b -> (Object) summary(b, now)).toList())))));
  }

  public Future<JsonObject> comuneBando(Identity officer, UUID id) {
    return comuneOf(officer).compose(comune -> ownBando(comune, id)).compose(b -> repository.now(pool).map(now -> full(b, now)));
  }

  private Future<BandiRepository.Bando> ownBando(BandiRepository.Comune comune, UUID id) {
    return repository.bando(pool, id).compose(b -> b.isPresent() && b.get().comuneId().equals(comune.id())
        ? Future.succeededFuture(b.get()) : Future.failedFuture(Problem.notFound("Nessun bando del tuo Comune con questo identificativo.")));
  }

  public Future<Outcome> createDraft(Identity officer, BandoDefinition definition, Idempotency.Key key) {
    refuseIfInvalid(definition);
    return comuneOf(officer).compose(comune -> pool.withTransaction(conn -> IdempotencyStore.once(conn, key,
        () -> repository.insertBando(conn, comune, definition, officer.subject())
            .map(id -> new Outcome(201, new JsonObject().put("id", id.toString()).put("status", "draft"))))));
  }

  public Future<Outcome> updateDraft(Identity officer, UUID id, BandoDefinition definition, Idempotency.Key key) {
    refuseIfInvalid(definition);
    return comuneOf(officer).compose(comune -> pool.withTransaction(conn -> IdempotencyStore.once(conn, key,
        () -> repository.updateDraft(conn, id, comune, definition).compose(updated -> updated
            ? Future.succeededFuture(new Outcome(200, new JsonObject().put("id", id.toString()).put("status", "draft")))
            : notDraft(comune, id)))));
  }

  private Future<Outcome> notDraft(BandiRepository.Comune comune, UUID id) {
    return ownBando(comune, id).compose(b -> Future.failedFuture(Problem.conflict("bando-not-draft",
        "Il bando è già " + ("published".equals(b.status()) ? "pubblicato" : "ritirato")
            + ": le sue regole, l'importo e la finestra non cambiano più.")));
  }

  public Future<Outcome> publish(Identity officer, UUID id, Idempotency.Key key) {
    return comuneOf(officer).compose(comune -> pool.withTransaction(conn -> IdempotencyStore.once(conn, key,
        () -> repository.publish(conn, id, comune.id()).compose(done -> done
            ? Future.succeededFuture(new Outcome(200, new JsonObject().put("id", id.toString()).put("status", "published")))
            : ownBando(comune, id).compose(b -> Future.failedFuture("draft".equals(b.status())
                ? Problem.conflict("bando-closed", "La finestra del bando è già chiusa: correggi le date prima di pubblicarlo.")
                : Problem.conflict("bando-not-draft", "Il bando è già pubblicato o ritirato.")))))));
  }

  public Future<Outcome> withdraw(Identity officer, UUID id, Idempotency.Key key) {
    return comuneOf(officer).compose(comune -> pool.withTransaction(conn -> IdempotencyStore.once(conn, key,
        () -> repository.withdraw(conn, id, comune.id()).compose(done -> done
            ? Future.succeededFuture(new Outcome(200, new JsonObject().put("id", id.toString()).put("status", "withdrawn")))
            : ownBando(comune, id).compose(b -> Future.failedFuture(Problem.conflict("bando-not-published",
                "draft".equals(b.status()) ? "Una bozza non è pubblicata: non c'è niente da ritirare."
                    : "Il bando è già ritirato.")))))));
  }

  /** Deletes a draft never published (a published bando is withdrawn instead: applicants relied on it). */
  public Future<Outcome> deleteDraft(Identity officer, UUID id, Idempotency.Key key) {
    return comuneOf(officer).compose(comune -> pool.withTransaction(conn -> IdempotencyStore.once(conn, key,
        () -> repository.deleteDraft(conn, id, comune.id()).compose(done -> done
            ? Future.succeededFuture(new Outcome(200, new JsonObject().put("id", id.toString()).put("status", "deleted")))
            : ownBando(comune, id).compose(b -> Future.failedFuture(Problem.conflict("bando-not-draft",
                "Si elimina solo una bozza: un bando pubblicato si ritira, e resta con le sue domande.")))))));
  }

  private static void refuseIfInvalid(BandoDefinition definition) {
    definition.problem().ifPresent(r -> {
      throw Problem.of(r);
    });
  }

  // ---- the public side ------------------------------------------------------------------------------

  public Future<JsonObject> published(String municipality, String phase) {
    return repository.published(pool, municipality, phase).compose(list -> repository.now(pool)
        .map(now -> new JsonObject().put("items", new JsonArray(list.stream().map(b -> (Object) summary(b, now)).toList()))));
  }

  public Future<JsonObject> publishedBando(UUID id) {
    return published(id).compose(b -> repository.now(pool).map(now -> full(b, now)));
  }

  private Future<BandiRepository.Bando> published(UUID id) {
    return repository.bando(pool, id).compose(b -> b.isPresent() && "published".equals(b.get().status())
        ? Future.succeededFuture(b.get()) : Future.failedFuture(Problem.notFound("Nessun bando pubblicato con questo identificativo.")));
  }

  private static JsonObject summary(BandiRepository.Bando b, Instant now) {
    BandoDefinition d = b.definition();
    return new JsonObject().put("id", b.id().toString()).put("title", d.title()).put("summary", d.summary())
        .put("kind", d.kind().wireName()).put("status", b.status()).put("phase", d.window().phaseAt(now).wireName())
        .put("municipality", b.municipality()).put("comune", b.comuneName())
        .put("opensAt", BandoJson.rome(d.window().opens())).put("closesAt", BandoJson.rome(d.window().closes()));
  }

  private static JsonObject full(BandiRepository.Bando b, Instant now) {
    BandoDefinition d = b.definition();
    long remaining = d.budgetCents() - b.grantedCents();
    JsonObject amount = new JsonObject().put("baseCents", d.amount().baseCents()).put("perMemberCents", d.amount().perMemberCents())
        .put("perChildCents", d.amount().perChildCents()).put("description", d.amount().describe());
    d.amount().maxCents().ifPresent(m -> amount.put("maxCents", m));
    return summary(b, now).put("body", d.body())
        .put("comune", new JsonObject().put("id", b.comuneId().toString()).put("name", b.comuneName()))
        .put("rules", BandoJson.rules(d.rules(), true))
        .put("amount", amount)
        .put("window", new JsonObject().put("opensAt", BandoJson.rome(d.window().opens()))
            .put("closesAt", BandoJson.rome(d.window().closes())).put("description", d.window().describe()))
        .put("budget", new JsonObject().put("totalCents", d.budgetCents()).put("grantedCents", b.grantedCents())
            .put("remainingCents", remaining).put("remainingPercent", (int) (remaining * 100 / d.budgetCents())))
        .put("ranking", d.ranking().wireName())
        .put("documents", BandoJson.documents(d.documents()))
        .put("voucherValidUntil", d.voucherValidUntil().map(LocalDate::toString).orElse(null))
        .put("publishedAt", b.publishedAt().map(BandoJson::rome).orElse(null));
  }

  // ---- may I apply? ---------------------------------------------------------------------------------

  /** The bando's rules evaluated on the caller's facts and the household they list: {eligible, unmet[], amountCents}. */
  public Future<JsonObject> check(Identity who, UUID bandoId, Request request) {
    return published(bandoId).compose(b -> repository.facts(pool, account(who)).map(facts -> {
      Evaluated e = evaluate(b, facts.orElseThrow(), request);
      return e.answer();
    }));
  }

  /** The rules' verdict on one applicant, and the amount their household would get. */
  private record Evaluated(Household.Result household, List<Eligibility.Unmet> unmet, long amountCents) {
    JsonObject answer() {
      JsonArray reasons = new JsonArray();
      unmet.forEach(u -> reasons.add(new JsonObject().put("type", u.rule().type()).put("reason", u.reason())));
      return new JsonObject().put("eligible", unmet.isEmpty() && amountCents > 0).put("unmet", reasons).put("amountCents", amountCents);
    }
  }

  private Evaluated evaluate(BandiRepository.Bando b, BandiRepository.Facts facts, Request request) {
    String cf = facts.codiceFiscale().orElseThrow(() -> new Problem(422, "codice-fiscale-missing", "Codice fiscale mancante",
        "Per presentare una domanda serve il codice fiscale nel profilo: entra con SPID o CIE, o aggiungilo al profilo."));
    LocalDate day = LocalDate.now(clock.withZone(Window.ROME));
    Household.Result household = Household.of(cf, request.members(), day);
    household.refusal().ifPresent(r -> {
      throw Problem.of(r);
    });
    List<Household.Member> members = household.members().orElseThrow();
    Applicant applicant = new Applicant(facts.municipality(), facts.isee(), members.get(0).birthDate(), members,
        request.answers(), day);
    List<Eligibility.Unmet> unmet = Eligibility.check(b.definition().rules(), b.municipality(), applicant);
    return new Evaluated(household, unmet, b.definition().amount().amountFor(applicant.householdSize(), applicant.children()));
  }

  // ---- uploads and applications ------------------------------------------------------------------

  /**
   * A document for an application not yet submitted: it waits under the bando and its uploader
   * (the applicant, or the operator filing for a caller) until the application attaches it.
   */
  public Future<Outcome> upload(Identity who, UUID bandoId, Upload upload, Idempotency.Key key) {
    return published(bandoId).compose(b -> {
      if (b.definition().window().phaseAt(clock.instant()) == Window.Phase.CLOSED) {
        return Future.failedFuture(closed(b));
      }
      return storeDocument(who, b, null, upload, key);
    });
  }

  /** A document added to an application the Comune found incomplete (its own, its status incomplete). */
  public Future<Outcome> addDocument(Identity who, UUID applicationId, Upload upload, Idempotency.Key key) {
    return pool.withTransaction(conn -> IdempotencyStore.once(conn, key, () -> repository.lockApplication(conn, applicationId, who.subject())
        .compose(app -> {
          if (app.isEmpty()) {
            return Future.failedFuture(noApplication());
          }
          if (!"incomplete".equals(app.get()[1])) {
            return Future.failedFuture(Problem.conflict("application-not-incomplete",
                "Si aggiungono documenti solo quando il Comune chiede di integrare la domanda."));
          }
          return repository.bando(conn, UUID.fromString(app.get()[0])).compose(b -> insertDocument(conn, who, b.orElseThrow(),
              applicationId, upload));
        })));
  }

  private Future<Outcome> storeDocument(Identity who, BandiRepository.Bando b, UUID application, Upload upload,
                                        Idempotency.Key key) {
    return pool.withTransaction(conn -> IdempotencyStore.once(conn, key, () -> insertDocument(conn, who, b, application, upload)));
  }

  private Future<Outcome> insertDocument(io.vertx.sqlclient.SqlConnection conn, Identity who, BandiRepository.Bando b,
                                         UUID application, Upload upload) {
    if (b.definition().document(upload.kind()).isEmpty()) {
      return Future.failedFuture(new Problem(422, "document-kind-unknown", "Documento non previsto",
          "Il bando non chiede un documento «" + upload.kind() + "»: scegli uno di quelli elencati nel bando."));
    }
    if (upload.content().length() == 0) {
      return Future.failedFuture(Problem.badRequest("Il file è vuoto: invia il contenuto del documento come corpo della richiesta."));
    }
    Optional<String> type = DocumentType.detect(upload.content().getBytes(0, Math.min(DocumentType.MAGIC_BYTES, upload.content().length())));
    if (type.isEmpty()) {
      return Future.failedFuture(new Problem(415, "document-type-refused", "Tipo di file non accettato",
          "Si accettano solo PDF, JPEG e PNG: questo file non lo è (il tipo si legge dal contenuto, non dal nome)."));
    }
    return repository.insertDocument(conn, b.id(), application, upload.kind(), DocumentType.safeName(upload.filename()), type.get(),
            upload.content(), Buffer.buffer(upload.sha256()), who.subject(), DocumentType.MAX_FILES)
        .compose(doc -> doc.isPresent() ? Future.succeededFuture(new Outcome(201, doc.get().toJson()))
            : Future.failedFuture(Problem.conflict("too-many-documents",
                "Una domanda porta al massimo " + DocumentType.MAX_FILES + " documenti.")));
  }

  /**
   * An uploaded file as the request brought it: the bytes are never copied (a click day brings
   * thousands of them a minute), and their SHA-256 is computed once, for the idempotency key and
   * for the stored row.
   */
  public record Upload(String kind, String filename, Buffer content, byte[] sha256) {

    static Upload of(String kind, String filename, Buffer body) {
      Buffer content = body == null ? Buffer.buffer() : body;
      return new Upload(kind, filename, content, coop.sportello.platform.auth.Secrets.sha256(
          ((io.vertx.core.internal.buffer.BufferInternal) content).getByteBuf().nioBuffer()));
    }
  }

  /** The signed-in person applies for themselves. */
  public Future<Outcome> apply(Identity who, UUID bandoId, Request request, Idempotency.Key key) {
    return submit(account(who), who.subject(), bandoId, request, key);
  }

  /** An operator files an application for a caller, identified by their codice fiscale; filed_by is the operator. */
  public Future<Outcome> fileFor(Identity operator, String codiceFiscale, UUID bandoId, Request request, Idempotency.Key key) {
    return repository.accountByCodiceFiscale(pool, codiceFiscale).compose(person -> person.isPresent()
        ? submit(person.get(), operator.subject(), bandoId, request, key)
        : Future.failedFuture(new Problem(422, "person-unknown", "Persona non registrata",
            "Nessun account ha questo codice fiscale: la persona deve prima registrarsi (anche allo sportello).")));
  }

  private Future<Outcome> submit(UUID person, String filer, UUID bandoId, Request request, Idempotency.Key key) {
    return published(bandoId).compose(b -> repository.facts(pool, person).compose(found -> {
      BandiRepository.Facts facts = found.orElseThrow(() -> Problem.notFound("Account non trovato."));
      Evaluated e = evaluate(b, facts, request);
      if (!e.unmet().isEmpty() || e.amountCents() <= 0) {
        return Future.failedFuture(new Problem(422, "not-eligible", "Requisiti non soddisfatti",
            "La domanda non può essere presentata: " + e.unmet().stream().map(Eligibility.Unmet::reason)
                .collect(Collectors.joining(" "))).with("unmet", e.answer().getJsonArray("unmet")));
      }
      List<Household.Member> members = e.household().members().orElseThrow();
      List<String> codes = new ArrayList<>();
      List<String> relations = new ArrayList<>();
      List<LocalDate> births = new ArrayList<>();
      for (Household.Member m : members) {
        codes.add(m.codiceFiscale());
        relations.add(m.relation().wireName());
        births.add(m.birthDate().orElse(null));
      }
      int children = (int) members.stream().filter(m -> m.relation() == Household.Relation.CHILD).count();
      JsonObject answers = new JsonObject();
      request.answers().forEach(answers::put);
      BandiRepository.NewApplication application = new BandiRepository.NewApplication(b.id(), person.toString(), filer, answers,
          members.size(), children, e.amountCents(), codes, relations, births, request.documents(), b.definition().title(), b.comuneId(),
          // The ISEE valid today goes with the application: a score ranking reads this one (V52).
          facts.isee().filter(i -> !i.expiresOn().isBefore(LocalDate.now(clock.withZone(Window.ROME))))
              .map(coop.sportello.pricing.domain.Isee::valueCents).orElse(null));
      return pool.withTransaction(conn -> IdempotencyStore.once(conn, key, () -> repository.waiting(conn, b.id(), filer, request.documents())
          .compose(waiting -> {
            documentsProblem(b.definition(), request.documents(), waiting).ifPresent(p -> {
              throw p;
            });
            int[] attached = new int[1];
            return repository.submit(conn, application, attached).compose(receipt -> {
              if (receipt.isEmpty()) {
                return repository.now(conn).compose(now -> Future.failedFuture(
                    b.definition().window().phaseAt(now) == Window.Phase.UPCOMING ? notYetOpen(b) : closed(b)));
              }
              if (attached[0] != request.documents().size()) {
                return Future.failedFuture(Problem.conflict("documents-changed",
                    "Un documento indicato non è più disponibile: ricarica la pagina e riprova."));
              }
              return Future.succeededFuture(new Outcome(201, new JsonObject().put("id", receipt.get().id().toString())
                  .put("bandoId", b.id().toString()).put("protocol", receipt.get().protocol())
                  .put("receivedAt", BandoJson.rome(receipt.get().receivedAt()))
                  .put("receivedAtUtc", receipt.get().receivedAt().toString())
                  .put("status", "submitted").put("amountCents", e.amountCents())));
            });
          })));
    })).recover(BandiService::explain);
  }

  private static Optional<Problem> documentsProblem(BandoDefinition d, List<UUID> asked, List<BandiRepository.Document> waiting) {
    if (waiting.size() != Set.copyOf(asked).size() || asked.size() != Set.copyOf(asked).size()) {
      return Optional.of(new Problem(422, "document-unknown", "Documento non trovato",
          "Uno dei documenti indicati non è tra quelli caricati per questo bando (o è già allegato a una domanda)."));
    }
    Set<String> given = waiting.stream().map(BandiRepository.Document::kind).collect(Collectors.toSet());
    List<String> missing = d.documents().stream().filter(DocumentRequest::required).filter(r -> !given.contains(r.kind()))
        .map(DocumentRequest::label).toList();
    return missing.isEmpty() ? Optional.empty() : Optional.of(new Problem(422, "documents-missing", "Documenti mancanti",
        "Mancano documenti richiesti dal bando: " + String.join(", ", missing) + ".").with("missing", new JsonArray(missing)));
  }

  private static Future<Outcome> explain(Throwable e) {
    if (SqlErrors.isUniqueViolation(e, "bando_one_application_per_household")) {
      return Future.failedFuture(Problem.conflict("household-already-applied",
          "Per questo bando è già stata presentata una domanda per il suo nucleo familiare (da lei o da un altro componente): "
              + "se ne presenta una sola per nucleo.").with("constraint", "bando_one_application_per_household"));
    }
    if (SqlErrors.isUnavailable(e)) {
      return Future.failedFuture(new Problem(503, "application-not-stored", "Domanda non registrata",
          "Il servizio non risponde in questo momento e la domanda NON è stata registrata: riprova tra qualche secondo "
              + "(con la stessa chiave, non sarà registrata due volte).").header("Retry-After", "5"));
    }
    return Future.failedFuture(e);
  }

  private static Problem notYetOpen(BandiRepository.Bando b) {
    return Problem.conflict("bando-not-open", "Il bando non è ancora aperto: si presentano domande "
        + b.definition().window().describe() + ". La domanda non è stata registrata.");
  }

  private static Problem closed(BandiRepository.Bando b) {
    return Problem.conflict("bando-closed", "Il bando è chiuso: si presentavano domande "
        + b.definition().window().describe() + ". La domanda non è stata registrata.");
  }

  // ---- my applications ------------------------------------------------------------------------------

  /**
   * The documents the caller uploaded for this bando and has not sent with an application yet:
   * what a person preparing before the opening finds again after closing the page.
   */
  public Future<JsonObject> myUploads(Identity who, UUID bandoId) {
    return published(bandoId).compose(b -> repository.waiting(pool, b.id(), who.subject(), null))
        .map(docs -> new JsonObject().put("items", new io.vertx.core.json.JsonArray(docs.stream().map(BandiRepository.Document::toJson).toList())));
  }

  public Future<JsonObject> myApplications(Identity who) {
    return repository.applicationsOf(pool, who.subject()).map(items -> new JsonObject().put("items", items));
  }

  public Future<JsonObject> myApplication(Identity who, UUID id) {
    return repository.applicationOf(pool, id, who.subject())
        .compose(found -> found.isPresent() ? Future.succeededFuture(found.get()) : Future.failedFuture(noApplication()));
  }

  /** An incomplete application, its documents added, goes back to the Comune (status submitted). */
  public Future<Outcome> resubmit(Identity who, UUID id, Idempotency.Key key) {
    return pool.withTransaction(conn -> IdempotencyStore.once(conn, key, () -> repository.lockApplication(conn, id, who.subject())
        .compose(app -> {
          if (app.isEmpty()) {
            return Future.failedFuture(noApplication());
          }
          if (!"incomplete".equals(app.get()[1])) {
            return Future.failedFuture(Problem.conflict("application-not-incomplete",
                "La domanda non è in attesa di integrazioni: non c'è niente da ripresentare."));
          }
          return repository.resubmit(conn, id, who.subject())
              .map(v -> new Outcome(200, new JsonObject().put("id", id.toString()).put("status", "submitted")));
        })));
  }

  private static Problem noApplication() {
    return Problem.notFound("Nessuna tua domanda con questo identificativo.");
  }

  // ---- documents ------------------------------------------------------------------------------------

  /**
   * A document's bytes, for the applicant (or, while it waits, its uploader) and the officers of
   * the bando's Comune; to anyone else it does not exist (404, the same as an unknown id).
   */
  public Future<BandiRepository.Stored> document(Identity who, UUID id) {
    return repository.stored(pool, id).map(found -> found.filter(d -> may(who, d))
        .orElseThrow(() -> Problem.notFound("Nessun documento con questo identificativo.")));
  }

  private static boolean may(Identity who, BandiRepository.Stored d) {
    if (who.hasRole(Role.MUNICIPAL_OFFICER) && d.comuneId().toString().equals(who.providerId())) {
      return true;
    }
    return d.attached() ? d.applicant().filter(who.subject()::equals).isPresent() : d.uploadedBy().equals(who.subject());
  }

  private static UUID account(Identity who) {
    try {
      return UUID.fromString(who.subject());
    } catch (IllegalArgumentException e) {
      throw Problem.forbidden("Solo una persona registrata presenta una domanda.");
    }
  }
}
