package dev.gorca.model.training;

import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.model.corpus.Corpus;
import dev.gorca.model.corpus.CorpusRow;
import dev.gorca.model.corpus.LabCase;
import dev.gorca.model.corpus.LabCorpus;
import dev.gorca.model.corpus.SyntheticCorpus;
import dev.gorca.model.corpus.View;
import dev.gorca.model.eval.Calibrator;
import dev.gorca.model.eval.Evaluation;
import dev.gorca.model.eval.Evaluator;
import dev.gorca.model.eval.NoveltyDetector;
import dev.gorca.model.gbm.GbmModel;
import dev.gorca.model.gbm.GbmParams;
import dev.gorca.model.gbm.GbmTrainer;
import dev.gorca.model.gbm.TrainingData;
import dev.gorca.model.gbm.TrainingListener;
import dev.gorca.model.gbm.TrainingResult;
import dev.gorca.model.taxonomy.RootCause;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Trains the root-cause model from the lab: builds the corpus (real rows plus generated metric
 * histories), evaluates the procedure leave-program-out on real captures, and trains the model
 * that ships, with its calibration and novelty detector.
 */
public final class Trainer {
  /**
   * Generated metric histories per real case for {@code gorca train} and the CI quality test alike, so
   * the evaluation shipped with the model is the one CI enforces. 8 and 12 measured the same within one
   * program's flip over five split seeds (leave-program-out top-1 0.947–0.968 vs 0.950–0.965,
   * docs/model.md), and 8 trains a third faster.
   */
  public static final int DEFAULT_VARIANTS = 8;

  private final FeatureSchema schema;
  private final GbmParams params;
  private final int variantsPerCase;
  private final long seed;
  private final Progress progress;

  /**
   * @param variantsPerCase generated rows per real case (docs/training-data.md)
   * @param progress told about each stage, fold and iteration
   */
  public Trainer(FeatureSchema schema, GbmParams params, int variantsPerCase, long seed, Progress progress) {
    this.schema = schema;
    this.params = params;
    this.variantsPerCase = variantsPerCase;
    this.seed = seed;
    this.progress = progress;
  }

  /** What a run says as it goes; the CLI prints it, tests ignore it. */
  public interface Progress extends TrainingListener {
    void stage(String message);

    Progress QUIET = new Progress() {
      @Override
      public void stage(String message) {}

      @Override
      public void onIteration(dev.gorca.model.gbm.IterationLoss loss) {}
    };
  }

  public static List<String> classes() {
    return RootCause.ids();
  }

  /** The full corpus: every real row and the generated ones, in one schema. */
  public Corpus corpus(List<LabCase> cases) {
    progress.stage("corpus: " + cases.size() + " real cases through every view");
    Corpus lab = LabCorpus.of(cases, schema);
    progress.stage("corpus: generating " + variantsPerCase + " metric histories per case");
    Corpus synthetic = SyntheticCorpus.of(cases, schema, variantsPerCase, seed,
        (done, total) -> { if (done % 25 == 0 || done == total) progress.stage("  generated " + done + "/" + total + " cases"); });
    return lab.plus(synthetic);
  }

  /**
   * Leave-program-out results: every real row predicted by a model that never saw its program, raw
   * and calibrated, and the calibrator — fitted on the held-out programs' generated rows only, so
   * the calibrated figures on real rows are honest.
   */
  public record CrossValidation(List<CorpusRow> rows, double[][] rawProbabilities, double[][] probabilities,
      Calibrator calibrator, Map<String, Evaluation> rawByView, Map<String, Evaluation> byView) {
    public Evaluation full() {
      return byView.get(View.FULL.id());
    }

    public Evaluation rawFull() {
      return rawByView.get(View.FULL.id());
    }
  }

  public CrossValidation crossValidate(Corpus corpus) {
    ProgramFolds folds = ProgramFolds.of(corpus.programs());
    List<CorpusRow> heldLab = new ArrayList<>();
    List<double[]> heldLabRaw = new ArrayList<>();
    List<double[]> heldSyntheticRaw = new ArrayList<>();
    List<Integer> heldSyntheticTruth = new ArrayList<>();
    Set<String> predicted = new java.util.HashSet<>();
    for (int f = 0; f < folds.size(); f++) {
      Set<String> held = folds.heldOut().get(f);
      progress.stage(String.format("fold %d/%d: holding out %s", f + 1, folds.size(), held));
      try (TrainedModel model = fit(corpus.filter(r -> !held.contains(r.program())), seed + f, Calibrator.identity(classes().size()))) {
        for (CorpusRow row : corpus.rows()) {
          if (!held.contains(row.program())) continue;
          // Each row is predicted once: by the first fold that holds its program out.
          if (!predicted.add(row.caseId() + "|" + row.view())) continue;
          double[] raw = model.model().predictProbabilities(row.features());
          if (row.isLab()) {
            heldLab.add(row);
            heldLabRaw.add(raw);
          } else {
            heldSyntheticRaw.add(raw);
            heldSyntheticTruth.add(classes().indexOf(row.rootCause()));
          }
        }
      }
    }
    Calibrator calibrator = heldSyntheticRaw.isEmpty() ? Calibrator.identity(classes().size())
        : Calibrator.fit(heldSyntheticRaw.toArray(new double[0][]), heldSyntheticTruth.stream().mapToInt(Integer::intValue).toArray());
    double[][] raw = heldLabRaw.toArray(new double[0][]);
    double[][] calibrated = calibrator.calibrate(raw);
    return new CrossValidation(heldLab, raw, calibrated, calibrator, byView(heldLab, raw), byView(heldLab, calibrated));
  }

  private static Map<String, Evaluation> byView(List<CorpusRow> rows, double[][] probabilities) {
    Map<String, Evaluation> byView = new LinkedHashMap<>();
    for (View view : View.values()) {
      Predicate<CorpusRow> inView = r -> r.view() == view;
      List<Integer> index = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) if (inView.test(rows.get(i))) index.add(i);
      if (index.isEmpty()) continue;
      byView.put(view.id(), evaluate(index.stream().map(rows::get).toList(), index.stream().map(i -> probabilities[i]).toArray(double[][]::new)));
    }
    return byView;
  }

  /** The model to ship: every row, early stopping on a random share, the cross-validated calibrator. */
  public TrainedModel trainFinal(Corpus corpus, Calibrator calibrator) {
    progress.stage("final model: " + corpus.rows().size() + " rows of " + corpus.programs().size() + " programs");
    return fit(corpus, seed, calibrator);
  }

  /** Early stopping watches this share of the rows, drawn at random with the run's seed. */
  static final double VALIDATION_SHARE = 0.15;

  TrainedModel fit(Corpus corpus, long splitSeed, Calibrator calibrator) {
    java.util.Random random = new java.util.Random(splitSeed);
    List<CorpusRow> trainRows = new ArrayList<>();
    List<CorpusRow> validationRows = new ArrayList<>();
    for (CorpusRow row : corpus.rows()) (random.nextDouble() < VALIDATION_SHARE ? validationRows : trainRows).add(row);
    Corpus train = new Corpus(corpus.featureSchema(), corpus.featureNames(), trainRows);
    TrainingData trainingData = data(train);
    TrainingData validationData = validationRows.isEmpty() ? null : data(new Corpus(corpus.featureSchema(), corpus.featureNames(), validationRows));
    TrainingResult result = new GbmTrainer(params).train(trainingData, validationData, progress);
    NoveltyDetector novelty = NoveltyDetector.fit(trainingData.rows());
    return new TrainedModel(result.model(), calibrator, novelty, result, trainingData, corpus.sha256());
  }

  public TrainingData data(Corpus corpus) {
    List<String> classes = classes();
    double[][] rows = new double[corpus.rows().size()][];
    int[] labels = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      CorpusRow row = corpus.rows().get(i);
      rows[i] = schema.modelInput(row.features());
      labels[i] = classes.indexOf(row.rootCause());
      if (labels[i] < 0) throw new IllegalArgumentException("row " + row.caseId() + " has unknown root cause " + row.rootCause());
    }
    return new TrainingData(schema.names(), classes, rows, labels);
  }

  public static Evaluation evaluate(List<CorpusRow> rows, double[][] probabilities) {
    List<String> classes = classes();
    int[] truth = rows.stream().mapToInt(r -> classes.indexOf(r.rootCause())).toArray();
    return Evaluator.evaluate(classes, truth, probabilities);
  }
}
