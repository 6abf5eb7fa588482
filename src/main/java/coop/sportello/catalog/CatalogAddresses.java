package coop.sportello.catalog;

/**
 * Event-bus addresses of the catalog, all server to browser (outbound) and open to any socket
 * with a ticket, including guests: availability is public.
 * <pre>
 * catalog.availability.&lt;serviceId&gt;       changes of one service's slots
 * catalog.feed.area.&lt;area&gt;                 changes of any service in an area (the codes of service_areas, see Area)
 * catalog.feed.municipality.&lt;istat&gt;        changes of in-person services offered to that municipality's residents
 *
 * Message body (the same on every address):
 * { "serviceId": uuid, "area": text, "municipalities": [istat...],
 *   "from": timestamp, "to": timestamp, "count": n,
 *   "slots": [ { "id", "resourceId", "start", "end", "capacity", "free", "removed" } ]  // null when count > 20:
 * }                                                                                       // refetch from..to
 *
 * catalog.feed.refetch                        this node's feed listens again after losing PostgreSQL:
 *                                             { "reason": "reconnected" }; changes were missed, so a
 *                                             screen reads again what it shows
 * </pre>
 * No address accepts messages from browsers: availability changes only through the REST API.
 */
public final class CatalogAddresses {

  public static final String SERVICE_PREFIX = "catalog.availability.";
  public static final String AREA_PREFIX = "catalog.feed.area.";
  public static final String MUNICIPALITY_PREFIX = "catalog.feed.municipality.";
  public static final String REFETCH = "catalog.feed.refetch";
  /** PostgreSQL NOTIFY channel written by the slots triggers (migration V5). */
  public static final String PG_CHANNEL = "sportello_availability";

  private CatalogAddresses() { }

  public static String service(String serviceId) {
    return SERVICE_PREFIX + serviceId;
  }

  public static String area(String area) {
    return AREA_PREFIX + area;
  }

  public static String municipality(String istat) {
    return MUNICIPALITY_PREFIX + istat;
  }
}
