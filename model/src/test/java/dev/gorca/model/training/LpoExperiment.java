package dev.gorca.model.training;

import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.ingest.lab.LabCaptures;
import dev.gorca.model.corpus.Corpus;
import dev.gorca.model.corpus.CorpusRow;
import dev.gorca.model.corpus.LabCase;
import dev.gorca.model.corpus.View;
import dev.gorca.model.eval.Evaluation;
import dev.gorca.model.gbm.GbmParams;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Opt-in (-Dgorca.experiment=true): the leave-program-out run with every wrong full-view row printed. */
@EnabledIfSystemProperty(named = "gorca.experiment", matches = "true")
class LpoExperiment {
  @Test
  void run() throws Exception {
    FeatureSchema schema = FeatureSchema.current();
    GbmParams.Builder b = GbmParams.defaults().toBuilder();
    if (System.getProperty("lr") != null) b.learningRate(Double.parseDouble(System.getProperty("lr")));
    if (System.getProperty("leaves") != null) b.numLeaves(Integer.parseInt(System.getProperty("leaves")));
    if (System.getProperty("rounds") != null) b.maxRounds(Integer.parseInt(System.getProperty("rounds")));
    if (Boolean.getBoolean("extra")) b.extraTrees(true);
    if (System.getProperty("l2") != null) b.lambdaL2(Double.parseDouble(System.getProperty("l2")));
    if (Boolean.getBoolean("cat")) b.categoricalFeatures(schema);
    if (System.getProperty("minleaf") != null) b.minDataInLeaf(Integer.parseInt(System.getProperty("minleaf")));
    if (System.getProperty("ff") != null) b.featureFraction(Double.parseDouble(System.getProperty("ff")));
    int variants = Integer.parseInt(System.getProperty("variants", "" + Trainer.DEFAULT_VARIANTS));
    Trainer trainer = new Trainer(schema, b.build(), variants, Long.getLong("seed", 20261125L), Trainer.Progress.QUIET);
    long t0 = System.nanoTime();
    Corpus corpus = trainer.corpus(LabCase.readAll(LabCaptures.capturesRoot()));
    if (System.getProperty("drop") != null) {
      // A dropped feature reads as missing everywhere: the model cannot split on it.
      for (String name : System.getProperty("drop").split(",")) {
        int column = corpus.featureNames().indexOf(name);
        for (CorpusRow row : corpus.rows()) row.features()[column] = Double.NaN;
      }
    }
    if (System.getProperty("show") != null) {
      for (String name : System.getProperty("show").split(",")) {
        int column = corpus.featureNames().indexOf(name);
        for (CorpusRow row : corpus.rows()) {
          if (row.isLab() && (row.view() == View.FULL || Boolean.getBoolean("allViews"))) System.out.printf("SHOW %-55s %-18s %s=%s%n", row.caseId(), row.view().id(), name, row.features()[column]);
        }
      }
    }
    if (System.getProperty("explain") != null) {
      // Why a held-out program lands where it does: SHAP of the predicted class, largest first.
      String program = System.getProperty("explain"); // cause/program
      try (TrainedModel model = trainer.fit(corpus.filter(r -> !r.program().equals(program)), 1, dev.gorca.model.eval.Calibrator.identity(Trainer.classes().size()))) {
        for (CorpusRow row : corpus.rows()) {
          if (!row.program().equals(program) || !row.isLab() || row.view() != View.FULL) continue;
          double[] input = schema.modelInput(row.features());
          double[] p = model.model().predictProbabilities(input);
          int best = 0;
          for (int k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
          double[] shap = model.model().contributions(input, best);
          Integer[] order = new Integer[input.length];
          for (int i = 0; i < order.length; i++) order[i] = i;
          java.util.Arrays.sort(order, (x, y) -> Double.compare(Math.abs(shap[y]), Math.abs(shap[x])));
          System.out.printf("EXPLAIN %s -> %s %.2f%n", row.caseId(), Trainer.classes().get(best), p[best]);
          for (int i = 0; i < 12; i++) {
            int f = order[i];
            System.out.printf("EXPLAIN   %+.3f %s=%s%n", shap[f], schema.names().get(f), input[f]);
          }
        }
      }
    }
    if (Boolean.getBoolean("showOnly")) return;
    Trainer.CrossValidation cv = trainer.crossValidate(corpus);
    List<String> classes = Trainer.classes();
    for (int i = 0; i < cv.rows().size(); i++) {
      CorpusRow row = cv.rows().get(i);
      if (row.view() != View.FULL) continue;
      double[] p = cv.probabilities()[i];
      int best = 0;
      for (int k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
      if (!classes.get(best).equals(row.rootCause())) {
        int truth = classes.indexOf(row.rootCause());
        int rank = 1;
        for (double q : p) if (q > p[truth]) rank++;
        System.out.printf("WRONG %-55s -> %s %.2f (truth rank %d at %.2f)%n", row.caseId(), classes.get(best), p[best], rank, p[truth]);
      }
    }
    for (var e : cv.byView().entrySet()) {
      Evaluation ev = e.getValue();
      System.out.printf("VIEW %-18s top1 %.3f top3 %.3f f1 %.3f ece %.3f%n", e.getKey(), ev.metric(Evaluation.TOP1), ev.metric(Evaluation.TOP3), ev.metric(Evaluation.MACRO_F1), ev.metric(Evaluation.ECE));
    }
    cv.full().perClass().forEach((k, v) -> System.out.printf("CLASS %-22s f1 %.3f%n", k, v.f1()));
    System.out.printf("TIME %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }
}
