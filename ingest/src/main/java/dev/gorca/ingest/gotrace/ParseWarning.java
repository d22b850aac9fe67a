package dev.gorca.ingest.gotrace;

import java.util.Objects;

/**
 * Something the parser could not read as Go runtime output where it expected to.
 *
 * @param line 1-based line number in the input, 0 for the input as a whole
 * @param message what was expected and what was found
 */
public record ParseWarning(int line, String message) {
  public ParseWarning {
    Objects.requireNonNull(message, "message == null");
  }

  @Override
  public String toString() {
    return line == 0 ? message : "line " + line + ": " + message;
  }
}
