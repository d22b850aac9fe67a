package dev.gorca.model.scoring;

import dev.gorca.features.extract.BucketSummary;
import dev.gorca.features.extract.CrashSite;
import dev.gorca.features.extract.DumpShapeFeatures;
import dev.gorca.features.extract.IncidentEvidence;
import dev.gorca.features.extract.IncidentFeatures;
import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.features.schema.FeatureVector;
import dev.gorca.ingest.gotrace.GoTrace;
import dev.gorca.model.eval.Calibrator;
import dev.gorca.model.eval.NoveltyDetector;
import dev.gorca.model.gbm.GbmModel;
import dev.gorca.model.registry.FeatureContract;
import dev.gorca.model.registry.ModelRegistry;
import dev.gorca.model.registry.StoredModel;
import dev.gorca.model.taxonomy.Playbooks;
import dev.gorca.model.taxonomy.RootCause;
import dev.gorca.model.training.ModelArtifacts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Scores incidents with one model version: calibrated top-3 causes, the reasons (SHAP) in
 * sentences, the suspect, the playbook, and how novel the incident is. Thread-safe: predictions
 * run concurrently; SHAP contributions are serialized per class inside {@link GbmModel} (STACK.md).
 */
public final class Scorer implements AutoCloseable {
  public static final int TOP = 3;

  private final String modelId;
  private final FeatureSchema schema;
  private final GbmModel model;
  private final Calibrator calibrator;
  private final NoveltyDetector novelty;
  private final List<String> classes;
  private final Explainer explainer;

  public Scorer(String modelId, FeatureSchema schema, GbmModel model, Calibrator calibrator, NoveltyDetector novelty,
      List<String> classes) {
    this.modelId = modelId;
    this.schema = schema;
    this.model = model;
    this.calibrator = calibrator;
    this.novelty = novelty;
    this.classes = List.copyOf(classes);
    this.explainer = new Explainer(schema);
    if (model.numFeatures() != schema.size()) {
      throw new IllegalArgumentException("model " + modelId + " has " + model.numFeatures() + " features, schema "
          + schema.version() + " has " + schema.size());
    }
  }

  /** Opens a stored version; the registry has verified its checksums and feature contract. */
  public static Scorer open(StoredModel stored, FeatureSchema schema) {
    return new Scorer(stored.modelId(), schema, stored.open(), ModelArtifacts.calibrator(stored),
        ModelArtifacts.novelty(stored), stored.provenance().classNames());
  }

  /** The registry's current version, for this schema. */
  public static Scorer current(ModelRegistry registry, FeatureSchema schema) {
    return open(registry.loadCurrent(FeatureContract.of(schema)), schema);
  }

  public String modelId() {
    return modelId;
  }

  public FeatureSchema schema() {
    return schema;
  }

  /** Where the suspect comes from: the failing goroutine, the recursion, the largest buckets. */
  public record SuspectContext(BucketSummary site, String repeatedFunction, List<BucketSummary> buckets, String crashMessage) {
    public static final SuspectContext NONE = new SuspectContext(null, "", List.of(), "");

    public static SuspectContext of(IncidentEvidence evidence) {
      GoTrace crash = evidence.crash() == null ? null : evidence.crash().trace();
      List<BucketSummary> buckets = evidence.dump() != null
          ? DumpShapeFeatures.topBuckets(evidence.dump().goroutines(), 5)
          : crash != null ? DumpShapeFeatures.topBuckets(crash.goroutines(), 5) : List.of();
      return new SuspectContext(crash == null ? null : CrashSite.of(crash),
          crash == null ? "" : CrashSite.mostRepeatedFunction(crash),
          buckets, crash == null ? "" : crash.message());
    }
  }

  /** Scores evidence read from files or the API: features and suspect come from it. */
  public ScoreResult score(IncidentEvidence evidence) {
    return score(IncidentFeatures.extract(evidence, schema), SuspectContext.of(evidence), evidence.inputs());
  }

  /** Scores a feature vector computed elsewhere (the stream), with what is known for the suspect. */
  public ScoreResult score(FeatureVector vector, SuspectContext context, List<String> inputs) {
    schema.requireVersion(vector.schemaVersion());
    double[] features = vector.values();
    double[] input = schema.modelInput(features);
    double[] probabilities = calibrator.calibrate(model.predictProbabilities(input));
    List<ScoreResult.Ranked> top = top(probabilities);
    String topCause = top.get(0).rootCause();
    // SHAP of the top cause only: a single-class booster does a K-th of predict-contrib's work
    double[] contributions = model.contributions(input, classes.indexOf(topCause));
    List<Explainer.Reason> reasons = explainer.explain(features, contributions, context.crashMessage());
    Suspect suspect = SuspectFinder.find(topCause, context.site(), context.repeatedFunction(), context.buckets());
    double noveltyScore = novelty.score(input);
    RootCause cause = RootCause.fromId(topCause);
    return new ScoreResult(top, reasons, suspect, cause.title(), Playbooks.forCause(cause).toText(), modelId,
        schema.version(), List.copyOf(inputs), noveltyScore, novelty.isNovel(noveltyScore));
  }

  /** Calibrated probabilities of every class, in class order: for evaluation and the review queue. */
  public double[] probabilities(double[] features) {
    return calibrator.calibrate(model.predictProbabilities(schema.modelInput(features)));
  }

  private List<ScoreResult.Ranked> top(double[] probabilities) {
    List<ScoreResult.Ranked> ranked = new ArrayList<>();
    for (int i = 0; i < probabilities.length; i++) ranked.add(new ScoreResult.Ranked(classes.get(i), probabilities[i]));
    ranked.sort(Comparator.comparingDouble(ScoreResult.Ranked::probability).reversed());
    return List.copyOf(ranked.subList(0, Math.min(TOP, ranked.size())));
  }

  @Override
  public void close() {
    model.close();
  }
}
