package dev.gorca.model.eval;

import java.io.Serializable;
import smile.classification.PlattScaling;

/**
 * Calibrates multiclass probabilities: one Platt scaling per class (Smile), fitted one-vs-rest on
 * held-out validation rows over the log-odds of the class probability, then renormalised to sum
 * to one. Boosted trees with early stopping are often over-confident on their own training
 * distribution; this pulls the confidence an operator reads back to how often it is right.
 */
public final class Calibrator implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final double EPSILON = 1e-6;

  private final PlattScaling[] perClass;

  private Calibrator(PlattScaling[] perClass) {
    this.perClass = perClass;
  }

  /** Identity: calibrated probabilities are the raw ones. */
  public static Calibrator identity(int classes) {
    return new Calibrator(new PlattScaling[classes]);
  }

  /**
   * @param probabilities validation rows' raw probabilities
   * @param truth their true class indices
   */
  public static Calibrator fit(double[][] probabilities, int[] truth) {
    int k = probabilities[0].length;
    PlattScaling[] scalings = new PlattScaling[k];
    for (int c = 0; c < k; c++) {
      double[] scores = new double[truth.length];
      int[] y = new int[truth.length];
      int positives = 0;
      for (int i = 0; i < truth.length; i++) {
        scores[i] = logit(probabilities[i][c]);
        y[i] = truth[i] == c ? 1 : 0;
        positives += y[i];
      }
      // A class absent from the validation rows (or present in all) cannot be fitted: leave it raw.
      scalings[c] = positives == 0 || positives == truth.length ? null : PlattScaling.fit(scores, y);
    }
    return new Calibrator(scalings);
  }

  public double[] calibrate(double[] probabilities) {
    double[] calibrated = new double[probabilities.length];
    double sum = 0;
    for (int c = 0; c < probabilities.length; c++) {
      calibrated[c] = perClass[c] == null ? probabilities[c] : perClass[c].scale(logit(probabilities[c]));
      sum += calibrated[c];
    }
    if (sum <= 0) return probabilities.clone();
    for (int c = 0; c < calibrated.length; c++) calibrated[c] /= sum;
    return calibrated;
  }

  public double[][] calibrate(double[][] rows) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) out[i] = calibrate(rows[i]);
    return out;
  }

  private static double logit(double p) {
    double q = Math.min(1 - EPSILON, Math.max(EPSILON, p));
    return Math.log(q / (1 - q));
  }
}
