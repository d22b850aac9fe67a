package dev.gorca.features.flink;

import dev.gorca.features.extract.BucketSummary;
import dev.gorca.features.extract.CrashEvidence;
import dev.gorca.features.extract.CrashFeatures;
import dev.gorca.features.extract.CrashSite;
import dev.gorca.features.extract.DumpShapeFeatures;
import dev.gorca.features.extract.IncidentFeatures;
import dev.gorca.features.extract.MetricPoint;
import dev.gorca.ingest.contract.CrashEnvelope;
import dev.gorca.ingest.contract.DumpEnvelope;
import dev.gorca.ingest.contract.MetricSample;
import dev.gorca.ingest.gotrace.GoTrace;
import dev.gorca.ingest.gotrace.GoTraceParser;
import dev.gorca.ingest.gotrace.SignalInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Turns envelopes into {@link InstanceEvent}s: parses crash text and dumps and keeps only their
 * summaries. Stateless, so it runs before the keyBy at full parallelism.
 */
public final class InstanceEvents {
  /** Buckets an incident carries for the suspect and the UI. */
  public static final int TOP_BUCKETS = 5;

  private final GoTraceParser parser;

  public InstanceEvents(GoTraceParser parser) {
    this.parser = parser;
  }

  public InstanceEvent metrics(String service, String instance, MetricSample sample) {
    InstanceEvent event = base(service, instance, sample.tsMs(), InstanceEvent.Type.METRICS);
    event.metrics = MetricPoint.of(sample);
    return event;
  }

  public InstanceEvent dump(DumpEnvelope envelope) {
    GoTrace trace = parser.parse(envelope.text());
    DumpSummary dump = new DumpSummary();
    dump.tsMs = envelope.tsMs();
    dump.shape = DumpShapeFeatures.extract(trace.goroutines(), DumpShapeFeatures.SOURCE_DUMP);
    dump.topBuckets = DumpShapeFeatures.topBuckets(trace.goroutines(), TOP_BUCKETS).toArray(new BucketSummary[0]);
    dump.goroutines = trace.goroutines().size();
    dump.parseWarnings = trace.warnings().size();
    InstanceEvent event = base(envelope.service(), envelope.instance(), envelope.tsMs(), InstanceEvent.Type.DUMP);
    event.dump = dump;
    return event;
  }

  public InstanceEvent crash(CrashEnvelope envelope) {
    GoTrace trace = parser.parse(envelope.text());
    CrashSummary crash = new CrashSummary();
    crash.tsMs = envelope.tsMs();
    crash.fingerprint = sha256(envelope.text());
    crash.kind = trace.kind().id();
    crash.message = trace.message();
    SignalInfo signal = trace.signal();
    crash.signal = signal != null && !signal.name().isEmpty() ? signal.name()
        : envelope.signal() != null ? envelope.signal() : "";
    Integer exitCode = envelope.exitCode() != null ? envelope.exitCode() : trace.exitStatus();
    crash.exitCode = exitCode == null ? -1 : exitCode;
    crash.reason = envelope.reason() == null ? "" : envelope.reason();
    crash.goVersion = envelope.goVersion() == null ? "" : envelope.goVersion();
    crash.features = CrashFeatures.extract(new CrashEvidence(trace, envelope.exitCode(), envelope.signal(), envelope.reason()));
    crash.tracebackShape = IncidentFeatures.dumpShapeOfTraceback(trace);
    crash.topBuckets = DumpShapeFeatures.topBuckets(trace.goroutines(), TOP_BUCKETS).toArray(new BucketSummary[0]);
    crash.site = CrashSite.of(trace);
    crash.repeatedFunction = CrashSite.mostRepeatedFunction(trace);
    crash.goroutines = trace.goroutines().size();
    crash.parseWarnings = trace.warnings().size();
    InstanceEvent event = base(envelope.service(), envelope.instance(), envelope.tsMs(), InstanceEvent.Type.CRASH);
    event.crash = crash;
    return event;
  }

  private static InstanceEvent base(String service, String instance, long tsMs, InstanceEvent.Type type) {
    InstanceEvent event = new InstanceEvent();
    event.service = service;
    event.instance = instance;
    event.tsMs = tsMs;
    event.type = type;
    return event;
  }

  static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
