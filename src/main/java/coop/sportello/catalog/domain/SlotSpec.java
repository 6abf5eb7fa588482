package coop.sportello.catalog.domain;

import java.time.Instant;
import java.util.UUID;

/** A slot the schedule calls for: which resource, when (as instants), and how many places. */
public record SlotSpec(UUID resourceId, Instant start, Instant end, int capacity) { }
