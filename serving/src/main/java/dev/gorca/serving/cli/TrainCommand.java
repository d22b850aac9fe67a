package dev.gorca.serving.cli;

import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.model.corpus.Corpus;
import dev.gorca.model.corpus.CorpusCsv;
import dev.gorca.model.corpus.LabCase;
import dev.gorca.model.eval.Evaluation;
import dev.gorca.model.gbm.GbmParams;
import dev.gorca.model.gbm.IterationLoss;
import dev.gorca.model.registry.DirectoryModelRegistry;
import dev.gorca.model.registry.ModelCandidate;
import dev.gorca.model.training.ModelPackager;
import dev.gorca.model.training.TrainedModel;
import dev.gorca.model.training.Trainer;
import dev.gorca.serving.config.GorcaHome;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gorca train}: builds the corpus from the lab, evaluates leave-program-out, trains and registers the model. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train the root-cause model from the lab's real captures plus generated metric histories",
      "(docs/training-data.md), evaluate it leave-program-out, and save it to a model registry.",
      "With --init-model and --labels, continue an existing model with labelled incidents instead (docs/model.md)."
    })
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--out", paramLabel = "DIR", description = "Model registry to save into (default: the shipped one, <gorca>/models).")
  Path out;

  @Option(names = "--lab", paramLabel = "DIR", description = "Lab captures (default: <gorca>/lab/captures).")
  Path lab;

  @Option(names = "--variants", description = "Generated metric histories per real case (default: ${DEFAULT-VALUE}).", defaultValue = "" + Trainer.DEFAULT_VARIANTS)
  int variants;

  @Option(names = "--seed", description = "Seed of the generator and the trainer (default: ${DEFAULT-VALUE}).", defaultValue = "20261125")
  long seed;

  @Option(names = "--export-csv", paramLabel = "FILE", description = "Also write the corpus as CSV (for the notebooks).")
  Path exportCsv;

  @Option(names = "--no-promote", description = "Save the model without making it current.")
  boolean noPromote;

  @Option(names = "--init-model", paramLabel = "DIR", description = "Registry whose current model to continue (incremental training).")
  Path initModel;

  @Option(names = "--labels", paramLabel = "FILE.jsonl", description = "Labelled incidents for incremental training (docs/model.md).")
  Path labels;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if ((initModel == null) != (labels == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--init-model and --labels go together (incremental training).");
    }
    if (labels != null) return new IncrementalTraining(spec.commandLine().getOut(), initModel, labels, out, seed).run();
    PrintWriter out = spec.commandLine().getOut();
    FeatureSchema schema = FeatureSchema.current();
    GbmParams params = GbmParams.defaults(schema).toBuilder().seed(seed).build();
    Trainer trainer = new Trainer(schema, params, variants, seed, progress(out));
    long start = System.nanoTime();
    List<LabCase> cases = LabCase.readAll(lab != null ? lab : GorcaHome.labCaptures());
    Corpus corpus = trainer.corpus(cases);
    out.printf("corpus: %d rows (%d real), %d programs, data %s%n", corpus.rows().size(),
        corpus.rows().stream().filter(r -> r.isLab()).count(), corpus.programs().size(), corpus.sha256().substring(0, 12));
    if (exportCsv != null) {
      CorpusCsv.write(corpus, exportCsv);
      out.println("corpus written to " + exportCsv);
    }
    Trainer.CrossValidation cv = trainer.crossValidate(corpus);
    Map<String, Evaluation> evaluations = new LinkedHashMap<>();
    cv.byView().forEach((view, e) -> evaluations.put("leave_program_out/" + view, e));
    cv.rawByView().forEach((view, e) -> evaluations.put("leave_program_out_uncalibrated/" + view, e));
    printSummary(out, cv);
    try (TrainedModel model = trainer.trainFinal(corpus, cv.calibrator())) {
      ModelCandidate candidate = ModelPackager.candidate(model, schema, params, evaluations, cv.full(), null,
          "full training from " + cases.size() + " lab cases, " + variants + " generated histories each");
      DirectoryModelRegistry registry = new DirectoryModelRegistry(this.out != null ? this.out : GorcaHome.shippedModels());
      String id = registry.save(candidate);
      if (!noPromote) registry.promote(id);
      out.printf("model %s saved to %s%s in %.0f s%n", id, registry, noPromote ? "" : " and promoted", (System.nanoTime() - start) / 1e9);
    }
    out.flush();
    return 0;
  }

  static void printSummary(PrintWriter out, Trainer.CrossValidation cv) {
    out.println("leave-program-out on real captures (calibrated | uncalibrated):");
    cv.byView().forEach((view, e) -> {
      Evaluation raw = cv.rawByView().get(view);
      out.printf("  %-18s %4d rows  top-1 %.3f | %.3f  top-3 %.3f | %.3f  macro-F1 %.3f | %.3f  ECE %.3f | %.3f%n", view, e.rows(),
          e.metric(Evaluation.TOP1), raw.metric(Evaluation.TOP1), e.metric(Evaluation.TOP3), raw.metric(Evaluation.TOP3),
          e.metric(Evaluation.MACRO_F1), raw.metric(Evaluation.MACRO_F1), e.metric(Evaluation.ECE), raw.metric(Evaluation.ECE));
    });
  }

  static Trainer.Progress progress(PrintWriter out) {
    return new Trainer.Progress() {
      @Override
      public void stage(String message) {
        out.println(message);
        out.flush();
      }

      @Override
      public void onIteration(IterationLoss loss) {
        if (loss.iteration() % 25 == 0) {
          out.printf("    iteration %d: train loss %.4f, validation loss %.4f%n", loss.iteration(), loss.trainLoss(), loss.validLoss());
          out.flush();
        }
      }
    };
  }
}
