package dev.gorca.model.corpus;

import dev.gorca.features.extract.IncidentFeatures;
import dev.gorca.features.schema.FeatureSchema;
import java.util.ArrayList;
import java.util.List;

/** The real rows: every lab case through every view it supports, its own metrics, untouched. */
public final class LabCorpus {
  private LabCorpus() {}

  public static Corpus of(List<LabCase> cases, FeatureSchema schema) {
    List<CorpusRow> rows = new ArrayList<>();
    for (LabCase c : cases) {
      for (View view : View.values()) {
        if (!view.appliesTo(c.dump() != null, c.hasMetrics())) continue;
        double[] features = IncidentFeatures.extract(c.evidence(view, c.points(), c.incidentTsMs()), schema).values();
        rows.add(new CorpusRow(c.caseId(), c.rootCause(), c.program(), c.goVersion(), CorpusRow.LAB, view, features));
      }
    }
    return new Corpus(schema.version(), schema.names(), rows);
  }
}
