package dev.gorca.serving.collect;

/** What one HTTP GET of a scrape endpoint gave: the body, or why there is none. */
public sealed interface Fetched {
  /** A 2xx answer whose body fitted the limit. */
  record Body(String text) implements Fetched {
    public Body {
      if (text == null) {
        throw new IllegalArgumentException("text == null");
      }
    }
  }

  /**
   * No usable answer.
   *
   * @param kind a short, stable name of the failure ({@code unreachable}, {@code HTTP 503}, {@code too large}),
   *     so a target failing the same way at every scrape is reported once
   * @param message what happened and what to do, for the log
   */
  record Failed(String kind, String message) implements Fetched {
    public Failed {
      if (kind == null || message == null) {
        throw new IllegalArgumentException("kind == null or message == null");
      }
    }
  }
}
