package dev.gorca.model.gbm;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a multiclass model's text into one single-output model per class. LightGBM's predict-contrib
 * computes SHAP values for every class at once; the scorer needs them for the top class only, and a
 * booster holding just that class's trees (tree {@code t} belongs to class {@code t mod K}) gives
 * the same values for a K-th of the work. Only the header counts, the objective and the tree numbers
 * change; every tree is copied as written.
 */
final class ClassTrees {
  private static final String TREE_PREFIX = "Tree=";
  private static final String END_OF_TREES = "end of trees";

  private ClassTrees() {}

  /** One model text per class, in class order. */
  static List<String> split(String modelText, int numClasses) {
    if (numClasses < 2) throw new IllegalArgumentException("numClasses must be >= 2 to split a model, got " + numClasses);
    int firstTree = modelText.indexOf("\n" + TREE_PREFIX);
    int endOfTrees = modelText.indexOf("\n" + END_OF_TREES);
    if (firstTree < 0 || endOfTrees < firstTree) {
      throw new GbmException("expected LightGBM model text with \"Tree=\" blocks and \"end of trees\", got "
          + modelText.substring(0, Math.min(80, modelText.length())).replace('\n', ' '));
    }
    String header = singleClassHeader(modelText.substring(0, firstTree + 1), numClasses);
    List<StringBuilder> texts = new ArrayList<>();
    for (int k = 0; k < numClasses; k++) texts.add(new StringBuilder(header));
    int[] treesOfClass = new int[numClasses];
    int tree = 0;
    int start = firstTree + 1;
    while (start < endOfTrees) {
      int next = modelText.indexOf("\n" + TREE_PREFIX, start + 1);
      int end = next < 0 || next > endOfTrees ? endOfTrees + 1 : next + 1;
      String block = modelText.substring(start, end);
      int lineEnd = block.indexOf('\n');
      int declared = Integer.parseInt(block.substring(TREE_PREFIX.length(), lineEnd).trim());
      if (declared != tree) throw new GbmException("expected Tree=" + tree + " in the model text, found Tree=" + declared);
      int k = tree % numClasses;
      texts.get(k).append(TREE_PREFIX).append(treesOfClass[k]++).append(block, lineEnd, block.length());
      tree++;
      start = end;
    }
    if (tree % numClasses != 0) throw new GbmException("the model text has " + tree + " trees, not a multiple of " + numClasses + " classes");
    List<String> result = new ArrayList<>(numClasses);
    for (StringBuilder text : texts) result.add(text.append(END_OF_TREES).append("\n").toString());
    return result;
  }

  /** The header with one class and no tree_sizes (LightGBM then reads the trees one after another). */
  private static String singleClassHeader(String header, int numClasses) {
    StringBuilder out = new StringBuilder(header.length());
    for (String line : header.split("\n", -1)) {
      if (line.startsWith("tree_sizes=")) continue;
      if (line.startsWith("num_class=")) line = "num_class=1";
      else if (line.startsWith("num_tree_per_iteration=")) line = "num_tree_per_iteration=1";
      else if (line.startsWith("objective=")) line = "objective=regression";
      out.append(line).append('\n');
    }
    // split("\n", -1) of a header ending in "\n" yields a trailing empty line: drop the extra newline
    out.setLength(out.length() - 1);
    return out.toString();
  }
}
