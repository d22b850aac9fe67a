package dev.gorca.serving.job;

import dev.gorca.features.extract.BucketSummary;
import dev.gorca.features.flink.CrashSummary;
import dev.gorca.features.flink.Incident;
import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.features.schema.FeatureVector;
import dev.gorca.model.registry.DirectoryModelRegistry;
import dev.gorca.model.registry.FeatureContract;
import dev.gorca.model.scoring.ScoreResult;
import dev.gorca.model.scoring.ScoreResultJson;
import dev.gorca.model.scoring.Scorer;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores incidents with the current model and switches models on announcements. Each subtask holds
 * its own {@link Scorer} (native, not serializable, so transient and opened in {@link #open}); a
 * subtask is single-threaded, so SHAP calls on one booster never overlap. An announcement whose model
 * cannot be loaded is refused to {@link #REFUSALS} and the old model stays.
 *
 * <p>State: the broadcast state holds only the last accepted announcement (overwritten, never
 * cleared); after a restore the first incident reloads that model, so a restart keeps the switch.
 */
public final class ScoreIncidents extends BroadcastProcessFunction<Incident, ModelAnnouncement, ScoredIncident> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ScoreIncidents.class);

  public static final MapStateDescriptor<String, ModelAnnouncement> ACCEPTED_MODEL = new MapStateDescriptor<>(
      "accepted-model", Types.STRING, TypeInformation.of(ModelAnnouncement.class));
  private static final String CURRENT = "current";

  public static final OutputTag<ModelRefusal> REFUSALS =
      new OutputTag<>("model-refusals", TypeInformation.of(ModelRefusal.class));
  public static final String UID = "score-incidents";

  private final String initialRegistryDir;

  private transient FeatureSchema schema;
  private transient Scorer scorer;
  /** What {@link #scorer} was loaded from; null for the initial registry's current model. */
  private transient ModelAnnouncement loaded;
  private transient Counter refusedModels;
  private transient Counter switchedModels;
  private transient Counter unscoredIncidents;

  /** @param initialRegistryDir a model registry whose current model scores until an announcement */
  public ScoreIncidents(String initialRegistryDir) {
    this.initialRegistryDir = initialRegistryDir;
  }

  @Override
  public void open(OpenContext context) {
    schema = FeatureSchema.current();
    scorer = Scorer.current(new DirectoryModelRegistry(Path.of(initialRegistryDir)), schema);
    refusedModels = getRuntimeContext().getMetricGroup().counter("refusedModels");
    switchedModels = getRuntimeContext().getMetricGroup().counter("switchedModels");
    unscoredIncidents = getRuntimeContext().getMetricGroup().counter("unscoredIncidents");
  }

  @Override
  public void processBroadcastElement(ModelAnnouncement announcement, Context context, Collector<ScoredIncident> out)
      throws Exception {
    BroadcastState<String, ModelAnnouncement> accepted = context.getBroadcastState(ACCEPTED_MODEL);
    try {
      switchTo(announcement);
      accepted.put(CURRENT, announcement);
    } catch (RuntimeException refused) {
      refusedModels.inc();
      ModelRefusal refusal = ModelRefusal.of(announcement, scorer.modelId(), String.valueOf(refused.getMessage()));
      LOG.warn("{}", refusal);
      context.output(REFUSALS, refusal);
    }
  }

  @Override
  public void processElement(Incident incident, ReadOnlyContext context, Collector<ScoredIncident> out)
      throws Exception {
    restoreAcceptedModel(context.getBroadcastState(ACCEPTED_MODEL).get(CURRENT));
    ScoreResult result;
    long started = System.nanoTime();
    try {
      result = scorer.score(new FeatureVector(incident.featureSchema, incident.features), suspectContext(incident),
          incident.inputs == null ? List.of() : List.of(incident.inputs));
    } catch (RuntimeException e) {
      // A vector of another schema version, say: the incident is not scored, the job goes on.
      unscoredIncidents.inc();
      LOG.warn("incident {} not scored by {}: {}", incident.incidentId, scorer.modelId(), e.toString());
      return;
    }
    ScoredIncident scored = scored(incident, result);
    scored.scoringMicros = (System.nanoTime() - started) / 1_000;
    out.collect(scored);
  }

  private void restoreAcceptedModel(ModelAnnouncement accepted) {
    if (accepted == null || accepted.equals(loaded)) {
      return;
    }
    try {
      switchTo(accepted);
    } catch (RuntimeException e) {
      // It loaded when announced; keep what we have rather than stop scoring.
      loaded = accepted;
      LOG.warn("could not reload announced model {}; scoring with {}: {}", accepted, scorer.modelId(), e.toString());
    }
  }

  private void switchTo(ModelAnnouncement announcement) {
    if (announcement.registryDir == null || announcement.registryDir.isBlank()
        || announcement.modelId == null || announcement.modelId.isBlank()) {
      throw new IllegalArgumentException("expected a registry directory and a model id, found " + announcement
          + "; announce {\"registry\": DIR, \"model_id\": ID}");
    }
    DirectoryModelRegistry registry = new DirectoryModelRegistry(Path.of(announcement.registryDir));
    Scorer next = Scorer.open(registry.load(announcement.modelId, FeatureContract.of(schema)), schema);
    Scorer previous = scorer;
    scorer = next;
    loaded = announcement;
    previous.close();
    switchedModels.inc();
    LOG.info("scoring with model {}", announcement);
  }

  static Scorer.SuspectContext suspectContext(Incident incident) {
    CrashSummary crash = incident.crash;
    List<BucketSummary> buckets = incident.topBuckets == null ? List.of() : List.of(incident.topBuckets);
    if (crash == null) {
      return new Scorer.SuspectContext(null, "", buckets, "");
    }
    return new Scorer.SuspectContext(crash.site, crash.repeatedFunction == null ? "" : crash.repeatedFunction,
        buckets, crash.message == null ? "" : crash.message);
  }

  static ScoredIncident scored(Incident incident, ScoreResult result) {
    ScoredIncident scored = new ScoredIncident();
    scored.incident = incident;
    scored.modelId = result.modelId();
    scored.featureSchema = result.featureSchema();
    scored.topCause = result.top().get(0).rootCause();
    scored.topProbability = result.top().get(0).probability();
    scored.novel = result.novel();
    scored.scoreJson = ScoreResultJson.of(result).toString();
    return scored;
  }

  @Override
  public void close() {
    if (scorer != null) {
      scorer.close();
      scorer = null;
    }
  }
}
