package dev.gorca.features.schema;

import java.time.Duration;

/** The one place feature names are built, so a name is never concatenated inline elsewhere. */
public final class FeatureNames {
  private FeatureNames() {}

  /** {@code goroutines_delta} over 5 minutes is {@code goroutines_delta_5m}. */
  public static String windowed(String base, Duration window) {
    return base + "_" + windowLabel(window);
  }

  /** {@code 5m}, {@code 1m}, {@code 90s}, {@code 2h}. */
  public static String windowLabel(Duration window) {
    long seconds = window.getSeconds();
    if (seconds <= 0) throw new IllegalArgumentException("window must be positive, got " + window);
    if (seconds % 3600 == 0) return seconds / 3600 + "h";
    if (seconds % 60 == 0) return seconds / 60 + "m";
    return seconds + "s";
  }
}
