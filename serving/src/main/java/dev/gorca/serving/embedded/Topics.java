package dev.gorca.serving.embedded;

import java.util.List;
import java.util.Objects;

/** The names of gorca's Kafka topics; {@link #DEFAULT} is what every command uses unless told otherwise. */
public record Topics(
    String crashes, String metrics, String dumps, String labels, String models, String incidents, String dlq) {
  public static final Topics DEFAULT = new Topics("gorca.crashes", "gorca.metrics", "gorca.dumps", "gorca.labels",
      "gorca.models", "gorca.incidents", "gorca.dlq");

  public Topics {
    List<String> names = java.util.Arrays.asList(crashes, metrics, dumps, labels, models, incidents, dlq);
    for (String name : names) {
      Objects.requireNonNull(name, "topic name == null");
      if (!name.matches("[a-zA-Z0-9._-]{1,249}")) {
        throw new IllegalArgumentException("expected a Kafka topic name ([a-zA-Z0-9._-], at most 249 characters),"
            + " found \"" + name + "\"");
      }
    }
    if (names.stream().distinct().count() != names.size()) {
      throw new IllegalArgumentException("expected seven distinct topic names, found " + names);
    }
  }

  /** All seven, in declaration order. */
  public List<String> all() {
    return List.of(crashes, metrics, dumps, labels, models, incidents, dlq);
  }
}
