package coop.sportello.platform.site;

import coop.sportello.platform.Module;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Rule;
import io.vertx.core.json.JsonObject;

/**
 * Who runs this installation, as every screen's header and footer say it: the network's name, the
 * body that answers for it, and whom to ask for help or an account (the sign-in forms send a
 * newcomer there). Read from the {@code site} section of the configuration.
 */
public final class SiteModule implements Module, ApiModule {

  private final JsonObject answer;

  private SiteModule(JsonObject answer) {
    this.answer = answer;
  }

  public static SiteModule create(JsonObject settings) {
    JsonObject site = settings == null ? new JsonObject() : settings;
    JsonObject help = site.getJsonObject("help", new JsonObject());
    return new SiteModule(new JsonObject()
        .put("network", required(site, "network"))
        .put("owner", required(site, "owner"))
        .put("help", new JsonObject()
            .put("phone", help.getString("phone", ""))
            .put("email", help.getString("email", ""))
            .put("hours", help.getString("hours", ""))));
  }

  private static String required(JsonObject site, String key) {
    String value = site.getString(key, "").strip();
    if (value.isEmpty()) {
      throw new IllegalArgumentException("site." + key + " must name this installation (see sportello-defaults.json)");
    }
    return value;
  }

  @Override
  public ApiModule api() {
    return this;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.get("/site", Rule.open()).summary("Il nome della rete, chi ne risponde e a chi chiedere aiuto")
        .handler(ctx -> {
          ctx.response().putHeader("Cache-Control", "public, max-age=300");
          ctx.json(answer);
        });
  }
}
