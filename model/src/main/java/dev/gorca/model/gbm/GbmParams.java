package dev.gorca.model.gbm;

import dev.gorca.features.schema.FeatureSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Training parameters of the multiclass booster. Defaults suit gorca's corpus (hundreds to a few
 * thousand incidents); {@link #toLightGbm(int)} renders them as LightGBM's parameter string.
 *
 * @param numLeaves most leaves per tree
 * @param learningRate shrinkage of every tree
 * @param minDataInLeaf fewest rows in a leaf (LightGBM's default 20 would not split a small corpus)
 * @param minDataPerCategory fewest rows per category group of a categorical split (LightGBM's default is 100)
 * @param featureFraction share of features each tree may use
 * @param baggingFraction share of rows each tree sees (1 turns bagging off)
 * @param baggingFrequency re-draw the bag every this many iterations (0 turns bagging off)
 * @param lambdaL1 L1 regularization of leaf values
 * @param lambdaL2 L2 regularization of leaf values
 * @param maxRounds most boosting iterations (each adds one tree per class)
 * @param earlyStoppingRounds stop when the validation loss has not improved for this many iterations
 * @param seed every random choice (bagging, feature fraction, data sampling) derives from it
 * @param deterministic same data, seed and threads give the same model bit for bit
 * @param numThreads OpenMP threads for training; 1 by default: on two shared cores, 2 threads spin in
 *     OpenMP barriers and trained the lab matrix 9x slower (docs/model.md)
 * @param categoricalFeatures column indices LightGBM splits by category, from the feature schema
 * @param balancedClassWeights weight each row n/(K·n_k) so rare causes count as much as common ones
 * @param refitDecayRate for refit: weight of the old leaf value against the one fitted on new rows
 * @param extraTrees LightGBM's extra_trees: each split tries one random threshold per feature
 */
public record GbmParams(
    int numLeaves,
    double learningRate,
    int minDataInLeaf,
    int minDataPerCategory,
    double featureFraction,
    double baggingFraction,
    int baggingFrequency,
    double lambdaL1,
    double lambdaL2,
    int maxRounds,
    int earlyStoppingRounds,
    long seed,
    boolean deterministic,
    int numThreads,
    List<Integer> categoricalFeatures,
    boolean balancedClassWeights,
    double refitDecayRate,
    boolean extraTrees) {

  public GbmParams {
    if (numLeaves < 2) throw new IllegalArgumentException("numLeaves must be at least 2, got " + numLeaves);
    if (!(learningRate > 0 && learningRate <= 1)) throw new IllegalArgumentException("learningRate must be in (0, 1], got " + learningRate);
    if (minDataInLeaf < 1) throw new IllegalArgumentException("minDataInLeaf must be at least 1, got " + minDataInLeaf);
    if (minDataPerCategory < 1) throw new IllegalArgumentException("minDataPerCategory must be at least 1, got " + minDataPerCategory);
    if (!(featureFraction > 0 && featureFraction <= 1)) throw new IllegalArgumentException("featureFraction must be in (0, 1], got " + featureFraction);
    if (!(baggingFraction > 0 && baggingFraction <= 1)) throw new IllegalArgumentException("baggingFraction must be in (0, 1], got " + baggingFraction);
    if (baggingFrequency < 0) throw new IllegalArgumentException("baggingFrequency must be >= 0, got " + baggingFrequency);
    if (lambdaL1 < 0 || lambdaL2 < 0) throw new IllegalArgumentException("lambdaL1 and lambdaL2 must be >= 0, got " + lambdaL1 + ", " + lambdaL2);
    if (maxRounds < 1) throw new IllegalArgumentException("maxRounds must be at least 1, got " + maxRounds);
    if (earlyStoppingRounds < 1) throw new IllegalArgumentException("earlyStoppingRounds must be at least 1, got " + earlyStoppingRounds);
    if (numThreads < 1) throw new IllegalArgumentException("numThreads must be at least 1, got " + numThreads);
    if (!(refitDecayRate >= 0 && refitDecayRate <= 1)) throw new IllegalArgumentException("refitDecayRate must be in [0, 1], got " + refitDecayRate);
    categoricalFeatures = List.copyOf(categoricalFeatures);
    for (int index : categoricalFeatures) {
      if (index < 0) throw new IllegalArgumentException("categorical feature indices are >= 0, got " + index);
    }
  }

  public static GbmParams defaults() {
    return builder().build();
  }

  /**
   * What {@code gorca train} trains a model from scratch with: the defaults, the schema's categorical
   * columns split by category, at least 20 rows per leaf and extremely randomized trees.
   *
   * <ul>
   *   <li>Categorical splits (crash family, signal, dump source, largest bucket's category): as numeric
   *       codes, neighbouring codes (THREADS next to MEMORY and CGO) shared splits; leave-program-out
   *       top-1 rose 1–2 points over three seeds.
   *   <li>{@code min_data_in_leaf} 20 and {@code extra_trees}: one lab program is 3 Go versions × 13
   *       rows, so a leaf of 3 rows can hold one program's idiosyncrasy (its goroutine count, the
   *       share of its few background goroutines in select) and the trees learned those instead of
   *       the mechanism; with leaves that need more than half a program and random thresholds,
   *       leave-program-out top-1 rose from 0.920 to 0.957–0.964 and top-3 to 1.000 over three seeds
   *       (docs/model.md).
   *   <li>Learning rate 0.1 for at most 150 rounds instead of 0.05 for 300: half the trees (2,250), so
   *       a third of the prediction time on this machine (p50 84 → 24 µs, p99 136 → 51 µs, docs/benchmarks.md), at the
   *       same held-out quality: top-1 0.986 / 0.976 / 0.962 over three split seeds against 0.976 /
   *       0.979 / 0.969 (docs/model.md).
   * </ul>
   */
  public static GbmParams defaults(FeatureSchema schema) {
    return builder().categoricalFeatures(schema).minDataInLeaf(40).extraTrees(true).learningRate(0.1).maxRounds(150).build();
  }

  /**
   * What the incremental step continues a model with: the defaults with categorical splits, 3 rows
   * per leaf and exact thresholds. The step fits what the current model gets wrong on a few dozen
   * newly labelled rows (old rows replayed beside them); a corrected label on two incidents must be
   * able to get leaves of its own, which 20 rows per leaf would forbid (docs/model.md, Incremental
   * training).
   */
  public static GbmParams incremental(FeatureSchema schema) {
    return builder().categoricalFeatures(schema).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The columns a schema marks categorical (crash kind, signal, ...), in column order. */
  public static List<Integer> categoricalIndices(FeatureSchema schema) {
    return IntStream.range(0, schema.size()).filter(i -> schema.definitions().get(i).categorical()).boxed().toList();
  }

  /** LightGBM's parameter string for a model of {@code numClasses} classes (datasets and boosters). */
  public String toLightGbm(int numClasses) {
    return asMap(numClasses).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
  }

  /** The parameters as LightGBM names them, for provenance. */
  public Map<String, String> asMap(int numClasses) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("objective", "multiclass");
    p.put("num_class", Integer.toString(numClasses));
    p.put("metric", "multi_logloss");
    p.put("num_leaves", Integer.toString(numLeaves));
    p.put("learning_rate", number(learningRate));
    p.put("min_data_in_leaf", Integer.toString(minDataInLeaf));
    p.put("min_data_per_group", Integer.toString(minDataPerCategory));
    p.put("feature_fraction", number(featureFraction));
    p.put("bagging_fraction", number(baggingFraction));
    p.put("bagging_freq", Integer.toString(baggingFrequency));
    p.put("lambda_l1", number(lambdaL1));
    p.put("lambda_l2", number(lambdaL2));
    p.put("seed", Long.toString(seed));
    p.put("deterministic", Boolean.toString(deterministic));
    // LightGBM picks row- or column-wise histograms by timing them unless told: never deterministic.
    p.put("force_row_wise", "true");
    p.put("num_threads", Integer.toString(numThreads));
    p.put("feature_pre_filter", "false");
    p.put("refit_decay_rate", number(refitDecayRate));
    p.put("verbosity", "-1");
    if (extraTrees) p.put("extra_trees", "true");
    if (!categoricalFeatures.isEmpty()) {
      p.put("categorical_feature", categoricalFeatures.stream().map(String::valueOf).collect(Collectors.joining(",")));
    }
    return p;
  }

  /** Everything that is not a LightGBM parameter but shaped the model. */
  public Map<String, String> trainerSettings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("max_rounds", Integer.toString(maxRounds));
    s.put("early_stopping_rounds", Integer.toString(earlyStoppingRounds));
    s.put("class_weights", balancedClassWeights ? "balanced" : "none");
    return s;
  }

  private static String number(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** Builds {@link GbmParams} from the defaults. */
  public static final class Builder {
    private int numLeaves = 15;
    private double learningRate = 0.05;
    private int minDataInLeaf = 3;
    private int minDataPerCategory = 3;
    private double featureFraction = 0.9;
    private double baggingFraction = 0.9;
    private int baggingFrequency = 1;
    private double lambdaL1 = 0;
    private double lambdaL2 = 1.0;
    private int maxRounds = 300;
    private int earlyStoppingRounds = 30;
    private long seed = 42;
    private boolean deterministic = true;
    private int numThreads = 1;
    private List<Integer> categoricalFeatures = List.of();
    private boolean balancedClassWeights = true;
    private double refitDecayRate = 0.9;
    private boolean extraTrees = false;

    private Builder() {}

    private Builder(GbmParams p) {
      numLeaves = p.numLeaves;
      learningRate = p.learningRate;
      minDataInLeaf = p.minDataInLeaf;
      minDataPerCategory = p.minDataPerCategory;
      featureFraction = p.featureFraction;
      baggingFraction = p.baggingFraction;
      baggingFrequency = p.baggingFrequency;
      lambdaL1 = p.lambdaL1;
      lambdaL2 = p.lambdaL2;
      maxRounds = p.maxRounds;
      earlyStoppingRounds = p.earlyStoppingRounds;
      seed = p.seed;
      deterministic = p.deterministic;
      numThreads = p.numThreads;
      categoricalFeatures = p.categoricalFeatures;
      balancedClassWeights = p.balancedClassWeights;
      refitDecayRate = p.refitDecayRate;
      extraTrees = p.extraTrees;
    }

    public Builder numLeaves(int value) { numLeaves = value; return this; }
    public Builder learningRate(double value) { learningRate = value; return this; }
    public Builder minDataInLeaf(int value) { minDataInLeaf = value; return this; }
    public Builder minDataPerCategory(int value) { minDataPerCategory = value; return this; }
    public Builder featureFraction(double value) { featureFraction = value; return this; }
    public Builder bagging(double fraction, int frequency) { baggingFraction = fraction; baggingFrequency = frequency; return this; }
    public Builder lambdaL1(double value) { lambdaL1 = value; return this; }
    public Builder lambdaL2(double value) { lambdaL2 = value; return this; }
    public Builder maxRounds(int value) { maxRounds = value; return this; }
    public Builder earlyStoppingRounds(int value) { earlyStoppingRounds = value; return this; }
    public Builder seed(long value) { seed = value; return this; }
    public Builder deterministic(boolean value) { deterministic = value; return this; }
    public Builder numThreads(int value) { numThreads = value; return this; }
    public Builder categoricalFeatures(List<Integer> value) { categoricalFeatures = value; return this; }
    public Builder categoricalFeatures(FeatureSchema schema) { categoricalFeatures = categoricalIndices(schema); return this; }
    public Builder balancedClassWeights(boolean value) { balancedClassWeights = value; return this; }
    public Builder refitDecayRate(double value) { refitDecayRate = value; return this; }
    public Builder extraTrees(boolean value) { extraTrees = value; return this; }

    public GbmParams build() {
      return new GbmParams(numLeaves, learningRate, minDataInLeaf, minDataPerCategory, featureFraction, baggingFraction,
          baggingFrequency, lambdaL1, lambdaL2, maxRounds, earlyStoppingRounds, seed, deterministic, numThreads,
          categoricalFeatures, balancedClassWeights, refitDecayRate, extraTrees);
    }
  }
}
