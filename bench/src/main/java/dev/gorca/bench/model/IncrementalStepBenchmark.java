package dev.gorca.bench.model;

import dev.gorca.bench.BenchData;
import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.model.corpus.CorpusRow;
import dev.gorca.model.corpus.LabCase;
import dev.gorca.model.corpus.LabCorpus;
import dev.gorca.model.corpus.SyntheticCorpus;
import dev.gorca.model.corpus.View;
import dev.gorca.model.eval.Calibrator;
import dev.gorca.model.gbm.GbmModel;
import dev.gorca.model.gbm.GbmParams;
import dev.gorca.model.gbm.TrainingListener;
import dev.gorca.model.registry.DirectoryModelRegistry;
import dev.gorca.model.registry.FeatureContract;
import dev.gorca.model.registry.StoredModel;
import dev.gorca.model.training.IncrementalTrainer;
import dev.gorca.model.training.LabelledRow;
import dev.gorca.model.training.ModelArtifacts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
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

/**
 * One incremental training step on the shipped model with 100 new labels, as {@code gorca train
 * --init-model --labels} runs it: 20 held back, continue on the rest plus the replay of the real lab
 * rows, novelty refit, both models evaluated, the gate's verdict. Saving to the registry is left out.
 * The labels are generated metric histories of the lab cases (a fresh seed), shuffled.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 8)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class IncrementalStepBenchmark {
  static final int LABELS = 100;
  private static final long SEED = 20261125L;

  private FeatureSchema schema;
  private GbmModel current;
  private Calibrator calibrator;
  private List<LabelledRow> labels;
  private List<LabelledRow> labRows;

  @Setup
  public void open() throws Exception {
    schema = FeatureSchema.current();
    StoredModel stored = new DirectoryModelRegistry(BenchData.repoRoot().resolve("models")).loadCurrent(FeatureContract.of(schema));
    current = stored.open();
    calibrator = ModelArtifacts.calibrator(stored);
    List<LabCase> cases = LabCase.readAll(BenchData.repoRoot().resolve("lab/captures"));
    labRows = LabCorpus.of(cases, schema).rows().stream().filter(r -> r.view() == View.FULL).map(IncrementalStepBenchmark::labelled).toList();
    List<CorpusRow> fresh = new ArrayList<>(SyntheticCorpus.of(cases, schema, 1, SEED, SyntheticCorpus.Progress.NONE).rows());
    Collections.shuffle(fresh, new Random(SEED));
    labels = fresh.stream().limit(LABELS).map(IncrementalStepBenchmark::labelled).toList();
  }

  private static LabelledRow labelled(CorpusRow row) {
    return new LabelledRow(row.caseId(), row.rootCause(), row.features());
  }

  @TearDown
  public void close() {
    current.close();
  }

  @Benchmark
  public boolean stepWithHundredLabels() {
    IncrementalTrainer.Step step = new IncrementalTrainer(schema, GbmParams.defaults(schema), SEED)
        .step(current, calibrator, labels, labRows, TrainingListener.NONE);
    try (var candidate = step.candidate()) {
      return step.verdict().promote();
    }
  }
}
