package coop.sportello.web;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The design system the screens load from webroot/vendor is the one package-lock.json pins: after
 * a version change somebody ran src/main/ui/refresh-vendor.sh and committed both.
 */
class VendorDesignSystemTest {

  private static final Path UI = Path.of("src/main/ui");
  private static final Path VENDOR = Path.of("webroot/vendor/bootstrap-italia");

  @Test
  void theCommittedCopyIsThePinnedVersion() throws IOException {
    JsonObject lock = new JsonObject(Files.readString(UI.resolve("package-lock.json")));
    String pinned = lock.getJsonObject("packages").getJsonObject("node_modules/bootstrap-italia").getString("version");
    assertEquals(pinned, Files.readString(VENDOR.resolve("VERSION")).strip(), "run src/main/ui/refresh-vendor.sh");
    assertEquals(pinned, new JsonObject(Files.readString(UI.resolve("package.json")))
        .getJsonObject("dependencies").getString("bootstrap-italia"), "package.json pins one exact version");
    for (String part : new String[] {"css/bootstrap-italia.min.css", "js/bootstrap-italia.bundle.min.js", "svg/sprites.svg",
        "fonts/Titillium_Web/titillium-web-v10-latin-ext_latin-regular.woff2"}) {
      assertTrue(Files.size(VENDOR.resolve(part)) > 0, part);
    }
  }
}
