package dev.gorca.model.corpus;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/** The labelled rows the model is trained and evaluated on, with the schema they follow. */
public record Corpus(String featureSchema, List<String> featureNames, List<CorpusRow> rows) {
  public Corpus {
    featureNames = List.copyOf(featureNames);
    rows = List.copyOf(rows);
    for (CorpusRow row : rows) {
      if (row.features().length != featureNames.size()) {
        throw new IllegalArgumentException("row of " + row.caseId() + " has " + row.features().length
            + " features, the schema " + featureSchema + " has " + featureNames.size());
      }
    }
  }

  public Corpus filter(Predicate<CorpusRow> keep) {
    return new Corpus(featureSchema, featureNames, rows.stream().filter(keep).toList());
  }

  public Corpus plus(Corpus other) {
    if (!featureSchema.equals(other.featureSchema)) {
      throw new IllegalArgumentException("cannot join corpora of schemas " + featureSchema + " and " + other.featureSchema);
    }
    return new Corpus(featureSchema, featureNames, java.util.stream.Stream.concat(rows.stream(), other.rows.stream()).toList());
  }

  /** Rows per root cause, sorted by id. */
  public Map<String, Integer> countsPerClass() {
    Map<String, Integer> counts = new TreeMap<>();
    for (CorpusRow row : rows) counts.merge(row.rootCause(), 1, Integer::sum);
    return counts;
  }

  public Set<String> programs() {
    return new java.util.TreeSet<>(rows.stream().map(CorpusRow::program).toList());
  }

  /** SHA-256 over labels, sources, views and feature bits: the model's provenance names its data by this. */
  public String sha256() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(featureSchema.getBytes(StandardCharsets.UTF_8));
      ByteBuffer buffer = ByteBuffer.allocate(8);
      for (CorpusRow row : rows) {
        digest.update((row.caseId() + "\0" + row.rootCause() + "\0" + row.source() + "\0" + row.view()).getBytes(StandardCharsets.UTF_8));
        for (double value : row.features()) {
          buffer.clear();
          buffer.putLong(Double.doubleToLongBits(value));
          digest.update(buffer.array());
        }
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
