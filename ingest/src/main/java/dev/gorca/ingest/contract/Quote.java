package dev.gorca.ingest.contract;

/** Renders found values inside error messages: quoted, control characters escaped, long text cut. */
public final class Quote {
  /** Longest excerpt of a found value in a message; whole dumps must not end up in logs. */
  public static final int MAX_EXCERPT_CHARS = 80;

  private Quote() {}

  public static String of(String value) {
    if (value == null) {
      return "null";
    }
    int shown = Math.min(value.length(), MAX_EXCERPT_CHARS);
    StringBuilder out = new StringBuilder(shown + 16).append('"');
    for (int i = 0; i < shown; i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
    if (value.length() > shown) {
      out.append("... (").append(value.length() - shown).append(" more chars)");
    }
    return out.toString();
  }
}
