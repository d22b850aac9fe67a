package dev.gorca.model.gbm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Trains the multiclass booster: from scratch with early stopping on a validation set, or on from an
 * existing model with new labelled rows (continue = new trees on the old model's margins, merged;
 * refit = the old trees with leaf values re-fitted). docs/model.md compares the two.
 */
public final class GbmTrainer {
  private final GbmParams params;

  public GbmTrainer(GbmParams params) {
    this.params = Objects.requireNonNull(params, "params == null");
  }

  public GbmParams params() {
    return params;
  }

  /**
   * Boosts up to {@code maxRounds} iterations; with a validation set, stops after
   * {@code earlyStoppingRounds} without a lower validation loss and keeps the best iteration.
   *
   * @param validation rows for early stopping, or null to run every round
   */
  public TrainingResult train(TrainingData training, TrainingData validation, TrainingListener listener) {
    requireCompatible(training, validation);
    long started = System.nanoTime();
    String parameters = params.toLightGbm(training.numClasses());
    try (NativeDataset train = NativeDataset.of(training, rowWeights(training), null, parameters, null);
         NativeDataset valid = validation == null ? null
             : NativeDataset.of(validation, rowWeights(validation), null, parameters, train);
         NativeBooster booster = new NativeBooster(train, parameters)) {
      if (valid != null) booster.addValidation(valid);
      Loop loop = boost(booster, valid != null, listener);
      GbmModel model = GbmModel.fromString(booster.modelString(loop.bestIteration));
      return new TrainingResult(model, loop.iterationsRun, loop.bestIteration, loop.bestValidLoss, loop.history, since(started));
    }
  }

  /**
   * Adds iterations to {@code parent} fitted on {@code newRows} only: the parent's raw margins are
   * the new rows' initial score, so the new trees learn what the parent gets wrong on them; then
   * LightGBM merges the parent's trees in front (LGBM_BoosterMerge) and the result is reloaded from
   * its text (a booster caches its iteration count). The parent stays open and unchanged.
   *
   * @param validation rows for early stopping (scored from the parent's margins too), or null
   */
  public TrainingResult continueTraining(GbmModel parent, TrainingData newRows, TrainingData validation, TrainingListener listener) {
    requireCompatible(parent, newRows);
    requireCompatible(newRows, validation);
    long started = System.nanoTime();
    String parameters = params.toLightGbm(newRows.numClasses());
    try (NativeDataset train = NativeDataset.of(newRows, rowWeights(newRows), initScore(parent, newRows), parameters, null);
         NativeDataset valid = validation == null ? null
             : NativeDataset.of(validation, rowWeights(validation), initScore(parent, validation), parameters, train);
         NativeBooster booster = new NativeBooster(train, parameters)) {
      if (valid != null) booster.addValidation(valid);
      Loop loop = boost(booster, valid != null, listener);
      booster.mergeAfter(parent);
      GbmModel model = GbmModel.fromString(booster.modelString(parent.numIterations() + loop.bestIteration));
      return new TrainingResult(model, loop.iterationsRun, loop.bestIteration, loop.bestValidLoss, loop.history, since(started));
    }
  }

  /**
   * Keeps the parent's trees and re-fits their leaf values on {@code newRows}: each new leaf value is
   * {@code refitDecayRate × old + (1 − refitDecayRate) × fitted} (LGBM_BoosterRefit). No tree is
   * added, so it cannot learn a split the parent never made.
   */
  public TrainingResult refit(GbmModel parent, TrainingData newRows) {
    requireCompatible(parent, newRows);
    long started = System.nanoTime();
    String parameters = params.toLightGbm(newRows.numClasses());
    int[][] leaves = parent.predictLeafBatch(newRows.rows());
    try (NativeDataset train = NativeDataset.of(newRows, rowWeights(newRows), null, parameters, null);
         NativeBooster booster = new NativeBooster(train, parameters)) {
      booster.mergeAfter(parent);
      booster.refit(leaves);
      GbmModel model = GbmModel.fromString(booster.modelString(parent.numIterations()));
      return new TrainingResult(model, 0, 0, Double.NaN, List.of(), since(started));
    }
  }

  // ---- internals

  private record Loop(int iterationsRun, int bestIteration, double bestValidLoss, List<IterationLoss> history) {}

  private Loop boost(NativeBooster booster, boolean hasValidation, TrainingListener listener) {
    List<IterationLoss> history = new ArrayList<>();
    int bestIteration = 0;
    double bestValidLoss = Double.POSITIVE_INFINITY;
    int iteration = 0;
    while (iteration < params.maxRounds()) {
      boolean finished = booster.updateOneIteration();
      if (booster.currentIteration() == iteration) break; // nothing could split: LightGBM kept no new trees
      iteration = booster.currentIteration();
      double validLoss = hasValidation ? booster.firstMetric(NativeBooster.FIRST_VALIDATION_DATA) : Double.NaN;
      IterationLoss loss = new IterationLoss(iteration, booster.firstMetric(NativeBooster.TRAINING_DATA), validLoss);
      history.add(loss);
      listener.onIteration(loss);
      if (hasValidation && validLoss < bestValidLoss) {
        bestValidLoss = validLoss;
        bestIteration = iteration;
      }
      if (finished || (hasValidation && iteration - bestIteration >= params.earlyStoppingRounds())) break;
    }
    if (!hasValidation) return new Loop(iteration, iteration, Double.NaN, history);
    if (bestIteration == 0) return new Loop(iteration, iteration, Double.NaN, history); // validation loss never finite
    return new Loop(iteration, bestIteration, bestValidLoss, history);
  }

  /** Balanced weights per row (n/(K·n_k) of the row's class), or null for equal weights. */
  private double[] rowWeights(TrainingData data) {
    if (!params.balancedClassWeights()) return null;
    double[] perClass = data.balancedClassWeights();
    double[] weights = new double[data.numRows()];
    for (int i = 0; i < weights.length; i++) weights[i] = perClass[data.label(i)];
    return weights;
  }

  /** The parent's raw margins in LightGBM's multiclass init_score layout: class-major. */
  private static double[] initScore(GbmModel parent, TrainingData rows) {
    double[][] raw = parent.predictRawBatch(rows.rows());
    int k = parent.numClasses();
    double[] classMajor = new double[raw.length * k];
    for (int i = 0; i < raw.length; i++) {
      for (int c = 0; c < k; c++) classMajor[c * raw.length + i] = raw[i][c];
    }
    return classMajor;
  }

  private static void requireCompatible(TrainingData training, TrainingData validation) {
    Objects.requireNonNull(training, "training == null");
    if (training.numRows() == 0) throw new IllegalArgumentException("no training rows");
    if (validation == null) return;
    if (!validation.featureNames().equals(training.featureNames())) {
      throw new IllegalArgumentException("validation rows have other features than the training rows: "
          + validation.numFeatures() + " vs " + training.numFeatures() + "; compute both with the same feature schema");
    }
    if (!validation.classNames().equals(training.classNames())) {
      throw new IllegalArgumentException("validation classes " + validation.classNames() + " differ from training classes "
          + training.classNames());
    }
    if (validation.numRows() == 0) throw new IllegalArgumentException("validation set is empty: pass null to train without early stopping");
  }

  private static void requireCompatible(GbmModel parent, TrainingData newRows) {
    Objects.requireNonNull(parent, "parent == null");
    Objects.requireNonNull(newRows, "newRows == null");
    if (newRows.numRows() == 0) throw new IllegalArgumentException("no new rows to train on");
    if (!parent.featureNames().equals(newRows.featureNames())) {
      throw new IllegalArgumentException("the parent model's features differ from the new rows' (" + parent.numFeatures()
          + " vs " + newRows.numFeatures() + " features); continue only from a model of the same feature schema");
    }
    if (parent.numClasses() != newRows.numClasses()) {
      throw new IllegalArgumentException("the parent model has " + parent.numClasses() + " classes, the new rows "
          + newRows.numClasses() + "; a model with other classes must be trained from scratch");
    }
  }

  private static Duration since(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }
}
