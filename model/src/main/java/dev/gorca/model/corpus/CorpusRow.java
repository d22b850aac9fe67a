package dev.gorca.model.corpus;

import java.util.Objects;

/**
 * One labelled feature vector of the training corpus.
 *
 * @param caseId the lab case it comes from, e.g. {@code go1.23/goroutine_leak/request_timeout}
 * @param rootCause the label (a root-cause id)
 * @param program {@code cause/program}: the unit held out together in leave-program-out evaluation
 * @param goVersion e.g. {@code go1.23}
 * @param source {@code lab} (real output as captured) or {@code synthetic} (see docs/training-data.md)
 * @param view which inputs the row has
 * @param features in the feature schema's order
 */
public record CorpusRow(String caseId, String rootCause, String program, String goVersion, String source, View view,
    double[] features) {
  public static final String LAB = "lab";
  public static final String SYNTHETIC = "synthetic";

  public CorpusRow {
    Objects.requireNonNull(caseId, "caseId == null");
    Objects.requireNonNull(rootCause, "rootCause == null");
    Objects.requireNonNull(program, "program == null");
    Objects.requireNonNull(source, "source == null");
    Objects.requireNonNull(view, "view == null");
    Objects.requireNonNull(features, "features == null");
  }

  public boolean isLab() {
    return source.equals(LAB);
  }
}
