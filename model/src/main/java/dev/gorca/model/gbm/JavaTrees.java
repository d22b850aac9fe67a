package dev.gorca.model.gbm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The trees of a LightGBM model text evaluated in Java, for single-row predictions: no JNI call, no
 * native config to borrow, the nodes of every tree packed in a few arrays. It follows LightGBM 4.3's
 * {@code Tree::GetLeaf} (numerical and categorical decisions, missing values by the node's missing
 * type) and {@code GBDT::PredictRaw} (trees summed in order, class = tree mod K), so raw margins are
 * bit-for-bit LightGBM's; {@code GbmModelTest} checks that on every lab row.
 */
final class JavaTrees {
  /** LightGBM's kZeroThreshold: values this close to 0 are 0 (dense rows drop them, IsZero tests them). */
  private static final double ZERO_THRESHOLD = 1e-35;
  private static final int CATEGORICAL_MASK = 1;
  private static final int DEFAULT_LEFT_MASK = 2;
  private static final int MISSING_NONE = 0;
  private static final int MISSING_ZERO = 1;
  private static final int MISSING_NAN = 2;

  private final int numClasses;
  private final int numFeatures;
  private final int numTrees;
  /** Per tree: index of its root in the node arrays, or -1 - leafIndex for a single-leaf tree. */
  private final int[] root;
  private final int[] splitFeature;
  private final double[] threshold;
  private final byte[] decisionType;
  /** Children: >= 0 an absolute node index, < 0 the leaf {@code ~child} (absolute leaf index). */
  private final int[] left;
  private final int[] right;
  private final double[] leafValue;
  /** Categorical nodes: the bitset words, from {@code catStart[node]}, {@code catWords[node]} of them. */
  private final int[] catStart;
  private final int[] catWords;
  private final int[] catBits;

  private JavaTrees(int numClasses, int numFeatures, List<Tree> trees) {
    this.numClasses = numClasses;
    this.numFeatures = numFeatures;
    this.numTrees = trees.size();
    int nodes = trees.stream().mapToInt(t -> t.splitFeature.length).sum();
    int leaves = trees.stream().mapToInt(t -> t.leafValue.length).sum();
    int bits = trees.stream().mapToInt(t -> t.catThreshold.length).sum();
    root = new int[numTrees];
    splitFeature = new int[nodes];
    threshold = new double[nodes];
    decisionType = new byte[nodes];
    left = new int[nodes];
    right = new int[nodes];
    leafValue = new double[leaves];
    catStart = new int[nodes];
    catWords = new int[nodes];
    catBits = new int[bits];
    int nodeBase = 0;
    int leafBase = 0;
    int bitBase = 0;
    for (int t = 0; t < numTrees; t++) {
      Tree tree = trees.get(t);
      int n = tree.splitFeature.length;
      root[t] = n == 0 ? ~leafBase : nodeBase;
      for (int i = 0; i < n; i++) {
        int node = nodeBase + i;
        splitFeature[node] = tree.splitFeature[i];
        threshold[node] = tree.threshold[i];
        decisionType[node] = (byte) tree.decisionType[i];
        left[node] = tree.left[i] >= 0 ? nodeBase + tree.left[i] : ~(leafBase + ~tree.left[i]);
        right[node] = tree.right[i] >= 0 ? nodeBase + tree.right[i] : ~(leafBase + ~tree.right[i]);
        if ((tree.decisionType[i] & CATEGORICAL_MASK) != 0) {
          int catIndex = (int) tree.threshold[i];
          catStart[node] = bitBase + tree.catBoundaries[catIndex];
          catWords[node] = tree.catBoundaries[catIndex + 1] - tree.catBoundaries[catIndex];
        }
      }
      System.arraycopy(tree.leafValue, 0, leafValue, leafBase, tree.leafValue.length);
      System.arraycopy(tree.catThreshold, 0, catBits, bitBase, tree.catThreshold.length);
      nodeBase += n;
      leafBase += tree.leafValue.length;
      bitBase += tree.catThreshold.length;
    }
  }

  int numTrees() {
    return numTrees;
  }

  /** Parses LightGBM's model text ({@code GbmModel#modelString()}). */
  static JavaTrees parse(String modelText) {
    String[] lines = modelText.split("\n");
    Map<String, String> header = new HashMap<>();
    int i = 0;
    for (; i < lines.length && !lines[i].startsWith("Tree="); i++) {
      int eq = lines[i].indexOf('=');
      if (eq > 0) header.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
    }
    int numClasses = Integer.parseInt(required(header, "num_tree_per_iteration"));
    int numFeatures = Integer.parseInt(required(header, "max_feature_idx")) + 1;
    List<Tree> trees = new ArrayList<>();
    Map<String, String> fields = new HashMap<>();
    for (; i < lines.length; i++) {
      String line = lines[i];
      if (line.startsWith("Tree=") || line.startsWith("end of trees")) {
        if (!fields.isEmpty()) trees.add(Tree.of(fields, trees.size()));
        fields.clear();
        if (line.startsWith("end of trees")) break;
        continue;
      }
      int eq = line.indexOf('=');
      if (eq > 0) fields.put(line.substring(0, eq), line.substring(eq + 1));
    }
    if (trees.size() % numClasses != 0) {
      throw new GbmException("the model text has " + trees.size() + " trees, not a multiple of " + numClasses + " trees per iteration");
    }
    return new JavaTrees(numClasses, numFeatures, trees);
  }

  private static String required(Map<String, String> header, String key) {
    String value = header.get(key);
    if (value == null) throw new GbmException("LightGBM model text without \"" + key + "=\" in its header");
    return value;
  }

  /** Raw margins, one per class: what LGBM_BoosterPredictForMat with C_API_PREDICT_RAW_SCORE returns. */
  double[] predictRaw(double[] row) {
    double[] x = new double[numFeatures];
    for (int f = 0; f < numFeatures; f++) {
      double v = row[f];
      // LightGBM's dense-row reader keeps only |v| > kZeroThreshold or NaN; the rest reads as 0
      x[f] = Math.abs(v) > ZERO_THRESHOLD || Double.isNaN(v) ? v : 0.0;
    }
    double[] raw = new double[numClasses];
    for (int t = 0; t < numTrees; t++) raw[t % numClasses] += leafValue[~leaf(root[t], x)];
    return raw;
  }

  /** Softmax of the raw margins, as LightGBM's multiclass objective converts them. */
  double[] predictProbabilities(double[] row) {
    double[] raw = predictRaw(row);
    if (numClasses == 1) return raw;
    double max = raw[0];
    for (int k = 1; k < numClasses; k++) max = Math.max(max, raw[k]);
    double sum = 0.0;
    double[] p = new double[numClasses];
    for (int k = 0; k < numClasses; k++) {
      p[k] = Math.exp(raw[k] - max);
      sum += p[k];
    }
    for (int k = 0; k < numClasses; k++) p[k] /= sum;
    return p;
  }

  private int leaf(int node, double[] x) {
    while (node >= 0) {
      double value = x[splitFeature[node]];
      int type = decisionType[node];
      node = (type & CATEGORICAL_MASK) != 0 ? categorical(node, value) : numerical(node, type, value);
    }
    return node;
  }

  private int numerical(int node, int type, double value) {
    int missing = (type >> 2) & 3;
    if (Double.isNaN(value) && missing != MISSING_NAN) value = 0.0;
    if ((missing == MISSING_ZERO && value >= -ZERO_THRESHOLD && value <= ZERO_THRESHOLD)
        || (missing == MISSING_NAN && Double.isNaN(value))) {
      return (type & DEFAULT_LEFT_MASK) != 0 ? left[node] : right[node];
    }
    return value <= threshold[node] ? left[node] : right[node];
  }

  private int categorical(int node, double value) {
    if (Double.isNaN(value)) return right[node];
    int category = (int) value;
    if (category < 0) return right[node];
    int word = category >>> 5;
    if (word >= catWords[node]) return right[node];
    return ((catBits[catStart[node] + word] >>> (category & 31)) & 1) != 0 ? left[node] : right[node];
  }

  /** One tree as the text gives it; children are node indices, or ~leaf for leaves. */
  private record Tree(int[] splitFeature, double[] threshold, int[] decisionType, int[] left, int[] right,
      double[] leafValue, int[] catBoundaries, int[] catThreshold) {
    static Tree of(Map<String, String> fields, int index) {
      int leaves = Integer.parseInt(field(fields, "num_leaves", index));
      double[] leafValue = doubles(field(fields, "leaf_value", index));
      if (leafValue.length != leaves) throw new GbmException("tree " + index + ": " + leafValue.length + " leaf values for " + leaves + " leaves");
      if (leaves == 1) return new Tree(new int[0], new double[0], new int[0], new int[0], new int[0], leafValue, new int[0], new int[0]);
      int numCat = Integer.parseInt(fields.getOrDefault("num_cat", "0"));
      return new Tree(ints(field(fields, "split_feature", index)), doubles(field(fields, "threshold", index)),
          ints(field(fields, "decision_type", index)), ints(field(fields, "left_child", index)),
          ints(field(fields, "right_child", index)), leafValue,
          numCat > 0 ? ints(field(fields, "cat_boundaries", index)) : new int[0],
          numCat > 0 ? ints(field(fields, "cat_threshold", index)) : new int[0]);
    }

    private static String field(Map<String, String> fields, String key, int index) {
      String value = fields.get(key);
      if (value == null) throw new GbmException("tree " + index + " of the model text has no \"" + key + "=\" line");
      return value;
    }

    private static int[] ints(String text) {
      String[] parts = text.trim().split(" ");
      int[] values = new int[parts.length];
      // cat_threshold holds uint32 words: parse as long and keep the low 32 bits
      for (int i = 0; i < parts.length; i++) values[i] = (int) Long.parseLong(parts[i]);
      return values;
    }

    private static double[] doubles(String text) {
      String[] parts = text.trim().split(" ");
      double[] values = new double[parts.length];
      for (int i = 0; i < parts.length; i++) values[i] = number(parts[i]);
      return values;
    }

    /** LightGBM prints infinities as inf/-inf (C's %g), which Double.parseDouble does not read. */
    private static double number(String text) {
      return switch (text) {
        case "inf", "+inf" -> Double.POSITIVE_INFINITY;
        case "-inf" -> Double.NEGATIVE_INFINITY;
        case "nan", "-nan" -> Double.NaN;
        default -> Double.parseDouble(text);
      };
    }
  }
}
