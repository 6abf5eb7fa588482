package coop.sportello.platform.areas;

import coop.sportello.platform.Module;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Rule;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.util.LinkedHashMap;

/** The service areas: read once at start (and checked against {@link Area}), served to the screens. */
public final class AreaModule implements Module, ApiModule {

  private final Areas areas;

  private AreaModule(Areas areas) {
    this.areas = areas;
  }

  /**
   * Sets whether the network offers culture and leisure ({@code settings.culture}), loads the
   * table and checks it against {@link Area}; fails start-up when they differ.
   */
  public static Future<AreaModule> create(Pool pool, JsonObject settings) {
    return AreaRepository.offerCulture(pool, settings.getBoolean("culture", true))
        .compose(v -> AreaRepository.load(pool)).map(AreaModule::new);
  }

  public Areas areas() {
    return areas;
  }

  @Override
  public ApiModule api() {
    return this;
  }

  @Override
  public void mount(ApiRoutes routes) {
    JsonArray items = new JsonArray();
    areas.offered().forEach(e -> items.add(new JsonObject().put("code", e.area().code())
        .put("labels", new JsonObject(new LinkedHashMap<>(e.labels())))));
    JsonObject answer = new JsonObject().put("items", items);
    routes.get("/areas", Rule.open()).summary("Le aree dei servizi che la rete offre, con i nomi in italiano e in inglese")
        .handler(ctx -> {
          ctx.response().putHeader("Cache-Control", "public, max-age=3600");
          ctx.json(answer);
        });
  }
}
