package dev.gorca.model.registry;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A trained model on its way into the registry: LightGBM model text, its provenance, and extra
 * artifacts other stages wrote for it (calibration.json, evaluation.json, novelty.json, ...).
 */
public record ModelCandidate(String modelText, Provenance provenance, Map<String, byte[]> extras) {
  public static final String MODEL_FILE = "model.txt";
  public static final String PROVENANCE_FILE = "provenance.json";
  public static final String CHECKSUMS_FILE = "checksums.json";
  private static final Pattern EXTRA_NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,99}");

  public ModelCandidate {
    Objects.requireNonNull(modelText, "modelText == null");
    Objects.requireNonNull(provenance, "provenance == null");
    Map<String, byte[]> copy = new TreeMap<>();
    for (Map.Entry<String, byte[]> extra : extras.entrySet()) {
      String name = extra.getKey();
      if (!EXTRA_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("extra artifact names are plain lower-case file names like calibration.json, got: \"" + name + "\"");
      }
      if (name.equals(MODEL_FILE) || name.equals(PROVENANCE_FILE) || name.equals(CHECKSUMS_FILE)) {
        throw new IllegalArgumentException(name + " is written by the registry itself; choose another name for the extra artifact");
      }
      copy.put(name, Objects.requireNonNull(extra.getValue(), "no bytes for extra " + name).clone());
    }
    extras = java.util.Collections.unmodifiableMap(copy);
  }

  public ModelCandidate(String modelText, Provenance provenance) {
    this(modelText, provenance, Map.of());
  }
}
