package coop.sportello.notifications.domain;

import java.util.Optional;

/**
 * A message's words: an e-mail's subject, plain text and HTML parts, and the short SMS text
 * (which names no service, area or other person: a code, a day and time, a link).
 */
public record Content(String subject, String text, String html, String sms, Optional<String> unsubscribeUrl) { }
