package dev.gorca.bench.features;

import dev.gorca.bench.BenchData;
import dev.gorca.features.extract.CaseFolder;
import dev.gorca.features.extract.EvidenceReader;
import dev.gorca.features.extract.IncidentEvidence;
import dev.gorca.features.extract.IncidentFeatures;
import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.features.schema.FeatureVector;
import dev.gorca.ingest.gotrace.GoTraceParser;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Feature extraction per incident on real lab incidents: from already-parsed evidence (what the
 * stream does at incident time) and from raw text (what the CLI and the score API do).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FeatureExtractionBenchmark {
  @Param({"go1.23/goroutine_leak/request_timeout", "go1.21/nil_dereference/nil_method_receiver"})
  public String incident;

  private CaseFolder files;
  private IncidentEvidence evidence;
  private final FeatureSchema schema = FeatureSchema.current();
  private final EvidenceReader reader = new EvidenceReader(new GoTraceParser());

  @Setup
  public void read() throws Exception {
    files = CaseFolder.read(BenchData.capture(incident));
    evidence = reader.read(files.crashText(), files.dumpText(), files.samples(), null, files.death(), 0);
  }

  @Benchmark
  public FeatureVector extractFromParsedEvidence() {
    return IncidentFeatures.extract(evidence, schema);
  }

  @Benchmark
  public FeatureVector parseAndExtract() {
    return IncidentFeatures.extract(
        reader.read(files.crashText(), files.dumpText(), files.samples(), null, files.death(), 0), schema);
  }
}
