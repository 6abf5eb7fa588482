package coop.sportello.web;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

  /** Every screen is on the design system, loaded from Sportello itself: no CDN, no page left on the old look. */
  @Test
  void everyPageLoadsTheDesignSystemFromSportelloItself() throws IOException {
    List<Path> pages;
    try (Stream<Path> files = Files.list(Path.of("webroot"))) {
      pages = files.filter(f -> f.toString().endsWith(".html")).sorted().toList();
    }
    assertTrue(pages.size() >= 10, "the screens: " + pages);
    Pattern remote = Pattern.compile("<(script|link)[^>]+(src|href)=\"(https?:)?//", Pattern.CASE_INSENSITIVE);
    for (Path page : pages) {
      String html = Files.readString(page);
      assertTrue(html.contains("href=\"/vendor/bootstrap-italia/css/bootstrap-italia.min.css\""), page + " loads Bootstrap Italia");
      assertTrue(html.contains("href=\"/css/fonts.css\""), page + " declares Titillium Web");
      assertFalse(remote.matcher(html).find(), page + " loads nothing from another site");
    }
  }
}
