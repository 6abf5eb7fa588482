package coop.sportello.platform.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * The configuration in three layers, later ones winning: every setting's default
 * ({@code sportello-defaults.json} on the classpath, the one place defaults are written),
 * conf/config.json (or the file {@code SPORTELLO_CONFIG} names), then the documented environment
 * overrides. Code reads settings without fallbacks of its own.
 */
public final class ConfigLoader {

  public static final String CONFIG_PATH_VARIABLE = "SPORTELLO_CONFIG";
  public static final String DEFAULT_PATH = "conf/config.json";
  /** Every setting with its default (a classpath resource: vertx-config's file store reads those too). */
  public static final String DEFAULTS_RESOURCE = "sportello-defaults.json";

  private ConfigLoader() { }

  public static Future<JsonObject> load(Vertx vertx, Map<String, String> env) {
    String path = env.getOrDefault(CONFIG_PATH_VARIABLE, DEFAULT_PATH);
    ConfigStoreOptions file = new ConfigStoreOptions()
        .setType("file").setFormat("json").setOptional(false)
        .setConfig(new JsonObject().put("path", path));
    ConfigStoreOptions defaults = new ConfigStoreOptions()
        .setType("file").setFormat("json").setOptional(false)
        .setConfig(new JsonObject().put("path", DEFAULTS_RESOURCE));
    ConfigRetriever retriever = ConfigRetriever.create(vertx,
        new ConfigRetrieverOptions().setIncludeDefaultStores(false).addStore(defaults).addStore(file).setScanPeriod(0));
    return retriever.getConfig()
        .eventually(retriever::close)
        .map(config -> EnvOverrides.apply(config, env));
  }
}
