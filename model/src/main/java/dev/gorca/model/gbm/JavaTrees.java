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
  /** What {@code predictRaw} notes of each value. */
  private static final int IS_ZERO = 1;
  private static final int IS_NAN = 2;
  /**
   * By a node's missing type (none, zero, NaN), which values take its default direction: none — no
   * value (NaN reads as 0 and is compared); zero — 0, and NaN, which reads as 0; NaN — NaN only.
   * LightGBM 4.3's {@code Tree::NumericalDecision}.
   */
  private static final int[] MISSING_MASK = {0, IS_ZERO | IS_NAN, IS_NAN, 0};

  /** Packing limits of {@link #nodes}: 24-bit signed children, 12-bit feature index. */
  private static final int MAX_CHILD = (1 << 23) - 1;
  private static final int MAX_FEATURE = (1 << 12) - 1;

  private final int numClasses;
  private final int numFeatures;
  private final int numTrees;
  /** Per tree: index of its root node, or -1 - leafIndex for a single-leaf tree. */
  private final int[] root;
  /**
   * Two longs per node, so that a visited node is one cache line rather than one per field. Word 0:
   * the threshold's bits, or for a categorical node its bitset's start (high 32 bits) and length in
   * words (low 32 bits). Word 1: left child (bits 0–23), right child (24–47), each a node index or
   * {@code ~leaf} (24-bit signed), split feature (48–59), decision type (60–63). With this, four trees
   * walked side by side and the missing-value mask, a row took 84 instead of 112 µs on a 4,440-tree
   * model (docs/benchmarks.md, "Scoring").
   */
  private final long[] nodes;
  private final double[] leafValue;
  private final int[] catBits;

  private JavaTrees(int numClasses, int numFeatures, List<Tree> trees) {
    this.numClasses = numClasses;
    this.numFeatures = numFeatures;
    this.numTrees = trees.size();
    int nodeCount = trees.stream().mapToInt(t -> t.splitFeature.length).sum();
    int leaves = trees.stream().mapToInt(t -> t.leafValue.length).sum();
    int bits = trees.stream().mapToInt(t -> t.catThreshold.length).sum();
    if (nodeCount > MAX_CHILD || leaves > MAX_CHILD || numFeatures > MAX_FEATURE + 1) {
      throw new GbmException("the model is too large for Java evaluation: " + nodeCount + " nodes, " + leaves + " leaves, "
          + numFeatures + " features (at most " + MAX_CHILD + ", " + MAX_CHILD + ", " + (MAX_FEATURE + 1) + ")");
    }
    root = new int[numTrees];
    nodes = new long[2 * nodeCount];
    leafValue = new double[leaves];
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
        int left = tree.left[i] >= 0 ? nodeBase + tree.left[i] : ~(leafBase + ~tree.left[i]);
        int right = tree.right[i] >= 0 ? nodeBase + tree.right[i] : ~(leafBase + ~tree.right[i]);
        int type = tree.decisionType[i];
        if ((type & CATEGORICAL_MASK) != 0) {
          int catIndex = (int) tree.threshold[i];
          long start = bitBase + tree.catBoundaries[catIndex];
          long words = tree.catBoundaries[catIndex + 1] - tree.catBoundaries[catIndex];
          nodes[2 * node] = (start << 32) | words;
        } else {
          nodes[2 * node] = Double.doubleToRawLongBits(tree.threshold[i]);
        }
        nodes[2 * node + 1] = (left & 0xFFFFFFL) | ((right & 0xFFFFFFL) << 24)
            | ((long) tree.splitFeature[i] << 48) | ((long) (type & 0xF) << 60);
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
    // Each value once: NaN read as 0 (what a node without a missing type compares), and whether it
    // was NaN or zero, so that a node's missing-value rule is one mask test instead of four branches.
    double[] x = new double[numFeatures];
    int[] missing = new int[numFeatures];
    for (int f = 0; f < numFeatures; f++) {
      double v = row[f];
      if (Double.isNaN(v)) {
        missing[f] = IS_NAN;
      } else if (Math.abs(v) <= ZERO_THRESHOLD) {
        // LightGBM's dense-row reader keeps only |v| > kZeroThreshold or NaN; the rest reads as 0
        missing[f] = IS_ZERO;
      } else {
        x[f] = v;
      }
    }
    double[] raw = new double[numClasses];
    // Four trees are walked side by side: each level of a tree is a load that depends on the one
    // before, so one tree at a time waits on memory at every level; four chains overlap (docs/benchmarks.md).
    // The leaves are then added in tree order, tree t to class t mod K: LightGBM's sum order, so the
    // margins stay bit for bit.
    int k = 0;
    int t = 0;
    for (; t + 4 <= numTrees; t += 4) {
      int a = root[t];
      int b = root[t + 1];
      int c = root[t + 2];
      int d = root[t + 3];
      while ((a & b & c & d) >= 0) { // until all four are leaves (negative)
        if (a >= 0) a = child(a, x, missing);
        if (b >= 0) b = child(b, x, missing);
        if (c >= 0) c = child(c, x, missing);
        if (d >= 0) d = child(d, x, missing);
      }
      raw[k] += leafValue[~a];
      if (++k == numClasses) k = 0;
      raw[k] += leafValue[~b];
      if (++k == numClasses) k = 0;
      raw[k] += leafValue[~c];
      if (++k == numClasses) k = 0;
      raw[k] += leafValue[~d];
      if (++k == numClasses) k = 0;
    }
    for (; t < numTrees; t++) {
      int node = root[t];
      while (node >= 0) node = child(node, x, missing);
      raw[k] += leafValue[~node];
      if (++k == numClasses) k = 0;
    }
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

  /** The node's child that the row goes to: a node index, or {@code ~leaf}. */
  private int child(int node, double[] x, int[] missing) {
    long word = nodes[2 * node];
    long links = nodes[2 * node + 1];
    int type = (int) (links >>> 60);
    int feature = (int) (links >>> 48) & MAX_FEATURE;
    boolean goLeft;
    if ((type & CATEGORICAL_MASK) != 0) {
      goLeft = missing[feature] != IS_NAN && categoricalLeft(word, x[feature]);
    } else if ((missing[feature] & MISSING_MASK[(type >> 2) & 3]) != 0) {
      goLeft = (type & DEFAULT_LEFT_MASK) != 0;
    } else {
      goLeft = x[feature] <= Double.longBitsToDouble(word);
    }
    return goLeft ? (int) (links << 40 >> 40) : (int) (links << 16 >> 40);
  }

  private boolean categoricalLeft(long word, double value) {
    int category = (int) value;
    if (category < 0) return false;
    int index = category >>> 5;
    if (index >= (int) word) return false;
    return ((catBits[(int) (word >>> 32) + index] >>> (category & 31)) & 1) != 0;
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
