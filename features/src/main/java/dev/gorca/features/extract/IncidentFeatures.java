package dev.gorca.features.extract;

import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.features.schema.FeatureVector;
import dev.gorca.ingest.gotrace.GoTrace;
import java.util.List;

/**
 * Turns an incident's evidence into its feature vector. Pure: the command line, the HTTP score API
 * and the Flink operator all call this, so a vector is the same wherever it was computed.
 */
public final class IncidentFeatures {
  private IncidentFeatures() {}

  public static FeatureVector extract(IncidentEvidence evidence, FeatureSchema schema) {
    double[] crash = evidence.crash() == null ? null : CrashFeatures.extract(evidence.crash());
    double[] dump = evidence.dump() != null
        ? DumpShapeFeatures.extract(evidence.dump().goroutines(), DumpShapeFeatures.SOURCE_DUMP)
        : evidence.crash() != null ? dumpShapeOfTraceback(evidence.crash().trace()) : null;
    return assemble(schema, evidence.incidentTsMs(), crash, dump, evidence.dump() != null, evidence.metrics());
  }

  /**
   * The dump shape of a crash's own traceback, for incidents without a dump: meaningful only when
   * the runtime printed every goroutine (GOTRACEBACK=all, a SIGQUIT dump), so at least two.
   */
  public static double[] dumpShapeOfTraceback(GoTrace crash) {
    return crash.goroutines().size() >= 2
        ? DumpShapeFeatures.extract(crash.goroutines(), DumpShapeFeatures.SOURCE_CRASH_TRACEBACK)
        : DumpShapeFeatures.extract(List.of(), DumpShapeFeatures.SOURCE_NONE);
  }

  /**
   * Assembles a vector from group values computed earlier (the streaming path keeps them in state).
   *
   * @param crash CRASH values ({@link CrashFeatures#extract}), or null when there was no crash
   * @param dump DUMP values ({@link DumpShapeFeatures#extract}), or null when there is no dump shape
   * @param hasDump whether a goroutine dump (not a crash traceback) was among the inputs
   */
  public static FeatureVector assemble(
      FeatureSchema schema, long incidentTsMs, double[] crash, double[] dump, boolean hasDump, List<MetricPoint> metrics) {
    FeatureSchema.Builder features = schema.builder();
    MetricWindowFeatures.extract(metrics, incidentTsMs, features, schema);
    DumpShapeFeatures.apply(dump != null ? dump : DumpShapeFeatures.extract(List.of(), DumpShapeFeatures.SOURCE_NONE), features);
    if (crash != null) CrashFeatures.apply(crash, features);
    features.set("has_crash", crash != null);
    features.set("has_dump", hasDump);
    features.set("has_metrics", !MetricWindowFeatures.window(metrics, incidentTsMs, schema.longestWindow()).isEmpty());
    return features.build();
  }
}
