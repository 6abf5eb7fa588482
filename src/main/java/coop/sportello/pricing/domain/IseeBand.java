package coop.sportello.pricing.domain;

/**
 * One reduced tariff of a service priced by ISEE: whoever declares an ISEE up to {@code upToCents}
 * (inclusive) pays {@code tariffCents} per the service's unit instead of its full tariff.
 */
public record IseeBand(long upToCents, long tariffCents) { }
