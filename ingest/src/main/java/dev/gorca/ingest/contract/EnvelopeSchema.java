package dev.gorca.ingest.contract;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The schema ids carried in every envelope's {@code schema} field. An id is {@code <type>/<version>};
 * a consumer knows exactly one version of each type, so a new version is a new constant here.
 */
public enum EnvelopeSchema {
  CRASH("gorca.crash", "v1"),
  METRICS("gorca.metrics", "v1"),
  DUMP("gorca.dump", "v1"),
  LABEL("gorca.label", "v1");

  private final String type;
  private final String version;

  EnvelopeSchema(String type, String version) {
    this.type = type;
    this.version = version;
  }

  /** The full id as written on the wire, e.g. {@code gorca.crash/v1}. */
  public String id() {
    return type + "/" + version;
  }

  /** The type part of the id, e.g. {@code gorca.crash}: used to tell "unknown version" from "unknown type". */
  public String type() {
    return type;
  }

  public static Optional<EnvelopeSchema> byId(String id) {
    for (EnvelopeSchema schema : values()) {
      if (schema.id().equals(id)) {
        return Optional.of(schema);
      }
    }
    return Optional.empty();
  }

  /** The schema of the same type as {@code id} when only its version differs, e.g. CRASH for gorca.crash/v9. */
  public static Optional<EnvelopeSchema> sameTypeAs(String id) {
    int slash = id.lastIndexOf('/');
    String type = slash < 0 ? id : id.substring(0, slash);
    for (EnvelopeSchema schema : values()) {
      if (schema.type.equals(type)) {
        return Optional.of(schema);
      }
    }
    return Optional.empty();
  }

  /** All ids, comma-separated, for error messages. */
  public static String knownIds() {
    return Arrays.stream(values()).map(EnvelopeSchema::id).collect(Collectors.joining(", "));
  }
}
