package dev.gorca.serving.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where incidents, operators' labels and promoted models are kept. Writes are idempotent on their keys. */
public interface IncidentStore {
  /** Inserts the incident or replaces the one with its id (its first-seen time stays). */
  void upsertIncident(StoredIncident incident);

  Optional<StoredIncident> find(String incidentId);

  /** Newest first (by ts_ms, then incident id). */
  List<StoredIncident> list(IncidentFilter filter);

  /**
   * Adds a label; the same label (incident, operator, ts) twice is stored once.
   *
   * @throws IllegalArgumentException when no incident has that id
   */
  void addLabel(Label label);

  /** Labels with {@code ts_ms >= sinceTsMs}, oldest first, each with its incident. */
  List<LabelledIncident> labelsSince(long sinceTsMs);

  /** Records that a model was promoted, with its evaluation metrics as JSON; again for the same id replaces. */
  void recordModel(String modelId, Instant promotedAt, String metricsJson);

  /** The labels of one incident, newest first; empty when it has none or does not exist. */
  List<Label> labels(String incidentId);

  /** The newest label of each of these incidents that has one, by incident id. */
  Map<String, Label> latestLabels(Collection<String> incidentIds);

  /** Unlabelled incidents, the model's least sure first (smallest {@link ReviewItem#margin()}), then newest. */
  List<ReviewItem> reviewQueue(int limit);

  /**
   * Other incidents with the same crash fingerprint or the same function at the top of their largest goroutine
   * bucket, newest first; empty when the incident does not exist or has no document to compare.
   */
  List<StoredIncident> similar(String incidentId, int limit);

  /** Per UTC day with labels since {@code sinceTsMs}, oldest first: how many labels confirmed the model's top cause. */
  List<LabelAgreement> labelAgreement(long sinceTsMs);
}
