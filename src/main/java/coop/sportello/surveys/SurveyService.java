package coop.sportello.surveys;

import coop.sportello.platform.areas.Area;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.database.AfterCommit;
import coop.sportello.platform.database.SqlErrors;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Idempotency.Outcome;
import coop.sportello.platform.http.Problem;
import coop.sportello.privacy.domain.SmallGroups;
import coop.sportello.statements.domain.StatementMonth;
import coop.sportello.surveys.SurveyRepository.Survey;
import coop.sportello.surveys.domain.ServiceKind;
import coop.sportello.surveys.domain.SurveyAnswer;
import coop.sportello.surveys.domain.SurveyResults;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

/**
 * The needs survey: the network (supervisor) or a company's HR creates one; its employees answer
 * once and anonymously; HR sees its own employees' results and the network all of them, small
 * groups hidden; a cooperative sees the demand beside its offer. Changes run once per
 * Idempotency-Key ({@link AfterCommit#idempotent}).
 */
final class SurveyService {

  private static final Problem NOT_FOUND = Problem.notFound("Questionario non trovato.");

  private final Pool pool;
  private final SurveyRepository repository;
  private final Clock clock;

  SurveyService(Pool pool, SurveyRepository repository, Clock clock) {
    this.pool = pool;
    this.repository = repository;
    this.clock = clock;
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(StatementMonth.ROME));
  }

  /** A survey of the network (a supervisor) or of the HR admin's company, for its employees only. */
  Future<Outcome> create(Identity who, String title, LocalDate opensOn, LocalDate closesOn, Idempotency.Key key) {
    if (closesOn.isBefore(opensOn) || closesOn.isBefore(today())) {
      return Future.failedFuture(Problem.of(coop.sportello.platform.domain.Refusal.invalid("invalid-dates",
          "Il questionario chiude lo stesso giorno in cui apre o dopo, e non nel passato.")));
    }
    UUID company;
    if (who.hasRole(Role.SUPERVISOR)) {
      company = null;
    } else if (who.companyId() != null) {
      company = UUID.fromString(who.companyId());
    } else {
      return Future.failedFuture(Problem.forbidden("Il tuo account non è collegato a un'azienda."));
    }
    return AfterCommit.idempotent(pool, key, (tx, after) ->
        repository.create(tx, company, title.strip(), opensOn, closesOn, who.subject()).map(s -> new Outcome(201, s)));
  }

  /** The surveys the network (all) or a company's HR (its own and the network's) sees. */
  Future<JsonObject> list(Identity who) {
    boolean network = who.hasRole(Role.SUPERVISOR);
    UUID company = who.companyId() == null ? null : UUID.fromString(who.companyId());
    return repository.surveys(pool, company, network).map(items -> new JsonObject().put("items", items));
  }

  /** The open surveys for the employee, each with whether they answered it. */
  Future<JsonObject> mine(Identity employee) {
    UUID person = UUID.fromString(employee.subject());
    return repository.employer(pool, person).compose(company -> company.isEmpty()
        ? Future.succeededFuture(new JsonArray())
        : repository.open(pool, company.get(), person, today()))
        .map(items -> new JsonObject().put("items", items));
  }

  /** A survey with its questions, for whom it concerns (another company's is unknown). */
  Future<JsonObject> survey(Identity who, UUID id) {
    return readable(who, id).map(s -> s.json().copy().put("questions", questions()));
  }

  /** Stores the employee's answer once; a second is 409, the answer carries nothing of the person. */
  Future<Outcome> answer(Identity employee, UUID id, JsonObject body, Idempotency.Key key) {
    SurveyAnswer.Result checked = SurveyAnswer.check(strings(body, "areas"), new HashSet<>(Area.codes()),
        strings(body, "services"), strings(body, "times"), body.getString("municipality"), body.getString("freeText"));
    if (checked.refusal() != null) {
      return Future.failedFuture(Problem.of(checked.refusal()));
    }
    UUID person = UUID.fromString(employee.subject());
    return repository.employer(pool, person).compose(company -> {
      if (company.isEmpty()) {
        return Future.failedFuture(Problem.forbidden("Il questionario è per i dipendenti delle aziende aderenti."));
      }
      return repository.survey(pool, id).compose(found -> {
        if (found.isEmpty() || (found.get().company() != null && !found.get().company().equals(company.get()))) {
          return Future.failedFuture(NOT_FOUND);
        }
        Survey s = found.get();
        LocalDate today = today();
        if (today.isBefore(s.opensOn()) || today.isAfter(s.closesOn())) {
          return Future.failedFuture(Problem.conflict("survey-closed", "Il questionario non è aperto oggi."));
        }
        return AfterCommit.idempotent(pool, key, (tx, after) ->
            repository.answer(tx, id, person, company.get(), checked.answer())
                .map(v -> new Outcome(201, new JsonObject().put("surveyId", id.toString()).put("answered", true))));
      });
    }).recover(failure -> SqlErrors.isUniqueViolation(failure, "survey_respondents_pkey")
        ? Future.failedFuture(Problem.conflict("already-answered", "Hai già risposto a questo questionario: si risponde una volta sola."))
        : SqlErrors.violates(failure, "23503", "survey_answers_municipality_fkey")
        ? Future.failedFuture(Problem.of(coop.sportello.platform.domain.Refusal.invalid("invalid-municipality",
            "Il Comune indicato non è tra quelli della rete.")))
        : Future.failedFuture(failure));
  }

  /** The results for HR (its employees' answers) or the network (all, with the answers per company). */
  Future<JsonObject> results(Identity who, UUID id) {
    boolean network = who.hasRole(Role.SUPERVISOR);
    UUID company = network || who.companyId() == null ? null : UUID.fromString(who.companyId());
    if (!network && company == null) {
      return Future.failedFuture(Problem.forbidden("Il tuo account non è collegato a un'azienda."));
    }
    return readable(who, id).compose(s -> repository.answers(pool, id, company)).compose(rows -> {
      SurveyResults results = SurveyResults.of(rows, Area.codes(), network);
      List<String> municipalities = rows.stream().map(SurveyResults.Row::municipality).distinct().toList();
      List<String> companies = rows.stream().map(SurveyResults.Row::company).distinct().toList();
      return repository.names(pool, municipalities, network ? companies : List.of())
          .map(names -> SurveyJson.results(id, network ? "network" : "company", results).put("names", names));
    });
  }

  /** The demand beside the cooperative's offer, each count of fewer than 5 answers hidden. */
  Future<JsonObject> demand(Identity admin) {
    LocalDate since = today().minusYears(1);
    return Access.cooperative(admin).compose(provider -> repository.demand(pool, provider, since)).map(items -> {
      JsonArray out = new JsonArray();
      items.forEach(i -> {
        long answers = i.getLong("answers");
        boolean hidden = SmallGroups.hidden(answers);
        out.add(i.put("hidden", hidden).put("answers", hidden ? null : answers));
      });
      return new JsonObject().put("since", since.toString()).put("minPeople", SmallGroups.MIN_PEOPLE).put("items", out);
    });
  }

  private Future<Survey> readable(Identity who, UUID id) {
    return repository.survey(pool, id).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(NOT_FOUND);
      }
      Survey s = found.get();
      if (s.company() == null || who.hasRole(Role.SUPERVISOR)) {
        return Future.succeededFuture(s);
      }
      if (who.hasRole(Role.HR_ADMIN)) {
        return s.company().toString().equals(who.companyId()) ? Future.succeededFuture(s) : Future.failedFuture(NOT_FOUND);
      }
      return repository.employer(pool, UUID.fromString(who.subject())).compose(company ->
          company.isPresent() && company.get().equals(s.company()) ? Future.succeededFuture(s) : Future.failedFuture(NOT_FOUND));
    });
  }

  private JsonObject questions() {
    JsonArray kinds = new JsonArray();
    for (ServiceKind k : ServiceKind.values()) {
      kinds.add(new JsonObject().put("code", k.wireName()).put("area", k.area()));
    }
    return new JsonObject().put("areas", new JsonArray(Area.codes())).put("services", kinds)
        .put("times", new JsonArray(SurveyAnswer.TIMES)).put("freeTextMax", SurveyAnswer.FREE_TEXT_MAX);
  }

  private static List<String> strings(JsonObject body, String field) {
    List<String> out = new ArrayList<>();
    JsonArray values = body.getJsonArray(field);
    if (values != null) {
      values.forEach(v -> out.add((String) v));
    }
    return out;
  }
}
