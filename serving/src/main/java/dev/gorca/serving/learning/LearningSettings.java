package dev.gorca.serving.learning;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * When and from what the stream learns: an incremental step runs once {@code minLabels} new labels
 * have arrived, or {@code maxWait} after the first of them, whichever comes first.
 *
 * @param registryDir the model registry the step continues from, saves to and promotes in; every
 *     TaskManager must read the same directory (docs/operations.md)
 * @param labCapturesDir gorca's {@code lab/captures}: the real rows every step replays and the gate judges on
 */
public record LearningSettings(int minLabels, Duration maxWait, String registryDir, String labCapturesDir, long seed)
    implements Serializable {
  public static final int DEFAULT_MIN_LABELS = 20;
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofMinutes(10);
  public static final long DEFAULT_SEED = 42;

  public LearningSettings {
    if (minLabels < 1) throw new IllegalArgumentException("expected learning.min-labels >= 1, found " + minLabels);
    Objects.requireNonNull(maxWait, "maxWait == null");
    if (maxWait.isNegative() || maxWait.isZero()) {
      throw new IllegalArgumentException("expected a positive learning.max-wait, found " + maxWait);
    }
    Objects.requireNonNull(registryDir, "registryDir == null");
    Objects.requireNonNull(labCapturesDir, "labCapturesDir == null");
  }
}
