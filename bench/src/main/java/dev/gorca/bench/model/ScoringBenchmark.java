package dev.gorca.bench.model;

import dev.gorca.bench.BenchData;
import dev.gorca.features.extract.CaseFolder;
import dev.gorca.features.extract.EvidenceReader;
import dev.gorca.features.extract.IncidentEvidence;
import dev.gorca.features.extract.IncidentFeatures;
import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.features.schema.FeatureVector;
import dev.gorca.ingest.gotrace.GoTraceParser;
import dev.gorca.model.registry.DirectoryModelRegistry;
import dev.gorca.model.scoring.ScoreResult;
import dev.gorca.model.scoring.Scorer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** Scoring one incident with the shipped model: calibrated prediction alone, and the whole diagnosis. Sample mode gives p50/p99. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ScoringBenchmark {
  private Scorer scorer;
  private FeatureVector vector;
  private Scorer.SuspectContext context;
  private double[] features;

  @Setup
  public void open() throws Exception {
    FeatureSchema schema = FeatureSchema.current();
    scorer = Scorer.current(new DirectoryModelRegistry(BenchData.repoRoot().resolve("models")), schema);
    CaseFolder files = CaseFolder.read(BenchData.capture("go1.23/goroutine_leak/request_timeout"));
    IncidentEvidence evidence = new EvidenceReader(new GoTraceParser()).read(files.crashText(), files.dumpText(), files.samples(), null, files.death(), 0);
    vector = IncidentFeatures.extract(evidence, schema);
    features = vector.values();
    context = Scorer.SuspectContext.of(evidence);
  }

  @TearDown
  public void close() {
    scorer.close();
  }

  @Benchmark
  public double[] predictCalibrated() {
    return scorer.probabilities(features);
  }

  @Benchmark
  public ScoreResult diagnoseWithExplanation() {
    return scorer.score(vector, context, java.util.List.of("crash", "dump", "metrics"));
  }
}
