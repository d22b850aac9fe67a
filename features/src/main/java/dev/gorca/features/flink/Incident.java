package dev.gorca.features.flink;

import dev.gorca.features.extract.BucketSummary;
import dev.gorca.features.extract.MetricPoint;

/**
 * An incident of one service instance: a crash with the evidence around it, or a live incident (a
 * leak in progress, before any crash). What the scorer reads and the incident store keeps. A Flink
 * POJO; its JSON form is in docs/events.md.
 */
public final class Incident {
  public static final String CRASH = "crash";
  public static final String LIVE = "live";

  /** Deterministic from service, instance and time, so replays do not create duplicates. */
  public String incidentId;
  public String service;
  public String instance;
  public long tsMs;
  /** {@link #CRASH} or {@link #LIVE}. */
  public String type;
  /** Null for live incidents. */
  public CrashSummary crash;
  /** The largest application buckets of the dump (else of the crash traceback), largest first. */
  public BucketSummary[] topBuckets;
  public String featureSchema;
  public double[] features;
  /**
   * The instance's metric samples in the longest window up to the incident, oldest first: what the
   * detail page charts. Empty without metrics.
   */
  public MetricPoint[] history = new MetricPoint[0];
  /** Which inputs the incident had: crash, dump, metrics. */
  public String[] inputs;
  /** Live incidents: what is leaking, in a sentence. "" for crashes. */
  public String liveReason = "";
  /** Live incidents: the resource running out (goroutines, memory, fds, threads). */
  public String liveResource = "";
  /** Live incidents: estimated seconds until the resource is exhausted; NaN when unknown. */
  public double secondsToExhaustion = Double.NaN;

  public Incident() {}

  @Override
  public String toString() {
    return type + " incident " + incidentId + " " + service + "/" + instance + " @" + tsMs;
  }
}
