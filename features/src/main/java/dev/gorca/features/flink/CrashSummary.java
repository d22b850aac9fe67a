package dev.gorca.features.flink;

import dev.gorca.features.extract.BucketSummary;

/** What the assembler keeps of a crash event: its features, headline and top buckets. A Flink POJO. */
public final class CrashSummary {
  public long tsMs;
  /** SHA-256 of the crash text: the same text from the same instance is the same crash, re-sent. */
  public String fingerprint;
  public String kind;
  public String message;
  /** The signal name from the trace, else from the envelope; "" when none. */
  public String signal = "";
  /** -1 when unknown. */
  public int exitCode = -1;
  public String reason = "";
  public String goVersion = "";
  /** CRASH feature values in {@code CrashFeatures.NAMES} order. */
  public double[] features;
  /** DUMP feature values of the crash's own traceback (used when no dump came). */
  public double[] tracebackShape;
  public BucketSummary[] topBuckets;
  /** Where the failing goroutine was (CrashSite), or null when no goroutine failed (dumps, deadlocks). */
  public BucketSummary site;
  /** The function repeating most in the failing stack (recursion), or "". */
  public String repeatedFunction = "";
  public int goroutines;
  public int parseWarnings;
  /** Further copies of this crash merged into it (retries of the same event). */
  public int duplicates;

  public CrashSummary() {}
}
