package dev.gorca.features.flink;

import dev.gorca.features.extract.BucketSummary;

/**
 * What the assembler keeps of a goroutine dump: its shape features and top buckets, a few hundred
 * bytes however large the dump was. A Flink POJO.
 */
public final class DumpSummary {
  public long tsMs;
  /** DUMP feature values in {@code DumpShapeFeatures.NAMES} order. */
  public double[] shape;
  public BucketSummary[] topBuckets;
  public int goroutines;
  public int parseWarnings;

  public DumpSummary() {}
}
