package dev.gorca.ingest.contract;

/**
 * A line of text input that could not be used, and why. Readers that never throw on bad content report
 * these instead and keep going.
 *
 * @param line 1-based line number; 0 for a problem with the input as a whole (e.g. it was cut at a limit)
 */
public record LineWarning(int line, String message) {
  public LineWarning {
    if (line < 0) {
      throw new IllegalArgumentException("line < 0: " + line);
    }
    if (message == null || message.isBlank()) {
      throw new IllegalArgumentException("message is blank");
    }
  }

  @Override
  public String toString() {
    return line == 0 ? message : "line " + line + ": " + message;
  }
}
