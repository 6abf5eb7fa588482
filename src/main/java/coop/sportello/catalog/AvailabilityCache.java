package coop.sportello.catalog;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rendered availability documents, kept until the availability feed says the service changed.
 * A dense month is thousands of slots and every screen showing the service asks for it; the
 * feed already tells each node, after commit, which service changed, so that is when an entry
 * goes. A time limit bounds staleness should a notification ever be missed, and while the feed
 * is down nothing is cached at all.
 */
final class AvailabilityCache {

  private record Key(String serviceId, LocalDate from, LocalDate to) { }

  private record Entry(String json, long storedAtMillis) { }

  private final int maxEntries;
  private final long ttlMillis;
  private final Map<Key, Entry> entries;
  private volatile boolean enabled;

  AvailabilityCache(int maxEntries, long ttlMillis) {
    this.maxEntries = maxEntries;
    this.ttlMillis = ttlMillis;
    this.entries = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
        return size() > AvailabilityCache.this.maxEntries;
      }
    };
  }

  /** Called when the feed is listening (true) or has lost PostgreSQL (false). */
  void setEnabled(boolean on) {
    enabled = on;
    if (!on) {
      synchronized (entries) {
        entries.clear();
      }
    }
  }

  String get(String serviceId, LocalDate from, LocalDate to) {
    if (!enabled) {
      return null;
    }
    synchronized (entries) {
      Key key = new Key(serviceId, from, to);
      Entry entry = entries.get(key);
      if (entry == null) {
        return null;
      }
      if (System.currentTimeMillis() - entry.storedAtMillis() > ttlMillis) {
        entries.remove(key);
        return null;
      }
      return entry.json();
    }
  }

  /**
   * Stores a document read at {@code readStartedMillis}; a change announced after that moment
   * has already invalidated the service, so the document is not stored.
   */
  void put(String serviceId, LocalDate from, LocalDate to, String json, long readStartedMillis) {
    if (!enabled) {
      return;
    }
    synchronized (entries) {
      Long changed = lastChange.get(serviceId);
      if (changed != null && changed >= readStartedMillis) {
        return;
      }
      entries.put(new Key(serviceId, from, to), new Entry(json, System.currentTimeMillis()));
    }
  }

  void invalidate(String serviceId) {
    synchronized (entries) {
      lastChange.put(serviceId, System.currentTimeMillis());
      entries.keySet().removeIf(k -> k.serviceId().equals(serviceId));
    }
  }

  private final Map<String, Long> lastChange = new LinkedHashMap<>(256, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > 10_000;
    }
  };
}
