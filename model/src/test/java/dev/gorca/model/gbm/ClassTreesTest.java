package dev.gorca.model.gbm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Cutting a multiclass model text into one model per class. */
class ClassTreesTest {
  @Test
  void eachClassGetsEveryKthTreeRenumberedAndASingleClassHeader() {
    String text = LabModels.threeHundredTrees();
    List<String> perClass = ClassTrees.split(text, 15);
    assertEquals(15, perClass.size());
    for (String classText : perClass) {
      assertTrue(classText.contains("\nnum_class=1\n"), "num_class");
      assertTrue(classText.contains("\nnum_tree_per_iteration=1\n"), "num_tree_per_iteration");
      assertTrue(classText.contains("\nobjective=regression\n"), "objective");
      assertTrue(!classText.contains("tree_sizes="), "tree_sizes dropped");
      assertTrue(classText.contains("\nTree=19\n") && !classText.contains("\nTree=20\n"), "20 trees numbered 0..19");
      try (GbmModel model = GbmModel.fromString(classText)) {
        assertEquals(1, model.numClasses());
        assertEquals(20, model.numTrees());
      }
    }
  }

  @Test
  void textWithoutTreesIsRefusedWithWhatWasExpected() {
    GbmException refused = assertThrows(GbmException.class, () -> ClassTrees.split("tree\nversion=v4\nnum_class=15\n", 15));
    assertEquals("expected LightGBM model text with \"Tree=\" blocks and \"end of trees\", got tree version=v4 num_class=15 ", refused.getMessage());
  }
}
