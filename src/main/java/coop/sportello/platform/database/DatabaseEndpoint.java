package coop.sportello.platform.database;

import io.vertx.pgclient.PgConnectOptions;

/** Where PostgreSQL listens and how to log in: the same facts in the reactive and the JDBC spelling. */
public record DatabaseEndpoint(String host, int port, String database, String user, String password) {

  /**
   * Accepts {@code postgresql://user:password@host:port/db} (also with the {@code jdbc:} prefix);
   * an explicit user or password wins over what the URL carries.
   */
  public static DatabaseEndpoint fromUrl(String url, String user, String password) {
    String uri = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
    PgConnectOptions parsed;
    try {
      parsed = PgConnectOptions.fromUri(uri);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("database.url is not a PostgreSQL URL (postgresql://host:port/database)", e);
    }
    return new DatabaseEndpoint(parsed.getHost(), parsed.getPort(), parsed.getDatabase(),
        blankToDefault(user, parsed.getUser()), blankToDefault(password, parsed.getPassword()));
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  public PgConnectOptions connectOptions() {
    return new PgConnectOptions()
        .setHost(host).setPort(port).setDatabase(database).setUser(user).setPassword(password)
        .setCachePreparedStatements(true)
        // Times rendered by PostgreSQL (JSON documents, notifications) read as Italian wall clock.
        .addProperty("TimeZone", "Europe/Rome")
        .setPipeliningLimit(256);
  }

  private static String blankToDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
