package coop.sportello.catalog.domain;

import java.time.LocalDate;
import java.util.UUID;

/** One date on which a resource keeps other hours for the service, or none ({@code opening} null = closed). */
public record DayException(UUID resourceId, LocalDate date, Opening opening) { }
