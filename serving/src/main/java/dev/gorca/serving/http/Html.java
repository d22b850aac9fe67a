package dev.gorca.serving.http;

/**
 * Builds HTML where every value is escaped: {@link #text} and {@link #attr} escape, only {@link #raw} does not and
 * takes only constant markup written in this package. Crash output can hold HTML; it never reaches a page raw.
 */
final class Html {
  private final StringBuilder out = new StringBuilder(8 * 1024);

  /** Constant markup from this package's code, never data. */
  Html raw(String markup) {
    out.append(markup);
    return this;
  }

  /** Text content, escaped. */
  Html text(Object value) {
    out.append(escape(value == null ? "" : String.valueOf(value)));
    return this;
  }

  /** An attribute, name="escaped value". */
  Html attr(String name, Object value) {
    out.append(' ').append(name).append("=\"").append(escape(value == null ? "" : String.valueOf(value)))
        .append('"');
    return this;
  }

  /** {@code <tag>escaped text</tag>}. */
  Html element(String tag, Object text) {
    return raw("<" + tag + ">").text(text).raw("</" + tag + ">");
  }

  Html append(Html other) {
    out.append(other.out);
    return this;
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          // Control characters other than tab and newline have no business on a page (a dump may carry them).
          if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
            b.append('\uFFFD');
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
