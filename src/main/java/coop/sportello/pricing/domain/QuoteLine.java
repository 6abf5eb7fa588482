package coop.sportello.pricing.domain;

/** One line of a quote as the person reads it: what, and how many cents (negative for a discount). */
public record QuoteLine(String label, long cents) { }
