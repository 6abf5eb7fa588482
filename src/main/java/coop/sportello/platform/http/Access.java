package coop.sportello.platform.http;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.auth.TokenService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.EnumSet;
import java.util.Set;

/**
 * Authentication and role checks for the REST API. The identity comes only from a verified
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

  /** Lets the request through only for the given roles; everyone else gets 403. */
  public static Handler<RoutingContext> requireAnyRole(Role first, Role... more) {
    Set<Role> allowed = EnumSet.of(first, more);
    return ctx -> {
      Identity identity = ctx.get(IDENTITY_KEY);
      if (identity == null) {
        ctx.fail(Problem.unauthorized("Accedi per usare questa funzione."));
      } else if (!identity.hasAnyRole(allowed)) {
        ctx.fail(Problem.forbidden("Il tuo ruolo non permette questa operazione."));
      } else {
        ctx.next();
      }
    };
  }

  public static Identity identity(RoutingContext ctx) {
    Identity identity = ctx.get(IDENTITY_KEY);
    if (identity == null) {
      throw new IllegalStateException("route mounted without Access.authenticate");
    }
    return identity;
  }
}
