package dev.gorca.ingest.lab;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One case captured by the lab ({@code lab/captures/go<ver>/<cause>/<program>/}): the real output
 * of a Go program that died of a known root cause, with the driver's meta.json.
 */
public record LabCapture(Path directory, String goVersion, JsonNode meta) {

  /** e.g. {@code go1.23/goroutine_leak/request_timeout}: readable in test names. */
  public String name() {
    return directory.getParent().getParent().getFileName() + "/" + rootCause() + "/" + program();
  }

  public String rootCause() {
    return meta.path("root_cause").asText();
  }

  public String program() {
    return meta.path("program").asText();
  }

  public String expectedKind() {
    return meta.path("expected_kind").asText();
  }

  public boolean deterministic() {
    return meta.path("deterministic").asBoolean(false);
  }

  /** The goroutine count the driver took with grep, or -1 when there is no such file. */
  public int crashGoroutines() {
    return meta.path("crash_goroutines").asInt(-1);
  }

  public int dumpGoroutines() {
    JsonNode count = meta.path("dump_goroutines");
    return count.isNumber() ? count.asInt() : -1;
  }

  public Path crash() {
    return directory.resolve("crash.txt");
  }

  public Path dump() {
    return directory.resolve("dump.txt");
  }

  public boolean hasDump() {
    return Files.isRegularFile(dump());
  }

  public Path metricsJsonLines() {
    return directory.resolve("metrics.jsonl");
  }

  public Path metricsScrape() {
    return directory.resolve("metrics.prom");
  }

  public byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return name();
  }
}
