package dev.gorca.serving.grafana;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a request that is safe to repeat is tried when Grafana answers 5xx or cannot be reached: at most
 * {@code maxAttempts} tries, waiting {@code firstDelay}, then twice as long each time, never more than
 * {@code maxDelay}.
 */
public record RetryPolicy(int maxAttempts, Duration firstDelay, Duration maxDelay) {
  /** 5 attempts over about 7.5 s of waiting: 0.5, 1, 2, 4 s. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(8));

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("expected maxAttempts >= 1, found " + maxAttempts);
    }
    Objects.requireNonNull(firstDelay, "firstDelay == null");
    Objects.requireNonNull(maxDelay, "maxDelay == null");
    if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
      throw new IllegalArgumentException("expected 0 <= firstDelay <= maxDelay, found " + firstDelay + " and "
          + maxDelay);
    }
  }

  public RetryPolicy withMaxAttempts(int attempts) {
    return new RetryPolicy(attempts, firstDelay, maxDelay);
  }

  /** The wait after failed attempt {@code attempt} (1-based) before the next one. */
  public Duration delayAfter(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("expected attempt >= 1, found " + attempt);
    }
    Duration delay = firstDelay;
    for (int i = 1; i < attempt && delay.compareTo(maxDelay) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
  }
}
