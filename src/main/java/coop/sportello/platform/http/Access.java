package coop.sportello.platform.http;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.TokenService;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;


/**
 * Authentication for the REST API (role checks are each route's {@link Rule}). The identity comes only from a verified
 * bearer token; nothing the client puts in a body or another header is ever trusted.
 */
public final class Access {

  private static final String IDENTITY_KEY = "sportello.identity";

  private Access() { }

  /** Rejects the request with 401 unless it carries a valid access token; stores the identity. */
  public static Handler<RoutingContext> authenticate(TokenService tokens) {
    return ctx -> {
      String header = ctx.request().getHeader("Authorization");
      if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        ctx.fail(Problem.unauthorized("Accedi per usare questa funzione."));
        return;
      }
      tokens.verify(header.substring(7).trim())
          .onSuccess(identity -> {
            ctx.put(IDENTITY_KEY, identity);
            ctx.next();
          })
          .onFailure(e -> ctx.fail(Problem.unauthorized("Il token di accesso non è valido o è scaduto.")));
    };
  }

  public static Identity identity(RoutingContext ctx) {
    Identity identity = ctx.get(IDENTITY_KEY);
    if (identity == null) {
      throw new IllegalStateException("route mounted without Access.authenticate");
    }
    return identity;
  }

  /** The caller's cooperative (a cooperative's admin or staff), for a service; 403 when their account has none. */
  public static Future<UUID> cooperative(Identity who) {
    return who.providerId() == null
        ? Future.failedFuture(Problem.notOfACooperative())
        : Future.succeededFuture(UUID.fromString(who.providerId()));
  }

  /** The caller's cooperative, for a route; throws the 403 when their account has none. */
  public static UUID cooperativeId(RoutingContext ctx) {
    String id = identity(ctx).providerId();
    if (id == null) {
      throw Problem.notOfACooperative();
    }
    return UUID.fromString(id);
  }
}
