package dev.gorca.serving.collect;

import org.slf4j.Logger;

/**
 * Logs a thing's health only when it changes: the first failure of a kind at WARN, the recovery at INFO, nothing
 * while it keeps failing the same way. A target that is down for a day logs two lines, not 5,760.
 */
final class StateChangeLog {
  private final Logger log;
  private final String subject;
  private String failingKind;
  private long failuresInARow;

  /** {@code subject} names the thing in messages, e.g. {@code metrics of pricing-edge 127.0.0.1:6060}. */
  StateChangeLog(Logger log, String subject) {
    this.log = log;
    this.subject = subject;
  }

  synchronized void succeeded() {
    if (failingKind != null) {
      log.info("{} is back after {} failed attempt{}", subject, failuresInARow, failuresInARow == 1 ? "" : "s");
    }
    failingKind = null;
    failuresInARow = 0;
  }

  synchronized void failed(String kind, String message) {
    failuresInARow++;
    if (!kind.equals(failingKind)) {
      log.warn("{}: {}", subject, message);
      failingKind = kind;
    }
  }

  /** The kind of the current failure, or null while healthy. */
  synchronized String failingKind() {
    return failingKind;
  }
}
