package dev.gorca.model.scoring;

import dev.gorca.features.extract.BucketSummary;
import java.util.List;
import java.util.Set;

/**
 * Chooses the suspect for a diagnosis. For bugs in code (a nil pointer, a bad index, a closed
 * channel, a racy map) the failing goroutine's frame is the place; for leaks and hangs it is the
 * largest group of goroutines stuck at the same line; for a stack overflow, the function that
 * calls itself.
 */
public final class SuspectFinder {
  /** Causes where many goroutines stuck in one place tell the story. */
  private static final Set<String> CROWD_CAUSES = Set.of(
      "goroutine_leak", "deadlock", "lock_contention", "resource_exhaustion", "memory_leak", "gc_pressure");

  private SuspectFinder() {}

  /**
   * @param rootCause the diagnosed cause
   * @param site the failing goroutine's location, or null
   * @param repeatedFunction the function repeating most in the failing stack, or ""
   * @param buckets the largest application buckets, largest first
   */
  public static Suspect find(String rootCause, BucketSummary site, String repeatedFunction, List<BucketSummary> buckets) {
    BucketSummary largest = buckets.isEmpty() ? null : buckets.get(0);
    if (rootCause.equals("stack_overflow") && !repeatedFunction.isEmpty()) {
      BucketSummary where = site;
      String location = where == null ? "" : " at " + where.function + " " + basename(where.file) + ":" + where.line;
      return new Suspect(repeatedFunction + " calls itself without end" + location, "recursion", repeatedFunction,
          where == null ? "" : where.file, where == null ? 0 : where.line, 1, where == null ? "running" : where.state, 0,
          where == null ? "" : where.createdBy);
    }
    boolean crowd = CROWD_CAUSES.contains(rootCause) && largest != null && (site == null || largest.count > 1);
    if (crowd || site == null) return largest == null ? null : ofBucket(largest);
    return ofSite(site);
  }

  static Suspect ofBucket(BucketSummary b) {
    StringBuilder sentence = new StringBuilder();
    sentence.append(String.format("%,d goroutine%s in %s", b.count, b.count == 1 ? "" : "s", b.state));
    if (b.maxWaitMinutes > 0) sentence.append(" for ").append(b.maxWaitMinutes).append(" min");
    sentence.append(" at ").append(b.function).append(' ').append(basename(b.file)).append(':').append(b.line);
    if (!b.createdBy.isEmpty()) sentence.append(", created by ").append(b.createdBy);
    return new Suspect(sentence.toString(), "bucket", b.function, b.file, b.line, b.count, b.state, b.maxWaitMinutes, b.createdBy);
  }

  static Suspect ofSite(BucketSummary s) {
    String sentence = "the failing goroutine was at " + s.function + " " + basename(s.file) + ":" + s.line
        + (s.createdBy.isEmpty() ? "" : ", started by " + s.createdBy);
    return new Suspect(sentence, "crash_site", s.function, s.file, s.line, 1, s.state, s.maxWaitMinutes, s.createdBy);
  }

  static String basename(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }
}
