package dev.gorca.serving.cli;

import dev.gorca.features.schema.FeatureDefinition;
import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.model.corpus.Corpus;
import dev.gorca.model.corpus.CorpusCsv;
import dev.gorca.model.corpus.CorpusRow;
import dev.gorca.model.corpus.LabCase;
import dev.gorca.model.gbm.GbmModel;
import dev.gorca.model.gbm.GbmParams;
import dev.gorca.model.registry.DirectoryModelRegistry;
import dev.gorca.model.registry.FeatureContract;
import dev.gorca.model.registry.StoredModel;
import dev.gorca.model.taxonomy.RootCause;
import dev.gorca.model.training.Trainer;
import dev.gorca.serving.config.GorcaHome;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gorca export}: the training corpus and the current model's raw probabilities on it, as CSV for the
 * notebooks (notebooks/), so Python can look at the data and check that it predicts what Java predicts.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Write DIR/corpus.csv (the training corpus, as 'gorca train' builds it), DIR/java_predictions.csv",
      "(the model's uncalibrated probabilities per row, computed in Java), DIR/model.txt (the model scored with)",
      "and DIR/features.csv (which features the model reads: the others are NaN for it, as in training)."
    })
final class ExportCommand implements Callable<Integer> {
  static final String CORPUS_CSV = "corpus.csv";
  static final String PREDICTIONS_CSV = "java_predictions.csv";
  static final String MODEL_TXT = "model.txt";
  static final String MODEL_ID = "model_id.txt";
  static final String FEATURES_CSV = "features.csv";

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory to write into (created if missing).")
  Path out;

  @Option(names = "--model", paramLabel = "DIR", description = "Model registry whose current model to run (default: <gorca>/models).")
  Path model;

  @Option(names = "--lab", paramLabel = "DIR", description = "Lab captures (default: <gorca>/lab/captures).")
  Path lab;

  @Option(names = "--variants", description = "Generated metric histories per real case (default: ${DEFAULT-VALUE}, as 'gorca train').", defaultValue = "" + Trainer.DEFAULT_VARIANTS)
  int variants;

  @Option(names = "--seed", description = "Seed of the generator (default: ${DEFAULT-VALUE}, as 'gorca train').", defaultValue = "20261125")
  long seed;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter console = spec.commandLine().getOut();
    FeatureSchema schema = FeatureSchema.current();
    Trainer trainer = new Trainer(schema, GbmParams.defaults(schema).toBuilder().seed(seed).build(), variants, seed, Trainer.Progress.QUIET);
    Corpus corpus = trainer.corpus(LabCase.readAll(lab != null ? lab : GorcaHome.labCaptures()));
    Files.createDirectories(out);
    CorpusCsv.write(corpus, out.resolve(CORPUS_CSV));
    writeFeatures(schema, out.resolve(FEATURES_CSV));
    DirectoryModelRegistry registry = new DirectoryModelRegistry(model != null ? model : GorcaHome.shippedModels());
    StoredModel stored = registry.loadCurrent(FeatureContract.of(schema));
    requireClassOrder(stored);
    Files.writeString(out.resolve(MODEL_TXT), stored.modelText(), StandardCharsets.UTF_8);
    Files.writeString(out.resolve(MODEL_ID), stored.modelId() + "\n", StandardCharsets.UTF_8);
    try (GbmModel gbm = stored.open()) {
      writePredictions(corpus, schema, gbm, out.resolve(PREDICTIONS_CSV));
    }
    console.printf("%d rows (%d lab), %d features, model %s: %s, %s, %s written to %s%n", corpus.rows().size(),
        corpus.rows().stream().filter(CorpusRow::isLab).count(), corpus.featureNames().size(), stored.modelId(),
        CORPUS_CSV, PREDICTIONS_CSV, MODEL_TXT + " and " + FEATURES_CSV, out);
    console.flush();
    return 0;
  }

  /** The prediction columns are named after RootCause.ids(); a model trained with another class order would mislabel them. */
  private static void requireClassOrder(StoredModel stored) {
    List<String> modelClasses = stored.provenance().classNames();
    if (!modelClasses.equals(RootCause.ids())) {
      throw new IllegalStateException("model " + stored.modelId() + " has classes " + modelClasses
          + ", expected RootCause.ids() " + RootCause.ids() + "; retrain it: ./gorca train");
    }
  }

  /** The schema's columns with the model-input flag, so Python can apply the same mask as {@link FeatureSchema#modelInput}. */
  static void writeFeatures(FeatureSchema schema, Path file) throws IOException {
    StringBuilder csv = new StringBuilder("name,group,categorical,model_input\n");
    for (FeatureDefinition d : schema.definitions()) {
      csv.append(d.name()).append(',').append(d.group().name().toLowerCase(java.util.Locale.ROOT)).append(',')
          .append(d.categorical()).append(',').append(d.modelInput()).append('\n');
    }
    Files.writeString(file, csv, StandardCharsets.UTF_8);
  }

  /** Raw (uncalibrated) probabilities on the model's input: features that are not model inputs are NaN, as in training. */
  static void writePredictions(Corpus corpus, FeatureSchema schema, GbmModel gbm, Path file) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("case_id,view,source");
      for (String id : RootCause.ids()) w.write(",p_" + id);
      w.write('\n');
      for (CorpusRow row : corpus.rows()) {
        w.write(String.join(",", row.caseId(), row.view().id(), row.source()));
        for (double p : gbm.predictProbabilities(schema.modelInput(row.features()))) w.write("," + p);
        w.write('\n');
      }
    }
  }
}
