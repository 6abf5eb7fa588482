package coop.sportello.catalog;

import java.time.OffsetDateTime;

/**
 * A catalog search as the routes read it from the query: the filters (null when not used; providerKind
 * cooperative, municipality, association or shop), the
 * window a free slot must fall in (both ends or neither), and the page (from 1) of {@code size} hits.
 */
public record SearchQuery(String area, String municipality, String deliveryMode, String welfare, String providerKind,
                   String text, OffsetDateTime from, OffsetDateTime to, int page, int size) {

  int offset() {
    return (page - 1) * size;
  }
}
