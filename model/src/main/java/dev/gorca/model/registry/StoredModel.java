package dev.gorca.model.registry;

import dev.gorca.model.gbm.GbmModel;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A model read back from the registry after its checksums and feature contract were verified.
 *
 * @param directory where it is stored, for messages
 */
public record StoredModel(Provenance provenance, String modelText, Map<String, byte[]> extras, Path directory) {
  public StoredModel {
    Objects.requireNonNull(provenance, "provenance == null");
    Objects.requireNonNull(modelText, "modelText == null");
    extras = Map.copyOf(extras);
  }

  public String modelId() {
    return provenance.modelId();
  }

  public Optional<byte[]> extra(String name) {
    return Optional.ofNullable(extras.get(name)).map(byte[]::clone);
  }

  /** A booster of this model; the caller closes it. */
  public GbmModel open() {
    return GbmModel.fromString(modelText);
  }
}
