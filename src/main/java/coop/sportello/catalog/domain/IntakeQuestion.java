package coop.sportello.catalog.domain;

/** One question a service asks when a booking is confirmed, and whether an answer is required. */
public record IntakeQuestion(IntakeKind kind, boolean required) { }
