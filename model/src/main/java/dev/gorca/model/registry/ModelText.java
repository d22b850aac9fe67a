package dev.gorca.model.registry;

import java.util.Arrays;
import java.util.List;

/** Reads the header of LightGBM's model text without loading the native library. */
final class ModelText {
  private static final String FEATURE_NAMES = "feature_names=";
  /** The header ends where the first tree starts. */
  private static final String FIRST_TREE = "Tree=";

  private ModelText() {}

  /** The {@code feature_names=} line of the header, split on spaces; empty when there is none. */
  static List<String> featureNames(String modelText) {
    for (String line : modelText.split("\n")) {
      if (line.startsWith(FIRST_TREE)) break;
      if (line.startsWith(FEATURE_NAMES)) {
        String names = line.substring(FEATURE_NAMES.length()).strip();
        return names.isEmpty() ? List.of() : Arrays.asList(names.split(" "));
      }
    }
    return List.of();
  }
}
