package coop.sportello.surveys;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.domain.CalendarDate;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Problem;
import coop.sportello.platform.http.Rule;
import coop.sportello.surveys.domain.SurveyAnswer;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;

/**
 * The needs survey under /api/v1:
 * <pre>
 *   POST /surveys                    supervisor, hr_admin  {title, opensOn, closesOn}  Idempotency-Key -> 201 the survey
 *   GET  /surveys                    supervisor, hr_admin  -> {items}: the network's all, HR its own and the network's
 *   GET  /surveys/:id                supervisor, hr_admin, employee -> the survey with its questions
 *   GET  /surveys/:id/results        supervisor, hr_admin  -> the results, small groups hidden
 *   GET  /me/surveys                 employee              -> {items}: the open surveys for me, with answered
 *   POST /surveys/:id/answers        employee              {areas, services, times, municipality, freeText?}  Idempotency-Key
 *   GET  /provider/demand            provider_admin        -> {items}: the answers wishing each of its areas where it offers them
 * </pre>
 * The answer's idempotency fingerprint is of the method and path only, never of the answer: the
 * stored key names the person, so it must not carry a digest of what they answered.
 */
final class SurveyRoutes implements ApiModule {

  private static final Rule MAKERS = Rule.roles(Role.SUPERVISOR, Role.HR_ADMIN);
  private static final JsonBody CREATE = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["title","opensOn","closesOn"],
       "properties":{"title":{"type":"string","minLength":3,"maxLength":200},
         "opensOn":{"type":"string","pattern":"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
         "closesOn":{"type":"string","pattern":"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}}}"""));
  private static final JsonBody ANSWER = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["areas","services","times","municipality"],
       "properties":{
         "areas":{"type":"array","maxItems":10,"items":{"type":"string","maxLength":40}},
         "services":{"type":"array","maxItems":20,"items":{"type":"string","maxLength":40}},
         "times":{"type":"array","maxItems":4,"items":{"type":"string","maxLength":40}},
         "municipality":{"type":"string","pattern":"^[0-9]{6}$"},
         "freeText":{"type":["string","null"],"maxLength":%d}}}""".formatted(SurveyAnswer.FREE_TEXT_MAX)));

  private final SurveyService surveys;

  SurveyRoutes(SurveyService surveys) {
    this.surveys = surveys;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.post("/surveys", MAKERS)
        .summary("Crea un questionario dei bisogni: della rete (per i dipendenti di tutte le aziende) o della tua azienda")
        .body(CREATE).idempotent().handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, surveys.create(who, body.getString("title"), date(body.getString("opensOn")),
              date(body.getString("closesOn")), Idempotency.key(ctx, who.subject(), body)));
        });
    routes.get("/surveys", MAKERS)
        .summary("I questionari: per la rete tutti, per l'azienda i suoi e quelli della rete")
        .handler(ctx -> surveys.list(Access.identity(ctx)).onSuccess(ctx::json).onFailure(ctx::fail));
    routes.get("/surveys/:id", Rule.roles(Role.SUPERVISOR, Role.HR_ADMIN, Role.EMPLOYEE))
        .summary("Un questionario con le sue domande")
        .handler(ctx -> surveys.survey(Access.identity(ctx), ApiRoutes.id(ctx, "id")).onSuccess(ctx::json).onFailure(ctx::fail));
    routes.get("/surveys/:id/results", MAKERS)
        .summary("I risultati di un questionario per area e Comune: celle con meno di 5 persone non mostrate")
        .handler(ctx -> surveys.results(Access.identity(ctx), ApiRoutes.id(ctx, "id")).onSuccess(ctx::json).onFailure(ctx::fail));
    routes.get("/me/surveys", Rule.roles(Role.EMPLOYEE))
        .summary("I questionari aperti per te, e se hai già risposto")
        .handler(ctx -> surveys.mine(Access.identity(ctx)).onSuccess(ctx::json).onFailure(ctx::fail));
    routes.post("/surveys/:id/answers", Rule.roles(Role.EMPLOYEE))
        .summary("Risponde al questionario, una volta sola e in forma anonima")
        .body(ANSWER).idempotent().handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, surveys.answer(who, ApiRoutes.id(ctx, "id"), body,
              Idempotency.key(ctx, who.subject(), new JsonObject())));
        });
    routes.get("/provider/demand", Rule.roles(Role.PROVIDER_ADMIN))
        .summary("La domanda dei dipendenti accanto all'offerta della cooperativa: risposte per area e Comune e servizi che la offrono")
        .handler(ctx -> surveys.demand(Access.identity(ctx)).onSuccess(ctx::json).onFailure(ctx::fail));
  }

  private static LocalDate date(String text) {
    return CalendarDate.parse(text).orElseThrow(() -> Problem.badRequest("Le date si scrivono AAAA-MM-GG."));
  }
}
