package dev.gorca.model.eval;

import java.util.List;
import java.util.Map;

/**
 * How a model did on a set of labelled rows: an immutable result keyed by metric id, plus the
 * confusion matrix and the reliability table. Built by {@link Evaluator}.
 *
 * @param classes class ids in index order
 * @param rows how many rows were scored
 * @param metrics metric id to value: {@code top1_accuracy}, {@code top3_accuracy}, {@code macro_f1},
 *     {@code log_loss}, {@code expected_calibration_error}
 * @param perClass class id to its precision, recall, F1 and support
 * @param confusion [true class][predicted class] counts
 * @param reliability the reliability table of top-1 confidence
 */
public record Evaluation(List<String> classes, int rows, Map<String, Double> metrics, Map<String, ClassMetrics> perClass,
    int[][] confusion, List<ReliabilityBin> reliability) {

  public static final String TOP1 = "top1_accuracy";
  public static final String TOP3 = "top3_accuracy";
  public static final String MACRO_F1 = "macro_f1";
  public static final String LOG_LOSS = "log_loss";
  public static final String ECE = "expected_calibration_error";

  public Evaluation {
    classes = List.copyOf(classes);
    metrics = Map.copyOf(metrics);
    perClass = Map.copyOf(perClass);
    reliability = List.copyOf(reliability);
  }

  public double metric(String id) {
    Double value = metrics.get(id);
    if (value == null) throw new IllegalArgumentException("no metric " + id + "; have " + metrics.keySet());
    return value;
  }

  /** @param support rows whose true class this is */
  public record ClassMetrics(double precision, double recall, double f1, int support) {}

  /**
   * One bin of top-1 confidence.
   *
   * @param from inclusive lower edge
   * @param to exclusive upper edge (1.0 inclusive for the last bin)
   */
  public record ReliabilityBin(double from, double to, int count, double meanConfidence, double accuracy) {}
}
