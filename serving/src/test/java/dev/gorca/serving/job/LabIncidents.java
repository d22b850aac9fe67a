package dev.gorca.serving.job;

import dev.gorca.features.extract.EvidenceReader;
import dev.gorca.features.extract.IncidentFeatures;
import dev.gorca.features.flink.Incident;
import dev.gorca.features.flink.IncidentIds;
import dev.gorca.features.flink.InstanceEvents;
import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.features.schema.FeatureVector;
import dev.gorca.ingest.contract.CrashEnvelope;
import dev.gorca.ingest.contract.DumpEnvelope;
import dev.gorca.ingest.contract.EnvelopeCodec;
import dev.gorca.ingest.contract.MetricSample;
import dev.gorca.ingest.contract.MetricsEnvelope;
import dev.gorca.ingest.contract.MetricsJsonLines;
import dev.gorca.ingest.gotrace.GoTraceParser;
import dev.gorca.ingest.lab.LabCaptures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Crash-only incidents built from real lab captures, the way the assembler would build them. */
final class LabIncidents {
  /** The crash comes this long after the capture's last metrics sample, as a dying process reports it. */
  static final long CRASH_AFTER_LAST_SAMPLE_MS = 150;
  static final long DUMP_BEFORE_CRASH_MS = 100;

  private LabIncidents() {}

  /** One encoded envelope as an instance sends it, with the topic it goes to and its event time. */
  record Sent(long tsMs, String topic, String instance, byte[] value) {}

  /** What one instance sends for one lab capture (metrics, dump, crash), and when it crashed. */
  record Sending(String instance, long crashTsMs, List<Sent> envelopes) {
    String incidentId() {
      return IncidentIds.crash("lab", instance, crashTsMs);
    }
  }

  /**
   * The metrics samples, the dump (when the capture has one) and the crash of a lab capture, encoded as instance
   * {@code instance} of service {@code lab} sends them to the default topics, shifted {@code shiftMs} in time.
   */
  static Sending envelopes(String cause, String program, String instance, long shiftMs) {
    Path capture = capture(cause, program);
    EnvelopeCodec codec = new EnvelopeCodec();
    List<Sent> out = new ArrayList<>();
    try {
      List<MetricSample> samples = MetricsJsonLines.read(capture.resolve("metrics.jsonl")).samples();
      for (MetricSample s : samples) {
        long ts = s.tsMs() + shiftMs;
        byte[] value = codec.encode(MetricsEnvelope.ofValues("lab", instance, ts, s.values()));
        out.add(new Sent(ts, "gorca.metrics", instance, value));
      }
      long crashTs = samples.get(samples.size() - 1).tsMs() + shiftMs + CRASH_AFTER_LAST_SAMPLE_MS;
      Path dump = capture.resolve("dump.txt");
      if (Files.isRegularFile(dump)) {
        long dumpTs = crashTs - DUMP_BEFORE_CRASH_MS;
        out.add(new Sent(dumpTs, "gorca.dumps", instance, codec.encode(new DumpEnvelope("lab", instance, dumpTs,
            Files.readString(dump)))));
      }
      out.add(new Sent(crashTs, "gorca.crashes", instance, codec.encode(CrashEnvelope.of("lab", instance, crashTs,
          Files.readString(capture.resolve("crash.txt"))))));
      return new Sending(instance, crashTs, out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read lab capture " + capture, e);
    }
  }

  static Path capture(String cause, String program) {
    return LabCaptures.repoRoot().resolve("lab/captures/go1.23").resolve(cause).resolve(program);
  }

  static Incident crashOnly(String cause, String program, String instance, long tsMs) {
    String text;
    try {
      text = Files.readString(capture(cause, program).resolve("crash.txt"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    GoTraceParser parser = new GoTraceParser();
    FeatureVector vector = IncidentFeatures.extract(new EvidenceReader(parser)
        .read(text, null, List.of(), tsMs, EvidenceReader.Death.UNKNOWN, tsMs), FeatureSchema.current());
    Incident incident = new Incident();
    incident.service = "lab";
    incident.instance = instance;
    incident.tsMs = tsMs;
    incident.incidentId = IncidentIds.crash(incident.service, instance, tsMs);
    incident.type = Incident.CRASH;
    incident.crash = new InstanceEvents(parser).crash(CrashEnvelope.of("lab", instance, tsMs, text)).crash;
    incident.topBuckets = incident.crash.topBuckets;
    incident.featureSchema = vector.schemaVersion();
    incident.features = vector.values();
    incident.inputs = new String[] {"crash"};
    return incident;
  }
}
