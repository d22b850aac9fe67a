package dev.gorca.features.extract;

import dev.gorca.features.schema.GoroutineCategory;
import dev.gorca.ingest.gotrace.Bucket;
import dev.gorca.ingest.gotrace.Frame;

/**
 * What an incident keeps of a bucket: enough for the suspect sentence ("11,802 goroutines in chan
 * receive for 45 min at ingest.(*Batcher).loop batcher.go:88, created by ingest.NewBatcher").
 * A POJO so Flink serializes it without Kryo; "" and 0 for absent parts.
 */
public final class BucketSummary {
  public int count;
  public String state = "";
  public String category = "";
  public int minWaitMinutes;
  public int maxWaitMinutes;
  /** The innermost application frame, else the innermost frame. */
  public String function = "";
  public String file = "";
  public int line;
  public String createdBy = "";
  public String createdByFile = "";
  public int createdByLine;

  public BucketSummary() {}

  public static BucketSummary of(Bucket bucket) {
    BucketSummary summary = new BucketSummary();
    summary.count = bucket.count();
    summary.state = bucket.state();
    summary.category = GoroutineCategory.of(bucket.state(), bucket.frames()).id();
    summary.minWaitMinutes = bucket.minWaitMinutes();
    summary.maxWaitMinutes = bucket.maxWaitMinutes();
    Frame frame = bucket.topApplicationFrame() != null ? bucket.topApplicationFrame()
        : bucket.frames().isEmpty() ? null : bucket.frames().get(0);
    if (frame != null) {
      summary.function = frame.function();
      summary.file = frame.file();
      summary.line = frame.line();
    }
    if (bucket.createdBy() != null) {
      summary.createdBy = bucket.createdBy().function();
      summary.createdByFile = bucket.createdBy().file();
      summary.createdByLine = bucket.createdBy().line();
    }
    return summary;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BucketSummary b && count == b.count && state.equals(b.state) && category.equals(b.category)
        && minWaitMinutes == b.minWaitMinutes && maxWaitMinutes == b.maxWaitMinutes && function.equals(b.function)
        && file.equals(b.file) && line == b.line && createdBy.equals(b.createdBy)
        && createdByFile.equals(b.createdByFile) && createdByLine == b.createdByLine;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(count, state, function, file, line, createdBy);
  }

  @Override
  public String toString() {
    return count + " x [" + state + "] " + function + " " + file + ":" + line
        + (createdBy.isEmpty() ? "" : " created by " + createdBy);
  }
}
