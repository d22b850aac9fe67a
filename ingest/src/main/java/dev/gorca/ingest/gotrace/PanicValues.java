package dev.gorca.ingest.gotrace;

/** The bracket the runtime appends to a panic line: {@code [recovered]}, {@code [recovered, repanicked]}. */
final class PanicValues {
  private PanicValues() {}

  /** The bracket's content when the line ends with one that starts with "recovered", else null. */
  static String annotation(String line) {
    if (!line.endsWith("]")) return null;
    int open = line.lastIndexOf(" [");
    if (open < 0) return null;
    String inside = line.substring(open + 2, line.length() - 1);
    return inside.startsWith("recovered") ? inside : null;
  }
}
