package dev.gorca.serving.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gorca.ingest.lab.LabCaptures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  private static final Path EXAMPLE = LabCaptures.repoRoot().resolve("docs/gorca.example.yaml");

  @Test
  void theExampleConfigurationReadsIntoThePipelineItDescribes() {
    PipelineConfig config = PipelineConfig.from(Settings.load(EXAMPLE, Map.of(), Map.of()).requireKnownKeys());
    assertEquals("kafka-1:9092,kafka-2:9092", config.bootstrapServers());
    assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"), config.kafkaProperties());
    assertEquals("gorca.dlq", config.topics().deadLetters());
    assertEquals("/var/lib/gorca/models", config.job().registryDir());
    assertEquals("jdbc:postgresql://postgres:5432/gorca", config.job().store().jdbcUrl());
    assertEquals("gorca", config.job().store().user());
    assertEquals(20, config.job().learning().minLabels());
    assertEquals(Duration.ofMinutes(10), config.job().learning().maxWait());
    assertEquals("/var/lib/gorca/models", config.job().learning().registryDir());
    assertEquals(2, config.parallelism());
    assertEquals(Duration.ofSeconds(10), config.checkpointInterval());
    assertEquals("file:///var/lib/gorca/checkpoints", config.checkpointDir());
  }

  @Test
  void environmentVariablesOverrideTheFileAndCommandLineOverridesBoth() {
    Map<String, String> env = Map.of("GORCA_STORE_PASSWORD", "s3cret", "GORCA_LEARNING_MIN_LABELS", "5",
        "GORCA_KAFKA_SASL_JAAS_CONFIG", "jaas", "HOME", "/root", "GORCA_NOT_A_SETTING", "x");
    Settings settings = Settings.load(EXAMPLE, env, Map.of("learning.min-labels", "7"));
    PipelineConfig config = PipelineConfig.from(settings.requireKnownKeys());
    assertEquals("s3cret", config.job().store().password());
    assertEquals(7, config.job().learning().minLabels());
    assertEquals("jaas", config.kafkaProperties().get("sasl.jaas.config"));
  }

  @Test
  void everySettingHasAnEnvironmentVariableThatMapsBack() {
    for (SettingKey key : SettingKey.values()) {
      assertEquals(key.key(), Settings.keyOfEnvironmentVariable(Settings.environmentVariable(key.key())).orElseThrow());
    }
  }

  @Test
  void anUnknownKeyIsRefusedWithTheKnownOnes(@TempDir Path dir) throws Exception {
    Path yaml = Files.writeString(dir.resolve("gorca.yaml"), "store:\n  ulr: jdbc:postgresql://db/gorca\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Settings.load(yaml, Map.of(), Map.of()).requireKnownKeys());
    assertEquals(true, e.getMessage().startsWith("unknown setting \"store.ulr\" in " + yaml + "; known settings: "
        + "kafka.bootstrap.servers, topics.crashes"), e.getMessage());
  }

  @Test
  void durationsAndNumbersSayWhichSettingIsWrong() {
    assertEquals(Duration.ofMillis(500), Settings.parseDuration("x", "500ms"));
    assertEquals(Duration.ofHours(2), Settings.parseDuration("x", "2h"));
    IllegalArgumentException duration = assertThrows(IllegalArgumentException.class,
        () -> Settings.of(Map.of("learning.max-wait", "soon")).duration(SettingKey.LEARNING_MAX_WAIT));
    assertEquals("setting learning.max-wait: expected a duration such as 500ms, 30s, 10m, 2h, found \"soon\"",
        duration.getMessage());
    IllegalArgumentException number = assertThrows(IllegalArgumentException.class,
        () -> Settings.of(Map.of("job.parallelism", "two")).integer(SettingKey.JOB_PARALLELISM));
    assertEquals("setting job.parallelism: expected an integer, found \"two\"", number.getMessage());
  }

  @Test
  void withoutAStoreThereIsNoLearningLoop() {
    PipelineConfig config = PipelineConfig.from(Settings.of(Map.of("models.dir", "/models")));
    assertNull(config.job().store());
    assertNull(config.job().learning());
    assertEquals("localhost:9092", config.bootstrapServers());
  }

  @Test
  void aMissingRequiredSettingNamesItsVariable() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Settings.load(null, Map.of(), Map.of()).required(SettingKey.STORE_URL));
    assertEquals("setting store.url is required (the incident store, jdbc:postgresql://host:port/db); set it in"
        + " environment or as GORCA_STORE_URL", e.getMessage());
  }
}
