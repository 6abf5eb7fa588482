package coop.sportello.bandi.domain;

import java.util.Optional;

/**
 * The type of an uploaded document, read from its first bytes (never from its name or the
 * Content-Type the browser sent): PDF, JPEG or PNG; anything else is refused.
 */
public final class DocumentType {

  public static final String PDF = "application/pdf";
  public static final String JPEG = "image/jpeg";
  public static final String PNG = "image/png";
  /** The largest file accepted (V46's check on bando_documents.size_bytes). */
  public static final int MAX_BYTES = 5 * 1024 * 1024;
  /** The most documents an application carries (uploads waiting included). */
  public static final int MAX_FILES = 10;

  /** How many first bytes {@link #detect} needs to read. */
  public static final int MAGIC_BYTES = 8;

  private static final byte[] PDF_MAGIC = {'%', 'P', 'D', 'F', '-'};
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte[] JPEG_MAGIC = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

  private DocumentType() { }

  /** The media type {@code content} is, by its magic bytes; empty when it is none of the three. */
  public static Optional<String> detect(byte[] content) {
    if (startsWith(content, PDF_MAGIC)) {
      return Optional.of(PDF);
    }
    if (startsWith(content, PNG_MAGIC)) {
      return Optional.of(PNG);
    }
    if (startsWith(content, JPEG_MAGIC)) {
      return Optional.of(JPEG);
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] content, byte[] magic) {
    if (content.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (content[i] != magic[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * A file name safe to keep and to put back in a Content-Disposition header: the last path part,
   * letters, digits, dot, dash, underscore and space only, at most 200 characters.
   */
  public static String safeName(String raw) {
    String name = raw == null ? "" : raw.substring(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1);
    String cleaned = name.replaceAll("[^A-Za-z0-9._ -]", "_").strip();
    if (cleaned.isEmpty() || cleaned.chars().allMatch(c -> c == '.')) {
      cleaned = "documento";
    }
    return cleaned.length() > 200 ? cleaned.substring(cleaned.length() - 200) : cleaned;
  }
}
