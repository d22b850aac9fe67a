package dev.gorca.model.training;

import dev.gorca.model.eval.Evaluation;

/**
 * Whether a candidate may replace the current model. The rule, on the same held-out rows for both:
 * on the real lab captures, top-1 accuracy and macro-F1 may drop by at most {@link #TOLERANCE}
 * (guarding what the model already knows); on the labelled incidents held back from training, top-1
 * accuracy must not drop at all (the labels are why we retrain). Ties promote: a candidate that is
 * not worse carries the newer knowledge.
 */
public final class Gate {
  public static final double TOLERANCE = 0.01;

  private Gate() {}

  /** The verdict and, in a sentence, why. */
  public record Verdict(boolean promote, String reason) {}

  /**
   * @param currentOnLab evaluation of the current model on the lab gate rows
   * @param candidateOnLab the candidate on the same rows
   * @param currentOnLabels the current model on the held-back labelled rows, or null when none were held back
   * @param candidateOnLabels the candidate on the same rows, or null
   */
  public static Verdict decide(Evaluation currentOnLab, Evaluation candidateOnLab, Evaluation currentOnLabels,
      Evaluation candidateOnLabels) {
    double top1Drop = currentOnLab.metric(Evaluation.TOP1) - candidateOnLab.metric(Evaluation.TOP1);
    double f1Drop = currentOnLab.metric(Evaluation.MACRO_F1) - candidateOnLab.metric(Evaluation.MACRO_F1);
    String lab = String.format("lab captures: top-1 %.3f -> %.3f, macro-F1 %.3f -> %.3f",
        currentOnLab.metric(Evaluation.TOP1), candidateOnLab.metric(Evaluation.TOP1),
        currentOnLab.metric(Evaluation.MACRO_F1), candidateOnLab.metric(Evaluation.MACRO_F1));
    if (top1Drop > TOLERANCE || f1Drop > TOLERANCE) {
      return new Verdict(false, "not promoted: worse on the real lab captures by more than " + TOLERANCE + " (" + lab + ")");
    }
    if (currentOnLabels != null) {
      String labels = String.format("held-back labels: top-1 %.3f -> %.3f on %d incidents",
          currentOnLabels.metric(Evaluation.TOP1), candidateOnLabels.metric(Evaluation.TOP1), candidateOnLabels.rows());
      if (candidateOnLabels.metric(Evaluation.TOP1) < currentOnLabels.metric(Evaluation.TOP1)) {
        return new Verdict(false, "not promoted: worse on the labelled incidents held back (" + labels + "; " + lab + ")");
      }
      return new Verdict(true, "promoted: not worse (" + lab + "; " + labels + ")");
    }
    return new Verdict(true, "promoted: not worse (" + lab + "; no labels held back)");
  }
}
