package dev.gorca.serving.learning;

import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.model.registry.DirectoryModelRegistry;
import dev.gorca.model.training.LabelledRow;
import dev.gorca.model.training.Trainer;
import dev.gorca.serving.job.ModelAnnouncement;
import dev.gorca.serving.store.PostgresIncidentStore;
import dev.gorca.serving.store.StoreSettings;
import dev.gorca.serving.store.StoredIncident;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learning loop in the stream: each label is stored and joined with its stored incident's feature
 * vector; after {@link LearningSettings#minLabels()} new labels or {@link LearningSettings#maxWait()}
 * an incremental step runs ({@link LearningStep}) and a model the gate promotes is announced, which
 * the scorers pick up through the models topic. Runs on one key ({@link #KEY}) at parallelism 1:
 * there is one model.
 *
 * <p>State: the pending labels (cleared when a step promotes a model that learnt them; kept when the
 * gate refuses, so they count again with the next labels), the count of labels since the last step
 * and its deadline timer (both cleared by every step).
 */
public final class LearnFromLabels extends KeyedProcessFunction<String, LabelEvent, ModelAnnouncement> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(LearnFromLabels.class);
  public static final String KEY = "model";
  public static final String UID = "learn-from-labels";

  private final LearningSettings settings;
  private final StoreSettings store;

  private transient MapState<String, PendingLabel> pending;
  private transient ValueState<Integer> sinceLastStep;
  private transient ValueState<Long> deadline;
  private transient PostgresIncidentStore incidents;
  private transient FeatureSchema schema;
  private transient LearningStep learning;
  private transient Counter labelsJoined;
  private transient Counter labelsWithoutIncident;
  private transient Counter promoted;
  private transient Counter refused;
  private transient Counter failedSteps;

  public LearnFromLabels(LearningSettings settings, StoreSettings store) {
    this.settings = settings;
    this.store = store;
  }

  @Override
  public void open(OpenContext context) {
    pending = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("pending-labels", Types.STRING, TypeInformation.of(PendingLabel.class)));
    sinceLastStep = getRuntimeContext().getState(new ValueStateDescriptor<>("labels-since-last-step", Types.INT));
    deadline = getRuntimeContext().getState(new ValueStateDescriptor<>("step-deadline", Types.LONG));
    incidents = store.open();
    schema = FeatureSchema.current();
    // Read once: every step replays the same real lab rows, and reading them takes seconds.
    learning = new LearningStep(schema, settings.seed(), LearningStep.labRows(Path.of(settings.labCapturesDir()), schema));
    var metrics = getRuntimeContext().getMetricGroup().addGroup("learning");
    labelsJoined = metrics.counter("labelsJoined");
    labelsWithoutIncident = metrics.counter("labelsWithoutIncident");
    promoted = metrics.counter("promotedModels");
    refused = metrics.counter("refusedCandidates");
    failedSteps = metrics.counter("failedSteps");
  }

  @Override
  public void processElement(LabelEvent label, Context context, Collector<ModelAnnouncement> out) throws Exception {
    Optional<StoredIncident> incident = incidents.find(label.incidentId);
    if (incident.isEmpty()) {
      labelsWithoutIncident.inc();
      LOG.warn("{} ignored: no incident {} in the store (labels name incidents gorca scored)", label, label.incidentId);
      return;
    }
    incidents.addLabel(label.toLabel()); // idempotent: the UI may have stored it already
    Optional<double[]> features = features(incident.get());
    if (features.isEmpty()) {
      labelsWithoutIncident.inc();
      LOG.warn("{} stored but not learnt from: incident features are of schema {}, this job learns {}", label,
          incident.get().featureSchema(), schema.version());
      return;
    }
    if (pending.contains(label.key())) return; // the same label again (replay, or UI and topic)
    pending.put(label.key(), PendingLabel.of(label.incidentId, label.rootCause, features.get()));
    labelsJoined.inc();
    int count = sinceLastStep.value() == null ? 1 : sinceLastStep.value() + 1;
    sinceLastStep.update(count);
    if (count >= settings.minLabels()) {
      step(context.timerService().currentProcessingTime(), context, out);
    } else if (deadline.value() == null) {
      long at = context.timerService().currentProcessingTime() + settings.maxWait().toMillis();
      context.timerService().registerProcessingTimeTimer(at);
      deadline.update(at);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<ModelAnnouncement> out) throws Exception {
    Long due = deadline.value();
    if (due != null && due == timestamp) step(timestamp, context, out);
  }

  private void step(long nowMs, Context context, Collector<ModelAnnouncement> out) throws Exception {
    Long due = deadline.value();
    if (due != null) context.timerService().deleteProcessingTimeTimer(due);
    deadline.clear();
    sinceLastStep.clear();
    List<LabelledRow> rows = new ArrayList<>();
    for (Map.Entry<String, PendingLabel> entry : pending.entries()) {
      rows.add(new LabelledRow(entry.getValue().incidentId, entry.getValue().rootCause, entry.getValue().features));
    }
    DirectoryModelRegistry registry = new DirectoryModelRegistry(Path.of(settings.registryDir()));
    LearningStep.Outcome outcome;
    try {
      outcome = learning.run(registry, registry, rows, Trainer.Progress.QUIET);
    } catch (RuntimeException e) {
      // The loop must not stop the job; the labels stay pending for the next step.
      failedSteps.inc();
      LOG.error("learning step on {} labels failed; the current model stays: {}", rows.size(), e.toString(), e);
      return;
    }
    LOG.info("learning step on {} labels: candidate {} (parent {}) in {} ms, {}: {}", rows.size(),
        outcome.candidateId(), outcome.parentId(), outcome.elapsedMillis(),
        outcome.promoted() ? "promoted" : "not promoted", outcome.reason());
    if (!outcome.promoted()) {
      refused.inc();
      return;
    }
    promoted.inc();
    incidents.recordModel(outcome.candidateId(), Instant.ofEpochMilli(nowMs), outcome.metricsJson());
    pending.clear();
    out.collect(ModelAnnouncement.of(settings.registryDir(), outcome.candidateId()));
  }

  /** The incident's vector in this schema's order, when it was computed with this schema. */
  private Optional<double[]> features(StoredIncident incident) {
    if (!schema.version().equals(incident.featureSchema())) return Optional.empty();
    double[] values = new double[schema.size()];
    Arrays.fill(values, Double.NaN);
    for (Map.Entry<String, Double> feature : incident.features().entrySet()) {
      if (schema.has(feature.getKey())) values[schema.indexOf(feature.getKey())] = feature.getValue();
    }
    return Optional.of(values);
  }

  @Override
  public void close() {
    incidents = null;
  }
}
