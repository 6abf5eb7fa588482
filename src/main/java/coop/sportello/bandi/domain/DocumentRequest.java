package coop.sportello.bandi.domain;

/** A document a bando asks for: its kind (a short key the upload names), a label for people, required or not. */
public record DocumentRequest(String kind, String label, boolean required) { }
