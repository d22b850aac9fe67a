package dev.gorca.serving.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Locale;

/** The figures as a table for people, or JSON (snake_case) for scripts. */
public final class BenchReport {
  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private BenchReport() {}

  public static String json(BenchResults results) {
    try {
      return JSON.writeValueAsString(results);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the results as JSON: " + e.getMessage(), e);
    }
  }

  public static String table(BenchResults r) {
    StringBuilder out = new StringBuilder();
    Machine m = r.machine();
    out.append(f("gorca bench: Kafka -> Flink -> Kafka in one JVM; %d cores, %.0f GiB, heap max %.1f GiB, %s,"
        + " load average %.1f at start, %.1f at end; %.0f s in all%n", m.cores(), m.memoryGib(), m.maxHeapGib(),
        m.java(), m.loadAverageAtStart(), m.loadAverageAtEnd(), r.totalSeconds()));
    if (r.throughput() != null) throughput(out, r.throughput());
    if (!r.latency().isEmpty()) {
      out.append(f("%nCrash-to-incident latency (crash produced -> incident visible to read_committed), ms%n"));
      out.append(f("  %-11s %8s %7s %8s %7s %7s %7s %7s %8s%n", "checkpoint", "crashes/s", "crashes", "missing",
          "p50", "p95", "p99", "max", "mean"));
      for (LatencyResult l : r.latency()) {
        Percentiles p = l.latency();
        out.append(f("  %-11s %8.1f %7d %8d %7d %7d %7d %7d %8.0f%n", l.checkpointIntervalMs() / 1000.0 + " s",
            l.crashesPerSecond(), l.crashes(), l.missingIncidents(), p.p50Ms(), p.p95Ms(), p.p99Ms(), p.maxMs(),
            p.meanMs()));
      }
      LatencyResult first = r.latency().get(0);
      out.append(f("  (an incident is due %d s grace + %d s out-of-orderness after its crash in event time, then"
          + " waits for the next checkpoint to commit)%n", first.gracePeriodMs() / 1000, first.outOfOrdernessMs() / 1000));
    }
    if (!r.learning().isEmpty()) {
      out.append(f("%nLearning loop (labels sent -> ...), s%n"));
      out.append(f("  %-7s %-11s %-22s %-22s %s%n", "labels", "checkpoint", "model promoted", "first incident scored",
          "promoted model"));
      for (LearningResult l : r.learning()) {
        out.append(f("  %-7d %-11s %-22s %-22s %s%n", l.labels(), l.checkpointIntervalMs() / 1000.0 + " s",
            seconds(l.labelToPromotedSeconds()), seconds(l.labelToScoredSeconds()),
            l.promoted() ? l.promotedModelId() : "none (parent " + l.parentModelId() + ")"));
      }
    }
    return out.toString();
  }

  private static void throughput(StringBuilder out, ThroughputResult t) {
    out.append(f("%nThroughput: a burst of %,d instances (%,d metric samples, %,d crashes, %,d dumps, %.0f MB),"
        + " parallelism %d, checkpoint %.1f s%n", t.instances(), t.samples(), t.crashes(), t.dumps(), t.megabytes(),
        t.parallelism(), t.checkpointIntervalMs() / 1000.0));
    out.append(f("  %-44s %,12.0f%n", "metric samples/s, end to end", t.samplesPerSecond()));
    out.append(f("  %-44s %,12.1f%n", "crash events/s, end to end", t.crashesPerSecond()));
    out.append(f("  %-44s %,12.1f%n", "MB/s, end to end", t.megabytesPerSecond()));
    out.append(f("  %-44s %,12.1f%n", "first record produced -> last incident, s", t.endToEndSeconds()));
    out.append(f("  %-44s %,12.0f%n", "producer records/s (send to last ack)", t.producerRecordsPerSecond()));
    out.append(f("  %-44s %,12.1f%n", "producer MB/s", t.producerMegabytesPerSecond()));
    out.append(f("  %-44s %,12.1f%n", "producer done after, s", t.producerSeconds()));
    out.append(f("  %-44s %,12.1f%n", "last ack -> last incident, s", t.tailSeconds()));
    out.append(f("  %-44s %,9d of %,d%n", "incidents out", t.incidents(), t.incidents() + t.missingIncidents()));
  }

  private static String seconds(Double s) {
    return s == null ? "-" : String.format(Locale.ROOT, "%.1f", s);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
