package dev.gorca.model.gbm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gorca.features.extract.EvidenceReader;
import dev.gorca.features.extract.IncidentEvidence;
import dev.gorca.features.extract.IncidentFeatures;
import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.ingest.contract.MetricSample;
import dev.gorca.ingest.contract.MetricsJsonLines;
import dev.gorca.ingest.gotrace.GoTraceParser;
import dev.gorca.ingest.lab.LabCapture;
import dev.gorca.ingest.lab.LabCaptures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The real-ish training matrix: every lab capture (lab/captures/go{1.19,1.21,1.23}/cause/program,
 * produced by lab/capture.sh) turned into a feature vector by the same pure code the service runs,
 * labelled with the cause the driver recorded in meta.json. Built once per test JVM.
 */
public final class LabMatrix {
  /** The 15 root causes in the taxonomy's order; class index = position. */
  public static final List<String> CLASSES = List.of(
      "goroutine_leak", "deadlock", "concurrent_map_access", "nil_dereference", "index_out_of_range",
      "memory_leak", "gc_pressure", "stack_overflow", "channel_misuse", "sync_misuse",
      "lock_contention", "cgo_crash", "resource_exhaustion", "type_assertion", "application_panic");

  public static final FeatureSchema SCHEMA = FeatureSchema.current();

  private static TrainingData all;
  private static List<LabCapture> captures;

  private LabMatrix() {}

  /** Every capture, one row each, in path order (go1.19 first). */
  public static synchronized TrainingData all() {
    if (all == null) {
      captures = LabCaptures.all();
      if (captures.isEmpty()) throw new IllegalStateException("no lab captures under " + LabCaptures.capturesRoot());
      double[][] rows = new double[captures.size()][];
      int[] labels = new int[captures.size()];
      for (int i = 0; i < rows.length; i++) {
        LabCapture capture = captures.get(i);
        rows[i] = features(capture);
        labels[i] = CLASSES.indexOf(capture.rootCause());
        if (labels[i] < 0) throw new IllegalStateException("unknown root cause " + capture.rootCause() + " in " + capture);
      }
      all = new TrainingData(SCHEMA.names(), CLASSES, rows, labels);
    }
    return all;
  }

  /** The captures behind {@link #all()}'s rows, same order. */
  public static synchronized List<LabCapture> captures() {
    all();
    return captures;
  }

  /** Rows of the captures of one Go version, e.g. {@code go1.23}. */
  public static TrainingData goVersion(String version) {
    return all().subset(indicesWhere(version, true));
  }

  /** Rows of every other Go version. */
  public static TrainingData exceptGoVersion(String version) {
    return all().subset(indicesWhere(version, false));
  }

  private static int[] indicesWhere(String version, boolean equal) {
    List<LabCapture> list = captures();
    return java.util.stream.IntStream.range(0, list.size())
        .filter(i -> list.get(i).goVersion().equals(version) == equal).toArray();
  }

  static double[] features(LabCapture capture) {
    try {
      String crash = Files.readString(capture.crash(), StandardCharsets.UTF_8);
      String dump = capture.hasDump() ? Files.readString(capture.dump(), StandardCharsets.UTF_8) : null;
      List<MetricSample> samples = Files.isRegularFile(capture.metricsJsonLines())
          ? MetricsJsonLines.read(capture.metricsJsonLines()).samples() : List.of();
      JsonNode meta = capture.meta();
      EvidenceReader.Death death = new EvidenceReader.Death(
          meta.path("exit_code").isNumber() ? meta.path("exit_code").asInt() : null,
          meta.path("signal").isTextual() ? meta.path("signal").asText() : null,
          meta.path("reason").isTextual() ? meta.path("reason").asText() : null);
      IncidentEvidence evidence = new EvidenceReader(new GoTraceParser()).read(crash, dump, samples, null, death, 0);
      return IncidentFeatures.extract(evidence, SCHEMA).values();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read lab capture " + capture, e);
    }
  }

  static List<String> names(List<LabCapture> list) {
    List<String> names = new ArrayList<>();
    for (LabCapture capture : list) names.add(capture.name());
    return names;
  }
}
