package dev.gorca.ingest.contract;

/**
 * The field rules shared by the contract records. Each check throws {@link InvalidFieldException} naming
 * the wire field, what it expected, what it found and how to fix it; docs/events.md lists the same limits.
 */
public final class Fields {
  /** Longest service, instance, incident id, operator, reason or Go version, in chars. */
  public static final int MAX_NAME_CHARS = 256;
  /** Longest root-cause id, in chars. */
  public static final int MAX_ROOT_CAUSE_CHARS = 128;
  /** Longest label comment, in chars. */
  public static final int MAX_COMMENT_CHARS = 64 * 1024;
  /** Longest signal name, e.g. SIGRTMIN+15. */
  public static final int MAX_SIGNAL_CHARS = 32;
  /** 9999-12-31T23:59:59.999Z: anything later is a unit mistake (micro- or nanoseconds), not a date. */
  public static final long MAX_TS_MS = 253_402_300_799_999L;

  private Fields() {}

  public static long requireTimestamp(String field, long tsMs) {
    if (tsMs < 0) {
      throw new InvalidFieldException(field, "expected milliseconds since 1970-01-01T00:00:00Z (>= 0), found "
          + tsMs + "; send the event time as epoch milliseconds");
    }
    if (tsMs > MAX_TS_MS) {
      throw new InvalidFieldException(field, "expected milliseconds since the epoch up to " + MAX_TS_MS
          + " (year 9999), found " + tsMs + "; this looks like micro- or nanoseconds, divide to milliseconds");
    }
    return tsMs;
  }

  /** A short identifier such as a service or instance name: not blank, no control characters. */
  public static String requireName(String field, String value, String example) {
    if (value == null) {
      throw new InvalidFieldException(field, "expected a string such as " + Quote.of(example)
          + ", found nothing; set " + field);
    }
    return checkName(field, value, MAX_NAME_CHARS, example);
  }

  /** Like {@link #requireName} but absent (null) is allowed. */
  public static String optionalName(String field, String value, String example) {
    return value == null ? null : checkName(field, value, MAX_NAME_CHARS, example);
  }

  public static String requireRootCause(String field, String value) {
    String example = "goroutine_leak";
    if (value == null) {
      throw new InvalidFieldException(field, "expected a root-cause id such as " + Quote.of(example)
          + ", found nothing; set " + field);
    }
    checkName(field, value, MAX_ROOT_CAUSE_CHARS, example);
    for (int i = 0; i < value.length(); i++) {
      if (Character.isWhitespace(value.charAt(i))) {
        throw new InvalidFieldException(field, "expected a root-cause id without whitespace such as "
            + Quote.of(example) + ", found " + Quote.of(value) + "; put free text in comment");
      }
    }
    return value;
  }

  public static String optionalComment(String field, String value) {
    if (value != null && value.length() > MAX_COMMENT_CHARS) {
      throw new InvalidFieldException(field, "expected at most " + MAX_COMMENT_CHARS + " chars, found "
          + value.length() + "; shorten the comment or link to a document");
    }
    return value;
  }

  /** A signal name as Go and Kubernetes print it: SIG followed by capitals, digits, '+' or '-'. */
  public static String optionalSignal(String field, String value) {
    if (value == null) {
      return null;
    }
    boolean wellFormed = value.length() > 3 && value.length() <= MAX_SIGNAL_CHARS && value.startsWith("SIG");
    for (int i = 3; wellFormed && i < value.length(); i++) {
      char c = value.charAt(i);
      wellFormed = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-';
    }
    if (!wellFormed) {
      throw new InvalidFieldException(field, "expected a signal name such as \"SIGKILL\" or \"SIGSEGV\", found "
          + Quote.of(value) + "; send the name, not the number, or leave " + field + " out");
    }
    return value;
  }

  /** Text that must carry something, such as a goroutine dump or a scrape body. */
  public static String requireNonBlankText(String field, String value, String what) {
    if (value == null) {
      throw new InvalidFieldException(field, "expected " + what + ", found nothing; set " + field);
    }
    if (value.isBlank()) {
      throw new InvalidFieldException(field, "expected " + what + ", found " + (value.isEmpty() ? "an empty string"
          : "only whitespace") + "; do not send the event when there is nothing to send");
    }
    return value;
  }

  /** Text that must be present but may be empty, such as a crash's stderr (an OOM kill prints nothing). */
  public static String requireText(String field, String value, String what) {
    if (value == null) {
      throw new InvalidFieldException(field, "expected " + what + " (may be empty), found nothing; set "
          + field + " to \"\" when the process printed nothing");
    }
    return value;
  }

  private static String checkName(String field, String value, int maxChars, String example) {
    if (value.isBlank()) {
      throw new InvalidFieldException(field, "expected a non-blank string such as " + Quote.of(example)
          + ", found " + Quote.of(value) + "; set " + field);
    }
    if (value.length() > maxChars) {
      throw new InvalidFieldException(field, "expected at most " + maxChars + " chars, found " + value.length()
          + " chars starting " + Quote.of(value) + "; send a short identifier");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new InvalidFieldException(field, "expected no control characters, found one at index " + i
            + " in " + Quote.of(value) + "; strip newlines and tabs from " + field);
      }
    }
    return value;
  }
}
