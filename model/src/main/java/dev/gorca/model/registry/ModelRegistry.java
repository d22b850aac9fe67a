package dev.gorca.model.registry;

import java.util.List;
import java.util.Optional;

/**
 * Versions of the model: candidates are saved, one is promoted to serve, and a bad promotion is
 * rolled back to the one promoted before it. Loading refuses corrupt models and models trained on
 * other features ({@link ModelRejectedException}).
 */
public interface ModelRegistry {

  /** Stores a candidate under its provenance's model id; saving the same content again is a no-op. */
  String save(ModelCandidate candidate);

  /** The model, verified: every checksum, and the caller's feature schema version and feature list. */
  StoredModel load(String modelId, FeatureContract expected);

  /** Every stored model's provenance, oldest first. */
  List<Provenance> list();

  /** Makes a stored, intact model the current one. */
  void promote(String modelId);

  /** Makes the model promoted before the current one current again; returns its id. */
  String rollback();

  /** The current model's id, empty before the first promotion. */
  Optional<String> current();

  /** The current model, verified like {@link #load}. */
  default StoredModel loadCurrent(FeatureContract expected) {
    String id = current().orElseThrow(() -> new ModelRejectedException(ModelRejectedException.Reason.NOT_FOUND, null,
        "no model has been promoted yet; save a model and promote it first"));
    return load(id, expected);
  }
}
