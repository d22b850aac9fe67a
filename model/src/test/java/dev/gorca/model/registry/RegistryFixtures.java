package dev.gorca.model.registry;

import dev.gorca.model.gbm.LabMatrix;
import dev.gorca.model.gbm.LabModels;
import dev.gorca.model.gbm.TrainingData;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** A real model (300 trees on the lab matrix) and candidates of it trained at named instants. */
final class RegistryFixtures {
  static final Instant MONDAY_NOON = Instant.parse("2026-11-23T12:00:00Z");
  static final Instant TUESDAY_NOON = Instant.parse("2026-11-24T12:00:00Z");
  static final Instant WEDNESDAY_NOON = Instant.parse("2026-11-25T12:48:00Z");
  static final Instant THURSDAY_NOON = Instant.parse("2026-11-26T12:00:00Z");
  static final byte[] CALIBRATION = "{\"method\":\"temperature\",\"temperature\":1.7}\n".getBytes(StandardCharsets.UTF_8);

  private RegistryFixtures() {}

  static String modelText() {
    return LabModels.threeHundredTrees();
  }

  /** Provenance of the lab model as if trained at {@code trainedAt}. */
  static Provenance provenance(Instant trainedAt, String parentModelId) {
    TrainingData lab = LabMatrix.all();
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("train.multi_logloss", 0.125);
    metrics.put("valid.macro_f1", 0.875);
    return Provenance.builder()
        .trainedAt(trainedAt)
        .modelIdFor(modelText())
        .schema(LabMatrix.SCHEMA)
        .training(lab, LabModels.params().toBuilder().maxRounds(LabModels.ROUNDS).build())
        .parentModelId(parentModelId)
        .metrics(metrics)
        .notes("lab captures go1.19, go1.21, go1.23")
        .build();
  }

  static ModelCandidate candidate(Instant trainedAt) {
    return new ModelCandidate(modelText(), provenance(trainedAt, null), Map.of("calibration.json", CALIBRATION));
  }

  static FeatureContract labContract() {
    return FeatureContract.of(LabMatrix.SCHEMA);
  }

  /** A clock that moves one minute on each reading, so history entries have distinct, known times. */
  static final class TickingClock extends Clock {
    private Instant next;

    TickingClock(Instant start) {
      this.next = start;
    }

    @Override
    public synchronized Instant instant() {
      Instant now = next;
      next = next.plus(Duration.ofMinutes(1));
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
