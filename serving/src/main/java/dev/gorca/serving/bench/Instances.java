package dev.gorca.serving.bench;

import dev.gorca.features.flink.IncidentIds;
import dev.gorca.ingest.contract.Envelope;
import dev.gorca.ingest.contract.EnvelopeCodec;
import dev.gorca.ingest.contract.MetricsEnvelope;
import dev.gorca.ingest.contract.ServiceEnvelope;
import dev.gorca.serving.demo.HealthyInstance;
import dev.gorca.serving.demo.LabReplay;
import dev.gorca.serving.job.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Simulated instances that die the way lab programs died: optional healthy scrapes, then the lab case's own
 * samples, dump and crash ({@link LabReplay}), encoded as the collector would send them. Also the event clock:
 * a sample on every metrics partition, so each decoding subtask's watermark moves.
 */
final class Instances {
  static final String SERVICE_PREFIX = "bench";
  private final EnvelopeCodec codec = new EnvelopeCodec();
  private final Topics topics;
  private final int partitions;

  Instances(Topics topics, int partitions) {
    this.topics = topics;
    this.partitions = partitions;
  }

  /** One dying instance: what it sends and the id its incident will have. */
  record Death(String incidentId, String caseId, String rootCause, long crashTsMs, List<Outgoing> records) {}

  static String service(int instance) {
    return SERVICE_PREFIX + "-" + (instance % 50);
  }

  static String instance(String run, int instance) {
    return service(instance) + "-" + run + "-" + instance;
  }

  /**
   * Instance {@code n} of {@code run}: {@code healthySamples} scrapes {@code scrapeMs} apart, then {@code replay} ending
   * in a crash at {@code crashTsMs}.
   */
  Death death(String run, int n, LabReplay replay, long crashTsMs, int healthySamples, long scrapeMs) {
    String service = service(n);
    String instance = instance(run, n);
    List<LabReplay.Step> steps = replay.steps(service, instance, crashTsMs,
        new LabReplay.TopicNames(topics.crashes(), topics.metrics(), topics.dumps()));
    List<Outgoing> records = new ArrayList<>(healthySamples + steps.size());
    long firstTs = steps.get(0).tsMs();
    Random random = new Random(n);
    HealthyInstance healthy = new HealthyInstance(service, instance, random);
    for (int k = healthySamples; k >= 1; k--) {
      long ts = firstTs - k * scrapeMs;
      records.add(new Outgoing(ts, topics.metrics(), null, instance, codec.encode(
          MetricsEnvelope.ofValues(service, instance, ts, healthy.scrape(scrapeMs / 1000.0, random))), Outgoing.Kind.METRICS));
    }
    for (LabReplay.Step step : steps) {
      Envelope envelope = (Envelope) step.envelope();
      Outgoing.Kind kind = step.topic().equals(topics.crashes()) ? Outgoing.Kind.CRASH
          : step.topic().equals(topics.dumps()) ? Outgoing.Kind.DUMP : Outgoing.Kind.METRICS;
      records.add(new Outgoing(step.tsMs(), step.topic(), null, ((ServiceEnvelope) envelope).instance(),
          codec.encode(envelope), kind));
    }
    return new Death(IncidentIds.crash(service, instance, crashTsMs), replay.caseId(), replay.rootCause(), crashTsMs,
        records);
  }

  /** A healthy sample at {@code tsMs} on every partition of the metrics topic. */
  List<Outgoing> clock(long tsMs) {
    List<Outgoing> ticks = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      String instance = "bench-clock-" + p;
      ticks.add(new Outgoing(tsMs, topics.metrics(), p, instance, codec.encode(MetricsEnvelope.ofValues("bench-clock",
          instance, tsMs, java.util.Map.of("go_goroutines", 10.0))), Outgoing.Kind.CLOCK));
    }
    return ticks;
  }

  byte[] encode(Envelope envelope) {
    return codec.encode(envelope);
  }
}
