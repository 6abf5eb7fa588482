package coop.sportello.catalog.domain;

import java.time.Instant;
import java.util.UUID;

/** A slot already stored, with how many of its places are held or booked. */
public record ExistingSlot(UUID id, UUID resourceId, Instant start, Instant end, int capacity, int taken) { }
