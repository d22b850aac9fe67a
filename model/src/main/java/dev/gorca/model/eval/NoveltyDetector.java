package dev.gorca.model.eval;

import java.io.Serializable;
import java.util.Arrays;
import smile.anomaly.IsolationForest;

/**
 * Says how unlike the training data an incident is: Smile's isolation forest over the training
 * vectors. A score above the threshold — the {@link #THRESHOLD_QUANTILE} quantile of the training
 * rows' own scores — flags a possibly new cause, so an operator reviews it instead of trusting a
 * confident guess. Missing values (NaN) become {@link #MISSING}, a value no feature takes, so
 * "no metrics" is a region of its own rather than an error.
 */
public final class NoveltyDetector implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final double THRESHOLD_QUANTILE = 0.99;
  static final double MISSING = -1.0;
  private static final int TREES = 100;
  /** Liu et al.'s isolation forest samples 256 rows per tree: enough to isolate outliers, small to store. */
  private static final int ROWS_PER_TREE = 256;

  private final IsolationForest forest;
  private final double threshold;

  private NoveltyDetector(IsolationForest forest, double threshold) {
    this.forest = forest;
    this.threshold = threshold;
  }

  public static NoveltyDetector fit(double[][] trainingRows) {
    double[][] rows = new double[trainingRows.length][];
    for (int i = 0; i < rows.length; i++) rows[i] = impute(trainingRows[i]);
    // Smile requires a rate below 1; small training sets sample 90 % per tree.
    double subsample = Math.min(0.9, ROWS_PER_TREE / (double) rows.length);
    int depth = (int) Math.ceil(Math.log(Math.max(2, rows.length * subsample)) / Math.log(2));
    IsolationForest forest = IsolationForest.fit(rows, TREES, depth, subsample, 0);
    double[] scores = forest.score(rows);
    Arrays.sort(scores);
    double threshold = scores[Math.min(scores.length - 1, (int) Math.floor(THRESHOLD_QUANTILE * scores.length))];
    return new NoveltyDetector(forest, threshold);
  }

  /** The isolation-forest anomaly score in (0, 1]; higher is stranger. */
  public double score(double[] features) {
    return forest.score(impute(features));
  }

  public boolean isNovel(double score) {
    return score > threshold;
  }

  public double threshold() {
    return threshold;
  }

  private static double[] impute(double[] features) {
    double[] row = features.clone();
    for (int i = 0; i < row.length; i++) if (Double.isNaN(row[i])) row[i] = MISSING;
    return row;
  }
}
