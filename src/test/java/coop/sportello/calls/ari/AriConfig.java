package coop.sportello.calls.ari;

import coop.sportello.platform.config.ConfigLoader;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A {@code calls.ari} section as the application reads it: the defaults, with a test's own settings over them. */
final class AriConfig {

  private AriConfig() { }

  static JsonObject withDefaults(JsonObject settings) {
    try (InputStream in = AriConfig.class.getClassLoader().getResourceAsStream(ConfigLoader.DEFAULTS_RESOURCE)) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .getJsonObject("calls").getJsonObject("ari").mergeIn(settings);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
