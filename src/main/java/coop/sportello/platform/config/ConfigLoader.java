package coop.sportello.platform.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/** Reads conf/config.json through vertx-config, then applies the documented environment overrides. */
public final class ConfigLoader {

  public static final String CONFIG_PATH_VARIABLE = "SPORTELLO_CONFIG";
  public static final String DEFAULT_PATH = "conf/config.json";

  private ConfigLoader() { }

  public static Future<JsonObject> load(Vertx vertx, Map<String, String> env) {
    String path = env.getOrDefault(CONFIG_PATH_VARIABLE, DEFAULT_PATH);
    ConfigStoreOptions file = new ConfigStoreOptions()
        .setType("file").setFormat("json").setOptional(false)
        .setConfig(new JsonObject().put("path", path));
    ConfigRetriever retriever = ConfigRetriever.create(vertx,
        new ConfigRetrieverOptions().setIncludeDefaultStores(false).addStore(file).setScanPeriod(0));
    return retriever.getConfig()
        .eventually(retriever::close)
        .map(config -> EnvOverrides.apply(config, env));
  }
}
