package coop.sportello.platform.http;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.domain.Refusal;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.TimeoutHandler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Where modules declare their /api/v1 routes. Every route states its {@link Rule} next to its
 * handler; the platform then enforces it before the handler runs, in this order: sign-in, role,
 * canonical ids in the path (400 otherwise), storable text in parameters and body (see
 * {@link StorableText}), the body against its schema, and the person the
 * call concerns ({@link ConcernCheck}). A handler therefore only reads, calls one service method
 * and answers. The mounted routes carry their rule as metadata ({@link #RULE}), which a test
 * walks to prove that none is missing.
 */
public final class ApiRoutes {

  /** Route metadata key holding the route's {@link Rule}. */
  public static final String RULE = "sportello.rule";
  private static final String BODY_KEY = "sportello.body";
  private static final String IDS_KEY = "sportello.ids";
  private static final String OWN_BODY_LIMIT = "sportello.ownBodyLimit";
  private static final String OWN_TIMEOUT = "sportello.ownTimeout";

  private final List<ApiRoute> declared = new ArrayList<>();

  public Declaring get(String path, Rule rule) {
    return new Declaring(HttpMethod.GET, path, rule);
  }

  public Declaring post(String path, Rule rule) {
    return new Declaring(HttpMethod.POST, path, rule);
  }

  public Declaring put(String path, Rule rule) {
    return new Declaring(HttpMethod.PUT, path, rule);
  }

  public Declaring delete(String path, Rule rule) {
    return new Declaring(HttpMethod.DELETE, path, rule);
  }

  public List<ApiRoute> declared() {
    return List.copyOf(declared);
  }

  /** A route being declared; {@link #handler} ends the declaration. */
  public final class Declaring {
    private final HttpMethod method;
    private final String path;
    private final Rule rule;
    private String summary = "";
    private JsonBody body;
    private boolean bodyOptional;
    private boolean idempotent;
    private String produces = "application/json";
    private long rawBodyLimit;
    private long timeoutMillis;

    private Declaring(HttpMethod method, String path, Rule rule) {
      this.method = method;
      this.path = path;
      this.rule = Objects.requireNonNull(rule, "every route declares its access rule");
    }

    /** What the route does, in a line (shown in the OpenAPI description). */
    public Declaring summary(String text) {
      this.summary = text;
      return this;
    }

    /** The body is required and validated against {@code schema}; read it with {@link ApiRoutes#body}. */
    public Declaring body(JsonBody schema) {
      this.body = schema;
      return this;
    }

    /** Like {@link #body}, but an empty body reads as {@code {}}. */
    public Declaring optionalBody(JsonBody schema) {
      this.body = schema;
      this.bodyOptional = true;
      return this;
    }

    /** The call takes an {@code Idempotency-Key} header (documented; read with {@link Idempotency#key}). */
    public Declaring idempotent() {
      this.idempotent = true;
      return this;
    }

    /**
     * The body is raw bytes (an uploaded file), up to {@code maxBytes}, above the router's limit for
     * JSON bodies; read it with {@code ctx.body().buffer()}. It is read only once the caller passed
     * the sign-in gate, and a larger body is refused with 413.
     */
    public Declaring rawBody(long maxBytes) {
      if (maxBytes <= 0 || body != null) {
        throw new IllegalArgumentException("a raw body has a positive limit and no JSON schema");
      }
      this.rawBodyLimit = maxBytes;
      return this;
    }

    /**
     * The answer may take up to {@code millis} instead of the router's one request timeout: only for
     * a batch someone starts on purpose and waits for (an officer's admission in ranking order),
     * never for what a citizen's page calls. Still bounded: after it, a 503.
     */
    public Declaring timeoutMillis(long millis) {
      if (millis <= 0) {
        throw new IllegalArgumentException("a route's own timeout is positive");
      }
      this.timeoutMillis = millis;
      return this;
    }

    /** The success answer has no body (204). */
    public Declaring noContent() {
      this.produces = null;
      return this;
    }

    public Declaring produces(String mediaType) {
      this.produces = mediaType;
      return this;
    }

    public void handler(Handler<RoutingContext> handler) {
      declared.add(new ApiRoute(method, path, rule, summary, body, bodyOptional, idempotent, produces, rawBodyLimit, timeoutMillis,
          handler));
    }
  }

  /** The request body the route declared, already validated. */
  public static JsonObject body(RoutingContext ctx) {
    JsonObject body = ctx.get(BODY_KEY);
    if (body == null) {
      throw new IllegalStateException("route declared without a body schema");
    }
    return body;
  }

  /** A path id, parsed (and checked to be a canonical UUID) once by the route's guard. */
  public static UUID id(RoutingContext ctx, String name) {
    Map<String, UUID> ids = ctx.get(IDS_KEY);
    UUID id = ids == null ? null : ids.get(name);
    if (id == null) {
      throw new IllegalStateException("no id parameter " + name + " on this route");
    }
    return id;
  }

  /**
   * The /api/v1 router: the body limit, open routes, the sign-in gate, protected routes, then 404
   * for anything else, all failures as problems. Protected routes sit behind the gate, so even a
   * path no module declared answers 401 to a caller who is not signed in.
   */
  public static Router router(Vertx vertx, List<ApiModule> modules, Handler<RoutingContext> authenticate, long bodyLimitBytes,
                              long timeoutMillis) {
    ApiRoutes routes = new ApiRoutes();
    List<ConcernCheck> checks = new ArrayList<>();
    for (ApiModule module : modules) {
      module.mount(routes);
      checks.addAll(module.concernChecks());
    }
    OpenApi.declare(routes);
    Router api = Router.router(vertx);
    // A request that has no answer in time (a frozen database, say) gets a 503, never a hang; a
    // route that declared its own timeout is marked first and awaited that long instead.
    for (ApiRoute route : routes.declared) {
      if (route.timeoutMillis() > 0) {
        TimeoutHandler own = TimeoutHandler.create(route.timeoutMillis(), 503);
        api.route(route.path()).putMetadata(RULE, route.rule()).handler(ctx -> {
          if (ctx.request().method().equals(route.method())) {
            ctx.put(OWN_TIMEOUT, own);
          }
          ctx.next();
        });
      }
    }
    TimeoutHandler requestTimeout = TimeoutHandler.create(timeoutMillis, 503);
    api.route().handler(ctx -> {
      TimeoutHandler own = ctx.get(OWN_TIMEOUT);
      (own != null ? own : requestTimeout).handle(ctx);
    });
    // A route with its own (larger) body limit is paused here and read by its own body handler once
    // it is reached (after the sign-in gate): the router's limit must not cut it first.
    for (ApiRoute route : routes.declared) {
      if (route.rawBodyLimit() > 0) {
        // Any method on the path (the declared route itself is mounted below, with its method).
        api.route(route.path()).putMetadata(RULE, route.rule()).handler(ctx -> {
          if (ctx.request().method().equals(route.method())) {
            ctx.put(OWN_BODY_LIMIT, Boolean.TRUE);
            ctx.request().pause();
          }
          ctx.next();
        });
      }
    }
    BodyHandler jsonBodies = BodyHandler.create(false).setBodyLimit(bodyLimitBytes);
    api.route().handler(ctx -> {
      if (ctx.get(OWN_BODY_LIMIT) != null) {
        ctx.next();
      } else {
        jsonBodies.handle(ctx);
      }
    });
    for (ApiRoute route : routes.declared) {
      if (route.rule().isOpen()) {
        mount(api, route, List.of());
      }
    }
    api.route().handler(authenticate);
    for (ApiRoute route : routes.declared) {
      if (!route.rule().isOpen()) {
        mount(api, route, checks);
      }
    }
    api.route().handler(ctx -> ctx.fail(404));
    api.route().failureHandler(new ProblemHandler());
    return api;
  }

  private static void mount(Router api, ApiRoute declared, List<ConcernCheck> checks) {
    Route route = api.route(declared.method(), declared.path()).putMetadata(RULE, declared.rule());
    if (declared.rawBodyLimit() > 0) {
      // A file's buffer starts from its Content-Length (Vert.x caps it at 64 KB): fewer regrowths and copies.
      route.handler(BodyHandler.create(false).setBodyLimit(declared.rawBodyLimit()).setPreallocateBodyBuffer(true));
    }
    route.handler(ctx -> guard(ctx, declared, checks)).handler(declared.handler());
  }

  private static void guard(RoutingContext ctx, ApiRoute route, List<ConcernCheck> checks) {
    Rule rule = route.rule();
    Identity who = rule.isOpen() ? null : Access.identity(ctx);
    if (who != null && !rule.lets(who.roles())) {
      ctx.fail(Problem.forbidden("Il tuo ruolo non permette questa operazione."));
      return;
    }
    Map<String, UUID> ids = new HashMap<>();
    for (String name : route.params()) {
      if (ApiRoute.isIdParam(name)) {
        ids.put(name, PathParams.uuid(ctx, name));
      } else if (StorableText.unstorable(ctx.pathParam(name))) {
        throw StorableText.refused(name);
      }
    }
    ctx.put(IDS_KEY, ids);
    for (var param : ctx.queryParams()) {
      if (StorableText.unstorable(param.getKey()) || StorableText.unstorable(param.getValue())) {
        throw StorableText.refused(param.getKey());
      }
    }
    if (route.body() != null) {
      ctx.put(BODY_KEY, route.bodyOptional() && ctx.body().length() == 0 ? new JsonObject() : route.body().read(ctx));
    }
    Concern concern = rule.concern();
    if (who == null || concern.kind() == Concern.Kind.CALLER || checks.isEmpty()) {
      ctx.next();
      return;
    }
    String value = concern.fromPath() ? ids.get(concern.source()).toString() : bodyField(ctx, concern.source());
    Future<Optional<Refusal>> verdict = Future.succeededFuture(Optional.empty());
    for (ConcernCheck check : checks) {
      verdict = verdict.compose(refused -> refused.isPresent() ? Future.succeededFuture(refused)
          : check.check(who, concern, value));
    }
    verdict.onSuccess(refused -> {
      if (refused.isEmpty()) {
        ctx.next();
      } else {
        ctx.fail(Problem.of(refused.get()));
      }
    }).onFailure(ctx::fail);
  }

  private static String bodyField(RoutingContext ctx, String field) {
    JsonObject body = ctx.get(BODY_KEY);
    Object value = body == null ? null : body.getValue(field);
    return value == null ? null : String.valueOf(value);
  }
}
