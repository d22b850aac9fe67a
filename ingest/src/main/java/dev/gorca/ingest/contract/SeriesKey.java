package dev.gorca.ingest.contract;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One Prometheus series: a metric name and its labels. {@link #canonical()} is the one function that turns a
 * series into the flat key used by {@link MetricSample}, the metrics envelope's {@code values} and the
 * JSON Lines file, so that the same series always gets the same key wherever it came from.
 *
 * <p>Canonical form: {@code name} alone without labels, otherwise {@code name{a="1",b="2"}} with labels
 * sorted by name, no blanks, and {@code \\}, {@code \"}, {@code \n} escaped in values as in the text format.
 * A label with an empty value is dropped, because Prometheus treats it as absent.
 *
 * @param labels an immutable copy, iterated in label-name order
 */
public record SeriesKey(String name, Map<String, String> labels) {
  public SeriesKey {
    if (!isMetricName(name)) {
      throw new IllegalArgumentException("expected a metric name matching [a-zA-Z_:][a-zA-Z0-9_:]*, found "
          + Quote.of(name));
    }
    if (labels == null) {
      throw new IllegalArgumentException("labels == null; use SeriesKey.of(name) for a series without labels");
    }
    TreeMap<String, String> copy = new TreeMap<>();
    for (Map.Entry<String, String> label : labels.entrySet()) {
      if (!isLabelName(label.getKey())) {
        throw new IllegalArgumentException("expected label names matching [a-zA-Z_][a-zA-Z0-9_]*, found "
            + Quote.of(label.getKey()) + " on " + name);
      }
      if (label.getValue() == null) {
        throw new IllegalArgumentException("label " + label.getKey() + " on " + name + " has a null value");
      }
      if (!label.getValue().isEmpty()) {
        copy.put(label.getKey(), label.getValue());
      }
    }
    labels = copy.isEmpty() ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(copy);
  }

  public static SeriesKey of(String name) {
    return new SeriesKey(name, Collections.emptyMap());
  }

  /**
   * Reads a key such as {@code go_gc_duration_seconds{quantile="0.5"}}, in any label order.
   *
   * @throws IllegalArgumentException naming the column and what was expected when the key is malformed
   */
  public static SeriesKey parse(String key) {
    try {
      SeriesKeyScanner scanner = new SeriesKeyScanner(key, 0, key.length());
      SeriesKey series = scanner.scanSeries();
      if (scanner.position() != key.length()) {
        throw new IllegalArgumentException("expected the series key to end after "
            + Quote.of(key.substring(0, scanner.position())) + ", found " + Quote.of(key.substring(scanner.position())));
      }
      return series;
    } catch (SeriesKeyScanner.SyntaxError e) {
      throw new IllegalArgumentException(e.getMessage() + " in series key " + Quote.of(key), e);
    }
  }

  /** The canonical form of any well-formed key; see {@link #parse}. */
  public static String canonicalize(String key) {
    return parse(key).canonical();
  }

  public String canonical() {
    if (labels.isEmpty()) {
      return name;
    }
    StringBuilder out = new StringBuilder(name.length() + 24 * labels.size()).append(name).append('{');
    boolean first = true;
    for (Map.Entry<String, String> label : labels.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      out.append(label.getKey()).append("=\"");
      appendEscaped(out, label.getValue());
      out.append('"');
    }
    return out.append('}').toString();
  }

  @Override
  public String toString() {
    return canonical();
  }

  public static boolean isMetricName(String name) {
    if (name == null || name.isEmpty() || !isNameStart(name.charAt(0), true)) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      if (!isNamePart(name.charAt(i), true)) {
        return false;
      }
    }
    return true;
  }

  public static boolean isLabelName(String name) {
    if (name == null || name.isEmpty() || !isNameStart(name.charAt(0), false)) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      if (!isNamePart(name.charAt(i), false)) {
        return false;
      }
    }
    return true;
  }

  static boolean isNameStart(char c, boolean colonAllowed) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colonAllowed && c == ':');
  }

  static boolean isNamePart(char c, boolean colonAllowed) {
    return isNameStart(c, colonAllowed) || (c >= '0' && c <= '9');
  }

  private static void appendEscaped(StringBuilder out, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
  }
}
