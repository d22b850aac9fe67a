package dev.gorca.ingest.gotrace;

import java.util.List;
import java.util.Objects;

/**
 * Goroutines with the same state, the same stack (functions, files and lines; argument values and
 * pointers ignored) and the same creator. A dump of 50,000 goroutines is usually a handful of
 * buckets, and the largest one is usually the bug.
 *
 * @param state the shared wait reason
 * @param count how many goroutines
 * @param minWaitMinutes the shortest wait among them
 * @param maxWaitMinutes the longest wait among them
 * @param lockedToThread how many of them are locked to their thread
 * @param frames the shared stack, arguments of the first goroutine
 * @param createdBy the shared creator, or null
 * @param topApplicationFrame innermost frame outside the standard library, or null
 * @param goroutineIds ids of the first goroutines in the bucket, at most {@link #MAX_IDS_KEPT}
 */
public record Bucket(
    String state,
    int count,
    int minWaitMinutes,
    int maxWaitMinutes,
    int lockedToThread,
    List<Frame> frames,
    CreatedBy createdBy,
    Frame topApplicationFrame,
    List<Long> goroutineIds) {

  public static final int MAX_IDS_KEPT = 20;

  public Bucket {
    Objects.requireNonNull(state, "state == null");
    if (count < 1) throw new IllegalArgumentException("count < 1: " + count);
    frames = List.copyOf(frames);
    goroutineIds = List.copyOf(goroutineIds);
  }
}
