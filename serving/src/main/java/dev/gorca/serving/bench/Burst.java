package dev.gorca.serving.bench;

import dev.gorca.serving.demo.LabReplay;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The throughput workload, encoded before the clock starts: {@code instances} instances scraped every
 * {@link #SCRAPE_MS} in event time, each ending with a real lab case (its samples, dump and crash), crashes spread
 * evenly over the second half of the burst. Records are in event-time order, as a fleet's collectors would send
 * them, and end with the event clock past the last crash's grace period, so every incident is due.
 */
final class Burst {
  static final long SCRAPE_MS = 15_000;
  /** Past the last crash's grace period (10 s) and out-of-orderness (5 s). */
  static final long CLOCK_AFTER_LAST_CRASH_MS = 20_000;

  final List<Outgoing> records;
  final Set<String> incidentIds;
  final int samples;
  final int crashes;
  final int dumps;
  final long bytes;
  final long lastTsMs;

  private Burst(List<Outgoing> records, Set<String> incidentIds) {
    this.records = records;
    this.incidentIds = incidentIds;
    this.samples = count(records, Outgoing.Kind.METRICS);
    this.crashes = count(records, Outgoing.Kind.CRASH);
    this.dumps = count(records, Outgoing.Kind.DUMP);
    this.bytes = records.stream().mapToLong(r -> r.value().length).sum();
    this.lastTsMs = records.get(records.size() - 1).tsMs();
  }

  /**
   * @param samplesPerInstance scrapes per instance, the lab case's own last ones included
   * @param fromTsMs event time of the first scrape
   */
  static Burst of(Instances instances, List<LabReplay> replays, int count, int samplesPerInstance, long fromTsMs) {
    long instanceSpanMs = samplesPerInstance * SCRAPE_MS;
    long crashSpacingMs = Math.max(1, instanceSpanMs / count);
    List<Outgoing> records = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      LabReplay replay = replays.get(n % replays.size());
      int healthy = Math.max(0, samplesPerInstance - replay.samples().size());
      long crashTs = fromTsMs + instanceSpanMs + replay.leadMs() + n * crashSpacingMs;
      Instances.Death death = instances.death("t", n, replay, crashTs, healthy, SCRAPE_MS);
      records.addAll(death.records());
      ids.add(death.incidentId());
    }
    records.sort(Comparator.comparingLong(Outgoing::tsMs));
    long end = records.get(records.size() - 1).tsMs() + CLOCK_AFTER_LAST_CRASH_MS;
    records.addAll(instances.clock(end));
    return new Burst(List.copyOf(records), Set.copyOf(ids));
  }

  private static int count(List<Outgoing> records, Outgoing.Kind kind) {
    return (int) records.stream().filter(r -> r.kind() == kind).count();
  }

}
