package coop.sportello.bandi;

import coop.sportello.bandi.domain.AmountRule;
import coop.sportello.bandi.domain.BandoDefinition;
import coop.sportello.bandi.domain.DocumentRequest;
import coop.sportello.bandi.domain.Eligibility;
import coop.sportello.bandi.domain.EligibilityRule;
import coop.sportello.bandi.domain.Window;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The wire form of a bando's definition, both ways: the officer's body (validated by {@link #DEFINITION})
 * into the domain's {@link BandoDefinition}, and rules and documents into the jsonb stored in {@code bandi}.
 * Rules travel as {@code {"type": ..., fields}}:
 * <pre>
 *   {"type":"residency"}
 *   {"type":"isee_max","maxCents":1500000}
 *   {"type":"household_size","min":2,"max":6}          (min, max: one or both)
 *   {"type":"child_under","age":14}
 *   {"type":"applicant_age","min":18}                   (min, max: one or both)
 *   {"type":"declaration","id":"no_other_support","text":"Non ricevo altri sostegni alimentari"}
 * </pre>
 */
final class BandoJson {

  private static final String LOCAL_TIME = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$";
  private static final String DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
  private static final String KEY = "^[a-z0-9_]{2,40}$";

  /** The officer's body for a draft bando (create or edit). */
  static final JsonBody DEFINITION = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,
       "required":["title","summary","body","kind","rules","amount","budgetCents","opensAt","closesAt","ranking","documents"],
       "properties":{
         "title":{"type":"string","minLength":5,"maxLength":200},
         "summary":{"type":"string","minLength":10,"maxLength":600},
         "body":{"type":"string","minLength":10,"maxLength":20000},
         "kind":{"enum":["buoni_spesa","contributo"]},
         "rules":{"type":"array","maxItems":%1$d,"items":{"type":"object","required":["type"],"oneOf":[
           {"additionalProperties":false,"properties":{"type":{"const":"residency"}}},
           {"additionalProperties":false,"required":["maxCents"],"properties":{"type":{"const":"isee_max"},
              "maxCents":{"type":"integer","minimum":1,"maximum":1000000000}}},
           {"additionalProperties":false,"properties":{"type":{"const":"household_size"},
              "min":{"type":"integer","minimum":1,"maximum":20},"max":{"type":"integer","minimum":1,"maximum":20}}},
           {"additionalProperties":false,"required":["age"],"properties":{"type":{"const":"child_under"},
              "age":{"type":"integer","minimum":1,"maximum":26}}},
           {"additionalProperties":false,"properties":{"type":{"const":"applicant_age"},
              "min":{"type":"integer","minimum":0,"maximum":120},"max":{"type":"integer","minimum":0,"maximum":120}}},
           {"additionalProperties":false,"required":["id","text"],"properties":{"type":{"const":"declaration"},
              "id":{"type":"string","pattern":"%2$s"},"text":{"type":"string","minLength":5,"maxLength":300}}}]}},
         "amount":{"type":"object","additionalProperties":false,"required":["baseCents"],"properties":{
           "baseCents":{"type":"integer","minimum":0,"maximum":100000000},
           "perMemberCents":{"type":"integer","minimum":0,"maximum":100000000},
           "perChildCents":{"type":"integer","minimum":0,"maximum":100000000},
           "maxCents":{"type":"integer","minimum":1,"maximum":100000000}}},
         "budgetCents":{"type":"integer","minimum":1,"maximum":100000000000},
         "opensAt":{"type":"string","pattern":"%3$s"},
         "closesAt":{"type":"string","pattern":"%3$s"},
         "ranking":{"enum":["first_come","score"]},
         "documents":{"type":"array","maxItems":%4$d,"items":{"type":"object","additionalProperties":false,
           "required":["kind","label"],"properties":{"kind":{"type":"string","pattern":"%2$s"},
           "label":{"type":"string","minLength":3,"maxLength":200},"required":{"type":"boolean"}}}},
         "voucherValidUntil":{"type":"string","pattern":"%5$s"}}}"""
      .formatted(BandoDefinition.MAX_RULES, KEY, LOCAL_TIME, BandoDefinition.MAX_DOCUMENTS, DATE)));

  private BandoJson() { }

  /** The validated body as the domain's definition (its own validation is still to be asked). */
  static BandoDefinition definition(JsonObject b) {
    JsonObject amount = b.getJsonObject("amount");
    Window window;
    Optional<LocalDate> until;
    try {
      window = Window.ofLocal(LocalDateTime.parse(b.getString("opensAt")), LocalDateTime.parse(b.getString("closesAt")));
      until = Optional.ofNullable(b.getString("voucherValidUntil")).map(LocalDate::parse);
    } catch (DateTimeParseException e) {
      throw Problem.badRequest("Le date si scrivono AAAA-MM-GG e gli orari AAAA-MM-GGTHH:MM (ora italiana).");
    }
    return new BandoDefinition(b.getString("title"), b.getString("summary"), b.getString("body"),
        BandoDefinition.Kind.fromWire(b.getString("kind")).orElseThrow(), rules(b.getJsonArray("rules")),
        new AmountRule(amount.getInteger("baseCents"), amount.getInteger("perMemberCents", 0), amount.getInteger("perChildCents", 0),
            Optional.ofNullable(amount.getInteger("maxCents"))),
        b.getLong("budgetCents"), window, BandoDefinition.Ranking.fromWire(b.getString("ranking")).orElseThrow(),
        documents(b.getJsonArray("documents")), until);
  }

  static List<EligibilityRule> rules(JsonArray wire) {
    List<EligibilityRule> rules = new ArrayList<>();
    for (int i = 0; i < wire.size(); i++) {
      JsonObject r = wire.getJsonObject(i);
      rules.add(switch (r.getString("type")) {
        case "residency" -> new EligibilityRule.Residency();
        case "isee_max" -> new EligibilityRule.IseeMax(r.getLong("maxCents"));
        case "household_size" -> new EligibilityRule.HouseholdSize(Optional.ofNullable(r.getInteger("min")),
            Optional.ofNullable(r.getInteger("max")));
        case "child_under" -> new EligibilityRule.ChildUnder(r.getInteger("age"));
        case "applicant_age" -> new EligibilityRule.ApplicantAge(Optional.ofNullable(r.getInteger("min")),
            Optional.ofNullable(r.getInteger("max")));
        case "declaration" -> new EligibilityRule.Declaration(r.getString("id"), r.getString("text"));
        default -> throw new IllegalArgumentException("unknown rule type " + r.getString("type"));
      });
    }
    return rules;
  }

  /** The rules as stored and sent; {@code withWords} adds each one in plain words, {@code description}. */
  static JsonArray rules(List<EligibilityRule> rules, boolean withWords) {
    JsonArray out = new JsonArray();
    for (EligibilityRule rule : rules) {
      JsonObject r = new JsonObject().put("type", rule.type());
      if (rule instanceof EligibilityRule.IseeMax m) {
        r.put("maxCents", m.maxCents());
      } else if (rule instanceof EligibilityRule.HouseholdSize h) {
        h.min().ifPresent(v -> r.put("min", v));
        h.max().ifPresent(v -> r.put("max", v));
      } else if (rule instanceof EligibilityRule.ChildUnder c) {
        r.put("age", c.age());
      } else if (rule instanceof EligibilityRule.ApplicantAge a) {
        a.min().ifPresent(v -> r.put("min", v));
        a.max().ifPresent(v -> r.put("max", v));
      } else if (rule instanceof EligibilityRule.Declaration d) {
        r.put("id", d.id()).put("text", d.text());
      }
      if (withWords) {
        r.put("description", Eligibility.describe(rule));
      }
      out.add(r);
    }
    return out;
  }

  static List<DocumentRequest> documents(JsonArray wire) {
    List<DocumentRequest> documents = new ArrayList<>();
    for (int i = 0; i < wire.size(); i++) {
      JsonObject d = wire.getJsonObject(i);
      documents.add(new DocumentRequest(d.getString("kind"), d.getString("label"), d.getBoolean("required", true)));
    }
    return documents;
  }

  static JsonArray documents(List<DocumentRequest> documents) {
    JsonArray out = new JsonArray();
    documents.forEach(d -> out.add(new JsonObject().put("kind", d.kind()).put("label", d.label()).put("required", d.required())));
    return out;
  }

  /** An instant as Italian local time with its offset: {@code 2026-12-10T09:00:00+01:00}. */
  static String rome(Instant t) {
    return t == null ? null : t.atZone(Window.ROME).toOffsetDateTime().toString();
  }
}
