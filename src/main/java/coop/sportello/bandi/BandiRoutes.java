package coop.sportello.bandi;

import coop.sportello.bandi.domain.DocumentType;
import coop.sportello.bandi.domain.Household;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Problem;
import coop.sportello.platform.http.Rule;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Bandi under /api/v1 (the officer's review is {@code ReviewRoutes}'). Times are Italian local
 * times with their offset ({@code 2026-12-10T09:00:00+01:00}); a bando's definition is entered as
 * local times without offset ({@code 2026-12-10T09:00}, Europe/Rome). Amounts are integer cents.
 * <pre>
 * The Comune's officer (municipal_officer, their own Comune only):
 *   GET  /comune/bandi                  -> {comune{id, name, municipality}, items[summary]}
 *   POST /comune/bandi                  definition -> 201 {id, status: draft}
 *   GET  /comune/bandi/:id              -> the bando (as the public page, any status)
 *   PUT  /comune/bandi/:id              definition -> {id, status}; 409 bando-not-draft once published
 *   POST /comune/bandi/:id/publish      -> {id, status: published}: rules, amount, window, documents frozen
 *   POST /comune/bandi/:id/withdraw     -> {id, status: withdrawn}
 *   DELETE /comune/bandi/:id            a draft never published -> {id, status: deleted}; 409 bando-not-draft
 *   definition = {title, summary, body, kind: buoni_spesa|contributo, rules[{type, ...}] (see BandoJson),
 *                 amount{baseCents, perMemberCents?, perChildCents?, maxCents?}, budgetCents, opensAt, closesAt,
 *                 ranking: first_come|score, documents[{kind, label, required?}], voucherValidUntil? (buoni_spesa)}
 *
 * Anyone:
 *   GET  /bandi?municipality=ISTAT&amp;phase=open|upcoming|closed  -> {items[summary]} (published only)
 *        summary = {id, title, summary, kind, status, phase, municipality, comune, opensAt, closesAt}
 *   GET  /bandi/:id                     -> summary + {body, comune{id, name}, rules[{type, ..., description}],
 *                                          amount{baseCents, perMemberCents, perChildCents, maxCents?, description},
 *                                          window{opensAt, closesAt, description}, budget{totalCents, grantedCents,
 *                                          remainingCents, remainingPercent}, ranking, documents[{kind, label, required}],
 *                                          voucherValidUntil, publishedAt}
 *
 * A signed-in person (their codice fiscale and residency come from their account):
 *   POST /bandi/:id/eligibility         {members[{codiceFiscale, relation: partner|child|other}], answers{id: true}}
 *                                       -> {eligible, unmet[{type, reason}], amountCents}
 *   POST /bandi/:bandoId/uploads?kind=K&amp;filename=F   the file's bytes as the body (PDF, JPEG or PNG by content,
 *                                       up to 5 MB) -> 201 {id, kind, filename, contentType, sizeBytes, uploadedAt};
 *                                       415 document-type-refused, 413 over 5 MB, 409 too-many-documents;
 *                                       accepted from publication (an application is prepared before the
 *                                       opening: on a click day only the small submission is left)
 *   GET  /bandi/:bandoId/uploads        -> {items[document]} the caller's uploads not yet sent with an application
 *   POST /bandi/:id/applications        {members[], answers{}, documentIds[]} -> 201 the receipt
 *                                       {id, bandoId, protocol, receivedAt, receivedAtUtc, status: submitted, amountCents};
 *                                       409 household-already-applied, bando-not-open, bando-closed;
 *                                       422 not-eligible {unmet[]}, documents-missing {missing[]}, document-unknown;
 *                                       503 application-not-stored (retry with the same Idempotency-Key)
 *   GET  /me/bando-applications         -> {items[application]}
 *        application = {id, bando{id, title, comune}, protocol, receivedAt, status, reason, amountCents,
 *                       householdSize, children, answers, filedByOperator, updatedAt}
 *   GET  /me/bando-applications/:id     -> application + {history[{status, reason, at}],
 *                                          household[{codiceFiscale, relation, birthDate}], documents[document]}
 *   POST /me/bando-applications/:id/documents?kind=K&amp;filename=F   bytes -> 201 document (status incomplete only)
 *   POST /me/bando-applications/:id/resubmit   -> {id, status: submitted} (from incomplete)
 *   GET  /bando-documents/:id           -> the file, as an attachment (the applicant, its uploader while it
 *                                          waits, the officers of the bando's Comune; 404 to anyone else)
 *
 * An operator (operator), for a caller:
 *   POST /operator/bandi/:id/applications   {codiceFiscale, members[], answers{}, documentIds[]} -> 201 the receipt;
 *                                           the documents are the ones the operator uploaded
 * </pre>
 */
final class BandiRoutes implements ApiModule {

  private static final Rule OFFICER = Rule.roles(Role.MUNICIPAL_OFFICER);
  private static final String UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
  private static final String APPLICATION_FIELDS = """
      "members":{"type":"array","maxItems":19,"items":{"type":"object","additionalProperties":false,
        "required":["codiceFiscale","relation"],"properties":{"codiceFiscale":{"type":"string","minLength":1,"maxLength":40},
        "relation":{"enum":["partner","child","other"]}}}},
      "answers":{"type":"object","maxProperties":20,"propertyNames":{"pattern":"^[a-z0-9_]{2,40}$"},
        "additionalProperties":{"type":"boolean"}},
      "documentIds":{"type":"array","maxItems":%d,"uniqueItems":true,"items":{"type":"string","pattern":"%s"}}"""
      .formatted(DocumentType.MAX_FILES, UUID_PATTERN);
  private static final JsonBody ELIGIBILITY = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"properties":{%s}}""".formatted(APPLICATION_FIELDS)));
  private static final JsonBody APPLICATION = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["members","answers","documentIds"],"properties":{%s}}"""
      .formatted(APPLICATION_FIELDS)));
  private static final JsonBody FILED_FOR = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["codiceFiscale","members","answers","documentIds"],
       "properties":{"codiceFiscale":{"type":"string","minLength":16,"maxLength":40},%s}}""".formatted(APPLICATION_FIELDS)));

  private final BandiService bandi;

  BandiRoutes(BandiService bandi) {
    this.bandi = bandi;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.get("/comune/bandi", OFFICER).summary("I bandi del tuo Comune, bozze comprese")
        .handler(ctx -> answer(ctx, bandi.comuneBandi(Access.identity(ctx))));
    routes.post("/comune/bandi", OFFICER).summary("Scrive la bozza di un bando: testo, requisiti, importo, finestra, documenti")
        .body(BandoJson.DEFINITION).idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          JsonObject body = ApiRoutes.body(ctx);
          Idempotency.answer(ctx, bandi.createDraft(who, BandoJson.definition(body), Idempotency.key(ctx, who.subject(), body)));
        });
    routes.get("/comune/bandi/:id", OFFICER).summary("Un bando del tuo Comune, in qualsiasi stato")
        .handler(ctx -> answer(ctx, bandi.comuneBando(Access.identity(ctx), ApiRoutes.id(ctx, "id"))));
    routes.put("/comune/bandi/:id", OFFICER).summary("Modifica la bozza di un bando (dopo la pubblicazione non cambia più)")
        .body(BandoJson.DEFINITION).idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          JsonObject body = ApiRoutes.body(ctx);
          Idempotency.answer(ctx, bandi.updateDraft(who, ApiRoutes.id(ctx, "id"), BandoJson.definition(body),
              Idempotency.key(ctx, who.subject(), body)));
        });
    routes.post("/comune/bandi/:id/publish", OFFICER).summary("Pubblica un bando: requisiti, importo e finestra non cambiano più")
        .idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, bandi.publish(who, ApiRoutes.id(ctx, "id"), Idempotency.key(ctx, who.subject(), new JsonObject())));
        });
    routes.delete("/comune/bandi/:id", OFFICER).summary("Elimina la bozza di un bando mai pubblicato")
        .idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, bandi.deleteDraft(who, ApiRoutes.id(ctx, "id"), Idempotency.key(ctx, who.subject(), new JsonObject())));
        });
    routes.post("/comune/bandi/:id/withdraw", OFFICER).summary("Ritira un bando pubblicato")
        .idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, bandi.withdraw(who, ApiRoutes.id(ctx, "id"), Idempotency.key(ctx, who.subject(), new JsonObject())));
        });

    routes.get("/bandi", Rule.open()).summary("I bandi pubblicati, per comune e per fase (aperti, in arrivo, chiusi)")
        .handler(ctx -> {
          String phase = ctx.queryParams().get("phase");
          if (phase != null && !List.of("open", "upcoming", "closed").contains(phase)) {
            throw Problem.badRequest("phase è open, upcoming o closed.");
          }
          String municipality = ctx.queryParams().get("municipality");
          if (municipality != null && !municipality.matches("^[0-9]{6}$")) {
            throw Problem.badRequest("municipality è il codice ISTAT del comune (6 cifre).");
          }
          answer(ctx, bandi.published(municipality, phase));
        });
    routes.get("/bandi/:id", Rule.open())
        .summary("Un bando pubblicato: testo, requisiti in parole semplici, finestra, importo, documenti, fondi rimasti")
        .handler(ctx -> answer(ctx, bandi.publishedBando(ApiRoutes.id(ctx, "id"))));

    routes.post("/bandi/:id/eligibility", Rule.people()).summary("Verifica se puoi presentare domanda, e per quale importo")
        .optionalBody(ELIGIBILITY).handler(ctx -> answer(ctx,
            bandi.check(Access.identity(ctx), ApiRoutes.id(ctx, "id"), request(ApiRoutes.body(ctx)))));
    routes.post("/bandi/:bandoId/uploads", Rule.people())
        .summary("Carica un documento per la domanda (PDF, JPEG o PNG, fino a 5 MB): il corpo è il file")
        .rawBody(DocumentType.MAX_BYTES).idempotent().handler(ctx -> upload(ctx, false));
    routes.get("/bandi/:bandoId/uploads", Rule.people())
        .summary("I documenti che hai caricato per questo bando e non hai ancora inviato con la domanda")
        .handler(ctx -> answer(ctx, bandi.myUploads(Access.identity(ctx), ApiRoutes.id(ctx, "bandoId"))));
    routes.post("/bandi/:id/applications", Rule.people())
        .summary("Presenta la domanda: la ricevuta ha il numero di protocollo e l'ora di ricezione del server")
        .body(APPLICATION).idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          JsonObject body = ApiRoutes.body(ctx);
          Idempotency.answer(ctx, bandi.apply(who, ApiRoutes.id(ctx, "id"), request(body), Idempotency.key(ctx, who.subject(), body)));
        });
    routes.post("/operator/bandi/:id/applications", Rule.roles(Role.OPERATOR))
        .summary("Presenta la domanda di un cittadino che chiama, riconosciuto dal codice fiscale")
        .body(FILED_FOR).idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          JsonObject body = ApiRoutes.body(ctx);
          String cf = coop.sportello.platform.domain.CodiceFiscale.parse(body.getString("codiceFiscale"))
              .orElseThrow(() -> Problem.of(coop.sportello.platform.domain.CodiceFiscale.refusal(
                  coop.sportello.platform.domain.CodiceFiscale.check(
                      coop.sportello.platform.domain.CodiceFiscale.normalize(body.getString("codiceFiscale"))).orElseThrow())));
          Idempotency.answer(ctx, bandi.fileFor(who, cf, ApiRoutes.id(ctx, "id"), request(body),
              Idempotency.key(ctx, who.subject(), body)));
        });

    routes.get("/me/bando-applications", Rule.people()).summary("Le tue domande ai bandi, con lo stato")
        .handler(ctx -> answer(ctx, bandi.myApplications(Access.identity(ctx))));
    routes.get("/me/bando-applications/:id", Rule.people()).summary("Una tua domanda: storia degli stati, nucleo, documenti")
        .handler(ctx -> answer(ctx, bandi.myApplication(Access.identity(ctx), ApiRoutes.id(ctx, "id"))));
    routes.post("/me/bando-applications/:id/documents", Rule.people())
        .summary("Aggiunge un documento a una tua domanda da integrare (il corpo è il file)")
        .rawBody(DocumentType.MAX_BYTES).idempotent().handler(ctx -> upload(ctx, true));
    routes.post("/me/bando-applications/:id/resubmit", Rule.people()).summary("Ripresenta la domanda integrata")
        .idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, bandi.resubmit(who, ApiRoutes.id(ctx, "id"), Idempotency.key(ctx, who.subject(), new JsonObject())));
        });
    routes.get("/bando-documents/:id", Rule.people())
        .summary("Scarica un documento di una domanda (solo chi l'ha presentata e i funzionari del Comune)")
        .produces("application/octet-stream")
        .handler(ctx -> bandi.document(Access.identity(ctx), ApiRoutes.id(ctx, "id")).onSuccess(d -> ctx.response()
                .putHeader("Content-Type", d.contentType())
                .putHeader("Content-Disposition", "attachment; filename=\"" + d.filename() + "\"")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Cache-Control", "no-store")
                .end(d.content()))
            .onFailure(ctx::fail));
  }

  private void upload(RoutingContext ctx, boolean toApplication) {
    Identity who = Access.identity(ctx);
    String kind = ctx.queryParams().get("kind");
    String filename = ctx.queryParams().get("filename");
    if (kind == null || !kind.matches("^[a-z0-9_]{2,40}$")) {
      throw Problem.badRequest("Indica il documento con ?kind= (il codice del documento chiesto dal bando).");
    }
    BandiService.Upload upload = BandiService.Upload.of(kind, filename, ctx.body().buffer());
    JsonObject fingerprint = new JsonObject().put("kind", kind).put("filename", filename)
        .put("sha256", Base64.getEncoder().encodeToString(upload.sha256()));
    Idempotency.Key key = Idempotency.key(ctx, who.subject(), fingerprint);
    Idempotency.answer(ctx, toApplication
        ? bandi.addDocument(who, ApiRoutes.id(ctx, "id"), upload, key)
        : bandi.upload(who, ApiRoutes.id(ctx, "bandoId"), upload, key));
  }

  private static BandiService.Request request(JsonObject body) {
    List<Household.Listed> members = new ArrayList<>();
    JsonArray listed = body.getJsonArray("members", new JsonArray());
    for (int i = 0; i < listed.size(); i++) {
      JsonObject m = listed.getJsonObject(i);
      members.add(new Household.Listed(m.getString("codiceFiscale"), Household.Relation.fromWire(m.getString("relation")).orElseThrow()));
    }
    Map<String, Boolean> answers = new LinkedHashMap<>();
    body.getJsonObject("answers", new JsonObject()).forEach(e -> answers.put(e.getKey(), (Boolean) e.getValue()));
    List<UUID> documents = new ArrayList<>();
    body.getJsonArray("documentIds", new JsonArray()).forEach(id -> documents.add(UUID.fromString((String) id)));
    return new BandiService.Request(members, answers, documents);
  }

  private static void answer(RoutingContext ctx, Future<JsonObject> answer) {
    answer.onSuccess(json -> {
      ctx.response().putHeader("Cache-Control", "no-store");
      ctx.json(json);
    }).onFailure(ctx::fail);
  }
}
