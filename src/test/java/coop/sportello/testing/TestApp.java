package coop.sportello.testing;

import coop.sportello.Application;
import coop.sportello.platform.auth.SigningKeys;
import coop.sportello.platform.config.ConfigLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.util.Map;

/** Starts the real application on a fresh database and a free port, with a known signing key. */
public final class TestApp {

  public static final SigningKeys KEYS;

  static {
    try {
      KEYS = SigningKeys.generate();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private TestApp() { }

  public static JsonObject config(JsonObject overrides) {
    String dataDir;
    try {
      dataDir = Files.createTempDirectory("sportello-test").toString();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    JsonObject base = new JsonObject()
        .put("dataDir", dataDir)
        .put("demoData", "off")
        .put("http", new JsonObject().put("port", 0).put("instances", 1).put("host", "127.0.0.1").put("drainDelayMillis", 0))
        .put("database", new JsonObject().put("url", TestPostgres.migratedDatabaseUrl()).put("poolSize", 8))
        .put("auth", new JsonObject()
            .put("privateKeyPem", KEYS.privateKeyPem())
            .put("publicKeyPem", KEYS.publicKeyPem())
            .put("maxFailedLogins", 3)
            .put("lockMinutes", 15));
    return base.mergeIn(overrides, true);
  }

  public static Future<Application> start(Vertx vertx) {
    return start(vertx, new JsonObject());
  }

  public static Future<Application> start(Vertx vertx, JsonObject overrides) {
    return ConfigLoader.load(vertx, Map.of())
        .compose(fileConfig -> Application.start(vertx, fileConfig.mergeIn(config(overrides), true)));
  }
}
