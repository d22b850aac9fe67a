package dev.gorca.model.training;

import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.model.eval.Evaluation;
import dev.gorca.model.eval.Evaluator;
import dev.gorca.model.eval.NoveltyDetector;
import dev.gorca.model.gbm.GbmModel;
import dev.gorca.model.gbm.GbmParams;
import dev.gorca.model.gbm.GbmTrainer;
import dev.gorca.model.gbm.TrainingData;
import dev.gorca.model.gbm.TrainingListener;
import dev.gorca.model.gbm.TrainingResult;
import dev.gorca.model.eval.Calibrator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Continues the current model with operators' labels: new boosting rounds fitted on the labelled
 * incidents plus a replay of the real lab rows (so the new trees do not forget), starting from the
 * current model's scores, then merged into it (GbmTrainer#continueTraining). A share of the labels
 * is held back, and the {@link Gate} decides on the lab rows and those held-back labels.
 */
public final class IncrementalTrainer {
  /** Share of new labels held back from training to judge the candidate. */
  public static final double HELD_BACK_SHARE = 0.2;
  /** Below this many labels nothing is held back: the lab rows alone judge. */
  public static final int MIN_LABELS_TO_HOLD_BACK = 10;

  private final FeatureSchema schema;
  private final GbmParams params;
  private final long seed;

  public IncrementalTrainer(FeatureSchema schema, GbmParams params, long seed) {
    this.schema = schema;
    this.params = params;
    this.seed = seed;
  }

  /** The candidate (owned by the caller), how both models did, and the gate's verdict. */
  public record Step(TrainedModel candidate, Gate.Verdict verdict, Evaluation currentOnLab, Evaluation candidateOnLab,
      Evaluation currentOnLabels, Evaluation candidateOnLabels, int trainedOn, int heldBack, long elapsedMillis) {}

  /**
   * @param current the model in service and its calibrator
   * @param labels new labelled incidents
   * @param labRows the real lab rows (full view) — replayed in training and used by the gate
   */
  public Step step(GbmModel current, Calibrator calibrator, List<LabelledRow> labels, List<LabelledRow> labRows,
      TrainingListener listener) {
    long start = System.currentTimeMillis();
    List<LabelledRow> train = new ArrayList<>();
    List<LabelledRow> heldBack = new ArrayList<>();
    Random random = new Random(seed);
    boolean holdBack = labels.size() >= MIN_LABELS_TO_HOLD_BACK;
    for (LabelledRow row : labels) (holdBack && random.nextDouble() < HELD_BACK_SHARE ? heldBack : train).add(row);
    List<LabelledRow> withReplay = new ArrayList<>(train);
    withReplay.addAll(labRows);
    TrainingData data = data(withReplay);
    TrainingResult result = new GbmTrainer(params).continueTraining(current, data, null, listener);
    GbmModel candidate = result.model();
    TrainedModel trained = new TrainedModel(candidate, calibrator, NoveltyDetector.fit(data.rows()), result, data, data.contentHash());
    Evaluation currentOnLab = evaluate(current, calibrator, labRows);
    Evaluation candidateOnLab = evaluate(candidate, calibrator, labRows);
    Evaluation currentOnLabels = heldBack.isEmpty() ? null : evaluate(current, calibrator, heldBack);
    Evaluation candidateOnLabels = heldBack.isEmpty() ? null : evaluate(candidate, calibrator, heldBack);
    Gate.Verdict verdict = Gate.decide(currentOnLab, candidateOnLab, currentOnLabels, candidateOnLabels);
    return new Step(trained, verdict, currentOnLab, candidateOnLab, currentOnLabels, candidateOnLabels, train.size(),
        heldBack.size(), System.currentTimeMillis() - start);
  }

  private TrainingData data(List<LabelledRow> rows) {
    List<String> classes = Trainer.classes();
    double[][] x = new double[rows.size()][];
    int[] y = new int[rows.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = schema.modelInput(rows.get(i).features());
      y[i] = classes.indexOf(rows.get(i).rootCause());
      if (y[i] < 0) throw new IllegalArgumentException("label " + rows.get(i).id() + ": unknown root cause " + rows.get(i).rootCause());
    }
    return new TrainingData(schema.names(), classes, x, y);
  }

  private Evaluation evaluate(GbmModel model, Calibrator calibrator, List<LabelledRow> rows) {
    List<String> classes = Trainer.classes();
    double[][] input = new double[rows.size()][];
    int[] truth = new int[rows.size()];
    for (int i = 0; i < input.length; i++) {
      input[i] = schema.modelInput(rows.get(i).features());
      truth[i] = classes.indexOf(rows.get(i).rootCause());
    }
    // One native batch: a fresh candidate is scored once, so reading its trees into Java would not pay
    double[][] p = calibrator.calibrate(model.predictBatch(input));
    return Evaluator.evaluate(classes, truth, p);
  }
}
