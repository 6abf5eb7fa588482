package coop.sportello.platform.config;

import coop.sportello.platform.cluster.ClusterSettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class ConfigTest {

  @Test
  void theConfigFileIsReadAndEnvironmentVariablesOverrideIt(Vertx vertx, VertxTestContext ctx) {
    Map<String, String> env = Map.of(
        "SPORTELLO_HTTP_PORT", "9191",
        "SPORTELLO_DATABASE_URL", "postgresql://db.internal:5432/sportello",
        "SPORTELLO_ALLOWED_ORIGINS", "https://a.example, https://b.example",
        "SPORTELLO_OIDC_ISSUER", "https://idp.regione.example",
        "UNRELATED", "ignored");
    ConfigLoader.load(vertx, env).onComplete(ctx.succeeding(config -> ctx.verify(() -> {
      assertEquals(9191, config.getJsonObject("http").getInteger("port"));
      assertEquals("0.0.0.0", config.getJsonObject("http").getString("host"), "file values stay when not overridden");
      assertEquals("postgresql://db.internal:5432/sportello", config.getJsonObject("database").getString("url"));
      assertEquals(2, config.getJsonObject("http").getJsonArray("allowedOrigins").size());
      assertEquals("https://idp.regione.example", config.getJsonObject("auth").getJsonObject("oidc").getString("issuer"));
      assertEquals(600, config.getJsonObject("auth").getInteger("accessTokenSeconds"));
      ctx.completeNow();
    })));
  }

  @Test
  void singleNodeIsTheDefaultAndTheClusterIsSwitchedOnByEnvironment(Vertx vertx, VertxTestContext ctx) {
    Map<String, String> env = Map.of(
        "SPORTELLO_CLUSTER", "hazelcast",
        "SPORTELLO_CLUSTER_HOST", "10.0.0.5",
        "SPORTELLO_CLUSTER_MEMBERS", "10.0.0.5:5701, 10.0.0.6:5701",
        "SPORTELLO_CLUSTER_MEMBER_TIMEOUT_SECONDS", "6");
    ConfigLoader.load(vertx, Map.of()).compose(single -> ConfigLoader.load(vertx, env).map(clustered -> {
      ctx.verify(() -> {
        assertFalse(ClusterSettings.from(single).clustered(), "conf/config.json runs one node");
        ClusterSettings cluster = ClusterSettings.from(clustered);
        assertTrue(cluster.clustered());
        assertEquals("sportello", cluster.name());
        assertEquals(java.util.List.of("10.0.0.5:5701", "10.0.0.6:5701"), cluster.members());
        assertEquals(5701, cluster.port());
        assertEquals(6, cluster.memberTimeoutSeconds());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> ClusterSettings.from(
            EnvOverrides.apply(clustered, Map.of("SPORTELLO_CLUSTER", "multicast"))));
        assertTrue(wrong.getMessage().contains("SPORTELLO_CLUSTER"));
      });
      return null;
    })).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aMissingConfigFileFailsStartUp(Vertx vertx, VertxTestContext ctx) {
    ConfigLoader.load(vertx, Map.of(ConfigLoader.CONFIG_PATH_VARIABLE, "conf/does-not-exist.json"))
        .onComplete(ctx.failing(e -> ctx.completeNow()));
  }

  @Test
  void aNonNumericPortIsAClearError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EnvOverrides.apply(new JsonObject(), Map.of("SPORTELLO_HTTP_PORT", "ottanta")));
    assertTrue(e.getMessage().contains("SPORTELLO_HTTP_PORT"));
  }

  @Test
  void everyDocumentedVariableIsNamedInTheReadme() throws Exception {
    String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
    for (EnvOverrides.Override o : EnvOverrides.ALL) {
      assertTrue(readme.contains(o.variable()), o.variable() + " missing from README's configuration table");
    }
  }
}
