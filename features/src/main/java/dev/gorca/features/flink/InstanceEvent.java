package dev.gorca.features.flink;

import dev.gorca.features.extract.MetricPoint;

/**
 * One event of one service instance, in the form the incident assembler consumes: exactly one of
 * {@link #metrics}, {@link #dump}, {@link #crash} is set, as {@link #type} says. Parsing happens
 * before the keyBy (see {@link InstanceEvents}) so the keyed operator only handles small summaries.
 */
public final class InstanceEvent {
  public enum Type { METRICS, DUMP, CRASH }

  public String service;
  public String instance;
  public long tsMs;
  public Type type;
  public MetricPoint metrics;
  public DumpSummary dump;
  public CrashSummary crash;

  public InstanceEvent() {}

  /** The key: one incident stream per service instance. */
  public String key() {
    return key(service, instance);
  }

  public static String key(String service, String instance) {
    return service + "/" + instance;
  }

  @Override
  public String toString() {
    return type + "@" + tsMs + " " + key();
  }
}
