package coop.sportello.docs;

import coop.sportello.platform.Module;
import coop.sportello.platform.http.ApiRoute;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.testing.AppTestBase;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/ARCHITECTURE.md lists each module's routes with their access rules between
 * {@code <!-- routes: XxxModule -->} and {@code <!-- /routes -->}; those tables must be what the
 * modules declare. Run with {@code -Ddocs.update=true} to rewrite them from the code.
 */
class ArchitectureDocTest extends AppTestBase {

  private static final Path DOC = Path.of("docs/ARCHITECTURE.md");
  private static final Pattern BLOCK = Pattern.compile("<!-- routes: (\\w+) -->\\n(.*?)<!-- /routes -->", Pattern.DOTALL);

  /** The table of one module's routes, as the document shows it. */
  static String table(Module module) {
    ApiRoutes routes = new ApiRoutes();
    module.api().mount(routes);
    StringBuilder text = new StringBuilder("| Method and path | Who may call | What |\n|---|---|---|\n");
    for (ApiRoute route : routes.declared()) {
      text.append("| `").append(route.method().name()).append(" /api/v1").append(route.openApiPath()).append("` | ")
          .append(route.rule().describe()).append(route.idempotent() ? "; Idempotency-Key" : "").append(" | ")
          .append(route.summary()).append(" |\n");
    }
    return text.toString();
  }

  @Test
  void everyModulesRouteTableIsTheOneItDeclares() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    List<String> documented = new ArrayList<>();
    StringBuilder updated = new StringBuilder();
    Matcher m = BLOCK.matcher(doc);
    while (m.find()) {
      String name = m.group(1);
      documented.add(name);
      Module module = app.modules().stream().filter(x -> x.getClass().getSimpleName().equals(name)).findFirst()
          .orElseThrow(() -> new AssertionError("docs/ARCHITECTURE.md lists routes of " + name + ", which is no module"));
      String expected = table(module);
      if (Boolean.getBoolean("docs.update")) {
        m.appendReplacement(updated, Matcher.quoteReplacement("<!-- routes: " + name + " -->\n" + expected + "<!-- /routes -->"));
      } else {
        assertEquals(expected, m.group(2), "routes of " + name + " in docs/ARCHITECTURE.md (-Ddocs.update=true rewrites them)");
      }
    }
    if (Boolean.getBoolean("docs.update")) {
      m.appendTail(updated);
      Files.writeString(DOC, updated.toString(), StandardCharsets.UTF_8);
    }
    for (Module module : app.modules()) {
      ApiRoutes routes = new ApiRoutes();
      module.api().mount(routes);
      if (!routes.declared().isEmpty()) {
        assertTrue(documented.contains(module.getClass().getSimpleName()),
            module.getClass().getSimpleName() + " has routes but docs/ARCHITECTURE.md has no table of them");
      }
    }
  }
}
