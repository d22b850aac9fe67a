package dev.gorca.model.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
  private static final List<String> CLASSES = List.of("a", "b", "c", "d");

  @Test
  void topOneTopThreeMacroF1AndTheConfusionMatrixAreExact() {
    int[] truth = {0, 0, 1, 2, 3};
    double[][] p = {
      {0.7, 0.1, 0.1, 0.1}, // a -> a
      {0.1, 0.6, 0.2, 0.1}, // a -> b (a ranks 3rd... no: 0.1 ties d; a ranks 2nd by index)
      {0.1, 0.8, 0.05, 0.05}, // b -> b
      {0.5, 0.2, 0.2, 0.1}, // c -> a (c ranks 2nd by index tie with b? b=0.2 idx1 before c idx2: c ranks 3rd)
      {0.4, 0.3, 0.2, 0.1}, // d -> a (d ranks 4th)
    };

    Evaluation e = Evaluator.evaluate(CLASSES, truth, p);

    assertEquals(2 / 5.0, e.metric(Evaluation.TOP1), 1e-12);
    assertEquals(4 / 5.0, e.metric(Evaluation.TOP3), 1e-12);
    assertArrayEquals(new int[] {1, 1, 0, 0}, e.confusion()[0]);
    assertArrayEquals(new int[] {1, 0, 0, 0}, e.confusion()[2]);
    assertArrayEquals(new int[] {1, 0, 0, 0}, e.confusion()[3]);
    // a: P=1/3 R=1/2 F1=0.4; b: P=1/2 R=1 F1=2/3; c, d: 0
    assertEquals(0.4, e.perClass().get("a").f1(), 1e-12);
    assertEquals(2 / 3.0, e.perClass().get("b").f1(), 1e-12);
    assertEquals((0.4 + 2 / 3.0) / 4, e.metric(Evaluation.MACRO_F1), 1e-12);
    double logLoss = -(Math.log(0.7) + Math.log(0.1) + Math.log(0.8) + Math.log(0.2) + Math.log(0.1)) / 5;
    assertEquals(logLoss, e.metric(Evaluation.LOG_LOSS), 1e-12);
  }

  @Test
  void aPerfectlyCalibratedPredictorHasZeroCalibrationError() {
    // Confidence 0.75 in every row, right in exactly 3 of 4.
    int[] truth = {0, 0, 0, 1};
    double[][] p = new double[4][];
    for (int i = 0; i < 4; i++) p[i] = new double[] {0.75, 0.25, 0, 0};
    Evaluation e = Evaluator.evaluate(CLASSES, truth, p);
    assertEquals(0.0, e.metric(Evaluation.ECE), 1e-12);
    assertEquals(4, e.reliability().get(7).count());
    assertEquals(0.75, e.reliability().get(7).accuracy(), 1e-12);
  }
}
