package dev.gorca.model.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import smile.validation.metric.ConfusionMatrix;

/**
 * Scores predicted class probabilities against true labels. Smile supplies the confusion matrix;
 * per-class and macro figures are computed from it (Smile's F1 refuses multiclass).
 */
public final class Evaluator {
  public static final int RELIABILITY_BINS = 10;
  private static final double MIN_PROBABILITY = 1e-15;

  private Evaluator() {}

  /**
   * @param classes class ids in index order
   * @param truth true class index per row
   * @param probabilities per row, a probability per class
   */
  public static Evaluation evaluate(List<String> classes, int[] truth, double[][] probabilities) {
    int k = classes.size();
    int n = truth.length;
    if (probabilities.length != n) throw new IllegalArgumentException(n + " labels but " + probabilities.length + " predictions");
    int[] predicted = new int[n];
    int top3 = 0;
    double logLoss = 0;
    for (int i = 0; i < n; i++) {
      if (probabilities[i].length != k) throw new IllegalArgumentException("row " + i + " has " + probabilities[i].length + " probabilities for " + k + " classes");
      predicted[i] = argmax(probabilities[i]);
      if (rank(probabilities[i], truth[i]) < 3) top3++;
      logLoss -= Math.log(Math.max(MIN_PROBABILITY, probabilities[i][truth[i]]));
    }
    int[][] confusion = confusion(truth, predicted, k);
    Map<String, Evaluation.ClassMetrics> perClass = new LinkedHashMap<>();
    double f1Sum = 0;
    int classesPresent = 0;
    int correct = 0;
    for (int c = 0; c < k; c++) {
      int tp = confusion[c][c];
      correct += tp;
      int support = 0;
      int predictedAs = 0;
      for (int j = 0; j < k; j++) {
        support += confusion[c][j];
        predictedAs += confusion[j][c];
      }
      double precision = predictedAs == 0 ? 0 : tp / (double) predictedAs;
      double recall = support == 0 ? 0 : tp / (double) support;
      double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      perClass.put(classes.get(c), new Evaluation.ClassMetrics(precision, recall, f1, support));
      if (support > 0) {
        f1Sum += f1;
        classesPresent++;
      }
    }
    List<Evaluation.ReliabilityBin> reliability = reliability(truth, probabilities, predicted);
    Map<String, Double> metrics = new HashMap<>();
    metrics.put(Evaluation.TOP1, n == 0 ? 0 : correct / (double) n);
    metrics.put(Evaluation.TOP3, n == 0 ? 0 : top3 / (double) n);
    metrics.put(Evaluation.MACRO_F1, classesPresent == 0 ? 0 : f1Sum / classesPresent);
    metrics.put(Evaluation.LOG_LOSS, n == 0 ? 0 : logLoss / n);
    metrics.put(Evaluation.ECE, expectedCalibrationError(reliability, n));
    return new Evaluation(classes, n, metrics, perClass, confusion, reliability);
  }

  /** Smile's matrix is sized by the labels present; ours always has every class. */
  private static int[][] confusion(int[] truth, int[] predicted, int k) {
    int[][] full = new int[k][k];
    if (truth.length == 0) return full;
    // Smile compacts to the labels it saw; map back through the sorted distinct labels.
    int[][] smile = ConfusionMatrix.of(truth, predicted).matrix;
    int[] labels = java.util.stream.IntStream.concat(java.util.Arrays.stream(truth), java.util.Arrays.stream(predicted))
        .distinct().sorted().toArray();
    if (smile.length == labels.length) {
      for (int i = 0; i < labels.length; i++) {
        for (int j = 0; j < labels.length; j++) full[labels[i]][labels[j]] = smile[i][j];
      }
      return full;
    }
    for (int i = 0; i < truth.length; i++) full[truth[i]][predicted[i]]++;
    return full;
  }

  private static List<Evaluation.ReliabilityBin> reliability(int[] truth, double[][] probabilities, int[] predicted) {
    int[] count = new int[RELIABILITY_BINS];
    double[] confidence = new double[RELIABILITY_BINS];
    int[] correct = new int[RELIABILITY_BINS];
    for (int i = 0; i < truth.length; i++) {
      double p = probabilities[i][predicted[i]];
      int bin = Math.min(RELIABILITY_BINS - 1, (int) (p * RELIABILITY_BINS));
      count[bin]++;
      confidence[bin] += p;
      if (predicted[i] == truth[i]) correct[bin]++;
    }
    List<Evaluation.ReliabilityBin> bins = new ArrayList<>();
    for (int b = 0; b < RELIABILITY_BINS; b++) {
      bins.add(new Evaluation.ReliabilityBin(b / (double) RELIABILITY_BINS, (b + 1) / (double) RELIABILITY_BINS, count[b],
          count[b] == 0 ? 0 : confidence[b] / count[b], count[b] == 0 ? 0 : correct[b] / (double) count[b]));
    }
    return bins;
  }

  /** Mean gap between confidence and accuracy, weighted by how many rows each bin holds. */
  private static double expectedCalibrationError(List<Evaluation.ReliabilityBin> bins, int n) {
    if (n == 0) return 0;
    double ece = 0;
    for (Evaluation.ReliabilityBin bin : bins) ece += bin.count() / (double) n * Math.abs(bin.meanConfidence() - bin.accuracy());
    return ece;
  }

  public static int argmax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
    return best;
  }

  /** 0 when {@code index} has the highest value; ties rank the earlier index first. */
  static int rank(double[] values, int index) {
    int rank = 0;
    for (int i = 0; i < values.length; i++) {
      if (values[i] > values[index] || (values[i] == values[index] && i < index)) rank++;
    }
    return rank;
  }
}
