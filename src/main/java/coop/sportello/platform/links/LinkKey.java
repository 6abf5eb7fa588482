package coop.sportello.platform.links;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/** Loads the network's link key (V24 {@code link_secret}) once at start. */
public final class LinkKey {

  private LinkKey() { }

  public static Future<SignedLinks> load(Pool pool) {
    return pool.query("SELECT secret FROM link_secret").execute()
        .map(rows -> new SignedLinks(rows.iterator().next().getBuffer("secret").getBytes()));
  }
}
