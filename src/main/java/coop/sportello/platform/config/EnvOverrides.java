package coop.sportello.platform.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The documented environment variables and the configuration keys they override.
 * README's configuration table is this list; keep the two in step.
 */
public final class EnvOverrides {

  public enum Kind { STRING, INT, LIST }

  public record Override(String variable, String path, Kind kind, String meaning) { }

  public static final List<Override> ALL = List.of(
      new Override("SPORTELLO_HTTP_HOST", "http.host", Kind.STRING, "Address the HTTP server binds to"),
      new Override("SPORTELLO_HTTP_PORT", "http.port", Kind.INT, "HTTP port (0 picks a free one)"),
      new Override("SPORTELLO_PUBLIC_URL", "http.publicUrl", Kind.STRING, "URL printed at start and used in links"),
      new Override("SPORTELLO_HTTP_INSTANCES", "http.instances", Kind.INT, "HTTP verticle instances (0 = one per core)"),
      new Override("SPORTELLO_ALLOWED_ORIGINS", "http.allowedOrigins", Kind.LIST, "Comma-separated origins allowed by CORS"),
      new Override("SPORTELLO_BODY_LIMIT_BYTES", "http.bodyLimitBytes", Kind.INT, "Largest request body accepted"),
      new Override("SPORTELLO_DATABASE_URL", "database.url", Kind.STRING,
          "postgresql://host:port/db of an external server; empty starts embedded PostgreSQL"),
      new Override("SPORTELLO_DATABASE_USER", "database.user", Kind.STRING, "External database user"),
      new Override("SPORTELLO_DATABASE_PASSWORD", "database.password", Kind.STRING, "External database password"),
      new Override("SPORTELLO_DATABASE_POOL_SIZE", "database.poolSize", Kind.INT, "Connections in the pool (a hold also opens one pipelined connection per event loop)"),
      new Override("SPORTELLO_EMBEDDED_DB_DIR", "database.embedded.dataDir", Kind.STRING,
          "Where embedded PostgreSQL keeps its data between runs"),
      new Override("SPORTELLO_EMBEDDED_DB_PORT", "database.embedded.port", Kind.INT, "Embedded PostgreSQL port (0 = free port)"),
      new Override("SPORTELLO_DATA_DIR", "dataDir", Kind.STRING, "Directory for development keys and other local state"),
      new Override("SPORTELLO_DEMO_DATA", "demoData", Kind.STRING,
          "auto (on with embedded database), on or off"),
      new Override("SPORTELLO_JWT_ISSUER", "auth.issuer", Kind.STRING, "Issuer claim of Sportello's tokens"),
      new Override("SPORTELLO_JWT_AUDIENCE", "auth.audience", Kind.STRING, "Audience claim of Sportello's tokens"),
      new Override("SPORTELLO_JWT_PRIVATE_KEY", "auth.privateKeyPem", Kind.STRING,
          "PKCS#8 PEM EC P-256 signing key (production); empty generates a development key"),
      new Override("SPORTELLO_JWT_PUBLIC_KEY", "auth.publicKeyPem", Kind.STRING, "PEM public key matching the signing key"),
      new Override("SPORTELLO_ACCESS_TOKEN_SECONDS", "auth.accessTokenSeconds", Kind.INT, "Lifetime of access tokens"),
      new Override("SPORTELLO_REFRESH_TOKEN_SECONDS", "auth.refreshTokenSeconds", Kind.INT, "Lifetime of refresh tokens"),
      new Override("SPORTELLO_MAX_FAILED_LOGINS", "auth.maxFailedLogins", Kind.INT,
          "Failed logins with one name from one source before that source is locked out of that name"),
      new Override("SPORTELLO_LOCK_MINUTES", "auth.lockMinutes", Kind.INT, "How long that lock lasts"),
      new Override("SPORTELLO_LOGIN_SOURCE_MAX_ATTEMPTS", "auth.sourceMaxFailures", Kind.INT,
          "Sign-in attempts from one source (any name) per auth.sourceWindowMinutes before it is paused"),
      new Override("SPORTELLO_TRUSTED_PROXIES", "auth.trustedProxies", Kind.LIST,
          "Comma-separated proxy addresses or CIDR ranges whose X-Forwarded-For names the client"),
      new Override("SPORTELLO_OIDC_REDIRECT_URI", "auth.oidc.redirectUri", Kind.STRING,
          "SPID/CIE callback registered at the provider, exactly: https://<site>/api/v1/auth/oidc/callback (empty: no SPID/CIE)"),
      new Override("SPORTELLO_OIDC_ISSUER", "auth.oidc.issuer", Kind.STRING,
          "OpenID Connect issuer for SPID and CIE (a region's gateway, Keycloak); its /.well-known/openid-configuration is read"),
      new Override("SPORTELLO_OIDC_CLIENT_ID", "auth.oidc.clientId", Kind.STRING, "Sportello's client id at that issuer"),
      new Override("SPORTELLO_OIDC_CLIENT_SECRET", "auth.oidc.clientSecret", Kind.STRING,
          "Client secret (empty: a public client, PKCE only)"),
      new Override("SPORTELLO_OIDC_PROVIDERS", "auth.oidc.providers", Kind.LIST, "Ways in offered: spid, cie or both"),
      new Override("SPORTELLO_OIDC_SPID_ISSUER", "auth.oidc.spid.issuer", Kind.STRING, "Issuer for SPID only, if not the shared one"),
      new Override("SPORTELLO_OIDC_SPID_IDP_HINT", "auth.oidc.spid.idpHint", Kind.STRING,
          "Sent as auth.oidc.idpHintParameter (kc_idp_hint) for SPID, e.g. spid"),
      new Override("SPORTELLO_OIDC_CIE_ISSUER", "auth.oidc.cie.issuer", Kind.STRING, "Issuer for CIE only, if not the shared one"),
      new Override("SPORTELLO_OIDC_CIE_IDP_HINT", "auth.oidc.cie.idpHint", Kind.STRING, "The same hint for CIE, e.g. cie"),
      new Override("SPORTELLO_OIDC_FISCAL_NUMBER_CLAIM", "auth.oidc.fiscalNumberClaim", Kind.STRING,
          "ID-token claim with the codice fiscale (default fiscalNumber)"),
      new Override("SPORTELLO_PBX_WEBHOOK_SECRET", "calls.webhook.secret", Kind.STRING,
          "Shared secret of the signed PBX webhooks (empty: generated per run with the embedded database, else webhooks closed)"),
      new Override("SPORTELLO_PBX_COMMAND_URL", "calls.webhook.commandUrl", Kind.STRING,
          "Where call commands are POSTed, signed, for a PBX without an adapter (empty: none)"),
      new Override("SPORTELLO_SMTP_HOST", "notifications.email.host", Kind.STRING, "SMTP server for e-mail notifications (empty: e-mails are not sent)"),
      new Override("SPORTELLO_SMTP_PORT", "notifications.email.port", Kind.INT, "SMTP port (587 with STARTTLS)"),
      new Override("SPORTELLO_SMTP_STARTTLS", "notifications.email.starttls", Kind.STRING, "required, optional or disabled"),
      new Override("SPORTELLO_SMTP_USERNAME", "notifications.email.username", Kind.STRING, "SMTP user (empty: no authentication)"),
      new Override("SPORTELLO_SMTP_PASSWORD", "notifications.email.password", Kind.STRING, "SMTP password"),
      new Override("SPORTELLO_MAIL_FROM", "notifications.email.from", Kind.STRING, "Sender of e-mails, e.g. Sportello <noreply@example.org>"),
      new Override("SPORTELLO_SMS_URL", "notifications.sms.url", Kind.STRING, "HTTP SMS gateway endpoint (empty: SMS are not sent)"),
      new Override("SPORTELLO_SMS_API_KEY", "notifications.sms.apiKey", Kind.STRING, "Bearer key of the SMS gateway"),
      new Override("SPORTELLO_SMS_SIGNING_SECRET", "notifications.sms.signingSecret", Kind.STRING, "HMAC key signing each SMS request"),
      new Override("SPORTELLO_NOTIFICATIONS_PUBLIC_URL", "notifications.publicUrl", Kind.STRING, "Base URL of links in messages (empty: http.publicUrl)"),
      new Override("SPORTELLO_ARI_URL", "calls.ari.url", Kind.STRING, "Asterisk ARI base URL, e.g. http://pbx:8088/ari (empty: no ARI)"),
      new Override("SPORTELLO_ARI_USERNAME", "calls.ari.username", Kind.STRING, "Asterisk ARI user"),
      new Override("SPORTELLO_ARI_PASSWORD", "calls.ari.password", Kind.STRING, "Asterisk ARI password"),
      new Override("SPORTELLO_STRIPE_SECRET_KEY", "payments.stripe.secretKey", Kind.STRING,
          "The platform's Stripe secret key, sk_live_... or sk_test_... (empty: card payments are not offered)"),
      new Override("SPORTELLO_STRIPE_WEBHOOK_SECRET", "payments.stripe.webhookSecret", Kind.STRING,
          "Signing secret (whsec_...) of the Connect webhook endpoint https://<site>/api/v1/payments/stripe/webhook (empty: card payments are not offered)"),
      new Override("SPORTELLO_STRIPE_API_BASE", "payments.stripe.apiBase", Kind.STRING,
          "Where Stripe calls go (default https://api.stripe.com; a local stripe-mock in development)"),
      new Override("SPORTELLO_STRIPE_CALL_TIMEOUT_MILLIS", "payments.stripe.callTimeoutMillis", Kind.INT,
          "A call to Stripe that has no answer within this is refused with 503 card-unavailable"),
      new Override("SPORTELLO_STRIPE_WEBHOOK_TOLERANCE_SECONDS", "payments.stripe.toleranceSeconds", Kind.INT,
          "How old a Stripe webhook's signed timestamp may be before it is refused as a replay (default 300)"),
      new Override("SPORTELLO_CLUSTER", "cluster.mode", Kind.STRING,
          "none (one node, the default) or hazelcast (a clustered event bus; see docs/SCALING.md)"),
      new Override("SPORTELLO_CLUSTER_NAME", "cluster.name", Kind.STRING, "Nodes join only a cluster of the same name"),
      new Override("SPORTELLO_CLUSTER_HOST", "cluster.host", Kind.STRING,
          "This node's address for Hazelcast and the event bus, reachable by the other nodes"),
      new Override("SPORTELLO_CLUSTER_PORT", "cluster.port", Kind.INT, "Hazelcast member port (default 5701)"),
      new Override("SPORTELLO_CLUSTER_MEMBERS", "cluster.members", Kind.LIST,
          "Comma-separated host:port of the cluster's members (TCP-IP join; this node may be listed)"),
      new Override("SPORTELLO_CLUSTER_BUS_PORT", "cluster.busPort", Kind.INT, "Event-bus TCP port between nodes (0 = a free one)"),
      new Override("SPORTELLO_CLUSTER_MEMBER_TIMEOUT_SECONDS", "cluster.memberTimeoutSeconds", Kind.INT,
          "A member silent for this long is dropped from the cluster (default 10)")
  );

  private EnvOverrides() { }

  /** Returns a copy of {@code config} with every documented variable present in {@code env} applied. */
  public static JsonObject apply(JsonObject config, Map<String, String> env) {
    JsonObject result = config.copy();
    for (Override o : ALL) {
      String raw = env.get(o.variable());
      if (raw == null) {
        continue;
      }
      put(result, o.path(), convert(o, raw.trim()));
    }
    return result;
  }

  private static Object convert(Override o, String raw) {
    try {
      return switch (o.kind()) {
        case STRING -> raw;
        case INT -> Integer.parseInt(raw);
        case LIST -> new JsonArray(Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(o.variable() + " must be a whole number, got '" + raw + "'", e);
    }
  }

  private static void put(JsonObject root, String path, Object value) {
    String[] parts = path.split("\\.");
    JsonObject node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonObject child = node.getJsonObject(parts[i]);
      if (child == null) {
        child = new JsonObject();
        node.put(parts[i], child);
      }
      node = child;
    }
    node.put(parts[parts.length - 1], value);
  }
}
