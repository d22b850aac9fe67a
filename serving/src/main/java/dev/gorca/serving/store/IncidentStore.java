package dev.gorca.serving.store;

import java.time.Instant;
import java.util.List;
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
}
