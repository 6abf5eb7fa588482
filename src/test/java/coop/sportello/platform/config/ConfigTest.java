package coop.sportello.platform.config;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
